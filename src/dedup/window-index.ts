// The in-memory candidate index over the time window: LSH buckets, exact title keys and each
// indexed item's features and story. Lookups cost O(bands × bucket cap), whatever the history.

import type { ItemFeatures } from './item-features.js';
import { addWindowTerms, emptyWindowTerms, rareTermCandidates, removeWindowTerms, type WindowTerms } from './window-terms.js';

export interface IndexedItem {
  features: ItemFeatures;
  storyId: string;
}

export interface WindowIndex {
  items: Map<number, IndexedItem>;
  buckets: Map<number, number[]>;
  exact: Map<string, number[]>;
  /** Item ids in insertion order with their window time, for pruning. */
  queue: { itemId: number; atMs: number }[];
  queueHead: number;
  /** Highest item id indexed (to catch up with rows other connections wrote). */
  maxItemId: number;
  generation: number;
  /** How often each word occurs in the window (rarity evidence) and which items use it (candidates). */
  terms: WindowTerms;
}

/** Only the most recent entries of a bucket are read: a hot bucket ("ukraine krieg") cannot make one lookup slow. */
export const BUCKET_READ_CAP = 48;
/** Candidates verified per item, the ones sharing most bands first. */
export const MAX_VERIFIED = 12;

/** An empty index. */
export function emptyWindowIndex(generation: number): WindowIndex {
  return {
    items: new Map(),
    buckets: new Map(),
    exact: new Map(),
    queue: [],
    queueHead: 0,
    maxItemId: 0,
    generation,
    terms: emptyWindowTerms(),
  };
}

/** Adds (or re-adds after an update) an item to the index under its story. */
export function indexItem(index: WindowIndex, features: ItemFeatures, storyId: string): void {
  const previous = index.items.get(features.itemId);
  const known = previous !== undefined;
  index.items.set(features.itemId, { features, storyId });
  if (previous) removeWindowTerms(index.terms, previous.features);
  addWindowTerms(index.terms, features);
  for (const key of features.bandKeys) {
    const bucket = index.buckets.get(key);
    if (bucket) {
      if (!known || !bucket.includes(features.itemId)) bucket.push(features.itemId);
    } else index.buckets.set(key, [features.itemId]);
  }
  if (features.exactKey) {
    const same = index.exact.get(features.exactKey);
    if (same) {
      if (!same.includes(features.itemId)) same.push(features.itemId);
    } else index.exact.set(features.exactKey, [features.itemId]);
  }
  if (!known) index.queue.push({ itemId: features.itemId, atMs: features.atMs });
  if (features.itemId > index.maxItemId) index.maxItemId = features.itemId;
}

/** Drops items whose window time is before `cutoffMs`; buckets forget them lazily on the next read. */
export function pruneWindowIndex(index: WindowIndex, cutoffMs: number): void {
  // The queue is in insertion order, which follows time closely; stop at the first recent entry
  // and let a few out-of-order old items wait for a later pass (the verifier checks the window).
  while (index.queueHead < index.queue.length && index.queue[index.queueHead]!.atMs < cutoffMs) {
    const { itemId } = index.queue[index.queueHead]!;
    const entry = index.items.get(itemId);
    if (entry) {
      index.items.delete(itemId);
      removeWindowTerms(index.terms, entry.features);
      if (entry.features.exactKey) {
        const same = index.exact.get(entry.features.exactKey)?.filter((id) => id !== itemId);
        if (same?.length) index.exact.set(entry.features.exactKey, same);
        else index.exact.delete(entry.features.exactKey);
      }
      for (const key of entry.features.bandKeys) {
        const bucket = index.buckets.get(key);
        if (bucket && bucket[0] === itemId) {
          bucket.shift();
          if (bucket.length === 0) index.buckets.delete(key);
        }
      }
    }
    index.queueHead++;
  }
  if (index.queueHead > 4096 && index.queueHead * 2 > index.queue.length) {
    index.queue = index.queue.slice(index.queueHead);
    index.queueHead = 0;
  }
}

/** Items sharing at least one LSH band with `features`, most shared bands first, at most MAX_VERIFIED. */
export function lshCandidates(index: WindowIndex, features: ItemFeatures): number[] {
  const hits = new Map<number, number>();
  for (const key of features.bandKeys) {
    let bucket = index.buckets.get(key);
    if (!bucket) continue;
    // Forget pruned ids here instead of at prune time (no reverse map needed).
    if (bucket.length > 0 && !index.items.has(bucket[0]!)) {
      bucket = bucket.filter((id) => index.items.has(id));
      if (bucket.length) index.buckets.set(key, bucket);
      else index.buckets.delete(key);
    }
    const from = Math.max(0, bucket.length - BUCKET_READ_CAP);
    for (let i = bucket.length - 1; i >= from; i--) {
      const id = bucket[i]!;
      if (id === features.itemId || !index.items.has(id)) continue;
      hits.set(id, (hits.get(id) ?? 0) + 1);
    }
  }
  // Re-worded reports of one event share rare names rather than whole title bands.
  rareTermCandidates(index.terms, features, hits);
  if (hits.size <= MAX_VERIFIED) return [...hits.keys()];
  return [...hits.entries()]
    .sort((a, b) => b[1] - a[1] || b[0] - a[0])
    .slice(0, MAX_VERIFIED)
    .map(([id]) => id);
}

/** Items with the same normalised title + lead. */
export function exactTitleMatches(index: WindowIndex, features: ItemFeatures): number[] {
  if (!features.exactKey) return [];
  return (index.exact.get(features.exactKey) ?? []).filter((id) => id !== features.itemId && index.items.has(id));
}
