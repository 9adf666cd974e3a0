// `npm run bench:dedup [-- 10000 100000 1000000] [--memory] [--batch=N] [--show-false=N] [--v8-default-heap] [--max-replaced=N] [--rescore-all] [--dump-stories=FILE] [--progress=N]`: the story engine at scale. A synthetic stream
// of German-like items over 30 days, with planted near-duplicates (re-sends with new guids,
// topic prefixes, shortened HTML leads, tracking links from other feeds) and look-alikes that
// are different events (another place, another number, a negation), goes through the real
// path: the store's ingest (one transaction per poll), then the placer (store + story engine:
// normalise → index → verify → apply) into a SQLite file. Prints throughput, per-item decision
// latency, peak memory, planted-duplicate recall and merge precision, and prints the table (the
// figures go into BENCHMARKS.md by hand, with notes).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SourceConfig } from '../src/config/schema.js';
import { Placer } from '../src/dedup/placer.js';
import { StoryEngine } from '../src/dedup/story-engine.js';
import type { DedupDecision, FeedItem } from '../src/model.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { limitHeapGrowth } from '../src/worker/heap-growth.js';

const DAYS = 30;
const FEEDS = 300;
const BATCH = Number(process.argv.find((a) => a.startsWith('--batch='))?.slice(8) ?? 10); // items per poll of one feed
const IN_MEMORY = process.argv.includes('--memory');
// `--max-replaced=N`: how many placed items late ones may make the placer place again (StoryEngine.tailOf); the
// default is the engine's (SUGGESTED_MAX_REPLACED), 0 turns re-placement off. This stream's feeds arrive out of order
// (polls of about one item, copies up to two hours late), so with it on every item is placed about five times.
const MAX_REPLACED = process.argv.find((a) => a.startsWith('--max-replaced='))?.slice(15);
// `--rescore-all`: every placement taken back is scored again (none re-applied from its decision, replacement-reach.ts).
const RESCORE_ALL = process.argv.includes('--rescore-all');
const SETTINGS = {
  threshold: 0.5,
  windowHours: 72,
  ...(MAX_REPLACED === undefined ? {} : { maxReplaced: Number(MAX_REPLACED) }),
  ...(RESCORE_ALL ? { reapplyUnreached: false } : {}),
};
// `--show-false=N`: print the first N false merges (both titles and leads, rule, score components), to see what goes wrong.
const SHOW_FALSE = Number(process.argv.find((a) => a.startsWith('--show-false='))?.slice(13) ?? 0);
// `--progress=N`: a progress line every N items (default 100,000): the totals so far and the last N items' own figures
// (items per CPU-second, the window's size), so a long run shows whether an item costs more as the store or the window grows.
const PROGRESS = Number(process.argv.find((a) => a.startsWith('--progress='))?.slice(11) ?? 100_000);
// `--dump-stories=FILE`: every item's story (item id, story id, one a line), to compare two runs' stories (a story is its
// members: the partition, whatever the ids, is what the digest of stories below stands for).
const DUMP_STORIES = process.argv.find((a) => a.startsWith('--dump-stories='))?.slice(15);

async function describeFalseMerge(store: Store, d: DedupDecision): Promise<string> {
  const [a, b] = await store.items.byIds([d.itemId, d.matchedItemId!]);
  return `false merge (${d.rule}, ${d.score}): ${a?.sourceId} "${a?.title}" / "${a?.summary}"\n  with ${b?.sourceId} "${b?.title}" / "${b?.summary}"\n  ${JSON.stringify(d.components)}`;
}

