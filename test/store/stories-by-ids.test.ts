// stories.withItemsByIds, on both backends: many stories with their members in a few queries (what the
// publish reads for the survivors a maxAgeHours output keeps), each exactly as withItems gives it; ids
// that are no story (unknown, or absorbed by a merge) are left out, and one asked twice comes once.
import { expect, it } from 'vitest';
import type { DedupDecision, Story } from '../../src/model.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { describeEachBackend } from '../support/backends.js';
import { feedItem } from '../support/feed-item.js';

const T0 = '2026-02-05T12:00:00.000Z';

const decision = (itemId: number, storyId: string): DedupDecision => ({
  itemId,
  storyId,
  rule: 'new-story',
  score: 0,
  matchedItemId: null,
  components: {},
  decidedAt: T0,
});

/** A story `id` of `size` items of source `source`, the first its representative. */
async function storyOf(store: Store, id: string, source: string, size: number): Promise<void> {
  const items = Array.from({ length: size }, (_, n) =>
    feedItem({ key: `${id}-${n}`, title: `${id} item ${n}`, published: T0, categories: [`c${n}`] }),
  );
  const ids = (await store.transaction((s) => s.items.ingest(source, 'de', items, T0))).newItemIds;
  const story: Story = { id, representativeItemId: ids[0]!, title: `story ${id}`, url: null, published: T0, updated: T0 };
  await store.placements.apply({
    placements: ids.map((itemId) => ({ itemId, storyId: id, linkKey: null })),
    stories: [story],
    merges: [],
    decisions: ids.map((itemId) => decision(itemId, id)),
  });
}

describeEachBackend('stories.withItemsByIds', (backend) => {
  it('gives each story as withItems does, without unknown or absorbed ids', async () => {
    const store = await openStore(await backend.database());
    try {
      await storyOf(store, 'A', 'a', 2);
      await storyOf(store, 'B', 'b', 3);
      await storyOf(store, 'C', 'c', 1);
      await storyOf(store, 'D', 'd', 1);
      // D merged into A: A lists it as absorbed and holds its member; D is no story any more.
      const [dItem] = await store.items.ofStory('D');
      await store.placements.apply({
        placements: [],
        stories: [],
        merges: [{ absorbed: 'D', survivor: 'A' }],
        decisions: [decision(dItem!.id, 'A')],
      });
      const byIds = await store.stories.withItemsByIds(['B', 'A', 'nope', 'D', 'A', 'C']);
      expect([...byIds.keys()].sort()).toEqual(['A', 'B', 'C']);
      for (const id of ['A', 'B', 'C']) expect(byIds.get(id)).toEqual(await store.stories.withItems(id));
      expect(byIds.get('A')!.absorbedIds).toEqual(['D']);
      expect(
        byIds
          .get('A')!
          .items.map((i) => i.sourceId)
          .sort(),
      ).toEqual(['a', 'a', 'd']);
      expect(byIds.get('B')!.items.map((i) => i.categories)).toEqual([['c0'], ['c1'], ['c2']]);
      expect(await store.stories.withItemsByIds([])).toEqual(new Map());
      // More ids than one statement binds (SQLite reads 500 at a time).
      const many = Array.from({ length: 1200 }, (_, n) => `none-${n}`);
      expect([...(await store.stories.withItemsByIds([...many, 'C'])).keys()]).toEqual(['C']);
    } finally {
      await store.close();
    }
  });
});
