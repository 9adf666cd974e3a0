// stopwords-iso's German list holds "einig" and "einigen" for the determiner "einige(n)" (some), and so dropped the
// words German news announces an agreement with: "ÖVP und Grüne einig über …", "Union und SPD einigen sich auf …". They
// stay content (stopwords.ts, CONTENT_WORDS). Texts written for this test.
import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { feedItem, harness, source } from './dedup-harness.js';

describe('German agreement words are no stopwords', () => {
  it.each(['Union und SPD einigen sich auf Rentenpaket', 'Tarifparteien einig über neuen Vertrag'])(
    'keeps the agreement in "%s"',
    (title) => {
      expect(normaliseText(title, 'de').tokens.some((t) => t.startsWith('einig'))).toBe(true);
    },
  );

  it('keeps function words as before', () => {
    expect(normaliseText('Die Regierung und einige Länder', 'de').tokens).not.toContain('einige');
  });

  it('counts the agreement among the words two reports of it share', async () => {
    const h = await harness([source('a'), source('b')]);
    const [a] = await h.poll(
      'a',
      [
        feedItem({
          key: 'a-1',
          title: 'Union und SPD einig über Rentenpaket',
          summary:
            'In Berlin haben sich Union und SPD nach langen Verhandlungen auf das Rentenpaket geeinigt. Das bestätigten beide Fraktionen am Abend.',
          published: '2026-10-13T20:00:00Z',
        }),
      ],
      '2026-10-13T20:05:00Z',
    );
    const [b] = await h.poll(
      'b',
      [
        feedItem({
          key: 'b-1',
          title: 'Durchbruch beim Rentenpaket: Union und SPD einigen sich',
          summary:
            'Union und SPD haben sich auf ein gemeinsames Rentenpaket geeinigt. Das teilten die Fraktionen nach einem letzten Treffen in Berlin mit.',
          published: '2026-10-13T21:00:00Z',
        }),
      ],
      '2026-10-13T21:05:00Z',
    );
    expect(b!.storyId).toBe(a!.storyId);
    expect(String(b!.components['sharedTerms'])).toMatch(/(^| )einig:/);
  });
});
