// A re-placement (late items placed again among what sorted after them) goes through the same
// `placements.apply` as any batch, on both backends, in one transaction: items only `moved` change
// story and keep their pending state, a story saved again stops being an alias (an undone merge),
// a retired story goes with what is left of it into its survivor and lives on as its alias, and a
// failure leaves everything as it was.
import { expect, it } from 'vitest';
import type { DedupDecision, PlacementBatch, Story } from '../../src/model.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { describeEachBackend } from '../support/backends.js';
import { feedItem } from '../support/feed-item.js';
import { failInserts } from './store-faults.js';

const NOW = '2026-02-05T12:00:00.000Z';
const LATER = '2026-02-05T12:05:00.000Z';

const story = (id: string, representativeItemId: number): Story => ({
  id,
  representativeItemId,
  title: `story ${id}`,
  url: null,
  published: NOW,
  updated: NOW,
});
const decision = (itemId: number, storyId: string): DedupDecision => ({
  itemId,
  storyId,
  rule: 'new-story',
  score: 0,
  matchedItemId: null,
  components: {},
  decidedAt: NOW,
});

/**
 * Items 1–6 of one source: A = {1, 2} has absorbed B = {3} (a later item's merge), C = {4, 6} was
 * founded by 4; item 5 waits. Returns the item ids by number.
 */
async function placedBefore(store: Store): Promise<number[]> {
  const stored = await store.transaction((s) =>
    s.items.ingest(
      'a',
      'de',
      [1, 2, 3, 4, 5, 6].map((n) => feedItem({ key: `k${n}`, title: `Meldung ${n}` })),
      NOW,
    ),
  );
  const [i1, i2, i3, i4, i5, i6] = stored.newItemIds as [number, number, number, number, number, number];
  const rows: [number, string][] = [
    [i1, 'A'],
    [i2, 'A'],
    [i3, 'B'],
    [i4, 'C'],
    [i6, 'C'],
  ];
  await store.placements.apply({
    placements: rows.map(([itemId, storyId]) => ({ itemId, storyId, linkKey: null })),
    stories: [story('A', i1), story('B', i3), story('C', i4)],
    merges: [],
    decisions: rows.map(([itemId, storyId]) => decision(itemId, storyId)),
  });
  await store.placements.apply({ placements: [], stories: [], merges: [{ absorbed: 'B', survivor: 'A' }], decisions: [] });
  return [0, i1, i2, i3, i4, i5, i6];
}

/** Item 5 came late: 4 is placed again into A (it only moves), 5 joins A, the merge of B is undone, C is retired into A. */
function replacement(i: number[]): PlacementBatch {
  return {
    placements: [
      { itemId: i[3]!, storyId: 'B', linkKey: null, moved: true },
      { itemId: i[4]!, storyId: 'A', linkKey: null, moved: true, joined: { storyId: 'A', absorbed: [] } },
      { itemId: i[5]!, storyId: 'A', linkKey: null, joined: { storyId: 'A', absorbed: ['X', 'Y'] } },
    ],
    stories: [story('A', i[1]!), story('B', i[3]!)],
    merges: [],
    decisions: [decision(i[4]!, 'A'), decision(i[5]!, 'A')],
    retired: [{ absorbed: 'C', survivor: 'A' }],
  };
}

async function storyOf(store: Store, itemIds: number[]): Promise<(string | null)[]> {
  const now = await store.placements.itemStories();
  return itemIds.map((id) => now.get(id) ?? null);
}

describeEachBackend('applying a re-placement', (backend) => {
  it('moves items, revives an undone merge and retires a story into its survivor', async () => {
    const store = await openStore(await backend.database());
    const i = await placedBefore(store);
    expect(await storyOf(store, i.slice(1))).toEqual(['A', 'A', 'A', 'C', null, 'C']);
    // Item 4 changed in its feed since it was placed: moving it must not lose that.
    await store.transaction((s) => s.items.ingest('a', 'de', [feedItem({ key: 'k4', title: 'Meldung 4, ergänzt' })], LATER));

    await store.placements.apply(replacement(i));

    // 6 was not placed again: it went with C into A.
    expect(await storyOf(store, i.slice(1))).toEqual(['A', 'A', 'B', 'A', 'A', 'A']);
    expect(await store.stories.get('C')).toBeUndefined();
    expect(await store.stories.survivorOf('C')).toBe('A');
    expect(await store.stories.survivorOf('B')).toBeUndefined();
    expect((await store.stories.withItems('A'))!.absorbedIds).toEqual(['C']);
    expect((await store.stories.withItems('B'))!.items.map((item) => item.id)).toEqual([i[3]]);
    expect((await store.placements.decision(i[3]!))!.storyId).toBe('B');
    expect((await store.placements.decision(i[6]!))!.storyId).toBe('A');
    expect((await store.items.pending(10)).map((p) => [p.id, p.pending])).toEqual([[i[4], 'updated']]);
    // What each placed item joined is kept for a window rebuild, also for an item that only moved.
    const joined = new Map<number, unknown>();
    for await (const item of store.items.placedSince(NOW)) joined.set(item.id, item.joined);
    expect([joined.get(i[4]!), joined.get(i[5]!), joined.get(i[6]!)]).toEqual([
      { storyId: 'A', absorbed: [] },
      { storyId: 'A', absorbed: ['X', 'Y'] },
      null,
    ]);
    await store.close();
  });

  it('writes nothing when the re-placement fails', async () => {
    const database = await backend.database();
    const store = await openStore(database);
    const i = await placedBefore(store);
    const heal = await failInserts(database, 'decisions');
    await expect(store.placements.apply(replacement(i))).rejects.toThrow(/disk full/);
    await heal();
    expect(await storyOf(store, i.slice(1))).toEqual(['A', 'A', 'A', 'C', null, 'C']);
    expect(await store.stories.get('C')).toBeDefined();
    expect(await store.stories.survivorOf('B')).toBe('A');
    expect(await store.stories.survivorOf('C')).toBeUndefined();
    expect((await store.items.pending(10)).map((p) => p.id)).toEqual([i[5]]);
    await store.close();
  });
});
