// Writing EVAL.md: the summary table first, then one section per set, then how the figures were made.
// Sections are plain lists of Markdown lines that the set evaluators fill; this module formats figures.
import { isRetimed, orderName } from './arrival-order.js';
import type { StreamMeasurement } from './measure-stream.js';
import { spread } from './cluster-scores.js';

/** One row of the summary table. */
export interface SummaryRow {
  set: string;
  role: string;
  method: string;
  p: string;
  r: string;
  f1: string;
  agreement: string;
  goal: string;
  verdict: string;
}

/** What a set contributes to EVAL.md. */
export interface SetReport {
  summary: SummaryRow[];
  section: string[];
  /** Wall seconds of each part, for "how the figures were produced". */
  timings: { part: string; seconds: number }[];
}

export const f3 = (n: number): string => (Number.isFinite(n) ? n.toFixed(3) : '–');

/** "min / median / max" of one figure over the runs, or the one value when all runs agree. */
export function spreadCell(values: readonly number[]): string {
  const s = spread(values);
  return s.min === s.max ? f3(s.min) : `${f3(s.min)} / ${f3(s.median)} / ${f3(s.max)}`;
}

/** The verdict of a goal checked in every run: met in all, in some, or in none. */
export function verdictOf(met: readonly boolean[]): string {
  const n = met.filter(Boolean).length;
  if (n === met.length) return met.length > 1 ? `met (all ${met.length} runs)` : 'met';
  return n === 0 ? 'not met' : `met in ${n} of ${met.length} runs`;
}

/** A summary row for a stream measurement (pairwise P/R/F1 over the runs). */
export function streamSummary(
  m: StreamMeasurement,
  fields: { set: string; role: string; goal: string; met: (s: StreamMeasurement['runs'][number]) => boolean },
): SummaryRow {
  return {
    set: fields.set,
    role: fields.role,
    method: `${m.polls === 1 ? 'one poll' : `${m.polls} polls (incremental)`}, ${m.runs.length} order${m.runs.length > 1 ? 's' : ''}`,
    p: spreadCell(m.runs.map((r) => r.scores.p)),
    r: spreadCell(m.runs.map((r) => r.scores.r)),
    f1: spreadCell(m.runs.map((r) => r.scores.f1)),
    agreement: m.runs.length > 1 ? f3(m.agreement) : '–',
    goal: fields.goal,
    verdict: m.complete ? verdictOf(m.runs.map(fields.met)) : 'INVALID: items lost or duplicated',
  };
}

/** The per-run table of a stream measurement, with the spread and the agreement under it. */
export function streamTable(m: StreamMeasurement): string[] {
  const lines = [
    `**${m.name}, ${m.polls === 1 ? 'one poll' : `${m.polls} polls as the items appear`}**`,
    '',
    '| order | pairwise P | pairwise R | pairwise F1 | B-cubed F1 | predicted pairs | stories | items out once / missing / duplicated | wall s |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const run of m.runs) {
    const { result: res, scores: s } = run;
    const out = res.predicted.length - res.missing.length - res.duplicated.length;
    lines.push(
      `| ${orderName(run.order)} | ${f3(s.p)} | ${f3(s.r)} | ${f3(s.f1)} | ${f3(s.bcubedF1)} | ${s.predictedPairs.toLocaleString('en')} | ${new Set(res.predicted).size.toLocaleString('en')} | ${out.toLocaleString('en')} / ${res.missing.length} / ${res.duplicated.length} | ${(res.wallMs / 1000).toFixed(1)} |`,
    );
  }
  if (m.runs.length > 1) {
    lines.push(
      `| min / median / max | ${spreadCell(m.runs.map((r) => r.scores.p))} | ${spreadCell(m.runs.map((r) => r.scores.r))} | ${spreadCell(m.runs.map((r) => r.scores.f1))} | ${spreadCell(m.runs.map((r) => r.scores.bcubedF1))} | | | | |`,
    );
  }
  lines.push('');
  const notes: string[] = [];
  if (m.runs.length > 1)
    notes.push(
      `Agreement of merged pairs between orders (min over run pairs): ${f3(m.agreement)}` +
        (m.agreementKeepingTimes !== null && m.runs.some((r) => isRetimed(r.order))
          ? ` (between the orders at the data's own times: ${f3(m.agreementKeepingTimes)}).`
          : '.'),
    );
  notes.push(
    m.complete
      ? `Every input item came out exactly once in every run (${m.runs[0]!.result.predicted.length.toLocaleString('en')} items).`
      : 'NOT every input item came out exactly once: see the table (these figures are not valid).',
  );
  const unknown = m.runs.reduce((n, r) => n + r.result.unknown, 0);
  if (unknown) notes.push(`${unknown} output items matched no input item.`);
  const errors = [...new Set(m.runs.flatMap((r) => r.result.sourceErrors))];
  if (errors.length)
    notes.push(`Source errors: ${errors.slice(0, 5).join('; ')}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''}.`);
  const older = m.runs[0]!.result.olderThanWindow;
  if (older) notes.push(`${older} items were already older than the window at the first poll (a first-poll backlog).`);
  lines.push(notes.join(' '), '');
  return lines;
}
