// Two headlines alone that each add a detail of their own (a name or rare word the other holds in no form) must share more
// to merge (headline-details.ts): the same frame with another person or brand is another event. A headline that only adds
// to the other still joins, and so does the swapped pair when both carry one lead. Through the real ingest + placement
// path, in an empty window (as STSb's pairs are placed).
import { describe, expect, it } from 'vitest';
import { HEADLINE_DETAILS, ownDetails } from '../../src/dedup/headline-details.js';
import { emptyTermCounts, termWeights } from '../../src/dedup/term-weights.js';
import type { FeedItem } from '../../src/model.js';
import {
  bridgeClosed,
  bridgeClosedCause,
  dischargedCouncillor,
  dischargedCouncillorWithLead,
  dischargedMayor,
  dischargedMayorWithLead,
  recallSparkling,
  recallWater,
} from '../fixtures/dedup/headlines-each-with-a-detail.js';
import { harness, source } from './dedup-harness.js';

async function placePair(first: FeedItem, second: FeedItem) {
  const h = await harness([source('a'), source('b')]);
  const [a] = await h.poll('a', [first], '2026-03-02T08:05:00Z');
  const [b] = await h.poll('b', [second], '2026-03-02T08:15:00Z');
  return { a: a!, b: b! };
}

describe('headlines that each add a detail', () => {
  it.each([
    ['another person', dischargedMayor, dischargedCouncillor, 'landrat/kowalczyk'],
    ['another brand', recallSparkling, recallWater, 'gerolstein/rotkappch'],
  ])('keep one frame with %s apart', async (_, first, second, details) => {
    const { a, b } = await placePair(first, second);
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.ownDetails']).toBe(details);
    // Without the penalty the shared frame would have merged them.
    expect(Number(b.components['nearestScore']) + HEADLINE_DETAILS.penalty).toBeGreaterThanOrEqual(0.5);
  });

  it('join a headline that only adds to the other', async () => {
    const { a, b } = await placePair(bridgeClosed, bridgeClosedCause);
    expect(b.storyId).toBe(a.storyId);
    expect(b.components['ownDetails']).toBeUndefined();
  });

  it('leave pairs with leads to the leads', async () => {
    const { a, b } = await placePair(dischargedMayorWithLead, dischargedCouncillorWithLead);
    expect(b.storyId).toBe(a.storyId);
    expect(b.components['ownDetails']).toBeUndefined();
  });

  it('count no word the other side holds as a compound, a part or a word of its family', () => {
    const weights = termWeights(emptyTermCounts(), 'de');
    const side = (terms: string[], parts: string[] = []) => ({ terms, parts: new Set(parts) });
    // "Schießerei in einer Schule" / "Schulschießerei": each word is in the other's compound.
    expect(
      ownDetails(
        side(['schiesserei', 'schul', 'bautz']),
        side(['schulschiesserei', 'bautz', 'schul', 'schiesserei'], ['schul', 'schiesserei']),
        weights,
        'de',
      ),
    ).toBeNull();
    // "verurteilt" / "Verurteilung": one family.
    expect(
      ownDetails(side(['gericht', 'verurteilt', 'kowalczyk']), side(['verurteil', 'kowalczyk', 'landgericht']), weights, 'de'),
    ).toBeNull();
    // Names the other lacks, on both sides.
    expect(ownDetails(side(['kowalczyk', 'entlass']), side(['brunninghaus', 'entlass']), weights, 'de')).toEqual({
      item: 'kowalczyk',
      story: 'brunninghaus',
    });
    // A language without a stemmer: word families cannot be told, so no details.
    expect(ownDetails(side(['kowalczyk', 'entlass']), side(['brunninghaus', 'entlass']), weights, 'ja')).toBeNull();
  });
});
