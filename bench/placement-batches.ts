// How much the stories depend on how the placer batches a poll round (issue 11's end-to-end
// agreement condition), without PostgreSQL or processes: the scale-out bench's feeds (soak feeds,
// every third item an event that sources i, i+100, i+200, … report; sources with i % 10 = 1 fail
// and are left out) are parsed once, then stored and placed through the real SQLite store and
// placer in different arrivals, and each arrival's stories are compared with the reference's as
// the end-to-end check compares them (merged pairs, bench/support/merged-pairs.ts).
//
//   npx tsx bench/placement-batches.ts [--sources 1000] [--seeds 3] [--max-replaced 10000 (the config default; 0: off)] [--dump <folder>: each run's stories as JSON]
//
// Per arrival it also prints how many placed items late ones made the placer place again
// (StoryEngine.tailOf), the CPU seconds of the whole arrival (ingest and placement; the id
// bookkeeping below not counted), and what became of the story ids the arrival published (the
// ids in the store after each placement): "ids gone" no longer name a story at the end (each is
// listed as absorbed by its survivor), "renewed" of them went into a survivor whose id was
// published only after them (a reader sees that story again under a new id).
//
// Arrivals (T is the round's start; a "poll" stores one group of sources, all first seen at the
// poll's start, then places what is pending, as `poll --once` does):
// - thirds: the reference, 3 polls (i % 3 = 0, 1, 2) one minute apart; thirds-reversed: the baseline.
// - one-poll (the second reference): every source in one poll, as the cluster sees them; the thirds
//   in other orders, thirds as blocks of ids, halves, tenths (i % 10 = 0 … 9): other arrivals.
// - cluster-*: what 3 pollers do: sources fetched in claim order (source id) at about 60 a second,
//   each first seen when its fetch starts (jittered by a seeded random few hundred ms; every tenth
//   source answers 2 s later), stored when its answer is in; placed every second (what the placer
//   did before it waited for quiet, `cluster-every-second`) or all at the end of the round
//   (`cluster-one-batch`, what the placement gate does with a round shorter than 30 s).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseConfig } from '../src/config/load-config.js';
import { storyJson } from '../src/cli/print.js';
import { Placer } from '../src/dedup/placer.js';
import { StoryEngine, SUGGESTED_MAX_REPLACED } from '../src/dedup/story-engine.js';
import type { FeedItem } from '../src/model.js';
import { parseFeed } from '../src/parse/parse-feed.js';
import { openStore } from '../src/store/open-store.js';
import { engineSettings } from '../src/worker/settings.js';
import { agreement, storiesOfFourOrMore, type StoryJson } from './support/merged-pairs.js';
import { soakFeed } from './soak-feeds.js';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const SOURCES = Number(arg('sources', '1000'));
const SEEDS = Number(arg('seeds', '3'));
const T = Date.parse('2026-12-03T12:00:00.000Z');

/** One store step: `sources` stored, each at its first-seen time; then (if `place`) everything pending placed at `at`. */
interface Step {
  stores: { source: number; seenAt: number }[];
  placeAt: number | null;
}

const live = Array.from({ length: SOURCES }, (_, i) => i).filter((i) => i % 10 !== 1);
// Re-placement as configured by default (`--max-replaced 0`: off).
const maxReplacedItems = Number(arg('max-replaced', String(SUGGESTED_MAX_REPLACED)));
const config = parseConfig(
  { dedup: { maxReplacedItems }, sources: live.map((i) => ({ id: `q${i}`, url: `https://quelle${i}.example/feed.rss` })) },
  'config.json',
);
const feeds = new Map<number, { language: string | null; items: FeedItem[] }>();
for (const i of live) {
  const feed = await parseFeed(Buffer.from(soakFeed(i, 1, { window: 10, perPoll: 10 })), { fetchedAt: new Date(T).toISOString() });
  feeds.set(i, { language: feed.language, items: feed.items });
}

async function storiesAfter(
  steps: readonly Step[],
): Promise<{ stories: StoryJson[]; placements: number; replaced: number; cpuSeconds: number; idsGone: number; renewed: number }> {
  const cpu = process.cpuUsage();
  let uncounted = 0;
  const store = await openStore(':memory:');
  const placer = new Placer(store, new StoryEngine(engineSettings(config)));
  let placements = 0;
  let replaced = 0;
  // Each story id published (in the store after a placement) with the placement that first published it.
  const publishedAt = new Map<string, number>();
  const storyIds = async (): Promise<Set<string>> =>
    new Set([...(await store.placements.itemStories()).values()].filter((id): id is string => id !== null));
  for (const step of steps) {
    for (const { source, seenAt } of step.stores) {
      const feed = feeds.get(source)!;
      await store.transaction((s) => s.items.ingest(`q${source}`, feed.language, feed.items, new Date(seenAt).toISOString()));
    }
    if (step.placeAt !== null && (await placer.placePending(new Date(step.placeAt).toISOString())).length) {
      placements++;
      const from = process.cpuUsage();
      for (const id of await storyIds()) if (!publishedAt.has(id)) publishedAt.set(id, placements);
      const used = process.cpuUsage(from);
      uncounted += used.user + used.system;
    }
    replaced += placer.replacedLastRun;
  }
  const from = process.cpuUsage();
  const final = await storyIds();
  let idsGone = 0;
  let renewed = 0;
  for (const [id, at] of publishedAt) {
    if (final.has(id)) continue;
    idsGone++;
    const survivor = await store.stories.survivorOf(id);
    if (survivor === undefined || (publishedAt.get(survivor) ?? Infinity) > at) renewed++;
  }
  const bookkeeping = process.cpuUsage(from);
  uncounted += bookkeeping.user + bookkeeping.system;
  // Every soak item has a link, so `url` is never null here.
  const stories = (await store.stories.list({ limit: Number.MAX_SAFE_INTEGER })).map(storyJson) as StoryJson[];
  await store.close();
  const used = process.cpuUsage(cpu);
  return { stories, placements, replaced, cpuSeconds: (used.user + used.system - uncounted) / 1e6, idsGone, renewed };
}