// A deterministic generator (mulberry32) so every run sees the same stream.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ber',
  'lin',
  'ge',
  'mein',
  'de',
  'bund',
  'tag',
  'wahl',
  'kampf',
  'streik',
  'bahn',
  'haus',
  'halt',
  'markt',
  'preis',
  'stadt',
  'rat',
  'schul',
  'land',
  'kreis',
  'polizei',
  'feuer',
  'wehr',
  'unfall',
  'ver',
  'hand',
  'lung',
  'ung',
  'keit',
  'schaft',
  'regier',
  'minister',
  'zins',
  'bank',
  'export',
  'sturm',
  'flut',
  'hitze',
  'klima',
  'gipfel',
  'ost',
  'west',
  'nord',
  'sued',
  'heim',
  'burg',
  'dorf',
  'bach',
];
const VERBS = [
  'fordert',
  'warnt',
  'kritisiert',
  'beschließt',
  'plant',
  'meldet',
  'bestätigt',
  'stoppt',
  'erhöht',
  'senkt',
  'verschiebt',
  'startet',
  'verliert',
  'gewinnt',
  'streicht',
  'prüft',
];
const FILLER = ['die', 'der', 'das', 'und', 'in', 'mit', 'nach', 'für', 'auf', 'bei', 'wegen', 'über', 'vor', 'am', 'im', 'zum'];

function buildVocabulary(random: () => number, size: number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(w[0]!.toUpperCase() + w.slice(1));
  }
  return [...words];
}

interface Planted {
  item: FeedItem;
  sourceId: string;
  event: number;
  kind: string;
  atMs: number;
}

