// A multi-source set measured the way EVAL.md reports it: the same items in several arrival orders,
// with one poll and incrementally, each run through the real path, scored against the labels.
import { clusterScores, minAgreement, type ClusterScores } from './cluster-scores.js';
import type { FeedServer } from './feed-server.js';
import { isRetimed } from './arrival-order.js';
import { runRealPath, type LabelledItem, type RunOptions, type RunResult } from './real-path-run.js';

export interface MeasuredRun {
  order: number;
  result: RunResult;
  scores: ClusterScores;
}

export interface StreamMeasurement {
  name: string;
  /** 1 = one poll; more = incremental. */
  polls: number;
  runs: MeasuredRun[];
  /** Lowest merged-pair agreement over every pair of runs. */
  agreement: number;
  /** The same over the runs at the data's own times (orders 1 and 2), which shows what retiming adds; null with fewer than two. */
  agreementKeepingTimes: number | null;
  /** Whether every input item came out exactly once in every run, and no unknown item came out. */
  complete: boolean;
  seconds: number;
}

/** Runs `items` in `orders` arrival orders with `polls` polls each and scores every run. */
export async function measureStream(
  items: readonly LabelledItem[],
  options: { name: string; orders: number; polls: number; server: FeedServer; commands?: RunOptions['commands'] },
): Promise<StreamMeasurement> {
  const started = performance.now();
  const labels = items.map((i) => i.label);
  const runs: MeasuredRun[] = [];
  for (let order = 0; order < options.orders; order++) {
    const result = await runRealPath(items, {
      name: options.name,
      order,
      polls: options.polls,
      server: options.server,
      commands: options.commands,
    });
    const scores = clusterScores({ labels, predicted: result.predicted });
    runs.push({ order, result, scores });
    progress(
      `${options.name}: order ${order + 1}/${options.orders}, ${options.polls === 1 ? 'one poll' : `${options.polls} polls`}: ` +
        `P ${scores.p.toFixed(3)} R ${scores.r.toFixed(3)} in ${(result.wallMs / 1000).toFixed(1)} s` +
        `${result.missing.length || result.duplicated.length || result.unknown ? ` (missing ${result.missing.length}, duplicated ${result.duplicated.length}, unknown ${result.unknown})` : ''}` +
        `${result.sourceErrors.length ? `; source errors: ${result.sourceErrors.slice(0, 3).join('; ')}` : ''}`,
    );
  }
  const keepingTimes = runs.filter((r) => !isRetimed(r.order));
  return {
    name: options.name,
    polls: options.polls,
    runs,
    agreement: minAgreement(runs.map((r) => r.result.predicted)),
    agreementKeepingTimes: keepingTimes.length > 1 ? minAgreement(keepingTimes.map((r) => r.result.predicted)) : null,
    complete: runs.every((r) => r.result.missing.length === 0 && r.result.duplicated.length === 0 && r.result.unknown === 0),
    seconds: (performance.now() - started) / 1000,
  };
}

/** Progress goes to stderr; EVAL.md gets only the results. */
export function progress(line: string): void {
  process.stderr.write(`[eval ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}
