// One round of a poller that shares its sources with other pollers (`run --role poll`, several
// processes or machines on one PostgreSQL database): due sources are claimed as workers come free,
// with a lease, each polled exactly as in the poll cycle (fetch → parse → store), its items, validators,
// next poll time and the end of its lease committed together. A poller that dies leaves its
// leases behind; another takes the sources over at its next claim (on PostgreSQL at once, when the
// dead poller's liveness lock is gone; at the latest when the lease runs out). Placing items is the
// placer's job.
import { resolveSourceLocation } from '../config/load-config.js';
import { metrics } from '../metrics.js';
import { storeFailureKind, storeLoggedFailure, type StoreFailureRecord } from '../store/store.js';
import { firstLine, pollSource, skipped, stateFor, type SourceReport, type WorkerContext } from './poll-cycle.js';

export interface PollerRoundOptions {
  /** This process's name in leases (unique: host, pid and a random part). */
  owner: string;
  /** How long a claimed source stays this poller's: longer than one poll can take. */
  leaseMs: number;
  /** The clock (each claim and each poll reads it). */
  clock?: () => Date;
  /** Told the ids of each claim, before they are polled (a stop names those it waits for). */
  onClaimed?: (sourceIds: string[]) => void;
  /** Told each source's report as soon as its poll is stored. */
  onPolled?: (report: SourceReport) => void;
  /** True once the poller stops: no more claims; what is claimed is polled (its lease held meanwhile). */
  stopping?: () => boolean;
}

export interface PollerRoundReport {
  sources: SourceReport[];
  /** Why claiming failed (the store), else null. */
  error: string | null;
}

/** Polls every source that is due and not leased by another poller, a few at a time, until none is left. */
export async function runPollerRound(context: WorkerContext, options: PollerRoundOptions): Promise<PollerRoundReport> {
  const { store, config } = context;
  const clock = options.clock ?? (() => new Date());
  const enabled = new Map(config.sources.filter((s) => s.enabled).map((s) => [s.id, s]));
  const candidates = [...enabled.values()].map((s) => ({ id: s.id, url: s.url }));
  const unstored = await store.sources.storeFailures().catch(() => new Map<string, StoreFailureRecord>());
  // As many workers as can fetch at once. A source is claimed when a worker is free to poll it, not
  // ahead: a lease held in a queue behind slow sources ticks away while another poller, idle, could
  // have polled it (and a claim is cheap, store.sources.claimDue). A claim takes at least a few
  // sources, so that fast polls do not make a round trip each.
  const parallel = Math.max(1, Math.min(config.fetch.concurrency, enabled.size));
  const minimumClaim = Math.min(parallel, 4);
  const queue: string[] = [];
  const reports: SourceReport[] = [];
  let exhausted = enabled.size === 0;
  let error: string | null = null;
  let claiming: Promise<void> | null = null;
  /** Workers with nothing in hand, waiting for a claim. */
  let waiting = 0;

  const claimMore = (): Promise<void> =>
    (claiming ??= (async () => {
      const now = clock();
      try {
        const ids = await store.sources.claimDue({
          sources: candidates,
          owner: options.owner,
          now: now.toISOString(),
          leaseUntil: new Date(now.getTime() + options.leaseMs).toISOString(),
          limit: Math.max(waiting, minimumClaim),
        });
        if (ids.length === 0) exhausted = true;
        options.onClaimed?.(ids);
        queue.push(...ids);
      } catch (claimError) {
        metrics.storeFailures.inc({ kind: storeFailureKind(claimError) });
        // A lost connection is the store's own log line (one per outage), not one per round.
        if (!storeLoggedFailure(store, claimError)) error ??= `claiming due sources failed: ${firstLine(claimError)}`;
        exhausted = true;
      }
    })().finally(() => (claiming = null)));

  const pollOne = async (id: string): Promise<SourceReport> => {
    const source = enabled.get(id)!;
    let state;
    try {
      state = await stateFor(store, source);
    } catch (stateError) {
      metrics.storeFailures.inc({ kind: storeFailureKind(stateError) });
      return { ...skipped(source, 'store-failed', null), error: `store error: ${firstLine(stateError)}` };
    }
    const url = state.currentUrl ?? resolveSourceLocation(source.url, config);
    return context.limiter.run(url, async () => {
      const started = performance.now();
      const report = await pollSource(context, source, state, url, { now: clock(), clock }, unstored.has(id), options.owner);
      return { ...report, durationMs: Math.round(performance.now() - started) };
    });
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      const id = queue.shift();
      if (id !== undefined) {
        const report = await pollOne(id);
        reports.push(report);
        options.onPolled?.(report);
        continue;
      }
      if (exhausted || options.stopping?.()) return;
      // Workers that come free while a claim is on its way wait for it, then claim together.
      waiting++;
      await (claiming ?? claimMore());
      waiting--;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  // A poll whose commit failed (the database went away) still holds its lease, and this poller is
  // alive: give the source back, so that it is polled again now rather than when the lease ends.
  for (const report of reports) {
    if (report.status === 'store-failed') await store.sources.releaseLease(report.sourceId, options.owner).catch(() => undefined);
  }
  return { sources: reports, error };
}
