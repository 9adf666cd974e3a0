// `npm run eval`: measures the story engine through the real path (feeds served on 127.0.0.1, the built
// CLI polling them, `stories --json` mapped back to labels) on every labelled set, and writes EVAL.md.
//
//   npm run eval -- [--only=uci,uci-cal,stsb,semeval,heldout,heldout2,calde,calde2,calde3,calde4,calen,seeds] [--orders=3] [--incremental=6 (0 = off)]
//                   [--heldout=eval/heldout-de/items.jsonl] [--heldout2=eval/heldout-de-2/items.jsonl]
//                   [--calde=eval/calibration-de/items.jsonl]
//                   [--calde2=eval/calibration-de-2/items.jsonl] [--calde3=eval/calibration-de-3/items.jsonl]
//                   [--calde4=eval/calibration-de-4/items.jsonl]
//                   [--calen=eval/calibration-en/items.jsonl]
//                   [--data=../shared/eval] [--stsb-limit=N] [--no-write] [--out=EVAL.md]
//
// The modules under scripts/eval/: feed documents (feed-document.ts), serving (feed-server.ts), running
// (real-path-run.ts, feedmerge-cli.ts, run-in-process.ts), scoring (cluster-scores.ts, baselines.ts),
// report writing (eval-report.ts, write-eval-report.ts), and one evaluator per set (sets/).
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configDefaults } from './eval/config-defaults.js';
import type { SetReport } from './eval/eval-report.js';
import { startFeedServer } from './eval/feed-server.js';
import { repositoryRoot } from './eval/feedmerge-cli.js';
import { progress } from './eval/measure-stream.js';
import type { EvalContext } from './eval/sets/eval-context.js';
import { evaluateNewsSet } from './eval/sets/evaluate-news-set.js';
import {
  calibrationDe2Set,
  calibrationDe3Set,
  calibrationDe4Set,
  calibrationDeSet,
  calibrationEnSet,
  heldout2Set,
  heldoutSet,
} from './eval/sets/news-set.js';
import { evaluateSemeval } from './eval/sets/evaluate-semeval.js';
import { evaluateSeeds } from './eval/sets/evaluate-seeds.js';
import { evaluateStsb } from './eval/sets/evaluate-stsb.js';
import { evaluateUci } from './eval/sets/evaluate-uci.js';
import { writeEvalReport } from './eval/write-eval-report.js';

// 'uci-cal': the calibration half of UCI alone (no held-out figure is computed), for tuning rounds.
// 'heldout2': the second held-out German set (eval/heldout-de-2), written blind in December 2026; measured, never tuned on.
// 'calde': the German multi-outlet calibration set (eval/calibration-de), measured like the held-out one.
// 'calde2': the second German calibration set (eval/calibration-de-2), written blind to the engine, measured the same way.
// 'calde3': the third German calibration set (eval/calibration-de-3), written blind as well, measured the same way.
// 'calde4': the fourth German calibration set (eval/calibration-de-4), written blind by a fourth author, measured the same way.
// 'calen': the English calibration set (eval/calibration-en), written blind to the engine, its feeds declared English.
const sets = ['uci', 'uci-cal', 'stsb', 'semeval', 'heldout', 'heldout2', 'calde', 'calde2', 'calde3', 'calde4', 'calen', 'seeds'] as const;

