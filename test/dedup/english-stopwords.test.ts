// stopwords-iso's English list is a web-search stoplist: beside function words it drops "fire", "bill", "test", "home",
// "million" and "Wells". Those are what a news story is about, so they stay evidence (stopwords.ts, CONTENT_WORDS). Through
// the real ingest + placement path, English sources. Texts written for this test.
import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { feedItem, harness, source } from './dedup-harness.js';

describe('English news nouns are no stopwords', () => {
  it('counts "fire" among the words two reports of one fire share', async () => {
    const h = await harness([source('a', { language: 'en' }), source('b', { language: 'en' })]);
    const [a] = await h.poll(
      'a',
      [
        feedItem({
          key: 'a-1',
          title: 'Bouquet Fire forces evacuations near Santa Clarita',
          summary: 'The brush fire has burned 3,000 acres and threatens homes; damage is put at one million dollars so far.',
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
          title: 'Bouquet Fire grows as Santa Clarita homes are evacuated',
          summary: 'Crews are fighting the fire in strong winds; officials say homes are at risk and the damage tops a million dollars.',
          published: '2026-10-13T21:00:00Z',
        }),
      ],
      '2026-10-13T21:05:00Z',
    );
    expect(b!.storyId).toBe(a!.storyId);
    const shared = String(b!.components['sharedTerms']);
    expect(shared).toMatch(/(^| )fire:/);
  });

  it('keeps function words, reporting verbs and negations apart as before', () => {
    expect(normaliseText('However, the Senate said the bill is not dead', 'en').tokens).toEqual(['senate', 'bill', 'not', 'dead']);
  });
});
