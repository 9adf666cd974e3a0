// Arrival orders are the data as given (order 0) or seeded shuffles that keep every item exactly once.
import { describe, expect, it } from 'vitest';
import { arrivalOrder, revealTimes } from '../../scripts/eval/arrival-order.js';

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
});

describe('revealTimes', () => {
  it('steps evenly over the span and ends at the newest item', () => {
    expect(revealTimes([10, 70, 40], 3)).toEqual([30, 50, 70]);
    expect(revealTimes([5, 9], 1)).toEqual([9]);
  });
});
