// `npx tsx scripts/arrival-order-agreement.ts [--orders=2,3,4,5] [--polls=1] [--data=/work/shared/eval] [--diff]`: how much the
// stories of UCI-cal (CALIBRATION only) change when every source publishes a few seconds later, in this process, straight through
// the store and the placer (as calibrate-engine.ts). Order 0 keeps the data's own times; each retimed order k delays every source by
// the seeded whole seconds the real-path eval draws for its order k (arrival-order.ts `sourceDelaysMs`, seed "UCI-cal"). Prints P
// and R per order and the merged-pair agreement (EVAL.md "Agreement") of each retimed order with the own-time order, then the
// min and median. `--polls=N` reveals the items in N polls in time order (incremental, late items taking placements back).
// `--diff` lists, per retimed order, the largest story differences against the own-time order. Never point it at a held-out set.
import path from 'node:path';
import { Placer } from '../src/dedup/placer.js';
import { StoryEngine } from '../src/dedup/story-engine.js';
import { openStore } from '../src/store/open-store.js';
import { revealTimes, sourceDelaysMs } from './eval/arrival-order.js';
import { clusterScores, mergedPairAgreement, spread } from './eval/cluster-scores.js';
import { servedTimeMs } from './eval/feed-document.js';
import { labelledFeedItem } from './eval/labelled-feed-item.js';
import { redatingShift, sourceFormats, type LabelledItem } from './eval/real-path-run.js';
import { uciHalf, uciItems } from './eval/sets/uci-set.js';
import { printStoryDifferences } from './eval/story-differences.js';

const option = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const evalDir = path.resolve(option('data') ?? path.join(import.meta.dirname, '../../shared/eval'));
const retimedOrders = (option('orders') ?? '2,3,4,5').split(',').map(Number);
const polls = Math.max(1, Number(option('polls') ?? 1));
const WINDOW_HOURS = 72;
/** The eval's seed for UCI-cal's orders (evaluate-uci.ts names the measurement so). */
const SEED = 'UCI-cal';

/** Places `items` (published at `publishedMs`) in `polls` polls as they appear; returns each item's story. */
async function placeInPolls(items: readonly LabelledItem[], publishedMs: readonly number[], now: number): Promise<string[]> {
  const store = await openStore(':memory:');
  try {
    const sources = new Map(
      [...new Set(items.map((i) => i.source))].map((id) => [id, { priority: 0, dedup: true, language: 'en' as string | undefined }]),
    );
    const placer = new Placer(store, new StoryEngine({ sources, threshold: 0.5, windowHours: WINDOW_HOURS }));
    const shown = new Set<number>();
    const cuts = revealTimes(publishedMs, polls);
    for (const [k, cut] of cuts.entries()) {
      const at = new Date(k === cuts.length - 1 ? now : cut + 60_000).toISOString();
      const bySource = new Map<string, LabelledItem[]>();
      items.forEach((item, i) => {
        if (shown.has(i) || publishedMs[i]! > cut) return;
        shown.add(i);
        bySource.set(item.source, [...(bySource.get(item.source) ?? []), { ...item, publishedMs: publishedMs[i]! }]);
      });
      await store.transaction(async (session) => {
        for (const [source, list] of bySource) await session.items.ingest(source, 'en', list.map(labelledFeedItem), at);
      });
      await placer.placePending(at);
    }
    const stories = await store.placements.itemStories();
    const result: string[] = [];
    for (const item of items) result.push(stories.get((await store.items.findByReference(item.id))[0]!.id) ?? `missing-${item.id}`);
    return result;
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const items = uciItems(evalDir).filter((i) => uciHalf(i.label) === 'cal');
  const formats = sourceFormats(items);
  const labels = items.map((i) => i.label);
  const now = Date.parse('2026-12-01T12:00:00Z');
  /** The times the poller reads in order `index`: delayed by the source's draw, re-dated to end 5 minutes before `now`, as served. */
  const timesOf = (index: number): number[] => {
    const delays = sourceDelaysMs(
      items.map((i) => i.source),
      index,
      SEED,
    );
    const delayed = items.map((i) => i.publishedMs + delays.get(i.source)!);
    const shift = redatingShift(Math.max(...delayed), now);
    return items.map((i, k) => servedTimeMs(formats.get(i.source)!, delayed[k]! + shift));
  };
  const runs: { order: number; predicted: string[] }[] = [];
  for (const order of [0, ...retimedOrders]) {
    const started = performance.now();
    const predicted = await placeInPolls(items, timesOf(order), now);
    const s = clusterScores({ labels, predicted });
    const agreement = order === 0 ? 1 : mergedPairAgreement(runs[0]!.predicted, predicted);
    runs.push({ order, predicted });
    console.log(
      `UCI-cal order ${order}${order === 0 ? ' (own times)' : ' (retimed)'}, ${polls} poll(s): P ${s.p.toFixed(3)} R ${s.r.toFixed(3)} pairs ${s.predictedPairs}` +
        `${order === 0 ? '' : ` agreement with own times ${agreement.toFixed(3)}`} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    if (order !== 0 && process.argv.includes('--diff')) printStoryDifferences(items, runs[0]!.predicted, predicted);
  }
  const retimed = runs.slice(1).map((run) => mergedPairAgreement(runs[0]!.predicted, run.predicted));
  if (retimed.length) {
    const { min, median } = spread(retimed);
    const between = [];
    for (let i = 1; i < runs.length; i++)
      for (let j = i + 1; j < runs.length; j++) between.push(mergedPairAgreement(runs[i]!.predicted, runs[j]!.predicted));
    const all = [...retimed, ...between];
    console.log(
      `agreement with own times over ${retimed.length} retimed orders: min ${min.toFixed(3)} median ${median.toFixed(3)}; ` +
        `over every pair of runs: min ${Math.min(...all).toFixed(3)} median ${spread(all).median.toFixed(3)}`,
    );
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
