// `npx tsx scripts/calibrate-engine.ts [--thresholds=0.3,0.4,0.5] [--stsb-limit=N] [--only=uci,stsb,semeval,semeval-window] [--phases=N] [--list]`: a quick
// threshold sweep over the CALIBRATION sets only (UCI-cal: one poll of every item; STSb and SemEval-de: each pair alone;
// semeval-window: the SemEval-de articles among the eval's background news, one poll, as EVAL.md's "(a) window"), in this
// process, straight through the store and the placer (no feeds, no HTTP: minutes, not an hour). For
// choosing `dedup.threshold`; the figures to report come from `npm run eval` through the real path.
// Never point it at a held-out set.
import path from 'node:path';
import { Placer } from '../src/dedup/placer.js';
import { SCORE_SETTINGS } from '../src/dedup/score-story.js';
import { StoryEngine } from '../src/dedup/story-engine.js';
import type { DedupDecision, StoredItem } from '../src/model.js';
import { openStore } from '../src/store/open-store.js';
import { clusterScores } from './eval/cluster-scores.js';
import { labelledFeedItem } from './eval/labelled-feed-item.js';
import { servedTimeMs } from './eval/feed-document.js';
import { redatingShift, sourceFormats, type LabelledItem } from './eval/real-path-run.js';
import { semevalWindowStream } from './eval/sets/evaluate-semeval.js';
import { semevalDifferentFrom, semevalPairs, semevalSameUpTo } from './eval/sets/semeval-set.js';
import { stsbApartUpTo, stsbMergeFrom, stsbRows } from './eval/sets/stsb-set.js';
import { uciHalf, uciItems } from './eval/sets/uci-set.js';

const option = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const thresholds = (option('thresholds') ?? '0.5').split(',').map(Number);
const only = (option('only') ?? 'uci,stsb').split(',');
const stsbLimit = Number(option('stsb-limit') ?? Infinity);
const evalDir = path.resolve(option('data') ?? path.join(import.meta.dirname, '../../shared/eval'));
const WINDOW_HOURS = 72;

/** Every item ingested at once (one poll), placed once; returns each item's story. */
async function placeAll(
  items: readonly LabelledItem[],
  threshold: number,
  now: number,
  show = false,
  decided?: (decisions: readonly DedupDecision[]) => void,
): Promise<string[]> {
  const store = await openStore(':memory:');
  try {
    const bySource = new Map<string, LabelledItem[]>();
    for (const item of items) bySource.set(item.source, [...(bySource.get(item.source) ?? []), item]);
    const sources = new Map(
      [...bySource.keys()].map((id) => [
        id,
        { priority: 0, dedup: true, language: items.find((i) => i.source === id)?.language ?? undefined },
      ]),
    );
    const at = new Date(now).toISOString();
    await store.transaction(async (session) => {
      for (const [source, list] of bySource)
        await session.items.ingest(source, sources.get(source)?.language ?? null, list.map(labelledFeedItem), at);
    });
    const decisions = await new Placer(store, new StoryEngine({ sources, threshold, windowHours: WINDOW_HOURS })).placePending(at);
    decided?.(decisions);
    if (show)
      for (const d of decisions) if (d.rule !== 'new-story' || d.components['nearestScore'] !== undefined) console.log(JSON.stringify(d));
    if (process.argv.includes('--show-uci')) {
      const byId = new Map<number, StoredItem>();
      for (const it of await store.items.byIds(decisions.map((d) => d.itemId))) byId.set(it.id, it);
      const labelOf = new Map(items.map((i) => [i.id, i.label]));
      let shown = 0;
      for (const d of decisions) {
        const other = d.matchedItemId ?? (d.components['nearestItemId'] as number | undefined);
        if (other === undefined || shown > 40) continue;
        const a = byId.get(d.itemId)!;
        const b = byId.get(other)!;
        const same = labelOf.get(a.key) === labelOf.get(b.key);
        if (same === (d.rule !== 'new-story')) continue;
        shown++;
        console.log(
          `${same ? 'MISSED' : 'FALSE'} ${d.score || d.components['nearestScore']} ${d.components['sharedTerms'] ?? d.components['nearest.sharedTerms']} E=${d.components['nearest.expectedBits']} M=${d.components['nearest.normaliserBits'] ?? d.components['normaliserBits']} v=${d.components['nearest.evidenceView']} veto=${d.components['candidatesBelowBound']}\n   ${a.title}\n   ${b.title}`,
        );
      }
    }
    if (process.argv.includes('--uci-misses')) await listUciMisses(store, decisions, items);
    const stories = await store.placements.itemStories();
    const idOf = new Map<string, number>();
    for (const item of items) idOf.set(item.id, (await store.items.findByReference(item.id))[0]!.id);
    return items.map((item) => stories.get(idOf.get(item.id)!) ?? `missing-${item.id}`);
  } finally {
    await store.close();
  }
}

