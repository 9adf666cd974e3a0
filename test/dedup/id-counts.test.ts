// IdCounts answers as the Map it replaces in a story core: the same entries in the same order (insertion order, a
// deleted id set again goes last), below and above the size where it starts indexing its ids.
import { expect, it } from 'vitest';
import { IdCounts } from '../../src/dedup/id-counts.js';
import { seededRandom } from '../../scripts/eval/seeded-random.js';

it.each([20, 200])('keeps the entries and their order as a Map does (%i ids)', (range) => {
  const random = seededRandom(`id-counts-${range}`);
  const table = new IdCounts();
  const map = new Map<number, number>();
  for (let step = 0; step < 5_000; step++) {
    const id = Math.floor(random() * range);
    if (random() < 0.35) expect(table.delete(id)).toBe(map.delete(id));
    else {
      const count = (map.get(id) ?? 0) + 1;
      table.set(id, count);
      map.set(id, count);
    }
    expect(table.size).toBe(map.size);
    expect(table.get(id)).toBe(map.get(id));
    expect(table.has(id)).toBe(map.has(id));
  }
  expect([...table]).toEqual([...map]);
  expect([...table.keys()]).toEqual([...map.keys()]);
  expect([...table.values()]).toEqual([...map.values()]);
});
