// What the placement order's step costs a deployment of many DATED sources: how many placed items
// each poll cycle's new items make the placer place again (StoryEngine.tailOf: a new item sorting
// before items already placed takes them back), and the placement CPU per cycle, with the engine's
// step (ORDER_STEP_MS, 10 minutes) against exact times (`orderStepMs: 0`, the order before order2).
//
//   npx tsx bench/dated-replacement.ts [--sources 1000] [--per-hour 3] [--hours 3] [--warmup 1]
//     [--intervals 10,5] [--modes aligned,staggered] [--steps 10,0] [--lag-share 0.1] [--undated-share 0] [--seed 1]
//     [--rescore-all]
//
// The deployment: `sources` dated sources (ids s0000…, placed in that order within a step), each
// publishing `per-hour` items an hour at times spread over the hour (uniform, seeded). About a third
// of the items are copies of an event 2–6 sources report within 20 minutes of each other (the same
// content words reordered, one word changed); the rest are unrelated. Words are the benchmarks'
// synthetic German (Zipf-drawn made-up content words between real function words). An item enters its
// feed 0–2 minutes after its date; a `lag-share` of the sources date items when they are written and
// publish them 5–30 minutes later. A feed lists its newest 20 items. An `undated-share` of the sources
// (0 by default) publish without dates: their items count by the hour they were first seen.
//
// Polling, as the worker does it (a tick every minute runs the sources that are due, stores each
// one's feed in one transaction, then the placer places everything pending, at the tick + 30 s):
// - aligned: every source is due every `interval` minutes on the same minute (the default schedule
//   `*/10 * * * *` with interval 10): one big cycle per interval.
// - staggered: every source every `interval` minutes, but each on its own minute (source i at minute
//   i·7 mod interval), as publisher hints (ttl, Cache-Control), backoff and per-source schedules
//   spread them: a cycle every minute with 1/interval of the sources.
// The first `warmup` hours fill the window and the engine's undo log and are not counted. At the end
// every source is polled once more (not counted) so each run holds the same items, and each run's
// stories are compared with the first run's (merged pairs, bench/support/merged-pairs.ts): the step
// changes the order, so its stories may differ; arrivals with one step should agree 1.000.
//
// Real path: the SQLite store (:memory:), `items.ingest` per source in a transaction, `Placer.placePending`.
// CPU: process.cpuUsage around each placement run (user + system); ingest is reported apart.
// Of the placed again, "re-applied" were put back from their earlier decision without scoring (nothing reached them,
// replacement-reach.ts), the others scored again; `--rescore-all` scores every one again (the engine before that), to
// compare: the members digest (every story's member links) must be the same.
import { createHash } from 'node:crypto';
import os from 'node:os';
import { seededRandom } from '../scripts/eval/seeded-random.js';
import { storyJson } from '../src/cli/print.js';
import { parseConfig } from '../src/config/load-config.js';
import { Placer } from '../src/dedup/placer.js';
import { StoryEngine } from '../src/dedup/story-engine.js';
import type { FeedItem } from '../src/model.js';
import { openStore } from '../src/store/open-store.js';
import { engineSettings } from '../src/worker/settings.js';
import { headlineText, headlineWords, lead, syntheticLanguage } from './generate/synthetic-language.js';
import { agreement, type StoryJson } from './support/merged-pairs.js';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const SOURCES = Number(arg('sources', '1000'));
const PER_HOUR = Number(arg('per-hour', '3'));
const HOURS = Number(arg('hours', '3'));
const WARMUP = Number(arg('warmup', '1'));
const INTERVALS = arg('intervals', '10,5').split(',').map(Number);
const MODES = arg('modes', 'aligned,staggered').split(',') as ('aligned' | 'staggered')[];
const STEPS = arg('steps', '10,0').split(',').map(Number);
const LAG_SHARE = Number(arg('lag-share', '0.1'));
// A share of sources whose feeds carry no dates (their items count by the hour first seen): 0 by default.
const UNDATED_SHARE = Number(arg('undated-share', '0'));
const SEED = arg('seed', '1');
const RESCORE_ALL = process.argv.includes('--rescore-all');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.parse('2026-12-03T06:00:00.000Z');
const END = T0 + HOURS * HOUR;
const MEASURE_FROM = T0 + WARMUP * HOUR;
const FEED_LENGTH = 20;

const ids = Array.from({ length: SOURCES }, (_, i) => `s${String(i).padStart(4, '0')}`);
const config = parseConfig({ sources: ids.map((id) => ({ id, url: `https://${id}.example/feed.rss`, language: 'de' })) }, 'config.json');

