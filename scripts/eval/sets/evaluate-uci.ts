// UCI: the calibration half, the held-out half and the full set, each as its own stream of feeds.
import { largestSourceDelaySeconds } from '../arrival-order.js';
import { diceBaseline, keyBaseline, linkKey, titleKey } from '../baselines.js';
import { clusterScores, type Clustering } from '../cluster-scores.js';
import { f3, streamSummary, streamTable, type SetReport, type SummaryRow } from '../eval-report.js';
import { measureStream, type StreamMeasurement } from '../measure-stream.js';
import { sourceFormats, type LabelledItem } from '../real-path-run.js';
import type { EvalContext } from './eval-context.js';
import { uciHalf, uciItems } from './uci-set.js';

const goal = 'P ≥ 0.95 with R ≥ 0.35';
const meetsGoal = (run: StreamMeasurement['runs'][number]) => run.scores.p >= 0.95 && run.scores.r >= 0.35;

/** Counts of items, stories and sources of a part, and which feed formats its sources got. */
export function describeItems(items: readonly LabelledItem[]): string {
  const formats = new Map<string, number>();
  for (const format of sourceFormats(items).values()) formats.set(format, (formats.get(format) ?? 0) + 1);
  const names: Record<string, string> = { rss2: 'RSS 2.0', atom1: 'Atom 1.0', rdf: 'RSS 1.0/RDF', 'rss2-latin1': 'RSS 2.0 in ISO-8859-1' };
  const span = (Math.max(...items.map((i) => i.publishedMs)) - Math.min(...items.map((i) => i.publishedMs))) / 3_600_000;
  return (
    `${items.length.toLocaleString('en')} items, ${new Set(items.map((i) => i.label)).size} stories, ` +
    `${new Set(items.map((i) => i.source)).size.toLocaleString('en')} sources over ${span.toFixed(1)} h ` +
    `(feeds: ${[...formats].map(([f, n]) => `${n.toLocaleString('en')} ${names[f]}`).join(', ')})`
  );
}

function baselineRows(items: readonly LabelledItem[], windowHours: number): string[] {
  const labels = items.map((i) => i.label);
  const row = (name: string, predicted: string[]): string => {
    const s = clusterScores({ labels, predicted } satisfies Clustering);
    return `| ${name} | ${f3(s.p)} | ${f3(s.r)} | ${f3(s.f1)} | ${f3(s.bcubedF1)} | ${s.predictedPairs.toLocaleString('en')} |`;
  };
  return [
    row('exact link', keyBaseline(items.map((i) => linkKey(i.url)))),
    row('exact normalised title', keyBaseline(items.map((i) => titleKey(i.title, 'en')))),
    row(
      'title Dice ≥ 0.5',
      diceBaseline(
        items.map((i) => i.title),
        items.map((i) => i.publishedMs),
        0.5,
        windowHours * 3_600_000,
      ),
    ),
  ];
}

/** UCI-cal, UCI-held and the full set, each in every order and incrementally, with the offline baselines. */
export async function evaluateUci(context: EvalContext, { calibrationOnly = false } = {}): Promise<SetReport> {
  const all = uciItems(context.evalDir);
  const parts: { name: string; role: string; items: LabelledItem[] }[] = [
    { name: 'UCI-cal', role: 'calibration', items: all.filter((i) => uciHalf(i.label) === 'cal') },
    { name: 'UCI-held', role: 'held-out', items: all.filter((i) => uciHalf(i.label) === 'held') },
    { name: 'UCI full', role: 'half calibration', items: all },
  ];
  // A tuning round measures the calibration half only: the held-out half is not even run.
  if (calibrationOnly) parts.length = 1;
  const summary: SummaryRow[] = [];
  const timings: SetReport['timings'] = [];
  const section = [
    '## UCI News Aggregator (English headlines, topic-level story clusters)',
    '',
    'Data: ../shared/eval/uci-news-aggregator, the first 6,366 rows of the UCI "News Aggregator" set (Gasparetti 2014): English',
    "headlines with the aggregator's story cluster as label, the hostname as source, titles only (no leads), 36 hours of March 2014.",
    'The labels are topic-level (a cluster can hold several events of one topic), so recall against them has a ceiling below 1.',
    '',
    'Split: by story label with a fixed hash (FNV-1a of `uci-split/<label>`, even = calibration), so no story is in both halves:',
    `- **UCI-cal** (*calibration*: may be tuned on): ${describeItems(parts[0]!.items)}`,
    ...(calibrationOnly
      ? ['- UCI-held and UCI full: not run (calibration only).']
      : [
          `- **UCI-held** (*held-out*: never tuned on): ${describeItems(parts[1]!.items)}`,
          `- **UCI full** (both halves, so *half calibration*): ${describeItems(parts[2]!.items)}`,
        ]),
    '',
    'Method: each hostname is one feed served on 127.0.0.1 (formats assigned by sorted source id), a config.json with the default',
    'engine settings, `node bin/feedmerge.js poll --once --all`, then `stories --json` mapped back to the labels by source + guid.',
    `Items re-dated so the set ends a few minutes before the run, relative times kept. ${context.orders} arrival orders (order 1 as given,`,
    'the others seeded shuffles of the source order in config.json and of the items within each feed; from order 3 on, every',
    `source's items are also published a seeded 0–${largestSourceDelaySeconds} s later, as two outlets' copies of one story seconds apart come in either order)` +
      (context.incrementalPolls ? `; and incrementally: the same items revealed in ${context.incrementalPolls} polls in time order.` : '.'),
    '',
  ];
  for (const part of parts) {
    const modes = [1, ...(context.incrementalPolls ? [context.incrementalPolls] : [])];
    for (const polls of modes) {
      const m = await measureStream(part.items, { name: part.name, orders: context.orders, polls, server: context.server });
      timings.push({ part: `${part.name}, ${polls === 1 ? 'one poll' : `${polls} polls`} × ${context.orders} orders`, seconds: m.seconds });
      summary.push(streamSummary(m, { set: part.name, role: part.role, goal, met: meetsGoal }));
      section.push(...streamTable(m));
    }
  }
  section.push('Baselines (offline, from the data in time order, no feeds):', '');
  section.push('| part | method | pairwise P | pairwise R | pairwise F1 | B-cubed F1 | predicted pairs |', '|---|---|---|---|---|---|---|');
  for (const part of parts) {
    const started = performance.now();
    for (const row of baselineRows(part.items, context.windowHours)) section.push(`| ${part.name} ${row}`);
    timings.push({ part: `${part.name} baselines`, seconds: (performance.now() - started) / 1000 });
  }
  section.push('');
  return { summary, section, timings };
}
