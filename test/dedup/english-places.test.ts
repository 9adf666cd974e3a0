// English names a country by an adjective that does not share the noun's first letters ("French" / "France", "Swiss" /
// "Switzerland", "Dutch" / "Netherlands"), where German does ("französisch" / "Frankreich"): a text naming the country
// either way mentions it (place-names.ts, speaksOf), so two reports of one vote in Paris are no "places named apart".
// Through the real ingest + placement path, English sources. Texts written for this test.
import { describe, expect, it } from 'vitest';
import { speaksOf } from '../../src/dedup/place-names.js';
import { stemWord } from '../../src/dedup/stem-word.js';
import { feedItem, harness, source } from './dedup-harness.js';

const lead =
  'The minority government of Prime Minister Sebastien Lecornu survived the motion in the National Assembly on Tuesday after the Socialists abstained, allowing him to press ahead with the 2027 budget.';

describe('a country named by its adjective and by its name', () => {
  it('joins "French government …" and "France\'s government …" over one lead', async () => {
    const h = await harness([source('a', { language: 'en' }), source('b', { language: 'en' })]);
    const [a] = await h.poll(
      'a',
      [feedItem({ key: 'a-1', title: 'French government survives confidence vote', summary: lead, published: '2026-10-13T15:00:00Z' })],
      '2026-10-13T15:05:00Z',
    );
    const [b] = await h.poll(
      'b',
      [
        feedItem({
          key: 'b-1',
          title: "France's government survives confidence vote over budget",
          summary: lead,
          published: '2026-10-13T15:40:00Z',
        }),
      ],
      '2026-10-13T15:45:00Z',
    );
    expect(b!.components['placeConflict']).toBe(false);
    expect(b!.rule).toBe('near-duplicate');
    expect(b!.storyId).toBe(a!.storyId);
  });

  it.each([
    ['french', 'france'],
    ['swiss', 'switzerland'],
    ['dutch', 'netherlands'],
  ])('"%s" and "%s" speak of each other, and neither of another country', (adjective, name) => {
    const [adj, noun] = [stemWord(adjective, 'en'), stemWord(name, 'en')];
    expect(speaksOf([noun], 'en', adj, 'en')).toBe(true);
    expect(speaksOf([adj], 'en', noun, 'en')).toBe(true);
    expect(speaksOf([stemWord('germany', 'en')], 'en', adj, 'en')).toBe(false);
  });
});