/** The stream: events with their copies and look-alikes, in time order, grouped into feed polls. */
function* stream(total: number, seed = 42): Generator<Planted[]> {
  const random = rng(seed);
  const vocabulary = buildVocabulary(random, 20_000);
  const places = buildVocabulary(random, 3_000);
  // Zipf-like: topic words are reused a lot (hot LSH buckets), rare words identify events.
  const word = (): string => vocabulary[Math.floor(vocabulary.length * random() ** 2.2)]!;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const start = Date.parse('2026-01-01T00:00:00Z');
  const span = DAYS * 24 * 3_600_000;
  let emitted = 0;
  let event = 0;
  let pending: Planted[] = [];
  while (emitted < total) {
    const atMs = start + Math.floor((emitted / total) * span);
    event++;
    const place = pick(places);
    const number = 2 + Math.floor(random() * 60);
    const titleWords = [word(), VERBS[Math.floor(random() * VERBS.length)]!, word(), pick(FILLER), place, word()];
    const title = `${titleWords.join(' ')}: ${number} ${word()}`;
    const leadWords: string[] = [];
    for (let i = 0; i < 28; i++) leadWords.push(random() < 0.35 ? pick(FILLER) : word());
    leadWords.splice(5, 0, place, String(number));
    const lead = `${leadWords.join(' ')}.`;
    const home = Math.floor(random() * FEEDS);
    const url = `https://feed${home}.example/artikel/${event}`;
    const base = (key: string, fields: Partial<FeedItem> = {}): FeedItem => ({
      key,
      guid: key,
      url,
      canonicalUrl: url,
      title,
      summary: lead,
      contentHtml: null,
      author: null,
      categories: [],
      published: new Date(atMs).toISOString(),
      updated: null,
      enclosures: [],
      ...fields,
    });
    const out: Planted[] = [{ item: base(`e${event}`), sourceId: `feed${home}`, event, kind: 'original', atMs }];
    const r = random();
    const later = (minutes: number): number => atMs + minutes * 60_000;
    const other = (): number => (home + 1 + Math.floor(random() * (FEEDS - 1))) % FEEDS;
    if (r < 0.1) {
      out.push({
        item: base(`e${event}-resend`, { published: new Date(later(70)).toISOString() }),
        sourceId: `feed${home}`,
        event,
        kind: 'resend',
        atMs: later(70),
      });
    } else if (r < 0.2) {
      const o = other();
      out.push({
        item: base(`p${event}`, { title: `${place}: ${title}`, url: `https://feed${o}.example/a/${event}`, canonicalUrl: null }),
        sourceId: `feed${o}`,
        event,
        kind: 'prefix',
        atMs: later(30),
      });
    } else if (r < 0.3) {
      const o = other();
      const short = `<p>${leadWords.slice(0, 14).join(' ')} …</p>`;
      out.push({
        item: base(`s${event}`, {
          title: `Eilmeldung: ${title}`,
          summary: short,
          url: `https://feed${o}.example/s/${event}`,
          canonicalUrl: null,
        }),
        sourceId: `feed${o}`,
        event,
        kind: 'shortened',
        atMs: later(45),
      });
    } else if (r < 0.4) {
      const o = other();
      const tracked = `${url}?utm_source=feed${o}&utm_medium=rss`;
      out.push({
        item: base(`t${event}`, { title: `${word()} ${word()} ${pick(places)}`, summary: '', url: tracked, canonicalUrl: tracked }),
        sourceId: `feed${o}`,
        event,
        kind: 'tracking',
        atMs: later(20),
      });
    } else if (r < 0.47) {
      // Look-alike: the same template, another place and number: a different event.
      event++;
      const o = other();
      const title2 = title.replace(place, pick(places)).replace(`${number} `, `${number + 1 + Math.floor(random() * 9)} `);
      out.push({
        item: base(`l${event}`, {
          title: title2,
          url: `https://feed${o}.example/l/${event}`,
          canonicalUrl: null,
          summary: `${leadWords.slice(0, 6).join(' ')} ${word()} ${word()} ${word()} ${word()} ${word()}.`,
        }),
        sourceId: `feed${o}`,
        event,
        kind: 'lookalike',
        atMs: later(90),
      });
    } else if (r < 0.52) {
      // Look-alike of the same feed: its next report on the same beat (negated, another number).
      event++;
      const title2 = `${titleWords.slice(0, 4).join(' ')} nicht ${titleWords.slice(4).join(' ')}: ${number + 20} ${word()}`;
      out.push({
        item: base(`n${event}`, {
          title: title2,
          url: `https://feed${home}.example/artikel/${event}`,
          canonicalUrl: null,
          summary: `${word()} ${word()} ${word()} ${leadWords.slice(3, 20).join(' ')}.`,
        }),
        sourceId: `feed${home}`,
        event,
        kind: 'lookalike',
        atMs: later(120),
      });
    }
    pending.push(...out);
    emitted += out.length;
    // Release in polls of BATCH items, keeping time order roughly (copies arrive a little later).
    if (pending.length >= BATCH * 20 || emitted >= total) {
      pending.sort((a, b) => a.atMs - b.atMs);
      const keep = emitted >= total ? [] : pending.splice(Math.floor(pending.length / 2));
      const bySource = new Map<string, Planted[]>();
      for (const p of pending) {
        const list = bySource.get(p.sourceId);
        if (list) list.push(p);
        else bySource.set(p.sourceId, [p]);
      }
      const polls = [...bySource.values()].sort((a, b) => a[0]!.atMs - b[0]!.atMs);
      for (const poll of polls) for (let i = 0; i < poll.length; i += BATCH) yield poll.slice(i, i + BATCH);
      pending = keep;
    }
  }
}

