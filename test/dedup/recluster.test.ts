// recluster: replays every stored item with current settings; dry run writes nothing; surviving story ids stay.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collapseItems } from '../../src/dedup/collapse-items.js';
import { recluster } from '../../src/dedup/recluster.js';
import type { FeedItem } from '../../src/model.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { countDecisionsByRule } from '../../src/store/decisions.js';
import { getItem, ingestItems } from '../../src/store/items.js';
import { countStories, getStory, storyIdFor } from '../../src/store/stories.js';
import * as seed from '../fixtures/dedup/ukraine-talks-feb-2026.js';
import { harness, source } from './dedup-harness.js';

function seeded(): ReturnType<typeof harness> {
  const h = harness([source('boerse'), source('dpa'), source('tag24')]);
  h.poll('tag24', [...seed.tickerEntries, seed.talksDay1], '2026-02-04T10:40:00Z');
  h.poll('dpa', [seed.productiveDpa], '2026-02-04T16:52:00Z');
  h.poll('tag24', [seed.productiveTag24], '2026-02-04T17:36:00Z');
  h.poll('boerse', [seed.exchangeFirst], '2026-02-05T12:26:00Z');
  h.poll('boerse', [seed.exchangeResent], '2026-02-05T13:35:00Z');
  h.poll('dpa', [seed.exchangePrefixed], '2026-02-05T13:51:00Z');
  return h;
}

const placements = (h: ReturnType<typeof harness>): unknown[] => h.db.prepare('SELECT id, story_id FROM items ORDER BY id').all();

describe('recluster', () => {
  it('with the same settings reproduces the same stories and ids, and reports no change', () => {
    const h = seeded();
    const before = placements(h);
    const report = recluster(h.db, h.context('2026-02-06T00:00:00Z'), { dryRun: false });
    expect(report).toMatchObject({ items: 10, storiesBefore: 7, storiesAfter: 7, mergesGained: [], mergesLost: [] });
    expect(placements(h)).toEqual(before);
    expect(countDecisionsByRule(h.db).get('near-duplicate')).toBe(2);
  });

  it('dry run reports merges lost under a stricter threshold and writes nothing', () => {
    const h = seeded();
    const before = placements(h);
    const strict = { ...h.context('2026-02-06T00:00:00Z'), settings: { threshold: 0.99, windowHours: 72 } };
    const report = recluster(h.db, strict, { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.storiesAfter).toBe(9);
    expect(report.mergesLost.map((c) => c.itemTitle).sort()).toEqual([seed.exchangePrefixed.title, seed.productiveTag24.title].sort());
    expect(placements(h)).toEqual(before);
    expect(countStories(h.db)).toBe(7);
    // The live index still works after a dry run.
    const [again] = h.poll('tag24', [{ ...seed.exchangeResent, key: 'tag24-resend' }], '2026-02-05T14:00:00Z');
    expect(again!.storyId).toBe(storyIdFor('boerse', seed.exchangeFirst.key));
  });

  it('applies a stricter threshold: split items found their own stories, the founders keep their ids', () => {
    const h = seeded();
    const strict = { ...h.context('2026-02-06T00:00:00Z'), settings: { threshold: 0.99, windowHours: 72 } };
    const report = recluster(h.db, strict, { dryRun: false });
    expect(report.mergesLost).toHaveLength(2);
    const founder = storyIdFor('boerse', seed.exchangeFirst.key);
    expect(getStory(h.db, founder)).toBeDefined();
    const prefixed = h.db.prepare('SELECT id FROM items WHERE item_key = ?').get(seed.exchangePrefixed.key) as { id: number };
    expect(getItem(h.db, prefixed.id)!.storyId).toBe(storyIdFor('dpa', seed.exchangePrefixed.key));
    expect(getStory(h.db, storyIdFor('dpa', seed.exchangePrefixed.key))!.updated).toBe('2026-02-06T00:00:00Z');
    expect(countStories(h.db)).toBe(9);
    // Back to the default: the merges come back (gained), same ids as at first.
    const back = recluster(h.db, h.context('2026-02-06T01:00:00Z'), { dryRun: false });
    expect(back.mergesGained).toHaveLength(2);
    expect(getItem(h.db, prefixed.id)!.storyId).toBe(founder);
    expect(getStory(h.db, storyIdFor('dpa', seed.exchangePrefixed.key))).toBeUndefined();
  });

  it("another connection (the CLI) reclustering makes the worker's index rebuild; a restart rebuilds it from the database", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmerge-dedup-'));
    try {
      const file = path.join(dir, 'feedmerge.db');
      const sources = new Map([source('a'), source('b'), source('c')].map((s) => [s.id, s]));
      const context = (now: string, threshold = 0.62) => ({ sources, settings: { threshold, windowHours: 72 }, now });
      const poll = (db: Db, sourceId: string, items: FeedItem[], now: string, threshold?: number) =>
        collapseItems(db, ingestItems(db, sourceId, 'de', items, now), context(now, threshold));
      const worker = openDatabase(file);
      const [first] = poll(worker, 'a', [seed.productiveDpa], '2026-02-04T16:52:00Z');
      const [second] = poll(worker, 'b', [{ ...seed.productiveTag24 }], '2026-02-04T17:36:00Z');
      expect(second!.storyId).toBe(first!.storyId);

      const cli = openDatabase(file);
      recluster(cli, context('2026-02-04T18:00:00Z', 0.99), { dryRun: false });
      cli.close();
      // The worker's next collapse sees the new generation: its index now knows item 2 in its own story.
      const [third] = poll(worker, 'c', [{ ...seed.productiveTag24, key: 'c-copy', url: 'https://c.example/1' }], '2026-02-04T18:05:00Z');
      expect(third!.storyId).toBe(storyIdFor('b', seed.productiveTag24.key));
      worker.close();

      // A restarted worker rebuilds the window from the stored items and still finds the stories.
      const restarted = openDatabase(file);
      const [fourth] = poll(
        restarted,
        'c',
        [{ ...seed.productiveDpa, key: 'c-dpa-copy', url: 'https://c.example/2' }],
        '2026-02-04T18:10:00Z',
      );
      expect(fourth!.rule).toBe('same-title');
      expect(fourth!.storyId).toBe(first!.storyId);
      restarted.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
