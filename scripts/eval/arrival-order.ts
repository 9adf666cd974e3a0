// Arrival orders: the same items reach the poller in another order when the sources are listed in
// another order in config.json and each feed lists its items in another order. Order 0 is the
// data as given; orders 1, 2, … are seeded shuffles of both.
import { seededRandom, shuffled } from './seeded-random.js';

export interface ArrivalOrder {
  /** Source ids in config.json order. */
  sources: string[];
  /** Per source, the indices of its items in feed order. */
  itemsBySource: Map<string, number[]>;
}

/** Order `index` of `items` (0 = as given: sources in order of first appearance, items in data order). */
export function arrivalOrder(items: readonly { source: string }[], index: number, seed: string): ArrivalOrder {
  const itemsBySource = new Map<string, number[]>();
  items.forEach((item, i) => itemsBySource.set(item.source, [...(itemsBySource.get(item.source) ?? []), i]));
  if (index === 0) return { sources: [...itemsBySource.keys()], itemsBySource };
  const random = seededRandom(`${seed}/order-${index}`);
  const sources = shuffled([...itemsBySource.keys()], random);
  return { sources, itemsBySource: new Map(sources.map((s) => [s, shuffled(itemsBySource.get(s)!, random)])) };
}

/**
 * The times at which an incremental run polls: `polls` equal steps over the items' time span,
 * the last at the newest item. Poll k serves the items published up to its time.
 */
export function revealTimes(publishedMs: readonly number[], polls: number): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (const t of publishedMs) {
    min = Math.min(min, t);
    max = Math.max(max, t);
  }
  return Array.from({ length: polls }, (_, k) => (k === polls - 1 ? max : min + ((max - min) * (k + 1)) / polls));
}