interface Result {
  items: number;
  seconds: number;
  cpuSeconds: number;
  ingestSeconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMiB: number;
  recall: number;
  planted: number;
  precision: number;
  merges: number;
  falseMerges: number;
  stories: number;
}

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function run(total: number): Promise<Result> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmerge-dedup-bench-'));
  const store = await openStore(IN_MEMORY ? ':memory:' : path.join(dir, 'bench.db'));
  const sources = new Map<string, SourceConfig>();
  for (let i = 0; i < FEEDS; i++)
    sources.set(`feed${i}`, {
      id: `feed${i}`,
      url: `https://feed${i}.example/rss`,
      priority: 0,
      dedup: true,
      enabled: true,
      language: 'de',
    });
  const engine = new StoryEngine({ sources, ...SETTINGS });
  const placer = new Placer(store, engine);
  const eventOfItem = new Int32Array(total + 16);
  const kindOfItem: string[] = [];
  const originalOfEvent = new Map<number, number>();
  let done = 0;
  let busy = 0;
  let ingestMs = 0;
  let lastNow = '';
  let cpuMs = 0;
  let nextReport = PROGRESS;
  let lastReport = { done: 0, busy: 0, cpuMs: 0 };
  let peak = process.memoryUsage().rss;
  // Per-item latency: each poll's placement time shared over its items (one transaction per poll).
  const latencies = new Float64Array(total + 16);
  let merges = 0;
  let falseMerges = 0;
  // Placed items late ones made the placer place again (StoryEngine.tailOf): placement work beyond the stream's own items.
  let replaced = 0;
  let polls = 0;
  // Every reported decision (in order) and at the end every item's story: a speed change must leave both alone.
  const digest = createHash('sha256');
  for (const poll of stream(total)) {
    const now = new Date(poll[poll.length - 1]!.atMs + 60_000).toISOString();
    lastNow = now;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const ingest = await store.transaction((s) =>
      s.items.ingest(
        poll[0]!.sourceId,
        'de',
        poll.map((p) => p.item),
        now,
      ),
    );
    const t1 = performance.now();
    const decisions = await placer.placePending(now);
    const t2 = performance.now();
    replaced += placer.replacedLastRun;
    polls++;
    busy += t2 - t0;
    const c1 = process.cpuUsage(c0);
    cpuMs += (c1.user + c1.system) / 1000;
    ingestMs += t1 - t0;
    ingest.newItemIds.forEach((id, i) => {
      eventOfItem[id] = poll[i]!.event;
      kindOfItem[id] = poll[i]!.kind;
      if (poll[i]!.kind === 'original') originalOfEvent.set(poll[i]!.event, id);
    });
    const perItem = (t2 - t1) / Math.max(1, decisions.length) + (t1 - t0) / poll.length;
    for (const d of decisions) {
      digest.update(`${JSON.stringify(d)}\n`);
      latencies[done++] = perItem;
      if (d.matchedItemId !== null && d.rule !== 'same-item') {
        merges++;
        if (eventOfItem[d.matchedItemId] !== eventOfItem[d.itemId]) {
          falseMerges++;
          if (falseMerges <= SHOW_FALSE) console.log(await describeFalseMerge(store, d));
        }
      }
    }
    if ((done & 1023) < BATCH) peak = Math.max(peak, process.memoryUsage().rss);
    if (done >= nextReport) {
      // Progress, so a run stopped early still tells how far it got and how fast; the segment's own figures (since the
      // last line) and the window's size tell whether an item costs more as the store grows or as the window fills.
      const segment = done - lastReport.done;
      const p99 = percentile(latencies.slice(0, done).sort(), 0.99);
      console.log(
        `  … ${done} items, ${(busy / 1000).toFixed(1)} s wall, ${(cpuMs / 1000).toFixed(1)} s CPU, ${Math.round(done / (busy / 1000))} items/s, p99 so far ${p99.toFixed(3)} ms, RSS ${Math.round(process.memoryUsage().rss / 1048576)} MiB; last ${segment}: ${Math.round(segment / ((busy - lastReport.busy) / 1000))} items/s wall, ${Math.round(segment / ((cpuMs - lastReport.cpuMs) / 1000))} per CPU-second, window ${engine.windowSize} items, load ${os.loadavg()[0]!.toFixed(1)}`,
      );
      lastReport = { done, busy, cpuMs };
      nextReport += PROGRESS;
    }
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  // What a restart costs: the window rebuilt from the stored items (features recomputed).
  const r0 = performance.now();
  const c0 = process.cpuUsage();
  const indexed = await new Placer(store, new StoryEngine({ sources, ...SETTINGS })).rebuild(lastNow);
  const rc = process.cpuUsage(c0);
  console.log(
    `window rebuild from the store (a restart): ${indexed} items in ${((performance.now() - r0) / 1000).toFixed(1)} s wall, ${((rc.user + rc.system) / 1e6).toFixed(1)} s CPU`,
  );
  console.log(`ingest ${(ingestMs / 1000).toFixed(1)} s of ${(busy / 1000).toFixed(1)} s wall; CPU ${(cpuMs / 1000).toFixed(1)} s`);
  console.log(
    `${polls} polls; placed again (late items sorting before them): ${replaced} items, ${(replaced / Math.max(1, done)).toFixed(2)} per item ` +
      `(re-applied without scoring ${placer.engine.replaced.reapplied}, scored again ${placer.engine.replaced.rescored})`,
  );
  // Recall of planted copies: the copy sits in its original's story.
  const storyOfItem = new Map<number, string | null>(await store.placements.itemStories());
  for (const [id, storyId] of [...storyOfItem].sort((a, b) => a[0] - b[0])) digest.update(`${id} ${storyId}\n`);
  console.log(`decisions and stories digest ${digest.digest('hex')}`);
  // The stories as sets of items, whatever their ids and decisions: what re-placing less must leave alone.
  const members = new Map<string, number[]>();
  for (const [id, storyId] of storyOfItem) if (storyId) members.set(storyId, [...(members.get(storyId) ?? []), id]);
  const partition = [...members.values()].map((ids) => ids.sort((a, b) => a - b).join(' ')).sort();
  console.log(`stories (members only) digest ${createHash('sha256').update(partition.join('\n')).digest('hex')}`);
  if (DUMP_STORIES) writeFileSync(DUMP_STORIES, [...storyOfItem].map(([id, storyId]) => `${id} ${storyId}`).join('\n'));
  let planted = 0;
  let found = 0;
  kindOfItem.forEach((kind, id) => {
    if (!kind || kind === 'original' || kind === 'lookalike') return;
    planted++;
    const original = originalOfEvent.get(eventOfItem[id]!);
    if (original !== undefined && storyOfItem.get(original) === storyOfItem.get(id)) found++;
  });
  const stories = await store.stories.count();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const sorted = latencies.slice(0, done).sort();
  return {
    items: done,
    seconds: busy / 1000,
    cpuSeconds: cpuMs / 1000,
    ingestSeconds: ingestMs / 1000,
    perSecond: done / (busy / 1000),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    peakRssMiB: peak / 1024 / 1024,
    recall: planted ? found / planted : 1,
    planted,
    precision: merges ? 1 - falseMerges / merges : 1,
    merges,
    falseMerges,
    stories,
  };
}

