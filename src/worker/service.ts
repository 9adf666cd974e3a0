// The long-running service: the scheduler ticks, cycles run, the HTTP server serves the latest publication.
import http from 'node:http';
import type { Config } from '../config/schema.js';
import { everyMinute, type MinuteTick } from '../cron-schedule.js';
import { closeFetchAgents } from '../fetch/fetch-feed.js';
import { createFetchLimiter } from '../fetch/fetch-limiter.js';
import type { Log, LogFields } from '../log.js';
import { createHttpHandler } from '../publish/http-server.js';
import { openDatabase, type Db } from '../store/database.js';
import { runPollCycle, type CycleReport, type SourceReport, type WorkerContext } from './poll-cycle.js';
import { Publisher } from './publisher.js';

export interface Service {
  /** The address the HTTP server listens on. */
  url: string;
  /** Stops scheduling, lets the cycle in flight finish, closes the server and the database. */
  stop(): Promise<void>;
}

/** Polls (with publishing) once; shared by `run`, `poll --once` and `demo`. */
export async function pollAndPublish(
  context: WorkerContext,
  publisher: Publisher,
  now: Date,
  options: { force?: boolean; log?: Log } = {},
): Promise<CycleReport> {
  const report = await runPollCycle(context, now, options);
  const changed = publisher.publish(now);
  for (const problem of await publisher.notify(changed)) options.log?.warn('websub ping failed', { error: problem });
  return report;
}

/** Opens the store and starts the HTTP server; with `poll`, also the scheduler (a check for due sources every minute). */
export async function startService(config: Config, log: Log, options: { poll: boolean }): Promise<Service> {
  const db = openDatabase(config.database);
  const publisher = new Publisher(config, db);
  const context: WorkerContext = {
    config,
    db,
    limiter: createFetchLimiter({ concurrency: config.fetch.concurrency, perHostConcurrency: config.fetch.perHostConcurrency }),
  };
  const server = http.createServer(createHttpHandler({ config, db, getPublication: () => publisher.current() }));
  await listen(server, config.server.port, config.server.host);
  const address = server.address();
  const url = typeof address === 'object' && address ? `http://${config.server.host}:${address.port}` : config.server.baseUrl;
  log.info('serving', { url: `${url}/`, feeds: `${url}/feeds/` });

  let inFlight: Promise<unknown> = Promise.resolve();
  let stopping = false;
  const runCycle = async () => {
    // A tick that fires while stop() runs must not start a cycle on a closing database.
    if (stopping) return;
    const started = performance.now();
    const cycle = pollAndPublish(context, publisher, new Date(), { log });
    inFlight = cycle.catch(() => {});
    const report = await cycle;
    // Disabled sources (410 Gone) are shown by `feedmerge sources`, not logged every minute.
    const polled = report.sources.filter((s) => s.status !== 'not-due' && s.status !== 'disabled');
    for (const source of polled) {
      if (source.error) log.warn('source failed', sourceFields(source));
      else log.info('source polled', sourceFields(source));
    }
    // A minute with nothing due stays quiet.
    if (polled.length > 0) log.info('cycle finished', { ...cycleCounts(report), durationMs: Math.round(performance.now() - started) });
  };
  let task: MinuteTick | null = null;
  let watcher: NodeJS.Timeout | null = null;
  if (options.poll) {
    // Each source has its own schedule and backoff (next_poll_at); a tick every minute runs what is due.
    const tick = () => runCycle().catch((e: Error) => log.error('cycle failed', { error: e.message }));
    task = everyMinute(tick, log);
    void tick();
  } else {
    watcher = watchForChanges(db, publisher, log);
  }

  return {
    url,
    async stop() {
      stopping = true;
      await task?.stop();
      if (watcher) clearInterval(watcher);
      await inFlight;
      await closeFetchAgents();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      db.close();
    },
  };
}

/** `serve` alone: another process (a poller) writes the database; re-render when it committed something. */
function watchForChanges(db: Db, publisher: Publisher, log: Log): NodeJS.Timeout {
  let seen = db.pragma('data_version', { simple: true });
  return setInterval(() => {
    const version = db.pragma('data_version', { simple: true });
    if (version === seen) return;
    try {
      publisher.publish(new Date());
      seen = version; // only after success: a failed re-render is tried again
    } catch (error) {
      log.error('publish failed', { error: (error as Error).message });
    }
  }, 5_000).unref();
}

/** One line per polled source: new / updated / unchanged items, or the error. */
export function describeCycle(report: CycleReport): string[] {
  return report.sources.filter((s) => s.status !== 'not-due').map(describeSource);
}

/** The fields of a source's log record: who, what happened, how long it took, and the error if any. */
export function sourceFields(s: SourceReport): LogFields {
  return {
    source: s.sourceId,
    outcome: s.status,
    durationMs: s.durationMs,
    httpStatus: s.httpStatus,
    newItems: s.newItems,
    updatedItems: s.updatedItems,
    unchangedItems: s.unchangedItems,
    ...(s.error ? { error: s.error } : {}),
  };
}

/** How many sources ended each way in a cycle, and the items they brought. */
export function cycleCounts(report: CycleReport): LogFields {
  const count = (status: SourceReport['status']) => report.sources.filter((s) => s.status === status).length;
  return {
    sources: report.sources.length,
    ingested: count('ingested'),
    unchanged: count('unchanged'),
    notModified: count('not-modified'),
    failed: count('failed'),
    disabled: count('disabled'),
    notDue: count('not-due'),
    newItems: report.sources.reduce((sum, s) => sum + s.newItems, 0),
    updatedItems: report.sources.reduce((sum, s) => sum + s.updatedItems, 0),
  };
}

/** One line for one source. */
export function describeSource(s: SourceReport): string {
  if (s.error) return `${s.sourceId}: ${s.status === 'disabled' ? 'disabled' : 'error'}: ${s.error}`;
  if (s.status === 'not-modified') return `${s.sourceId}: not modified (HTTP 304)`;
  if (s.status === 'unchanged') return `${s.sourceId}: unchanged (same body)`;
  return `${s.sourceId}: ${s.newItems} new, ${s.updatedItems} updated, ${s.unchangedItems} unchanged`;
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
