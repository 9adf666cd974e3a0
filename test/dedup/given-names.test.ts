// A person named in full on one side and by the surname alone on the other (given-names.ts): the given name is how one
// outlet writes the name, not something the other report lacks; another given name before the same surname is another
// person. Through the real ingest + placement path. Texts written for this test.
import { describe, expect, it } from 'vitest';
import { givenNamesIn } from '../../src/dedup/given-names.js';
import type { FeedItem } from '../../src/model.js';
import { feedItem, harness, source } from './dedup-harness.js';

/** `first` from feed a, then `second` from feed b 40 minutes later, in English; the two decisions. */
async function placeAgainst(first: Partial<FeedItem> & { title: string }, second: Partial<FeedItem> & { title: string }) {
  const h = await harness([source('a', { language: 'en' }), source('b', { language: 'en' })]);
  const [a] = await h.poll('a', [feedItem({ key: 'a-1', published: '2026-10-13T15:00:00Z', ...first })], '2026-10-13T15:05:00Z');
  const [b] = await h.poll('b', [feedItem({ key: 'b-1', published: '2026-10-13T15:40:00Z', ...second })], '2026-10-13T15:45:00Z');
  return { a: a!, b: b! };
}

describe('given names', () => {
  it('finds a known given name right before a capitalised word, in English only', () => {
    expect(givenNamesIn('Mark Carney says rates will stay low', 'en')).toEqual([{ given: 'mark', surname: 'carnei' }]);
    expect(givenNamesIn("Why Lena Dunham's SNL monologue worked", 'en')).toEqual([{ given: 'lena', surname: 'dunham' }]);
    expect(givenNamesIn('Carney says rates will stay low', 'en')).toEqual([]);
    expect(givenNamesIn('Westcliff Studios says rates will stay low', 'en')).toEqual([]);
    expect(givenNamesIn('Mark Carney sagt, die Zinsen bleiben niedrig', 'de')).toEqual([]);
  });

  it('reads no country, region or title as a given name, and no title word before the lead', () => {
    expect(givenNamesIn('Jordan Closes Border With Syria', 'en')).toEqual([]);
    expect(givenNamesIn('Virginia Votes On Budget', 'en')).toEqual([]);
    expect(givenNamesIn('King Charles opens parliament', 'en')).toEqual([]);
    expect(givenNamesIn('General Motors recalls 1.6 million cars', 'en')).toEqual([]);
    expect(givenNamesIn('Court rules for Grant\nMonday was the last day', 'en')).toEqual([]);
    expect(givenNamesIn('Court rules for Grant\u00a0Shapps', 'en')).toEqual([{ given: 'grant', surname: 'shapp' }]);
  });

  it.each([
    ['the story', 'Mark Carney grilled by MPs over forex scandal', 'Carney quizzed over forex'],
    ['the item', 'EBay, Icahn talk smack', 'Carl Icahn rift hurts eBay shares'],
  ])('joins a surname alone to the full name when %s writes the given name', async (_side, first, second) => {
    const { a, b } = await placeAgainst({ title: first }, { title: second });
    expect(b.storyId).toBe(a.storyId);
  });

  it('keeps "Mark Carney" and "Tom Carney" apart: another given name is another person', async () => {
    const { a, b } = await placeAgainst(
      { title: 'Mark Carney grilled by MPs over forex scandal' },
      { title: 'Tom Carney quizzed over forex' },
    );
    expect(b.storyId).not.toBe(a.storyId);
  });
});
