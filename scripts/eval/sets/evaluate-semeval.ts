// SemEval-2022 German pairs: (a) all 32 articles as one stream inside a populated German window of
// background news, in several arrival orders and incrementally; (b) each pair alone in an empty database.
import { keyBaseline, linkKey, titleDice, titleKey } from '../baselines.js';
import { pairPrecisionRecall, spread, type PairOutcome } from '../cluster-scores.js';
import { f3, spreadCell, verdictOf, type SetReport, type SummaryRow } from '../eval-report.js';
import { measureStream, progress, type StreamMeasurement } from '../measure-stream.js';
import { runRealPath, sourceIdOf, type LabelledItem } from '../real-path-run.js';
import type { EvalContext } from './eval-context.js';
import { semevalDifferentFrom, semevalPairs, semevalSameUpTo, type SemevalArticleItem, type SemevalPair } from './semeval-set.js';
import { stsbRows, stsbSentences } from './stsb-set.js';

const goal = '≥ 8/9 same merged, 0/2 different';
export const backgroundFeeds = 12;

function articleItem(article: SemevalArticleItem, label: string): LabelledItem {
  return {
    id: `semeval-${article.id}`,
    source: sourceIdOf(article.outlet),
    label,
    title: article.title,
    summary: article.lead,
    url: article.url,
    publishedMs: article.publishedMs,
    language: 'de',
  };
}

