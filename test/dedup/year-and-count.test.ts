// A year says when, not how many (score-story.ts `numbersConflict`): a side naming only years is compared by its years, so
// "Etat 2027" and "524 Mrd. Euro" do not disagree, while two years do ("Money Makers 2013" / "… 2014") and counts still do.
// Through the real ingest + placement path, and the conflict test itself. Texts written for this test.
import { describe, expect, it } from 'vitest';
import { numbersConflict } from '../../src/dedup/score-story.js';
import type { FeedItem } from '../../src/model.js';
import { feedItem, harness, source } from './dedup-harness.js';

/** `first` from feed a, then `second` from feed b 40 minutes later, in `language`; the two decisions. */
async function placeAgainst(first: Partial<FeedItem> & { title: string }, second: Partial<FeedItem> & { title: string }, language: string) {
  const h = await harness([source('a', { language }), source('b', { language })]);
  const [a] = await h.poll('a', [feedItem({ key: 'a-1', published: '2026-10-13T15:00:00Z', ...first })], '2026-10-13T15:05:00Z');
  const [b] = await h.poll('b', [feedItem({ key: 'b-1', published: '2026-10-13T15:40:00Z', ...second })], '2026-10-13T15:45:00Z');
  return { a: a!, b: b! };
}

describe('a year and a count', () => {
  it('do not conflict; two years and two counts still do', () => {
    expect(numbersConflict(['2014'], new Set(['6', '5']))).toBe(false);
    expect(numbersConflict(['524000000000'], new Set(['2027']))).toBe(false);
    expect(numbersConflict(['2013'], new Set(['2014']))).toBe(true);
    expect(numbersConflict(['2013'], new Set(['2014', '5']))).toBe(true);
    expect(numbersConflict(['5'], new Set(['7']))).toBe(true);
  });

  it.each([
    [
      'en',
      'Westcliff council approves 2027 budget after all-night session',
      'Westcliff council budget of 524 million approved after all-night session',
    ],
    [
      'de',
      'Haushaltsausschuss billigt Etat 2027 nach Nachtsitzung in Westcliff',
      'Westcliff: Etat von 524 Millionen nach Nachtsitzung im Haushaltsausschuss gebilligt',
    ],
  ])('joins a headline naming the year to one naming the sum (%s)', async (language, first, second) => {
    const { a, b } = await placeAgainst({ title: first }, { title: second }, language);
    expect(b.components['numberConflict']).toBe(false);
    expect(b.storyId).toBe(a.storyId);
  });
});
