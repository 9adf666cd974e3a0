// The window index's exact keys (same normalised title + lead, the same-title rule) keep one item as its id and several
// as a list: the matches must be the ones of a list per key, in the order the items were (last) indexed, as items are
// indexed, updated, pruned and their indexing taken back (the window's queue of items to prune goes along).
import { describe, expect, it } from 'vitest';
import type { ItemFeatures } from '../../src/dedup/item-features.js';
import {
  emptyWindowIndex,
  exactTitleMatches,
  indexItem,
  pruneWindowIndex,
  undoChanges,
  type IndexChange,
} from '../../src/dedup/window-index.js';
import { seededRandom } from '../../scripts/eval/seeded-random.js';
import { termsOnlyFeatures } from '../support/terms-only-features.js';

function item(itemId: number, exactKey: string | null, atMs = itemId): ItemFeatures {
  return { ...termsOnlyFeatures(itemId, ['wort', `w${itemId % 7}`], { atMs }), exactKey };
}

const KEYS = [...'abcdefghijkl'];

describe('exact keys of the window index', () => {
  it('match the other items of a key, in the order they came', () => {
    const index = emptyWindowIndex();
    indexItem(index, item(1, 'k'), 'A');
    expect(exactTitleMatches(index, item(1, 'k'))).toEqual([]);
    expect(exactTitleMatches(index, item(9, 'k'))).toEqual([1]);
    indexItem(index, item(2, 'k'), 'B');
    indexItem(index, item(3, 'k'), 'C');
    expect(exactTitleMatches(index, item(9, 'k'))).toEqual([1, 2, 3]);
    indexItem(index, item(2, 'k'), 'B'); // an update: still once, now last
    expect(exactTitleMatches(index, item(9, 'k'))).toEqual([1, 3, 2]);
    expect(exactTitleMatches(index, item(2, 'k'))).toEqual([1, 3]);
    pruneWindowIndex(index, 2);
    expect(exactTitleMatches(index, item(9, 'k'))).toEqual([3, 2]);
    indexItem(index, item(3, 'other'), 'C');
    expect(exactTitleMatches(index, item(9, 'k'))).toEqual([2]);
    pruneWindowIndex(index, 3);
    expect(exactTitleMatches(index, item(9, 'k'))).toEqual([]);
    expect(index.exact.has('k')).toBe(false);
  });

  it('agree with a list per key after a random history, and after taking its latest steps back', () => {
    const random = seededRandom('exact-keys');
    const index = emptyWindowIndex();
    const lists = new Map<string, number[]>();
    const keyOf = new Map<number, string>();
    const journal: { changes: IndexChange[]; lists: Map<string, number[]>; keyOf: Map<number, string> }[] = [];
    let next = 1;
    let pruned = 0;
    let single = 0;
    let several = 0;
    const check = (inAnyOrder = false): void => {
      for (const key of KEYS) {
        const expected = (lists.get(key) ?? []).filter((id) => index.items.has(id));
        const found = exactTitleMatches(index, item(1_000_000, key));
        if (!inAnyOrder) expect(found).toEqual(expected);
        else {
          // A taken-back update indexes the item's earlier version again, last (as the index always did).
          expect([...found].sort()).toEqual([...expected].sort());
          lists.set(key, found);
        }
      }
    };
    for (let step = 0; step < 2_000; step++) {
      const key = KEYS[Math.floor(random() * KEYS.length)]!;
      const live = [...index.items.keys()];
      const id = live.length > 3 && random() < 0.2 ? live[Math.floor(random() * live.length)]! : next++;
      const changes: IndexChange[] = [];
      journal.push({ changes, lists: new Map([...lists].map(([k, v]) => [k, [...v]])), keyOf: new Map(keyOf) });
      index.journal = changes;
      const before = keyOf.get(id);
      if (before !== undefined)
        lists.set(
          before,
          lists.get(before)!.filter((x) => x !== id),
        );
      indexItem(index, item(id, key, id), `S${id}`);
      index.journal = null;
      keyOf.set(id, key);
      if (!lists.get(key)?.includes(id)) lists.set(key, [...(lists.get(key) ?? []), id]);
      if (random() < 0.05) {
        pruned = next - 60;
        pruneWindowIndex(index, pruned);
        journal.length = 0; // (taking back reaches only as far as the last pruning here)
        for (const [k, list] of lists)
          lists.set(
            k,
            list.filter((x) => index.items.has(x)),
          );
      }
      check();
      for (const v of index.exact.values()) typeof v === 'number' ? single++ : several++;
      // Now and then the latest steps are taken back, newest first.
      if (journal.length > 5 && random() < 0.05) {
        const back = journal.splice(journal.length - 1 - Math.floor(random() * 5));
        for (let k = back.length - 1; k >= 0; k--) undoChanges(index, back[k]!.changes);
        lists.clear();
        for (const [k, v] of back[0]!.lists) lists.set(k, v);
        keyOf.clear();
        for (const [k, v] of back[0]!.keyOf) keyOf.set(k, v);
        check(true);
      }
    }
    expect(pruned).toBeGreaterThan(0);
    expect(single).toBeGreaterThan(100);
    expect(several).toBeGreaterThan(100);
  });
});