function option(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function count(name: string, fallback: number): number {
  const value = option(name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}=${value}: must be a whole number ≥ 0`);
  return n;
}

async function main(): Promise<void> {
  const only = option('only')?.split(',') ?? [...sets];
  for (const name of only)
    if (!(sets as readonly string[]).includes(name)) throw new Error(`--only: unknown set "${name}" (sets: ${sets.join(', ')})`);
  const evalDir = path.resolve(option('data') ?? path.join(repositoryRoot, '../shared/eval'));
  const heldoutFile = path.resolve(option('heldout') ?? path.join(repositoryRoot, 'eval/heldout-de/items.jsonl'));
  const heldout2File = path.resolve(option('heldout2') ?? path.join(repositoryRoot, 'eval/heldout-de-2/items.jsonl'));
  const caldeFile = path.resolve(option('calde') ?? path.join(repositoryRoot, 'eval/calibration-de/items.jsonl'));
  const calde2File = path.resolve(option('calde2') ?? path.join(repositoryRoot, 'eval/calibration-de-2/items.jsonl'));
  const calde3File = path.resolve(option('calde3') ?? path.join(repositoryRoot, 'eval/calibration-de-3/items.jsonl'));
  const calde4File = path.resolve(option('calde4') ?? path.join(repositoryRoot, 'eval/calibration-de-4/items.jsonl'));
  const calenFile = path.resolve(option('calen') ?? path.join(repositoryRoot, 'eval/calibration-en/items.jsonl'));
  const stsbLimit = count('stsb-limit', Infinity);
  const defaults = configDefaults();
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const server = await startFeedServer();
  const context: EvalContext = {
    evalDir,
    server,
    orders: Math.max(1, count('orders', 3)),
    incrementalPolls: count('incremental', 6),
    windowHours: defaults.dedup.windowHours,
  };
  const notes: string[] = [];
  const reports: SetReport[] = [];
  try {
    const shared = existsSync(evalDir);
    if (!shared && only.some((s) => s === 'uci' || s === 'uci-cal' || s === 'stsb' || s === 'semeval'))
      notes.push(
        `No labelled data at ${evalDir}: UCI, STSb and SemEval were not measured (the data lives outside the repository for licence reasons).`,
      );
    if (only.includes('uci') && shared) reports.push(await evaluateUci(context));
    else if (only.includes('uci-cal') && shared) reports.push(await evaluateUci(context, { calibrationOnly: true }));
    if (only.includes('heldout')) reports.push(await evaluateNewsSet(context, heldoutSet(heldoutFile)));
    if (only.includes('heldout2')) reports.push(await evaluateNewsSet(context, heldout2Set(heldout2File)));
    if (only.includes('calde')) reports.push(await evaluateNewsSet(context, calibrationDeSet(caldeFile)));
    if (only.includes('calde2')) reports.push(await evaluateNewsSet(context, calibrationDe2Set(calde2File)));
    if (only.includes('calde3')) reports.push(await evaluateNewsSet(context, calibrationDe3Set(calde3File)));
    if (only.includes('calde4')) reports.push(await evaluateNewsSet(context, calibrationDe4Set(calde4File)));
    if (only.includes('calen')) reports.push(await evaluateNewsSet(context, calibrationEnSet(calenFile)));
    if (only.includes('semeval') && shared) reports.push(await evaluateSemeval(context));
    if (only.includes('stsb') && shared) reports.push(await evaluateStsb(context, stsbLimit));
    if (only.includes('seeds')) reports.push(await evaluateSeeds(context));
  } finally {
    await server.close();
  }
  if (only.length < sets.length) notes.push(`Only these sets were measured: ${only.join(', ')}.`);
  if (Number.isFinite(stsbLimit)) notes.push(`STSb was cut to its first ${stsbLimit} pairs (--stsb-limit).`);
  const text = writeEvalReport(reports, {
    command: `npm run eval${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    startedAt,
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    loadBefore,
    loadAfter: os.loadavg(),
    defaults,
    orders: context.orders,
    incrementalPolls: context.incrementalPolls,
    notes,
  });
  if (process.argv.includes('--no-write')) process.stdout.write(text);
  else {
    const out = path.resolve(option('out') ?? path.join(repositoryRoot, 'EVAL.md'));
    writeFileSync(out, text);
    progress(`wrote ${out}`);
  }
  // Every input item must come out exactly once: a run that lost or duplicated items measures nothing.
  const invalid = reports.flatMap((r) => r.summary).filter((s) => s.verdict.startsWith('INVALID'));
  if (invalid.length) {
    process.stderr.write(`eval: items lost or duplicated in: ${invalid.map((s) => `${s.set} (${s.method})`).join('; ')}\n`);
    process.exitCode = 1;
  }
}

main().catch((error: Error) => {
  process.stderr.write(`eval: ${error.message}\n`);
  process.exit(1);
});
