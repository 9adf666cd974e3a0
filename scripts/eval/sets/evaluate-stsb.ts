// STSb German news: each of the 3,799 pairs alone (two single-item feeds of two sources, the same time,
// an empty database), polled and listed in this process through the CLI's own functions (run-in-process.ts).
import { keyBaseline, titleDice, titleKey } from '../baselines.js';
import { pairPrecisionRecall, type PairOutcome } from '../cluster-scores.js';
import { f3, verdictOf, type SetReport } from '../eval-report.js';
import { progress } from '../measure-stream.js';
import { runRealPath, type LabelledItem } from '../real-path-run.js';
import { pollOnceInProcess, storiesJsonInProcess } from '../run-in-process.js';
import type { EvalContext } from './eval-context.js';
import { stsbApartUpTo, stsbMergeFrom, stsbRows } from './stsb-set.js';

const goal = 'P ≥ 0.92 with R ≥ 0.70';

function outcomeCells(o: PairOutcome): string {
  return `${f3(o.p)} | ${f3(o.r)} (${o.merged}/${o.positives}) | ${o.mergedNegatives}/${o.negatives}`;
}

/** Every STSb pair alone through the in-process poll and listing (the first `limit` pairs), with the offline baselines. */
export async function evaluateStsb(context: EvalContext, limit = Infinity): Promise<SetReport> {
  const started = performance.now();
  const rows = stsbRows(context.evalDir).slice(0, limit);
  const commands = { poll: pollOnceInProcess, stories: storiesJsonInProcess };
  const merged: boolean[] = [];
  let incomplete = 0;
  const errors = new Set<string>();
  for (const [i, row] of rows.entries()) {
    const pair: LabelledItem[] = [
      {
        id: `stsb-${row.stsb_split}-${row.stsb_row}-1`,
        source: 'feed-a',
        label: 'pair',
        title: row.de_sentence1,
        summary: '',
        url: null,
        publishedMs: 0,
        language: 'de',
      },
      {
        id: `stsb-${row.stsb_split}-${row.stsb_row}-2`,
        source: 'feed-b',
        label: 'pair',
        title: row.de_sentence2,
        summary: '',
        url: null,
        publishedMs: 0,
        language: 'de',
      },
    ];
    const result = await runRealPath(pair, { name: `stsb-${i}`, order: 0, polls: 1, server: context.server, commands });
    if (result.missing.length || result.duplicated.length || result.unknown) incomplete++;
    for (const e of result.sourceErrors) errors.add(e);
    merged.push(result.predicted[0] === result.predicted[1]);
    if ((i + 1) % 500 === 0) progress(`STSb: ${i + 1}/${rows.length} pairs`);
  }
  const seconds = (performance.now() - started) / 1000;
  const positive = rows.map((r) => r.score >= stsbMergeFrom);
  const negative = rows.map((r) => r.score <= stsbApartUpTo);
  const engine = pairPrecisionRecall(merged, positive, negative);
  progress(`STSb: P ${f3(engine.p)} R ${f3(engine.r)} in ${seconds.toFixed(0)} s`);
  const title = pairPrecisionRecall(
    rows.map((r) => {
      const [a, b] = keyBaseline([titleKey(r.de_sentence1, 'de'), titleKey(r.de_sentence2, 'de')]);
      return a === b;
    }),
    positive,
    negative,
  );
  const dice = pairPrecisionRecall(
    rows.map((r) => titleDice(r.de_sentence1, r.de_sentence2) >= 0.5),
    positive,
    negative,
  );
  const met = engine.p >= 0.92 && engine.r >= 0.7;
  return {
    summary: [
      {
        set: 'STSb-de news pairs',
        role: 'calibration',
        method: 'each pair alone, in-process poll',
        p: f3(engine.p),
        r: f3(engine.r),
        f1: f3(engine.p + engine.r ? (2 * engine.p * engine.r) / (engine.p + engine.r) : 0),
        agreement: '–',
        goal,
        verdict: incomplete ? 'INVALID: items lost or duplicated' : verdictOf([met]),
      },
    ],
    section: [
      '## STSb German news pairs (*calibration*)',
      '',
      'Data: ../shared/eval/stsb-de-news, 3,799 sentence pairs of the STS Benchmark news genre (headlines, MSRpar, deft-news),',
      'machine-translated to German (DeepL, PhilipMay/stsb-multi-mt), graded 0–5 by crowd raters. A pair should merge at',
      `score ≥ ${stsbMergeFrom} (${engine.positives} pairs) and stay apart at ≤ ${stsbApartUpTo} (${engine.negatives} pairs); pairs in between are not scored.`,
      '',
      'Method: each pair alone, as two single-item feeds of two sources (RSS 2.0 and Atom 1.0, served on 127.0.0.1), both items',
      'published at the same time a few minutes before the run, in an empty database, with the default engine settings.',
      `${rows.length.toLocaleString('en')} command-line processes would take most of an hour, so each poll and listing runs in this process through`,
      'the same functions `poll --once --all` and `stories --json` call (scripts/eval/run-in-process.ts). Precision counts only the',
      'scored pairs: merged positives / (merged positives + merged negatives).',
      '',
      '| method | precision | recall | merged of ≤ 2 |',
      '|---|---|---|---|',
      `| **feedmerge (real path, in-process)** | ${outcomeCells(engine)} |`,
      `| baseline: exact normalised title | ${outcomeCells(title)} |`,
      `| baseline: title Dice ≥ 0.5 | ${outcomeCells(dice)} |`,
      '',
      `(The exact-link baseline does not apply: the pairs have no links.) ${incomplete ? `${incomplete} pairs lost or duplicated an item: the figures are not valid.` : 'Both items of every pair came out exactly once.'}` +
        (errors.size ? ` Source errors: ${[...errors].slice(0, 3).join('; ')}.` : ''),
      '',
    ],
    timings: [{ part: `STSb, ${rows.length.toLocaleString('en')} pairs in-process`, seconds }],
  };
}