// The items: dated, each visible in its feed from `visibleAt`.
interface BenchItem {
  source: number;
  item: FeedItem;
  publishedMs: number;
  visibleAt: number;
}
const random = seededRandom(`dated-replacement/${SEED}`);
const lang = syntheticLanguage('de', 60_000, seededRandom(`dated-replacement/${SEED}/vocabulary`));
const lagging = ids.map(() => random() < LAG_SHARE);
// (Drawn from a generator of its own, so the items are the same whatever the share.)
const undatedDraw = seededRandom(`dated-replacement/${SEED}/undated`);
const undated = ids.map(() => undatedDraw() < UNDATED_SHARE);
const perSource = Math.round(PER_HOUR * HOURS);
// A third of the items are copies: events of 2–6 reports (mean 4), so events ≈ total / 3 / 4.
const total = perSource * SOURCES;
const events = Array.from({ length: Math.round(total / 12) }, () => {
  const { words, content } = headlineWords(lang, 5 + Math.floor(random() * 4), random);
  return { at: T0 + random() * HOURS * HOUR, words, content, lead: lead(lang, 30, random), reports: 2 + Math.floor(random() * 5) };
});
const items: BenchItem[] = [];
const counts = new Array<number>(SOURCES).fill(0);
const make = (source: number, publishedMs: number, title: string, summary: string) => {
  const n = counts[source]!++;
  const url = `https://${ids[source]}.example/meldung/${n}`;
  const delay = lagging[source] ? (5 + random() * 25) * MINUTE : random() * 2 * MINUTE;
  items.push({
    source,
    publishedMs,
    visibleAt: publishedMs + delay,
    item: {
      key: `${ids[source]}-${n}`,
      guid: `${ids[source]}-${n}`,
      url,
      canonicalUrl: url,
      title,
      summary,
      contentHtml: null,
      author: null,
      categories: [],
      // RSS 2.0 dates carry whole seconds.
      published: undated[source] ? null : new Date(Math.floor(publishedMs / 1000) * 1000).toISOString(),
      updated: null,
      enclosures: [],
    },
  });
};
for (const event of events) {
  for (let r = 0; r < event.reports; r++) {
    const source = Math.floor(random() * SOURCES);
    const words = [...event.words];
    // Reworded: the content words rotated, one of them changed.
    const contentAt = event.content.flatMap((c, k) => (c ? [k] : []));
    words[contentAt[Math.floor(random() * contentAt.length)]!] = lang.contentWord(random);
    const shift = Math.floor(random() * words.length);
    make(
      source,
      Math.min(END - 1, event.at + random() * 20 * MINUTE),
      headlineText([...words.slice(shift), ...words.slice(0, shift)]),
      event.lead,
    );
  }
}
for (let source = 0; source < SOURCES; source++) {
  while (counts[source]! < perSource) {
    make(
      source,
      T0 + random() * HOURS * HOUR,
      headlineText(headlineWords(lang, 4 + Math.floor(random() * 5), random).words),
      lead(lang, 30, random),
    );
  }
}
const bySource = ids.map(() => [] as BenchItem[]);
for (const item of items) bySource[item.source]!.push(item);
for (const list of bySource) list.sort((a, b) => b.publishedMs - a.publishedMs);

/** Source `source`'s feed at `at`: its newest FEED_LENGTH visible items. */
const feedAt = (source: number, at: number): FeedItem[] =>
  bySource[source]!.filter((i) => i.visibleAt <= at)
    .slice(0, FEED_LENGTH)
    .map((i) => i.item);

interface Run {
  name: string;
  cycles: number;
  newItems: number;
  placedAgain: number;
  reapplied: number;
  placeCpuMs: number;
  maxCycleCpuMs: number;
  cyclesReplacing: number;
  /** Items placed before a cycle whose story (id) the cycle changed: an upper bound of the re-placements that mattered. */
  moved: number;
  ingestCpuMs: number;
  stories: StoryJson[];
}

const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};

