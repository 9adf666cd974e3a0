// recluster: replays every stored item with current settings; dry run writes nothing; surviving story ids stay.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Placer } from '../../src/dedup/placer.js';
import { recluster } from '../../src/dedup/recluster.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import { storyIdFor } from '../../src/dedup/story-id.js';
import type { FeedItem } from '../../src/model.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import * as seed from '../fixtures/dedup/ukraine-talks-feb-2026.js';
import { harness, settingsFor, source, type Harness } from './dedup-harness.js';

async function seeded(): Promise<Harness> {
  const h = await harness([source('boerse'), source('dpa'), source('tag24')]);
  await h.poll('tag24', [...seed.tickerEntries, seed.talksDay1], '2026-02-04T10:40:00Z');
  await h.poll('dpa', [seed.productiveDpa], '2026-02-04T16:52:00Z');
  await h.poll('tag24', [seed.productiveTag24], '2026-02-04T17:36:00Z');
  await h.poll('boerse', [seed.exchangeFirst], '2026-02-05T12:26:00Z');
  await h.poll('boerse', [seed.exchangeResent], '2026-02-05T13:35:00Z');
  await h.poll('dpa', [seed.exchangePrefixed], '2026-02-05T13:51:00Z');
  return h;
}

const placements = async (h: Harness): Promise<[number, string | null][]> => [...(await h.store.placements.itemStories())];
const itemIdOf = async (h: Harness, key: string): Promise<number> => (await h.store.items.findByReference(key))[0]!.id;
// Stricter than any near-duplicate's score: a strong retelling's raise puts the prefixed copy at 0.998.
const strict = (h: Harness) => ({ ...h.settings, threshold: 0.999 });

describe('recluster', () => {
  it('with the same settings reproduces the same stories and ids, and reports no change', async () => {
    const h = await seeded();
    const before = await placements(h);
    const report = await recluster(h.store, h.settings, '2026-02-06T00:00:00Z', { dryRun: false });
    expect(report).toMatchObject({ items: 10, storiesBefore: 7, storiesAfter: 7, mergesGained: [], mergesLost: [] });
    expect(await placements(h)).toEqual(before);
    const rules = await Promise.all(before.map(async ([id]) => (await h.store.placements.decision(id))!.rule));
    expect(rules.filter((r) => r === 'near-duplicate')).toHaveLength(2);
  });

  it('dry run reports merges lost under a stricter threshold and writes nothing', async () => {
    const h = await seeded();
    const before = await placements(h);
    const report = await recluster(h.store, strict(h), '2026-02-06T00:00:00Z', { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.storiesAfter).toBe(9);
    expect(report.mergesLost.map((c) => c.itemTitle).sort()).toEqual([seed.exchangePrefixed.title, seed.productiveTag24.title].sort());
    expect(await placements(h)).toEqual(before);
    expect(await h.store.stories.count()).toBe(7);
    // The live engine still works after a dry run.
    const [again] = await h.poll('tag24', [{ ...seed.exchangeResent, key: 'tag24-resend' }], '2026-02-05T14:00:00Z');
    expect(again!.storyId).toBe(storyIdFor('boerse', seed.exchangeFirst.key));
  });

  it('applies a stricter threshold: split items found their own stories, the founders keep their ids', async () => {
    const h = await seeded();
    const report = await recluster(h.store, strict(h), '2026-02-06T00:00:00Z', { dryRun: false });
    expect(report.mergesLost).toHaveLength(2);
    const founder = storyIdFor('boerse', seed.exchangeFirst.key);
    expect(await h.story(founder)).toBeDefined();
    const prefixed = await itemIdOf(h, seed.exchangePrefixed.key);
    expect((await h.item(prefixed))!.storyId).toBe(storyIdFor('dpa', seed.exchangePrefixed.key));
    expect((await h.story(storyIdFor('dpa', seed.exchangePrefixed.key)))!.updated).toBe('2026-02-06T00:00:00Z');
    expect(await h.store.stories.count()).toBe(9);
    // Back to the default: the merges come back (gained), same ids as at first.
    const back = await recluster(h.store, h.settings, '2026-02-06T01:00:00Z', { dryRun: false });
    expect(back.mergesGained).toHaveLength(2);
    expect((await h.item(prefixed))!.storyId).toBe(founder);
    expect(await h.story(storyIdFor('dpa', seed.exchangePrefixed.key))).toBeUndefined();
  });

  it("another process (the CLI) reclustering makes the worker's engine rebuild; a restart rebuilds it from the store", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmerge-dedup-'));
    try {
      const file = path.join(dir, 'feedmerge.db');
      const sources = [source('a'), source('b'), source('c')];
      const worker = async (store: Store) => {
        const placer = new Placer(store, new StoryEngine(settingsFor(sources)));
        return async (sourceId: string, items: FeedItem[], now: string) => {
          await store.transaction((s) => s.items.ingest(sourceId, 'de', items, now));
          return placer.placePending(now);
        };
      };
      const store = await openStore(file);
      const poll = await worker(store);
      const [first] = await poll('a', [seed.productiveDpa], '2026-02-04T16:52:00Z');
      const [second] = await poll('b', [{ ...seed.productiveTag24 }], '2026-02-04T17:36:00Z');
      expect(second!.storyId).toBe(first!.storyId);

      const cli = await openStore(file);
      await recluster(cli, settingsFor(sources, { threshold: 0.99, windowHours: 72 }), '2026-02-04T18:00:00Z', { dryRun: false });
      await cli.close();
      // The worker's next placement sees the new generation: its window now knows item 2 in its own story.
      const [third] = await poll('c', [{ ...seed.productiveTag24, key: 'c-copy', url: 'https://c.example/1' }], '2026-02-04T18:05:00Z');
      expect(third!.storyId).toBe(storyIdFor('b', seed.productiveTag24.key));
      await store.close();

      // A restarted worker rebuilds the window from the stored items and still finds the stories.
      const restarted = await openStore(file);
      const [fourth] = await (
        await worker(restarted)
      )('c', [{ ...seed.productiveDpa, key: 'c-dpa-copy', url: 'https://c.example/2' }], '2026-02-04T18:10:00Z');
      expect(fourth!.rule).toBe('same-title');
      expect(fourth!.storyId).toBe(first!.storyId);
      await restarted.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
