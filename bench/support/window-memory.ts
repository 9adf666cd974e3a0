// Where the story engine's window memory goes: places bench:poll-files' realistic items (bench/generate/realistic-items.ts,
// the same generator and seed) through the real store and placer in this process, then, with full collections between,
// drops one structure of the engine after another and prints how much live heap each held. A probe for BENCHMARKS.md
// ("Memory of the 100k poll"); it reads the engine's private fields, so it is a measuring tool, not an example.
//
//   node --expose-gc --import tsx bench/support/window-memory.ts [--items 20000]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import type { FeedItem } from '../../src/model.js';
import { openStore } from '../../src/store/open-store.js';
import { realisticFeeds } from '../generate/realistic-items.js';

const i = process.argv.indexOf('--items');
const itemCount = i >= 0 ? Number(process.argv[i + 1]) : 20_000;
const FEEDS = 50;
const NOW_MS = Date.parse('2026-12-01T12:00:00.000Z');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function live(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const feeds = realisticFeeds(FEEDS, Math.ceil(itemCount / FEEDS), NOW_MS - 5 * 60_000, 71 * 3_600_000, 'poll-files-1');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmerge-window-memory-'));
  const store = await openStore(path.join(dir, 'feedmerge.db'));
  const now = new Date(NOW_MS).toISOString();
  try {
    const sources = feeds.map((_, f) => ({ id: `feed-${f}`, priority: 0, dedup: true }));
    const engine = new StoryEngine({ sources: new Map(sources.map((s) => [s.id, s])), threshold: 0.5, windowHours: 72 });
    const placer = new Placer(store, engine);
    for (const [f, list] of feeds.entries()) {
      const items: FeedItem[] = list.map((d) => ({
        key: d.guid,
        guid: d.guid,
        url: d.url,
        canonicalUrl: d.url,
        title: d.title,
        summary: d.summary,
        contentHtml: null,
        author: null,
        categories: [],
        published: new Date(d.publishedMs).toISOString(),
        updated: null,
        enclosures: [],
      }));
      await store.transaction((session) => session.items.ingest(`feed-${f}`, null, items, now));
    }
    feeds.length = 0;
    const before = live();
    const cpu = process.cpuUsage();
    await placer.placePendingCounted(now);
    const used = process.cpuUsage(cpu);
    const e = engine as unknown as Record<string, any>;
    const index = e['index'];
    const cores = [...index.cores.values()];
    const sizes = new Map<number, number>();
    for (const c of cores) {
      const members = c.memberCount ?? c.members.size;
      sizes.set(members, (sizes.get(members) ?? 0) + 1);
    }
    const n = index.items.size;
    console.log(
      `${n} items in the window, ${cores.length} stories (${[...sizes]
        .sort((a, b) => a[0] - b[0])
        .slice(0, 5)
        .map(([k, v]) => `${k}:${v}`)
        .join(' ')}), ` + `placement ${((used.user + used.system) / 1e6).toFixed(1)} s CPU`,
    );
    let lists = 0;
    let postingsEntries = 0;
    let singles = 0;
    for (const list of index.postings.values()) {
      lists++;
      postingsEntries += list.length;
      if (list.length === 1) singles++;
    }
    console.log(`postings: ${lists} terms, ${postingsEntries} entries, ${singles} terms with one entry; ${index.terms.ids.size} term ids`);
    let last = live();
    console.log(
      `live heap after placement ${(last / 2 ** 20).toFixed(1)} MiB (${((last - before) / 2 ** 20).toFixed(1)} MiB more than before it)`,
    );
    const drop = (what: string, fn: () => void): void => {
      fn();
      const now = live();
      console.log(
        `${what.padEnd(62)} ${((last - now) / 2 ** 20).toFixed(1).padStart(7)} MiB  ${((last - now) / n).toFixed(0).padStart(6)} B/item`,
      );
      last = now;
    };
    drop('story cores (tables, members, sources, the objects, views kept)', () => {
      index.cores.clear();
      cores.length = 0;
    });
    drop('take-back log (latest placements, their changes and rows)', () => {
      e['log'] = [];
    });
    drop('held stories (rows)', () => e['held'].clear());
    drop('recent features (the log’s features; digests)', () => e['features'].clear());
    drop('postings (term → story ids)', () => index.postings.clear());
    drop('exact keys', () => index.exact.clear());
    drop('queue', () => {
      index.queueItems = index.queueTimes = index.queue = [];
    });
    const entries = [...index.items.values()];
    drop('indexed items: term ids', () => {
      for (const entry of entries) entry.termIds = null;
    });
    const features = entries.map((entry) => entry.features);
    drop('item features: terms lists', () => {
      for (const f of features) f.terms = null;
    });
    drop('item features: title and part term sets', () => {
      for (const f of features) f.titleTerms = f.partTerms = null;
    });
    drop('item features: the rest', () => {
      features.length = 0;
      index.items.clear();
      entries.length = 0;
    });
    drop('term ids, document frequencies', () => (index.terms = null));
    console.log(`left: ${(last / 2 ** 20).toFixed(1)} MiB`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
