// When the placer places: once what is pending stops changing for the quiet time, or when the
// first pending item has waited the longest delay (a stream that never pauses). Times are given.
import { describe, expect, it } from 'vitest';
import { PlacementGate } from '../../src/worker/placement-gate.js';

const times = { quietMs: 3_000, maxDelayMs: 30_000 };
/** One look: at `ms`, `items` pending, the newest with id `newestId`; whether the gate opens. */
type Look = [ms: number, items: number, newestId: number, ready: boolean];

describe('PlacementGate', () => {
  it.each<[string, Look[]]>([
    [
      'nothing pending: never',
      [
        [0, 0, 0, false],
        [5_000, 0, 0, false],
        [60_000, 0, 0, false],
      ],
    ],
    [
      'a round arriving: waits while it grows, places after 3 s without change',
      [
        [0, 10, 10, false],
        [1_000, 40, 40, false],
        [2_000, 90, 90, false],
        [3_000, 90, 90, false],
        [4_000, 90, 90, false],
        [5_000, 90, 90, true],
      ],
    ],
    [
      'a changed item (same count, newer id) counts as arriving',
      [
        [0, 5, 5, false],
        [2_000, 5, 9, false],
        [4_000, 5, 9, false],
        [5_000, 5, 9, true],
      ],
    ],
    [
      'a stream that never pauses: places 30 s after the first pending item',
      Array.from({ length: 31 }, (_, s): Look => [s * 1_000, (s + 1) * 10, (s + 1) * 10, s === 30]),
    ],
  ])('%s', (_name, looks) => {
    const gate = new PlacementGate(times);
    expect(looks.map(([ms, items, newestId]) => gate.ready({ items, newestId }, ms))).toEqual(looks.map(([, , , ready]) => ready));
  });

  it('after a placement, what came in during it waits anew (not since the placed items were first seen)', () => {
    const gate = new PlacementGate(times);
    for (let s = 0; s <= 30; s++) gate.ready({ items: s + 1, newestId: s + 1 }, s * 1_000);
    expect(gate.waited(30_000)).toBe(30_000);
    gate.placed();
    expect(gate.ready({ items: 3, newestId: 40 }, 31_000)).toBe(false);
    expect(gate.ready({ items: 3, newestId: 40 }, 33_000)).toBe(false);
    expect(gate.ready({ items: 3, newestId: 40 }, 34_000)).toBe(true);
    expect(gate.waited(34_000)).toBe(3_000);
  });
});
