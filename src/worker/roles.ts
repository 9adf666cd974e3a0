// The roles of `feedmerge run --role poll|place` (serve and all are startService in service.ts):
// processes that share one database, each doing one stage of the cycle.
// - poll: claims due sources with a lease and polls them (poller-round.ts), a round every few
//   seconds; any number of pollers, on any number of machines.
// - place: the database's one writer (an advisory lock on PostgreSQL; a second placer waits and
//   takes over when the first dies) places what the pollers stored, in the engine's order, and
//   runs retention. A new placer builds its window from the store. It places once the pollers'
//   items stop arriving (placement-gate.ts), so a poll round is placed together.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { scheduleFloorWarnings } from '../config/schedule-floor-warning.js';
import type { Config } from '../config/schema.js';
import { closeFetchAgents } from '../fetch/fetch-feed.js';
import type { Log } from '../log.js';
import { metrics } from '../metrics.js';
import { renderPublication } from '../publish/render-publication.js';
import { openStore } from '../store/open-store.js';
import { storeFailureKind, storeLoggedFailure, type WriterClaim } from '../store/store.js';
import { PlacementGate } from './placement-gate.js';
import { firstLine } from './poll-cycle.js';
import { runPollerRound } from './poller-round.js';
import { expireOldStories } from './retention.js';
import { logPolledSource, workerContext } from './service.js';
import { WorkInFlight } from './work-in-flight.js';

/** A running role: `stop` finishes the work in flight and closes the store. */
export interface RoleProcess {
  stop(): Promise<void>;
}

/**
 * How often a poller with nothing to do looks for due sources again, and for sources a dead
 * poller left behind (free as soon as its liveness lock is gone): this bounds how long a dead
 * poller's sources wait when the others are idle. A busy poller claims as its workers come free.
 * A claim that finds nothing reads only the leased rows of an index (~1 ms of PostgreSQL at
 * 10,000 sources, bench/claim-cost.ts), so looking every second costs little.
 */
const POLL_ROUND_MS = 1_000;
/** How often the placer looks at what is pending (it places when the gate says so). */
const PLACE_EVERY_MS = 1_000;
/** How often the placer runs retention. */
const RETENTION_EVERY_MS = 10 * 60_000;

/** A lease owner name: which machine and process, unique across restarts. */
export function leaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Starts a poller: rounds of claiming and polling due sources until stopped. On SQLite it is the
 * file's one writer (as `run`); on PostgreSQL any number run side by side.
 */
export async function startPoller(config: Config, log: Log, options: { leaseSeconds: number; writer: WriterClaim }): Promise<RoleProcess> {
  const postgres = /^postgres(ql)?:\/\//i.test(config.database);
  const store = await openStore(config.database, { ...(postgres ? {} : { writer: options.writer }), log });
  const context = workerContext(config, store);
  const owner = leaseOwner();
  log.info(`polling as ${owner} (lease ${options.leaseSeconds} s)`, { role: 'poll' });
  for (const warning of scheduleFloorWarnings(config, { minuteTicks: false })) log.warn(warning, { role: 'poll' });
  let stopping = false;
  /** The sources of the round in flight still being polled: a stop names those it waits for. */
  const inFlight = new WorkInFlight();
  const loop = (async () => {
    while (!stopping) {
      const startedAt = new Date();
      // Each source is logged as it is stored, as `run` logs it.
      const round = await runPollerRound(context, {
        owner,
        leaseMs: options.leaseSeconds * 1000,
        onClaimed: (ids) => inFlight.polling(ids),
        onPolled: (source) => {
          inFlight.polled(source.sourceId);
          logPolledSource(log, source);
        },
        stopping: () => stopping,
      }).finally(() => inFlight.done());
      if (round.error) log.error('poll round failed', { error: round.error });
      if (round.sources.length > 0) {
        await store.cycles
          .record({
            startedAt: startedAt.toISOString(),
            finishedAt: new Date().toISOString(),
            sourcesPolled: round.sources.length,
            sourcesFailed: round.sources.filter((s) => s.status === 'failed').length,
          })
          .catch(() => undefined);
      }
      const wait = POLL_ROUND_MS - (Date.now() - startedAt.getTime());
      if (wait > 0 && !stopping) await sleep(wait);
    }
  })();
  return {
    async stop() {
      stopping = true;
      inFlight.logStopWait(log, config.fetch.timeoutSeconds);
      await loop;
      await closeFetchAgents();
      await store.close();
    },
  };
}

/**
 * Starts the placer: waits until it is the database's one writer (announcing whom it waits for),
 * then places pending items once they stop arriving (at most 30 s after the first) and runs
 * retention every ten minutes.
 */
export async function startPlacer(config: Config, log: Log, options: { writer: WriterClaim }): Promise<RoleProcess> {
  const store = await openStore(config.database, { writer: options.writer, log });
  const context = workerContext(config, store);
  log.info(`placing items in stories (window rebuilt from the store: ${await context.placer.rebuild(new Date().toISOString())} items)`, {
    role: 'place',
  });
  let stopping = false;
  let lastError: string | null = null;
  let lastRetention = 0;
  const gate = new PlacementGate();
  /** The placement or retention in flight: a stop names what it waits for. */
  const inFlight = new WorkInFlight();
  const loop = (async () => {
    while (!stopping) {
      const started = Date.now();
      try {
        const pending = await store.items.pendingSummary();
        if (gate.ready(pending, started)) {
          const waitedMs = gate.waited(started);
          inFlight.doing(`${pending.items} ${pending.items === 1 ? 'item' : 'items'} being placed`, { items: pending.items });
          // Counts per rule, not the decisions: a round after an outage can place hundreds of thousands.
          let placed = 0;
          for (const [rule, count] of await context.placer.placePendingCounted(new Date().toISOString())) {
            metrics.dedupDecisions.inc({ rule }, count);
            placed += count;
          }
          gate.placed();
          inFlight.done();
          if (placed) {
            const replaced = context.placer.replacedLastRun;
            log.info('placed', {
              placed,
              ...(replaced ? { placedAgain: replaced } : {}),
              waitedMs,
              durationMs: Date.now() - started,
            });
          }
        }
        if (lastError) log.info('placing works again');
        lastError = null;
        if (Date.now() - lastRetention >= RETENTION_EVERY_MS) {
          lastRetention = Date.now();
          inFlight.doing('retention to delete what aged out');
          // Stories on the pages stay whatever their age: the same keep-set a server publishes.
          const publication = await renderPublication(store, config, new Date());
          const report = await expireOldStories(store, publication.storyIds, new Date(), { days: config.retention.days });
          if (report.stories) log.info('retention', { stories: report.stories, items: report.items });
        }
      } catch (error) {
        metrics.storeFailures.inc({ kind: storeFailureKind(error) });
        // The items stay pending; one line per distinct problem, not one a second, and none for a
        // lost connection: the store logs the outage and its end.
        const message = firstLine(error);
        if (!storeLoggedFailure(store, error)) {
          if (message !== lastError) log.error('placing failed', { error: message });
          lastError = message;
        }
      }
      inFlight.done();
      const wait = PLACE_EVERY_MS - (Date.now() - started);
      if (wait > 0 && !stopping) await sleep(wait);
    }
  })();
  return {
    async stop() {
      stopping = true;
      inFlight.logStopWait(log, config.fetch.timeoutSeconds);
      await loop;
      await store.close();
    },
  };
}