async function run(mode: 'aligned' | 'staggered', interval: number, stepMinutes: number): Promise<Run> {
  const store = await openStore(':memory:');
  const placer = new Placer(
    store,
    new StoryEngine({
      ...engineSettings(config),
      orderStepMs: stepMinutes * MINUTE,
      ...(RESCORE_ALL ? { reapplyUnreached: false } : {}),
    }),
  );
  const result: Run = {
    name: `${mode} every ${interval} min, step ${stepMinutes} min`,
    cycles: 0,
    newItems: 0,
    placedAgain: 0,
    reapplied: 0,
    placeCpuMs: 0,
    maxCycleCpuMs: 0,
    cyclesReplacing: 0,
    moved: 0,
    ingestCpuMs: 0,
    stories: [],
  };
  const offset = (source: number) => (mode === 'aligned' ? 0 : (source * 7) % interval);
  const cycle = async (at: number, due: readonly number[], counted: boolean) => {
    if (due.length === 0) return;
    const ingest = process.cpuUsage();
    for (const source of due) {
      const feed = feedAt(source, at);
      if (feed.length) await store.transaction((s) => s.items.ingest(ids[source]!, 'de', feed, new Date(at).toISOString()));
    }
    const ingestMs = cpuMs(ingest);
    // (Not counted in the placement CPU.)
    const before = counted ? await store.placements.itemStories() : new Map<number, string | null>();
    const reappliedBefore = placer.engine.replaced.reapplied;
    const place = process.cpuUsage();
    const placed = await placer.placePendingCounted(new Date(at + 30_000).toISOString());
    const placeMs = cpuMs(place);
    if (!counted) return;
    const after = await store.placements.itemStories();
    for (const [id, story] of before) if (story !== null && after.get(id) !== story) result.moved++;
    result.cycles++;
    result.ingestCpuMs += ingestMs;
    result.placeCpuMs += placeMs;
    result.maxCycleCpuMs = Math.max(result.maxCycleCpuMs, placeMs);
    for (const n of placed.values()) result.newItems += n;
    result.placedAgain += placer.replacedLastRun;
    result.reapplied += placer.engine.replaced.reapplied - reappliedBefore;
    if (placer.replacedLastRun > 0) result.cyclesReplacing++;
  };
  for (let at = T0; at < END; at += MINUTE) {
    const minute = Math.round((at - T0) / MINUTE);
    await cycle(
      at,
      ids.flatMap((_, source) => ((minute - offset(source)) % interval === 0 ? [source] : [])),
      at >= MEASURE_FROM,
    );
  }
  // Every source once more, so every run ends with the same items (not counted).
  await cycle(
    END + 30 * MINUTE,
    ids.map((_, source) => source),
    false,
  );
  result.stories = (await store.stories.list({ limit: Number.MAX_SAFE_INTEGER })).map(storyJson) as StoryJson[];
  await store.close();
  return result;
}

console.log(
  `${SOURCES} sources (${undated.filter(Boolean).length} undated), ${PER_HOUR} items an hour each (${items.length} items, ${events.length} events of 2–6 reports), ` +
    `${HOURS} h simulated, the first ${WARMUP} h not counted; ${Math.round(LAG_SHARE * 100)} % of sources publish 5–30 min after the date; ` +
    `load ${os.loadavg()[0]!.toFixed(1)}, node ${process.version}`,
);
console.log(
  'run                                       cycles  new items  placed again  re-applied  again/new  cycles re-placing  old items moved  place CPU s  per cycle ms  max cycle ms  ms/new item  ingest CPU s  stories 2+  agreement',
);
const first = new Map<number, StoryJson[]>();
let reference: StoryJson[] | null = null;
for (const interval of INTERVALS) {
  for (const mode of MODES) {
    for (const step of STEPS) {
      const r = await run(mode, interval, step);
      reference ??= r.stories;
      if (!first.has(step)) first.set(step, r.stories);
      const sameStep = agreement(r.stories, first.get(step)!);
      console.log(
        [
          r.name.padEnd(40),
          String(r.cycles).padStart(7),
          String(r.newItems).padStart(10),
          String(r.placedAgain).padStart(13),
          String(r.reapplied).padStart(11),
          (r.placedAgain / Math.max(1, r.newItems)).toFixed(2).padStart(10),
          String(r.cyclesReplacing).padStart(18),
          String(r.moved).padStart(16),
          (r.placeCpuMs / 1000).toFixed(1).padStart(12),
          (r.placeCpuMs / Math.max(1, r.cycles)).toFixed(0).padStart(13),
          r.maxCycleCpuMs.toFixed(0).padStart(13),
          (r.placeCpuMs / Math.max(1, r.newItems)).toFixed(2).padStart(12),
          (r.ingestCpuMs / 1000).toFixed(1).padStart(13),
          String(r.stories.filter((s) => s.items.length >= 2).length).padStart(11),
          `${sameStep.toFixed(3)} (same step) ${agreement(r.stories, reference).toFixed(3)} (first run)`,
          `members ${membersDigest(r.stories)}`,
        ].join(' '),
      );
    }
  }
}

/** A digest of the stories as sets of member links, whatever their ids (two runs with the same stories give the same). */
function membersDigest(stories: readonly StoryJson[]): string {
  const sets = stories
    .map((s) =>
      s.items
        .map((i) => i.url)
        .sort()
        .join(' '),
    )
    .sort();
  return createHash('sha256').update(sets.join('\n')).digest('hex').slice(0, 16);
}