/** Polls of groups, one minute apart, each first seen at its start and placed at its end. */
function polls(groups: readonly number[][]): Step[] {
  return groups.map((group, k) => ({
    stores: group.map((source) => ({ source, seenAt: T + k * 60_000 })),
    placeAt: T + k * 60_000 + 30_000,
  }));
}

/** A seeded generator (mulberry32): the same jitter for the same seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 3 pollers' round: fetches started in claim order (source id as text), stored when answered; placed every second or once at the end. */
function cluster(seed: number, placeEvery: 'second' | 'round'): Step[] {
  const next = random(seed);
  const claimOrder = live.map((i) => `q${i}`).sort();
  const fetches = claimOrder.map((id, n) => {
    const source = Number(id.slice(1));
    const seenAt = T + Math.round((n / 60) * 1000 + next() * 400);
    const answeredAt = seenAt + 50 + Math.round(next() * 300) + (source % 10 === 0 ? 2_000 : 0);
    return { source, seenAt, answeredAt };
  });
  fetches.sort((a, b) => a.answeredAt - b.answeredAt);
  const end = fetches.at(-1)!.answeredAt;
  if (placeEvery === 'round') return [{ stores: fetches, placeAt: end + 1_000 }];
  const steps: Step[] = [];
  for (let second = T + 1_000; second <= end + 1_000; second += 1_000) {
    steps.push({ stores: fetches.filter((f) => f.answeredAt <= second && f.answeredAt > second - 1_000), placeAt: second });
  }
  return steps;
}

const byRemainder = (k: number) => Array.from({ length: k }, (_, t) => live.filter((i) => i % k === t));
// Two references: the sources in thirds (the end-to-end check's before 2026-12-03) and all in one poll.
const reference = await storiesAfter(polls(byRemainder(3)));
const onePoll = await storiesAfter(polls([live]));
console.log(`${SOURCES} sources (${live.length} answering), load ${os.loadavg()[0]!.toFixed(1)}`);
console.log(
  `reference thirds: ${storiesOfFourOrMore(reference.stories)} stories of 4+ items, ${reference.cpuSeconds.toFixed(1)} CPU s, ids gone ${reference.idsGone}, renewed ${reference.renewed}`,
);
console.log(`one poll: ${storiesOfFourOrMore(onePoll.stories)} stories of 4+ items, ${onePoll.cpuSeconds.toFixed(1)} CPU s`);
console.log(
  'arrival                       agreement with: thirds  one poll   stories of 4+   placements   placed again   CPU s   ids gone   renewed',
);
const dump = arg('dump', '');
if (dump) writeFileSync(`${dump}/reference.json`, JSON.stringify(reference.stories));
const report = async (name: string, steps: Step[]) => {
  const run = await storiesAfter(steps);
  if (dump) writeFileSync(`${dump}/${name.split(' (')[0]!.replace(/ /g, '-')}.json`, JSON.stringify(run.stories));
  const [a, b] = [agreement(run.stories, reference.stories), agreement(run.stories, onePoll.stories)];
  console.log(
    `${name.padEnd(28)} ${a.toFixed(3).padStart(23)} ${b.toFixed(3).padStart(9)} ${String(storiesOfFourOrMore(run.stories)).padStart(15)} ${String(run.placements).padStart(12)} ${String(run.replaced).padStart(14)} ${run.cpuSeconds.toFixed(1).padStart(7)} ${String(run.idsGone).padStart(10)} ${String(run.renewed).padStart(9)}`,
  );
};
await report('thirds-reversed (baseline)', polls(byRemainder(3).reverse()));
// The other orders of the thirds, and thirds cut otherwise: how far arrival alone moves the stories.
const thirds = byRemainder(3);
for (const order of [
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
])
  await report(`thirds ${order.join('')}`, polls(order.map((k) => thirds[k]!)));
const blocks = [0, 1, 2].map((k) => live.filter((i) => Math.floor((i * 3) / SOURCES) === k));
await report('blocks', polls(blocks));
await report('blocks-reversed', polls([...blocks].reverse()));
await report('halves', polls(byRemainder(2)));
await report('tenths', polls(byRemainder(10)));
for (let seed = 1; seed <= SEEDS; seed++) {
  await report(`cluster-every-second ${seed}`, cluster(seed, 'second'));
  await report(`cluster-one-batch ${seed}`, cluster(seed, 'round'));
}
