// Arrival orders are the data as given (order 0) or seeded shuffles that keep every item exactly once; from order 2 on,
// each source is also delayed by a seeded whole number of seconds.
import { describe, expect, it } from 'vitest';
import { arrivalOrder, isRetimed, largestSourceDelaySeconds, revealTimes, sourceDelaysMs } from '../../scripts/eval/arrival-order.js';

const items = ['a', 'b', 'a', 'c', 'b', 'a', 'd', 'c'].map((source) => ({ source }));

describe('arrivalOrder', () => {
  it('order 0 keeps the sources in order of appearance and the items in data order', () => {
    const order = arrivalOrder(items, 0, 'set');
    expect(order.sources).toEqual(['a', 'b', 'c', 'd']);
    expect(order.itemsBySource.get('a')).toEqual([0, 2, 5]);
  });

  it('a shuffled order keeps every item once, in its own source, and is the same for the same seed', () => {
    const one = arrivalOrder(items, 1, 'set');
    expect([...one.sources].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...one.itemsBySource.values()].flat().sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const [source, indices] of one.itemsBySource) for (const i of indices) expect(items[i]!.source).toBe(source);
    expect(arrivalOrder(items, 1, 'set')).toEqual(one);
    expect(arrivalOrder(items, 2, 'set')).not.toEqual(one);
  });

  it("orders 0 and 1 keep the data's times; from order 2 on the sources are retimed", () => {
    expect([0, 1, 2, 3].map(isRetimed)).toEqual([false, false, true, true]);
    for (const index of [0, 1]) expect([...arrivalOrder(items, index, 'set').delayMsBySource.values()]).toEqual([0, 0, 0, 0]);
    const retimed = arrivalOrder(items, 2, 'set');
    expect(retimed.delayMsBySource).toEqual(sourceDelaysMs(['a', 'b', 'c', 'd'], 2, 'set'));
  });
});

describe('sourceDelaysMs', () => {
  const sources = Array.from({ length: 40 }, (_, i) => `source-${i}`);

  it('gives every source a whole number of seconds from 0 to the largest delay, and several different ones', () => {
    const delays = sourceDelaysMs(sources, 2, 'set');
    expect(delays.size).toBe(sources.length);
    for (const ms of delays.values()) {
      expect(ms % 1000).toBe(0);
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(largestSourceDelaySeconds * 1000);
    }
    expect(new Set(delays.values()).size).toBeGreaterThan(2);
  });

  it('depends on the seed and the order, not on how the sources are listed', () => {
    const delays = sourceDelaysMs(sources, 2, 'set');
    expect(sourceDelaysMs([...sources].reverse(), 2, 'set')).toEqual(delays);
    expect(sourceDelaysMs(sources, 3, 'set')).not.toEqual(delays);
    expect(sourceDelaysMs(sources, 2, 'other set')).not.toEqual(delays);
  });
});

describe('revealTimes', () => {
  it('steps evenly over the span and ends at the newest item', () => {
    expect(revealTimes([10, 70, 40], 3)).toEqual([30, 50, 70]);
    expect(revealTimes([5, 9], 1)).toEqual([9]);
  });
});