/**
 * `--uci-misses` (UCI-cal only): every item that founded a story although an item of its label came before it, with its
 * nearest candidate (same label or not), that candidate's score and evidence; then each label's fragments and the same-story
 * pairs they lose. For grouping the engine's misses by the evidence it does not use.
 */
async function listUciMisses(
  store: Awaited<ReturnType<typeof openStore>>,
  decisions: readonly DedupDecision[],
  items: readonly LabelledItem[],
): Promise<void> {
  const byId = new Map<number, StoredItem>();
  for (const it of await store.items.byIds(decisions.map((d) => d.itemId))) byId.set(it.id, it);
  const labelOf = new Map(items.map((i) => [i.id, i.label]));
  const label = (id: number): string => labelOf.get(byId.get(id)?.key ?? '') ?? '?';
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  for (const d of decisions) {
    const own = label(d.itemId);
    const before = seen.has(own);
    seen.add(own);
    if (d.rule !== 'new-story' && d.matchedItemId !== null && label(d.matchedItemId) !== own) {
      counts.set('FALSE MERGE', (counts.get('FALSE MERGE') ?? 0) + 1);
      console.log(
        `FALSE ${d.rule} ${d.score.toFixed(3)} ${d.components['sharedTerms'] ?? ''}\n   ${byId.get(d.itemId)?.title}\n   ${byId.get(d.matchedItemId)?.title}`,
      );
    }
    if (d.rule !== 'new-story' || !before) continue;
    const nearestId = d.components['nearestItemId'] as number | undefined;
    const score = Number(d.components['nearestScore'] ?? 0);
    const vetoes = Object.keys(d.components)
      .filter((k) => /Conflict|Apart$/.test(k) && d.components[k] === true)
      .map((k) => k.replace('nearest.', ''));
    const cause =
      nearestId === undefined
        ? 'no candidate'
        : label(nearestId) !== own
          ? 'nearest is another story'
          : vetoes.length
            ? `vetoed: ${vetoes.join(' ')}`
            : score >= 0.35
              ? 'same story, scored 0.35-0.5'
              : score >= 0.15
                ? 'same story, scored 0.15-0.35'
                : 'same story, scored below 0.15';
    counts.set(cause, (counts.get(cause) ?? 0) + 1);
    console.log(
      `MISS [${cause}] ${score.toFixed(3)} ${d.components['nearest.sharedTerms'] ?? ''}\n   ${byId.get(d.itemId)?.title}\n   ${nearestId === undefined ? '-' : byId.get(nearestId)?.title}`,
    );
  }
  for (const [cause, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`${n}\t${cause}`);
  // Each label's fragments (largest first) and the same-story pairs lost between them, most lost first.
  const stories = await store.placements.itemStories();
  const fragments = new Map<string, Map<string, number[]>>();
  for (const d of decisions) {
    const story = stories.get(d.itemId) ?? d.storyId;
    const byStory = fragments.get(label(d.itemId)) ?? new Map<string, number[]>();
    byStory.set(story, [...(byStory.get(story) ?? []), d.itemId]);
    fragments.set(label(d.itemId), byStory);
  }
  const lost = [...fragments].map(([name, byStory]) => {
    const sizes = [...byStory.values()].map((ids) => ids.length);
    const all = sizes.reduce((a, b) => a + b, 0);
    return { name, byStory, pairs: (all * all - sizes.reduce((a, n) => a + n * n, 0)) / 2, all };
  });
  for (const { name, byStory, pairs, all } of lost.sort((a, b) => b.pairs - a.pairs).slice(0, 25)) {
    const parts = [...byStory.values()].sort((a, b) => b.length - a.length);
    console.log(
      `LABEL ${name}: ${all} items, ${parts.length} stories, ${pairs} pairs lost; sizes ${parts
        .map((p) => p.length)
        .slice(0, 20)
        .join(' ')}`,
    );
    for (const ids of parts.slice(0, 6))
      console.log(
        `   [${ids.length}] ${ids
          .slice(0, 3)
          .map((id) => byId.get(id)?.title)
          .join(' | ')}`,
      );
  }
}

// --set=name:value,… overrides SCORE_SETTINGS for a sweep (e.g. --set=largerShare:0.5,minSharedBits:14).
for (const pair of option('set')?.split(',') ?? []) {
  const [name, value] = pair.split(':');
  (SCORE_SETTINGS as Record<string, number>)[name!] = Number(value);
}

async function main(): Promise<void> {
  if (only.includes('uci')) {
    const all = uciItems(evalDir).filter((i) => uciHalf(i.label) === 'cal');
    // Re-dated as the real path does (real-path-run.ts): by whole seconds to end 5 minutes before "now", each item at the
    // time its feed gives (RSS 2.0: whole seconds), so the items are placed in the order the poller places them. The
    // placement follows that order down to the millisecond (which item founds a story, whose headline holds its figures):
    // a replay at exact times measured R 0.328 where the real path's poll measured 0.308. `--phases=N` moves every item by
    // k/N s (k < N) before the feeds round it: N other samples of that order, for the spread of the figure.
    const last = Math.max(...all.map((i) => i.publishedMs));
    const now = Date.parse('2026-12-01T12:00:00Z');
    const formats = sourceFormats(all);
    const phases = Math.max(1, Number(option('phases') ?? 1));
    for (const threshold of thresholds) {
      const runs: { p: number; r: number }[] = [];
      for (let k = 0; k < phases; k++) {
        const shift = redatingShift(last, now) - Math.round((k * 1000) / phases);
        const items = all.map((i) => ({ ...i, publishedMs: servedTimeMs(formats.get(i.source)!, i.publishedMs + shift) }));
        const started = performance.now();
        const s = clusterScores({ labels: items.map((i) => i.label), predicted: await placeAll(items, threshold, now) });
        runs.push(s);
        console.log(
          `UCI-cal t=${threshold}${phases > 1 ? ` phase ${k}/${phases} s` : ''}: P ${s.p.toFixed(3)} R ${s.r.toFixed(3)} F1 ${s.f1.toFixed(3)} pairs ${s.predictedPairs} (${s.truePairs} true) (${((performance.now() - started) / 1000).toFixed(1)} s)`,
        );
      }
      if (phases > 1)
        console.log(
          `UCI-cal t=${threshold} over ${phases} phases: ${(['p', 'r'] as const)
            .map((m) => {
              const v = runs.map((run) => run[m]);
              return `${m.toUpperCase()} mean ${(v.reduce((a, b) => a + b, 0) / phases).toFixed(3)} (${Math.min(...v).toFixed(3)}–${Math.max(...v).toFixed(3)})`;
            })
            .join(', ')}`,
        );
    }
  }
  if (only.includes('semeval')) {
    const pairs = semevalPairs(evalDir);
    for (const threshold of thresholds) {
      let same = 0;
      let sameMerged = 0;
      let different = 0;
      let differentMerged = 0;
      for (const pair of pairs) {
        const newest = Math.max(pair.a.publishedMs, pair.b.publishedMs);
        const now = newest + 300_000;
        const items: LabelledItem[] = [pair.a, pair.b].map((a, n) => ({
          id: `${pair.id}-${n}`,
          source: a.outlet.replace(/[^A-Za-z0-9]+/g, '-'),
          label: 'pair',
          title: a.title,
          summary: a.lead,
          url: a.url,
          publishedMs: a.publishedMs,
          language: 'de',
        }));
        if (process.argv.includes('--show')) console.log(`pair ${pair.id} overall ${pair.overall}`);
        const [a, b] = await placeAll(items, threshold, now, process.argv.includes('--show'));
        if (pair.overall <= semevalSameUpTo) {
          same++;
          if (a === b) sameMerged++;
        } else if (pair.overall >= semevalDifferentFrom) {
          different++;
          if (a === b) differentMerged++;
        }
      }
      console.log(
        `SemEval-de pairs alone t=${threshold}: ${sameMerged}/${same} same merged, ${differentMerged}/${different} different merged`,
      );
    }
  }
  if (only.includes('semeval-window')) {
    const pairs = semevalPairs(evalDir);
    const { stream } = semevalWindowStream(pairs, evalDir, WINDOW_HOURS);
    // Polled 5 minutes after the newest item, as the eval's run (real-path-run.ts `endsMinutesBeforeRun`).
    const now = Math.max(...stream.map((i) => i.publishedMs)) + 300_000;
    for (const threshold of thresholds) {
      const predicted = await placeAll(stream, threshold, now);
      const storyOf = new Map(stream.map((item, i) => [item.id, predicted[i]!]));
      const backgroundStories = new Set(stream.flatMap((item, i) => (item.id.startsWith('background-') ? [predicted[i]!] : [])));
      let same = 0;
      let sameMerged = 0;
      let different = 0;
      let differentMerged = 0;
      const missed: string[] = [];
      for (const pair of pairs) {
        const merged = storyOf.get(`semeval-${pair.a.id}`) === storyOf.get(`semeval-${pair.b.id}`);
        if (pair.overall <= semevalSameUpTo) {
          same++;
          if (merged) sameMerged++;
          else missed.push(pair.id);
        } else if (pair.overall >= semevalDifferentFrom) {
          different++;
          if (merged) differentMerged++;
        }
      }
      const intoBackground = stream.filter((i) => i.id.startsWith('semeval-') && backgroundStories.has(storyOf.get(i.id)!)).length;
      console.log(
        `SemEval-de window t=${threshold}: ${sameMerged}/${same} same merged, ${differentMerged}/${different} different merged, ${intoBackground} articles merged into background (${stream.length.toLocaleString('en')} items; same pairs missed: ${missed.join(', ') || 'none'})`,
      );
    }
  }
  if (only.includes('stsb')) {
    const rows = stsbRows(evalDir).slice(0, stsbLimit);
    for (const threshold of thresholds) {
      let tp = 0;
      let fp = 0;
      let pos = 0;
      let neg = 0;
      // Per source file: headline pairs are what the engine meets without leads; MSRpar and deft-news pairs are sentences
      // of one news cluster, often one event's two statements (labelled different, one story to a reader).
      const bySource = new Map<string, { tp: number; fp: number; pos: number }>();
      for (const [i, row] of rows.entries()) {
        const now = Date.parse('2026-12-01T12:00:00Z');
        const pair: LabelledItem[] = [1, 2].map((n) => ({
          id: `stsb-${i}-${n}`,
          source: n === 1 ? 'feed-a' : 'feed-b',
          label: 'pair',
          title: n === 1 ? row.de_sentence1 : row.de_sentence2,
          summary: '',
          url: null,
          publishedMs: now - 300_000,
          language: 'de',
        }));
        let joined: DedupDecision | undefined;
        const [a, b] = await placeAll(pair, threshold, now, false, (ds) => (joined = ds.find((d) => d.rule !== 'new-story')));
        const merged = a === b;
        // --list: each false merge (a pair graded different, merged) on one line with the evidence that carried it.
        if (process.argv.includes('--list') && merged && row.score <= stsbApartUpTo && joined !== undefined) {
          const c = joined.components;
          console.log(
            `FALSE ${row.source_file} ${row.score} ${joined.rule} ${joined.score.toFixed(3)} view=${c['evidenceView']} shared=${c['sharedTerms']}\n   ${row.de_sentence1}\n   ${row.de_sentence2}`,
          );
        }
        if (
          process.argv.includes('--show') &&
          merged !== row.score >= stsbMergeFrom &&
          (row.score >= stsbMergeFrom || row.score <= stsbApartUpTo)
        ) {
          console.log(`${merged ? 'FALSE MERGE' : 'MISSED'} ${row.score}: ${row.de_sentence1} | ${row.de_sentence2}`);
          await placeAll(pair, threshold, now, true);
        }
        const source = bySource.get(row.source_file) ?? { tp: 0, fp: 0, pos: 0 };
        bySource.set(row.source_file, source);
        if (row.score >= stsbMergeFrom) {
          pos++;
          source.pos++;
          if (merged) tp++;
          if (merged) source.tp++;
        } else if (row.score <= stsbApartUpTo) {
          neg++;
          if (merged) fp++;
          if (merged) source.fp++;
        }
      }
      console.log(
        `STSb t=${threshold}: P ${(tp / Math.max(1, tp + fp)).toFixed(3)} R ${(tp / Math.max(1, pos)).toFixed(3)} (${tp}/${pos} merged, ${fp}/${neg} negatives merged; ${[
          ...bySource,
        ]
          .map(([name, s]) => `${name} P ${(s.tp / Math.max(1, s.tp + s.fp)).toFixed(3)} R ${(s.tp / Math.max(1, s.pos)).toFixed(3)}`)
          .join(', ')})`,
      );
    }
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
