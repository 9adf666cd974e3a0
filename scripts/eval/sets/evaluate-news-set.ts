// A German multi-outlet news set (held-out: never tuned on, only measured; or calibration: may be tuned on).
// Pairwise and B-cubed scores over several arrival orders and incrementally, and every forbidden merge (two
// events in one story) by title.
import path from 'node:path';
import { forbiddenMerges } from '../cluster-scores.js';
import { streamSummary, streamTable, type SetReport } from '../eval-report.js';
import { measureStream, type StreamMeasurement } from '../measure-stream.js';
import type { EvalContext } from './eval-context.js';
import { newsItems, type NewsItem, type NewsSet } from './news-set.js';
import { describeItems } from './evaluate-uci.js';

const goal = 'R ≥ 0.85, no forbidden merge';
const listAtMost = 200;

function forbiddenList(items: readonly NewsItem[], m: StreamMeasurement): string[] {
  const seen = new Map<string, { a: number; b: number; runs: number }>();
  for (const run of m.runs)
    for (const [a, b] of forbiddenMerges({ labels: items.map((i) => i.label), predicted: run.result.predicted })) {
      const key = `${a}/${b}`;
      seen.set(key, { a, b, runs: (seen.get(key)?.runs ?? 0) + 1 });
    }
  if (seen.size === 0) return ['No forbidden merge in any order.', ''];
  const rows = [...seen.values()].sort((x, y) => y.runs - x.runs || x.a - y.a || x.b - y.b);
  const cell = (i: NewsItem) => `${i.source}: ${i.title.replace(/\|/g, '\\|')} (${i.label}, ${i.role})`;
  return [
    `${seen.size} forbidden merges (item pairs of different events put in one story), over all orders:`,
    '',
    '| in runs | item | merged with |',
    '|---|---|---|',
    ...rows.slice(0, listAtMost).map((r) => `| ${r.runs}/${m.runs.length} | ${cell(items[r.a]!)} | ${cell(items[r.b]!)} |`),
    ...(rows.length > listAtMost ? [`| | … and ${rows.length - listAtMost} more | |`] : []),
    '',
  ];
}

/** A news set in every order and incrementally, with every forbidden merge listed; "not measured" when the file is absent. */
export async function evaluateNewsSet(context: EvalContext, set: NewsSet): Promise<SetReport> {
  const { file, name, role } = set;
  const items = newsItems(set);
  const heading = `## ${set.heading}`;
  const shown = path.relative(process.cwd(), file) || file;
  if (!items)
    return {
      summary: [
        {
          set: name,
          role,
          method: '–',
          p: '–',
          r: '–',
          f1: '–',
          agreement: '–',
          goal,
          verdict: `not measured: ${shown} absent`,
        },
      ],
      section: [`${heading} (*${role}*)`, '', `Not measured: ${shown} is not in this checkout.`, ''],
      timings: [],
    };
  const section = [
    `${heading} (*${role}*: ${role === 'held-out' ? 'never tuned on' : 'may be tuned on'})`,
    '',
    `Data: ${shown}, ${set.origin}: ${describeItems(items)};`,
    `${items.filter((i) => i.role === 'report').length} items report multi-outlet events, ${items.filter((i) => i.role === 'distractor').length} are distractors (other events that share a name, place`,
    'or wording with one of them). The event id is the label; each outlet is a source. Method as for UCI (feeds on 127.0.0.1, the CLI,',
    'arrival orders, incremental polls). A *forbidden merge* is two items of different events in one story.',
    '',
  ];
  const summary: SetReport['summary'] = [];
  const timings: SetReport['timings'] = [];
  for (const polls of [1, ...(context.incrementalPolls ? [context.incrementalPolls] : [])]) {
    const m = await measureStream(items, { name, orders: context.orders, polls, server: context.server });
    timings.push({ part: `${name}, ${polls === 1 ? 'one poll' : `${polls} polls`} × ${context.orders} orders`, seconds: m.seconds });
    const labels = items.map((i) => i.label);
    summary.push(
      streamSummary(m, {
        set: name,
        role,
        goal,
        met: (run) => run.scores.r >= 0.85 && forbiddenMerges({ labels, predicted: run.result.predicted }).length === 0,
      }),
    );
    section.push(...streamTable(m), ...forbiddenList(items, m));
  }
  return { summary, section, timings };
}
