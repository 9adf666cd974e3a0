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
  /**
   * LSH band key → ids, oldest first. Most buckets hold one item: that one is the bare id, since
   * an array per bucket (~1.2M at a 100k-item window) was the index's largest cost in memory.
   */
  buckets: Map<number, number | number[]>;
  exact: Map<string, number[]>;
  /** Item ids in insertion order with their window time, for pruning. */
  queue: { itemId: number; atMs: number }[];
  queueHead: number;
  /** How often each word occurs in the window (rarity evidence) and which items use it (candidates). */
  terms: WindowTerms;
}

/** Only the most recent entries of a bucket are read: a hot bucket ("ukraine krieg") cannot make one lookup slow. */
export const BUCKET_READ_CAP = 48;
/** Candidates verified per item, the ones sharing most bands first. */
export const MAX_VERIFIED = 12;

/** Oldest window time still worth indexing at `nowMs` (an hour of slack for clock skew between feeds). */
export function windowCutoff(nowMs: number, windowHours: number): number {
  return nowMs - windowHours * 3_600_000 - 3_600_000;
}

/** An empty index. */
export function emptyWindowIndex(): WindowIndex {
  return {
    items: new Map(),
    buckets: new Map(),
    exact: new Map(),
    queue: [],
    queueHead: 0,
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
  // An update may change the keys; pruning only sees the current ones, so forget the old ones now.
  if (previous) {
    for (const key of previous.features.bandKeys) if (!features.bandKeys.includes(key)) removeFromBucket(index, key, features.itemId);
    if (previous.features.exactKey && previous.features.exactKey !== features.exactKey)
      removeExact(index, previous.features.exactKey, features.itemId);
  }
  for (const key of features.bandKeys) {
    const bucket = index.buckets.get(key);
    if (bucket === undefined) index.buckets.set(key, features.itemId);
    else if (typeof bucket === 'number') {
      if (bucket !== features.itemId) index.buckets.set(key, [bucket, features.itemId]);
    } else if (!known || !bucket.includes(features.itemId)) bucket.push(features.itemId);
  }
  if (features.exactKey) {
    const same = index.exact.get(features.exactKey);
    if (same) {
      if (!same.includes(features.itemId)) same.push(features.itemId);
    } else index.exact.set(features.exactKey, [features.itemId]);
  }
  if (!known) index.queue.push({ itemId: features.itemId, atMs: features.atMs });
}

function removeFromBucket(index: WindowIndex, key: number, itemId: number): void {
  const bucket = index.buckets.get(key);
  if (bucket === undefined) return;
  if (typeof bucket === 'number') {
    if (bucket === itemId) index.buckets.delete(key);
    return;
  }
  // Pruning goes oldest first, so the id is nearly always the head; an updated item may sit further back.
  const at = bucket[0] === itemId ? 0 : bucket.indexOf(itemId);
  if (at < 0) return;
  if (at === 0) bucket.shift();
  else bucket.splice(at, 1);
  if (bucket.length === 1) index.buckets.set(key, bucket[0]!);
  else if (bucket.length === 0) index.buckets.delete(key);
}

function removeExact(index: WindowIndex, exactKey: string, itemId: number): void {
  const same = index.exact.get(exactKey)?.filter((id) => id !== itemId);
  if (same?.length) index.exact.set(exactKey, same);
  else index.exact.delete(exactKey);
}

/** Drops items whose window time is before `cutoffMs`, from every bucket that holds them; `onRemove` hears of each. */
export function pruneWindowIndex(index: WindowIndex, cutoffMs: number, onRemove?: (entry: IndexedItem) => void): void {
  // The queue is in insertion order, which follows time closely; stop at the first recent entry
  // and let a few out-of-order old items wait for a later pass (the verifier checks the window).
  while (index.queueHead < index.queue.length && index.queue[index.queueHead]!.atMs < cutoffMs) {
    const { itemId } = index.queue[index.queueHead]!;
    const entry = index.items.get(itemId);
    if (entry) {
      index.items.delete(itemId);
      removeWindowTerms(index.terms, entry.features);
      if (entry.features.exactKey) removeExact(index, entry.features.exactKey, itemId);
      for (const key of entry.features.bandKeys) removeFromBucket(index, key, itemId);
      onRemove?.(entry);
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
    const bucket = index.buckets.get(key);
    if (bucket === undefined) continue;
    if (typeof bucket === 'number') {
      if (bucket !== features.itemId && index.items.has(bucket)) hits.set(bucket, (hits.get(bucket) ?? 0) + 1);
      continue;
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
