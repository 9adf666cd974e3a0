// Retention in the store: a story goes whole (members, decisions, aliases) when every member left
// its feed before the cutoff; a member seen since, a place on a published page or an item still
// waiting for placement keeps it. Batches are small and resume where the last one stopped. The
// pages freed are reused, so at steady state the file stops growing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import { openStore } from '../../src/store/open-store.js';
import { expireOldStories } from '../../src/worker/retention.js';
import { feedItem, harness, settingsFor, source } from '../dedup/dedup-harness.js';
import { describeEachBackend } from '../support/backends.js';

const OLD = '2026-01-01T08:00:00.000Z';
const RECENT = '2026-04-10T08:00:00.000Z';
const NOW = new Date('2026-04-11T08:00:00.000Z'); // 100 days after OLD
const titles = ['Hafenbrand in Hamburg', 'Landtagswahl in Bayern', 'Streik bei der Bahn', 'Orkan über Sylt', 'Zinsentscheid der EZB'];
const item = (sourceId: string, title: string) =>
  feedItem({ key: `${sourceId}:${title}`, title, url: `https://${sourceId}.example/${encodeURIComponent(title)}` });

describeEachBackend('retention in the store', (backend) => {
  it('deletes expired stories whole, keeping those with a recent member, on a page, or with an unplaced item', async () => {
    const h = await harness([source('a'), source('b')], undefined, await backend.database());
    const oldDecisions = await h.poll(
      'a',
      titles.map((t) => item('a', t)),
      OLD,
    );
    const storyOf = new Map(titles.map((t, i) => [t, oldDecisions[i]!.storyId]));
    // b carries the first story too, and is still carrying it yesterday: that story stays whole.
    await h.poll('b', [item('b', titles[0]!)], OLD);
    await h.poll('b', [item('b', titles[0]!)], RECENT);
    // Stored long ago but never placed (a failed placement): not retention's to delete.
    const [unplaced] = (await h.store.transaction((s) => s.items.ingest('a', 'de', [item('a', 'Nie platziert')], OLD))).newItemIds;
    // An absorbed id that lives on as an alias of a story that expires.
    await h.store.placements.apply({
      merges: [{ absorbed: 'merged-away', survivor: storyOf.get(titles[1]!)! }],
      placements: [],
      stories: [],
      decisions: [],
    });
    const onPage = new Set([storyOf.get(titles[2]!)!]);
    const [expiredItem] = (await h.store.stories.withItems(storyOf.get(titles[1]!)!))!.items;

    const report = await expireOldStories(h.store, onPage, NOW, { days: 90, storiesPerBatch: 1 });
    expect(report).toEqual({ stories: 3, items: 3, complete: true });

    expect(await h.store.stories.get(storyOf.get(titles[0]!)!)).toBeDefined();
    expect((await h.store.items.ofStory(storyOf.get(titles[0]!)!)).map((i) => i.sourceId).sort()).toEqual(['a', 'b']);
    expect(await h.store.stories.get(storyOf.get(titles[2]!)!)).toBeDefined();
    for (const gone of [titles[1]!, titles[3]!, titles[4]!]) {
      expect(await h.store.stories.get(storyOf.get(gone)!)).toBeUndefined();
      expect(await h.store.items.ofStory(storyOf.get(gone)!)).toEqual([]);
    }
    expect(await h.store.placements.decision(expiredItem!.id)).toBeUndefined();
    expect(await h.store.stories.survivorOf('merged-away')).toBeUndefined();
    expect(await h.store.items.byIds([unplaced!])).toHaveLength(1);
    expect(await h.store.stories.count()).toBe(2);
    await h.store.close();
  });

  it('deletes in batches that resume where the last stopped, spreading a backlog over calls', async () => {
    // Each item its own story (no merging), so that stories and items count alike.
    const h = await harness([source('a', { dedup: false })], undefined, await backend.database());
    const many = Array.from({ length: 9 }, (_, i) => item('a', `${titles[i % titles.length]} (${i})`));
    await h.poll('a', many, OLD);
    const stories = await h.store.stories.count();
    // 2 stories per transaction, 2 transactions per call.
    const first = await expireOldStories(h.store, new Set(), NOW, { days: 90, storiesPerBatch: 2, maxBatches: 2 });
    expect(first).toEqual({ stories: 4, items: 4, complete: false });
    expect(await h.store.stories.count()).toBe(stories - 4);
    const rest = await expireOldStories(h.store, new Set(), NOW, { days: 90, storiesPerBatch: 2, maxBatches: 10 });
    expect(rest).toEqual({ stories: stories - 4, items: 9 - 4, complete: true });
    expect(await h.store.stories.count()).toBe(0);
    await h.store.close();
  });
});

describe('retention in the SQLite store', () => {
  it('reuses the pages it frees: the file stops growing at steady state', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-retention-'));
    try {
      const file = path.join(dir, 'feedmerge.db');
      const store = await openStore(file);
      const placer = new Placer(store, new StoryEngine(settingsFor([source('a', { dedup: false })])));
      const pages = () => {
        const raw = new Database(file, { readonly: true });
        const [count, free] = [
          raw.pragma('page_count', { simple: true }) as number,
          raw.pragma('freelist_count', { simple: true }) as number,
        ];
        raw.close();
        return { count, free };
      };
      // One day's worth of items per round; each round, what is older than a day goes.
      const round = async (day: number) => {
        const at = new Date(Date.parse(OLD) + day * 86_400_000);
        const items = Array.from({ length: 800 }, (_, i) =>
          feedItem({ key: `d${day}-${i}`, title: `Tag ${day} Meldung ${i} ${'Wort '.repeat(6)}`, summary: `Absatz ${i} `.repeat(40) }),
        );
        await store.transaction((s) => s.items.ingest('a', 'de', items, at.toISOString()));
        await placer.placePending(at.toISOString());
        await expireOldStories(store, new Set(), at, { days: 1.5, storiesPerBatch: 200, maxBatches: 100 });
      };
      // Each round ingests before it deletes: three days of items at the peak, two after it. The
      // third round is the first at that peak; from then on the file does not grow.
      await round(0);
      const oneDay = pages().count;
      await round(1);
      // What a day of items takes, in this file's own pages (whatever their size).
      const dayPages = pages().count - oneDay;
      await round(2);
      const warm = pages();
      expect(warm.free).toBeGreaterThan(0);
      for (let day = 3; day < 7; day++) await round(day);
      const steady = pages();
      // Four more days without reuse would add ~4 × dayPages; what it may add is the B-trees'
      // slack, a few pages (4 KiB pages: 652 → 653 pages, a day 208; 8 KiB: 353 → 355, a day 111).
      expect(steady.count - warm.count).toBeLessThan(dayPages / 4);
      expect(await store.stories.count()).toBe(1600);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
