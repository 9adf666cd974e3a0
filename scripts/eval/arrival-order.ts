// Arrival orders: the same items reach the poller in another order when the sources are listed in
// another order in config.json, each feed lists its items in another order, and the outlets publish
// their copies a few seconds earlier or later than one another. Order 0 is the data as given; order 1
// a seeded shuffle of the sources and of each feed's items, at the data's own times; orders 2, 3, …
// seeded shuffles whose sources are each also published a random few seconds later (`sourceDelaysMs`).
import { seededRandom, shuffled } from './seeded-random.js';

export interface ArrivalOrder {
  /** Source ids in config.json order. */
  sources: string[];
  /** Per source, the indices of its items in feed order. */
  itemsBySource: Map<string, number[]>;
  /** Per source, how much later than in the data its items are published in this order (whole seconds, in ms). */
  delayMsBySource: Map<string, number>;
}

/**
 * The most a retimed order delays a source: a few seconds, the gap between two outlets' copies of one story
 * published "at once", which come in either order in a deployment. The placement reads times to 10-minute steps
 * (story-engine.ts `orderTimeMs`), so such a delay reorders only the items it carries across a step's end; before the
 * step it changed which item founded a story and moved a quarter of UCI-cal's merged pairs.
 */
export const largestSourceDelaySeconds = 5;

/** Whether order `index` moves the sources' times (orders 2, 3, …) or keeps the data's own (orders 0 and 1). */
export const isRetimed = (index: number): boolean => index >= 2;

/** How EVAL.md names order `index` (numbered from 1 there). */
export function orderName(index: number): string {
  if (index === 0) return '1 (as given)';
  return `${index + 1} (shuffled${isRetimed(index) ? `, sources 0–${largestSourceDelaySeconds} s later` : ''})`;
}

/**
 * Per source, the delay of order `index`: 0 in orders that keep the data's times; otherwise a seeded whole number of
 * seconds from 0 to `largestSourceDelaySeconds`, the same for all of a source's items (an outlet's own items keep their
 * order and spacing). Whole seconds because RSS 2.0 dates (RFC 822) carry nothing finer: a fractional delay could not be
 * served as drawn, and whole seconds already move two outlets' near-simultaneous copies past each other either way.
 * The draw does not depend on the source order, so it is the same whichever way a caller lists the sources.
 */
export function sourceDelaysMs(sources: readonly string[], index: number, seed: string): Map<string, number> {
  const sorted = [...new Set(sources)].sort();
  if (!isRetimed(index)) return new Map(sorted.map((s) => [s, 0]));
  const random = seededRandom(`${seed}/order-${index}/delays`);
  return new Map(sorted.map((s) => [s, Math.floor(random() * (largestSourceDelaySeconds + 1)) * 1000]));
}

/** Order `index` of `items` (0 = as given: sources in order of first appearance, items in data order). */
export function arrivalOrder(items: readonly { source: string }[], index: number, seed: string): ArrivalOrder {
  const itemsBySource = new Map<string, number[]>();
  items.forEach((item, i) => itemsBySource.set(item.source, [...(itemsBySource.get(item.source) ?? []), i]));
  const delayMsBySource = sourceDelaysMs([...itemsBySource.keys()], index, seed);
  if (index === 0) return { sources: [...itemsBySource.keys()], itemsBySource, delayMsBySource };
  const random = seededRandom(`${seed}/order-${index}`);
  const sources = shuffled([...itemsBySource.keys()], random);
  return { sources, itemsBySource: new Map(sources.map((s) => [s, shuffled(itemsBySource.get(s)!, random)])), delayMsBySource };
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
