// The in-memory window index stays bounded by the window: pruned or re-keyed items leave no ids behind.
import { describe, expect, it } from 'vitest';
import type { ItemFeatures } from '../../src/dedup/item-features.js';
import {
  emptyWindowIndex,
  exactTitleMatches,
  indexItem,
  lshCandidates,
  pruneWindowIndex,
  type WindowIndex,
} from '../../src/dedup/window-index.js';

const HOUR = 3_600_000;

function features(itemId: number, atMs: number, bandKeys: number[], exactKey: string | null = null): ItemFeatures {
  return {
    itemId,
    sourceId: 'feed',
    itemKey: `k${itemId}`,
    atMs,
    language: 'de',
    titleTokens: ['titel', String(itemId)],
    leadTokens: [],
    titleNumbers: [],
    exactKey,
    linkKey: null,
    bandKeys,
    contentLength: 0,
    correction: false,
    weekdays: 0,
  };
}

/** Every id any bucket or exact-title list still holds. */
function heldIds(index: WindowIndex): Set<number> {
  const ids = new Set<number>();
  for (const bucket of index.buckets.values()) for (const id of [bucket].flat()) ids.add(id);
  for (const list of index.exact.values()) for (const id of list) ids.add(id);
  return ids;
}

describe('window index', () => {
  it('holds no id of a pruned item, even one updated behind a newer item or under new keys', async () => {
    const index = emptyWindowIndex();
    indexItem(index, features(1, 0, [10, 11], 'aaaa'), 's1');
    indexItem(index, features(2, HOUR, [12], 'bbbb'), 's2');
    // Item 1 is updated: other words (keys 11 → 12, 13) and another exact key; it now sits behind item 2 in bucket 12.
    indexItem(index, features(1, 0, [10, 12, 13], 'cccc'), 's1');
    indexItem(index, features(3, 10 * HOUR, [10, 12], 'bbbb'), 's3');

    pruneWindowIndex(index, HOUR / 2); // item 1 leaves the window
    expect(index.items.has(1)).toBe(false);
    expect(heldIds(index).has(1)).toBe(false);
    expect([...heldIds(index)].sort()).toEqual([2, 3]);

    pruneWindowIndex(index, 20 * HOUR); // everything leaves
    expect(index.items.size).toBe(0);
    expect(index.buckets.size).toBe(0);
    expect(index.exact.size).toBe(0);
  });

  it('stays bounded by the window over a long stream', async () => {
    const index = emptyWindowIndex();
    const windowMs = 10 * HOUR;
    for (let id = 1; id <= 5_000; id++) {
      const atMs = id * 60_000;
      // Shared and private keys; every 7th item is updated later with other keys.
      indexItem(index, features(id, atMs, [id % 50, 1_000 + id, 100_000 + (id % 13)]), `s${id}`);
      if (id > 3 && id % 7 === 0) indexItem(index, features(id - 3, atMs - 3 * 60_000, [id % 50, 2_000 + id]), `s${id - 3}`);
      pruneWindowIndex(index, atMs - windowMs);
    }
    const held = heldIds(index);
    for (const id of held) expect(index.items.has(id)).toBe(true);
    // 600 items in the window, each under at most 3 keys.
    expect(index.items.size).toBeLessThanOrEqual(601);
    let ids = 0;
    for (const bucket of index.buckets.values()) ids += [bucket].flat().length;
    expect(ids).toBeLessThanOrEqual(3 * index.items.size);
  });

  it('finds candidates in single-item and shared buckets alike', async () => {
    const index = emptyWindowIndex();
    indexItem(index, features(1, 0, [10, 11], 'aaaa'), 's1');
    indexItem(index, features(2, 0, [11, 12], 'aaaa'), 's2');
    const probe = features(3, 0, [10, 11, 12], 'aaaa');
    expect(lshCandidates(index, probe)).toEqual([1, 2]);
    expect(exactTitleMatches(index, probe)).toEqual([1, 2]);
    // An item is never its own candidate.
    expect(lshCandidates(index, features(1, 0, [10]))).toEqual([]);
  });
});