/** The 32 articles (each once; an article in two pairs is one item) labelled by the same-story pairs joined transitively. */
function articleItems(pairs: readonly SemevalPair[]): LabelledItem[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    while (parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  const articles = new Map<string, SemevalArticleItem>();
  for (const p of pairs)
    for (const a of [p.a, p.b]) {
      articles.set(a.id, a);
      if (!parent.has(a.id)) parent.set(a.id, a.id);
    }
  for (const p of pairs) if (p.overall <= semevalSameUpTo) parent.set(find(p.a.id), find(p.b.id));
  return [...articles.values()].map((a) => articleItem(a, `article-${find(a.id)}`));
}

/**
 * The background: the distinct STSb German sentences (news of other years, unrelated to every pair),
 * spread evenly over the window before the newest article (one hour short of it, so that none is
 * already outside the window at the poll), dealt round-robin to several feeds.
 */
function backgroundItems(sentences: readonly string[], newestMs: number, windowHours: number): LabelledItem[] {
  const span = (windowHours - 1) * 3_600_000;
  return sentences.map((title, i) => ({
    id: `background-${i}`,
    source: `background-${String((i % backgroundFeeds) + 1).padStart(2, '0')}`,
    label: `background-${i}`,
    title,
    summary: '',
    url: null,
    publishedMs: newestMs - span + Math.floor((span * i) / Math.max(1, sentences.length - 1)),
    language: 'de',
  }));
}

/** The window of (a): the articles among the background, in time order (scripts/calibrate-engine.ts `--only=semeval-window` places the same). */
export function semevalWindowStream(
  pairs: readonly SemevalPair[],
  evalDir: string,
  windowHours: number,
): { articles: LabelledItem[]; background: LabelledItem[]; stream: LabelledItem[] } {
  const articles = articleItems(pairs);
  const newest = Math.max(...articles.map((a) => a.publishedMs));
  const background = backgroundItems(stsbSentences(stsbRows(evalDir)), newest, windowHours);
  const stream = [...articles, ...background].sort((a, b) => a.publishedMs - b.publishedMs || a.id.localeCompare(b.id));
  return { articles, background, stream };
}

interface PairRunOutcome {
  merged: boolean[];
  intoBackground: number;
}

function pairOutcomes(pairs: readonly SemevalPair[], items: readonly LabelledItem[], predicted: readonly string[]): PairRunOutcome {
  const storyOf = new Map(items.map((item, i) => [item.id, predicted[i]!]));
  const backgroundStories = new Set(items.flatMap((item, i) => (item.id.startsWith('background-') ? [predicted[i]!] : [])));
  const articleIds = new Set(pairs.flatMap((p) => [p.a.id, p.b.id]));
  return {
    merged: pairs.map((p) => storyOf.get(`semeval-${p.a.id}`) === storyOf.get(`semeval-${p.b.id}`)),
    intoBackground: [...articleIds].filter((id) => backgroundStories.has(storyOf.get(`semeval-${id}`)!)).length,
  };
}

const counts = (o: PairOutcome): string => `${o.merged}/${o.positives} same, ${o.mergedNegatives}/${o.negatives} different`;
const meets = (o: PairOutcome): boolean => o.merged >= 8 && o.mergedNegatives === 0;

/** Same-story pairs merged over the runs as "min / median / max" counts ("6/9" when every run agrees). */
function countSpread(outcomes: readonly PairOutcome[]): string {
  const s = spread(outcomes.map((o) => o.merged));
  const of = outcomes[0]?.positives ?? 0;
  return s.min === s.max ? `${s.min}/${of}` : `${s.min}/${of} / ${s.median}/${of} / ${s.max}/${of}`;
}

/** SemEval (a) in a populated window, every order and the incremental mode, and (b) each pair alone; with the offline baselines. */
export async function evaluateSemeval(context: EvalContext): Promise<SetReport> {
  const pairs = semevalPairs(context.evalDir);
  const positive = pairs.map((p) => p.overall <= semevalSameUpTo);
  const negative = pairs.map((p) => p.overall >= semevalDifferentFrom);
  const { articles, background, stream } = semevalWindowStream(pairs, context.evalDir, context.windowHours);
  const summary: SummaryRow[] = [];
  const timings: SetReport['timings'] = [];
  const section = [
    '## SemEval-2022 Task 8, German pairs (*calibration*)',
    '',
    `Data: ../shared/eval/semeval2022-de, ${pairs.length} German article pairs (title + lead) from the official training batch, rated 1–4`,
    `by annotators; same story = Overall ≤ ${semevalSameUpTo} (${positive.filter(Boolean).length} pairs), different = Overall ≥ ${semevalDifferentFrom} (${negative.filter(Boolean).length} pairs), the rest not scored.`,
    "Each outlet is a source; a missing publication date takes the other article's.",
    '',
    `(a) **Populated window**: the ${articles.length} articles as one stream among ${background.length.toLocaleString('en')} German background items (the distinct STSb de`,
    `sentences, news of other years and unrelated to every pair), spread evenly over the ${context.windowHours - 1} h before the newest article in ${backgroundFeeds}`,
    'background feeds, all served on 127.0.0.1 and polled by the CLI. A "background merge" is an article that ends up in a story',
    'with a background item (always false). (b) **Pairs alone**: each pair in an empty database, polled by the CLI (one order).',
    '',
  ];
  const modes = [1, ...(context.incrementalPolls ? [context.incrementalPolls] : [])];
  const measurements: { m: StreamMeasurement; outcomes: { o: PairOutcome; intoBackground: number; merged: boolean[] }[] }[] = [];
  for (const polls of modes) {
    const m = await measureStream(stream, { name: 'SemEval window', orders: context.orders, polls, server: context.server });
    timings.push({ part: `SemEval window, ${polls === 1 ? 'one poll' : `${polls} polls`} × ${context.orders} orders`, seconds: m.seconds });
    const outcomes = m.runs.map((run) => {
      const r = pairOutcomes(pairs, stream, run.result.predicted);
      return { o: pairPrecisionRecall(r.merged, positive, negative), intoBackground: r.intoBackground, merged: r.merged };
    });
    measurements.push({ m, outcomes });
    summary.push({
      set: 'SemEval-de (a) window',
      role: 'calibration',
      method: `${polls === 1 ? 'one poll' : `${polls} polls (incremental)`}, ${m.runs.length} order${m.runs.length > 1 ? 's' : ''}`,
      p: spreadCell(outcomes.map((x) => x.o.p)),
      r: countSpread(outcomes.map((x) => x.o)),
      f1: '–',
      agreement: m.runs.length > 1 ? f3(m.agreement) : '–',
      goal: `${goal}; background merges`,
      verdict: m.complete
        ? `${verdictOf(outcomes.map((x) => meets(x.o)))}; background merges per order: ${outcomes.map((x) => x.intoBackground).join(', ')}`
        : 'INVALID: items lost or duplicated',
    });
    section.push(
      `**(a) ${polls === 1 ? 'one poll' : `${polls} polls as the items appear`}**`,
      '',
      '| order | same-story pairs merged | different pairs merged | pair precision | articles merged into background | background items merged with each other | items out once | wall s |',
      '|---|---|---|---|---|---|---|---|',
      ...m.runs.map((run, i) => {
        const x = outcomes[i]!;
        const bgPredicted = stream.flatMap((item, k) => (item.id.startsWith('background-') ? [run.result.predicted[k]!] : []));
        const bgMerged = bgPredicted.length - new Set(bgPredicted).size;
        const once = run.result.predicted.length - run.result.missing.length - run.result.duplicated.length;
        return `| ${i === 0 ? '1 (as given)' : `${i + 1} (shuffled)`} | ${x.o.merged}/${x.o.positives} | ${x.o.mergedNegatives}/${x.o.negatives} | ${f3(x.o.p)} | ${x.intoBackground} | ${bgMerged} | ${once.toLocaleString('en')} of ${run.result.predicted.length.toLocaleString('en')} | ${(run.result.wallMs / 1000).toFixed(1)} |`;
      }),
      '',
      `${m.runs.length > 1 ? `Agreement of merged pairs between orders (all items, min over run pairs): ${f3(m.agreement)}. ` : ''}${m.complete ? 'Every input item came out exactly once in every run.' : 'NOT every input item came out exactly once (these figures are not valid).'}`,
      '',
    );
  }

  // (b) each pair alone.
  const started = performance.now();
  const alone: boolean[] = [];
  let aloneComplete = true;
  for (const [i, pair] of pairs.entries()) {
    const items = [articleItem(pair.a, 'a'), articleItem(pair.b, 'b')].sort((x, y) => x.publishedMs - y.publishedMs);
    const result = await runRealPath(items, { name: `semeval-pair-${i}`, order: 0, polls: 1, server: context.server });
    aloneComplete &&= result.missing.length === 0 && result.duplicated.length === 0 && result.unknown === 0;
    alone.push(result.predicted[0] === result.predicted[1]);
  }
  const aloneOutcome = pairPrecisionRecall(alone, positive, negative);
  timings.push({ part: `SemEval pairs alone (${pairs.length} CLI runs)`, seconds: (performance.now() - started) / 1000 });
  progress(`SemEval pairs alone: ${counts(aloneOutcome)}`);
  summary.push({
    set: 'SemEval-de (b) pairs alone',
    role: 'calibration',
    method: 'each pair in an empty database, one order',
    p: f3(aloneOutcome.p),
    r: `${aloneOutcome.merged}/${aloneOutcome.positives}`,
    f1: '–',
    agreement: '–',
    goal,
    verdict: aloneComplete ? verdictOf([meets(aloneOutcome)]) : 'INVALID: items lost or duplicated',
  });

  // Ids and scores only: the SemEval texts are copyrighted news and stay out of the repository.
  const first = measurements[0]!;
  section.push(
    '**Per pair** (ids and ratings only: the texts are copyrighted and stay out of the repository). "(a)" columns: merged in how many',
    'of the one-poll orders; "(b)": the pair alone. Baselines computed offline from the data.',
    '',
    '| pair | Overall | (a) merged | (b) merged | title Dice |',
    '|---|---|---|---|---|',
    ...pairs.map((p, i) => {
      const n = first.outcomes.filter((x) => x.merged[i]).length;
      return `| ${p.id} | ${p.overall.toFixed(2)} | ${n}/${first.outcomes.length} | ${alone[i] ? 'yes' : 'no'} | ${f3(titleDice(p.a.title, p.b.title))} |`;
    }),
    '',
    `(b) pairs alone: ${counts(aloneOutcome)}.${aloneComplete ? '' : ' NOT every item came out exactly once.'}`,
  );
  const baselines: [string, boolean[]][] = [
    [
      'exact link',
      pairs.map((p) => {
        const [a, b] = keyBaseline([linkKey(p.a.url), linkKey(p.b.url)]);
        return a === b;
      }),
    ],
    [
      'exact normalised title',
      pairs.map((p) => {
        const [a, b] = keyBaseline([titleKey(p.a.title, 'de'), titleKey(p.b.title, 'de')]);
        return a === b;
      }),
    ],
    ['title Dice ≥ 0.5', pairs.map((p) => titleDice(p.a.title, p.b.title) >= 0.5)],
  ];
  for (const [name, merged] of baselines) section.push(`Baseline ${name}: ${counts(pairPrecisionRecall(merged, positive, negative))}.`);
  section.push('');
  return { summary, section, timings };
}