const sizes = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map(Number)
  .filter((n) => n > 0);
const runs = sizes.length ? sizes : [10_000, 100_000, 1_000_000];
// The heap as the worker runs it (src/worker/heap-growth.ts); `--v8-default-heap` measures V8's default growth instead.
const defaultHeap = process.argv.includes('--v8-default-heap');
if (!defaultHeap) limitHeapGrowth();
console.log(
  `load average at start: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' ',
    )} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, SQLite ${IN_MEMORY ? 'in memory' : `file in ${os.tmpdir()}`}, heap ${defaultHeap ? "V8's default growth" : "the worker's (heap-growth.ts)"}`,
);
console.log(
  '| items | wall s | CPU s | of which ingest (wall s) | items/s (wall) | items per CPU-second | p50 ms/item | p99 ms/item | peak RSS MiB | planted recall | merge precision (false/merges) | stories |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const n of runs) {
  const r = await run(n);
  console.log(
    `| ${r.items.toLocaleString('en')} | ${r.seconds.toFixed(1)} | ${r.cpuSeconds.toFixed(1)} | ${r.ingestSeconds.toFixed(1)} | ${Math.round(r.perSecond).toLocaleString('en')} | ${Math.round(r.items / r.cpuSeconds).toLocaleString('en')} | ${r.p50Ms.toFixed(3)} | ${r.p99Ms.toFixed(3)} | ${Math.round(r.peakRssMiB)} | ${r.recall.toFixed(4)} (${r.planted.toLocaleString('en')}) | ${r.precision.toFixed(4)} (${r.falseMerges}/${r.merges}) | ${r.stories.toLocaleString('en')} |`,
  );
}
