// The long-running service: the scheduler ticks, cycles run, the HTTP server serves the latest publication.
import type { Server } from 'node:net';
import { emptyOutputsWarning } from '../config/empty-outputs-warning.js';
import { scheduleFloorWarnings } from '../config/schedule-floor-warning.js';
import { ConfigError, readConfigText } from '../config/load-config.js';
import { reloadConfig } from '../config/reload-config.js';
import type { Config } from '../config/schema.js';
import { everyMinute, type MinuteTick } from '../cron-schedule.js';
import { Placer } from '../dedup/placer.js';
import { limitHeapGrowth } from './heap-growth.js';
import { StoryEngine } from '../dedup/story-engine.js';
import { closeFetchAgents } from '../fetch/fetch-feed.js';
import { createFetchLimiter } from '../fetch/fetch-limiter.js';
import type { Log, LogFields } from '../log.js';
import { metrics } from '../metrics.js';
import { createParsePool } from '../parse/parse-pool.js';
import { createFeedServer } from '../publish/http-server.js';
import { openStore } from '../store/open-store.js';
import { storeFailureKind, storeLoggedFailure, type Store, type WriterClaim } from '../store/store.js';
import { startHttpWorkers } from './http-workers.js';
import { listenProblem } from './listen-problem.js';
import { firstLine, runPollCycle, type CycleOptions, type CycleReport, type SourceReport, type WorkerContext } from './poll-cycle.js';
import { Publisher } from './publisher.js';
import { expireOldStories } from './retention.js';
import { createServiceStatus } from './service-status.js';
import { engineSettings } from './settings.js';
import { WorkInFlight } from './work-in-flight.js';

/** How soon a failed write of the feed files to publicDir is tried again (Publisher), and so /readyz recovers. */
const FILES_RETRY_MS = 5_000;

/** `serve` waits this many times the last render's duration before rendering again for changes that came meanwhile. */
const RENDER_PAUSE_FACTOR = 2;

export interface Service {
  /** The address the HTTP server listens on. */
  url: string;
  /**
   * Reads config.json again (SIGHUP) and applies it between cycles; then polls what is due (`run`)
   * or re-renders (`serve`). An invalid or unreadable file is logged, one line per problem, and the
   * running config stays. Resolves with whether the new config was applied.
   */
  reload(): Promise<boolean>;
  /** Stops scheduling, lets the cycle in flight finish, closes the server and the store. */
  stop(): Promise<void>;
}

/**
 * Polls once, publishes, then deletes what aged out (retention); shared by `run`, `poll --once`
 * and `demo`. A failure to publish or to delete is the cycle's error, after its source lines.
 */
export async function pollAndPublish(
  context: WorkerContext,
  publisher: Publisher,
  now: Date,
  options: CycleOptions & { log?: Log } = {},
): Promise<CycleReport> {
  const report = await runPollCycle(context, now, options);
  // In the store, so that readiness and metrics read the same in every process on the database.
  try {
    await context.store.cycles.record({
      startedAt: report.startedAt,
      finishedAt: report.finishedAt,
      sourcesPolled: report.sources.filter((s) => s.status !== 'not-due' && s.status !== 'disabled').length,
      sourcesFailed: report.sources.filter((s) => s.status === 'failed').length,
    });
  } catch (error) {
    metrics.storeFailures.inc({ kind: storeFailureKind(error) });
    report.error ??= `recording the cycle failed: ${firstLine(error)}`;
  }
  let changed: string[] = [];
  try {
    changed = await publisher.publish(now);
  } catch (error) {
    metrics.storeFailures.inc({ kind: storeFailureKind(error) });
    report.error ??= `publishing failed: ${firstLine(error)}`;
  }
  for (const problem of await publisher.notify(changed)) options.log?.warn('websub ping failed', { error: problem });
  // Only with a publication in hand: what is on its pages must stay.
  if (publisher.hasPublication()) {
    try {
      report.retention = await expireOldStories(context.store, publisher.current().storyIds, now, { days: context.config.retention.days });
    } catch (error) {
      metrics.storeFailures.inc({ kind: storeFailureKind(error) });
      report.error ??= `retention failed: ${firstLine(error)}`;
    }
  }
  return report;
}

/** The worker's parts for one config and store: fetch limiter, parse threads, story engine, placer. */
export function workerContext(config: Config, store: Store): WorkerContext {
  limitHeapGrowth();
  return {
    config,
    store,
    placer: new Placer(store, new StoryEngine(engineSettings(config))),
    limiter: createFetchLimiter({ concurrency: config.fetch.concurrency, perHostConcurrency: config.fetch.perHostConcurrency }),
    parsePool: createParsePool({ timeoutMs: config.parse.timeoutSeconds * 1000 }),
    pollDurations: new Map(),
  };
}

/**
 * Opens the store and starts the HTTP server; with `poll`, also the scheduler (a check for due
 * sources every minute), as the database's one writer (`writer` says how long to wait for another).
 * With `workers` > 0, that many HTTP worker processes serve (node:cluster) and this process polls
 * and publishes; with 0 (the default) this process serves too.
 */
export async function startService(
  initialConfig: Config,
  log: Log,
  options: { poll: boolean; workers?: number; writer?: WriterClaim },
): Promise<Service> {
  // Replaced as a whole by a reload; each cycle keeps the context it started with.
  let config = initialConfig;
  // With the log, a PostgreSQL store tells of an outage and of its end (one line each).
  const store = await openStore(config.database, {
    ...(options.poll ? { writer: options.writer ?? writerClaim('run', 300, log.info) } : { checkIntegrity: true }),
    log,
  });
  // Only `serve` gets here with a damaged file (a writer refuses it at open): serve what can be read.
  const health = await store.check();
  if (!health.ok) log.warn(`${health.problem}; serving what can be read, /readyz answers 503`);
  const noOutputs = emptyOutputsWarning(config);
  if (noOutputs) log.warn(noOutputs);
  // Said at start, and at a reload only what the reload made new: a reload that changes nothing says nothing.
  let floorWarnings = new Set(options.poll ? scheduleFloorWarnings(config) : []);
  for (const warning of floorWarnings) log.warn(warning);
  const publisher = new Publisher(config, store, { warn: log.warn, info: log.info, filesRetryMs: FILES_RETRY_MS });
  let context = workerContext(config, store);
  await publisher.ready().catch((error: Error) => log.error('rendering the feeds failed', { error: firstLine(error) }));
  const status = createServiceStatus(
    () => config,
    store,
    () => publisher.filesProblem(),
  );
  // What the in-process server reads per document (Cache-Control); a reload updates it.
  const serving = { schedule: config.schedule };
  const getPublication = () => publisher.current();
  const workers = options.workers
    ? await startHttpWorkers({
        count: options.workers,
        settings: { schedule: config.schedule, host: config.server.host, port: config.server.port },
        getPublication,
        status,
        log,
      })
    : null;
  const server = workers
    ? null
    : createFeedServer({
        config: serving,
        getPublication,
        status: { readiness: status.readiness, metrics: () => status.metrics([]), search: status.search },
        log,
      });
  if (server) await listen(server.server, config.server.port, config.server.host);
  const address = server?.server.address();
  const port = workers ? workers.port : typeof address === 'object' && address ? address.port : config.server.port;
  const url = `http://${config.server.host}:${port}`;
  log.info(
    `serving ${url}/ (feeds under ${url}/feeds/)${workers ? ` with ${options.workers} HTTP worker ${options.workers === 1 ? 'process' : 'processes'}` : ''}`,
    {
      url: `${url}/`,
      ...(workers ? { httpWorkers: options.workers ?? 0 } : {}),
    },
  );
  // The workers serve what they were handed: give them every new publication.
  const published = (): void => {
    if (workers && publisher.hasPublication()) workers.publish(publisher.current());
  };

  // Cycles and reloads run one after another: a reload never changes the config under a cycle.
  let queue: Promise<unknown> = Promise.resolve();
  /** Tasks queued or running: a cycle a tick asks for while one is busy starts late, off its tick. */
  let queued = 0;
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    queued++;
    const run = queue.then(task).finally(() => queued--);
    queue = run.catch(() => {});
    return run;
  };
  let stopping = false;
  /** The sources of the cycle in flight still being polled: a stop names those it waits for. */
  const inFlight = new WorkInFlight();
  const runCycle = (tick?: Date) => serially(() => pollOnce(tick));
  /** `tick`: the minute tick that started this cycle, given only when the cycle starts on it (PollContext.tick). */
  const pollOnce = async (tick?: Date) => {
    // A tick that fires while stop() runs must not start a cycle on a closing store.
    if (stopping) return;
    const started = performance.now();
    // Each source is logged as it is stored; one whose state could not even be read never polled, and is logged here.
    const logged = new Set<string>();
    const onDue = (ids: string[]): void => inFlight.polling(ids);
    const onPolled = (source: SourceReport): void => {
      inFlight.polled(source.sourceId);
      logged.add(source.sourceId);
      logPolledSource(log, source);
    };
    const report = await pollAndPublish(context, publisher, new Date(), { log, tick, onDue, onPolled }).finally(() => inFlight.done());
    published();
    if (report.error) log.error('cycle failed', { error: report.error });
    // Disabled sources (410 Gone) are shown by `feedmerge sources`, not logged every minute.
    const polled = report.sources.filter((s) => s.status !== 'not-due' && s.status !== 'disabled');
    for (const source of polled) if (!logged.has(source.sourceId)) logPolledSource(log, source);
    // A minute with nothing due stays quiet.
    if (polled.length > 0) log.info('cycle finished', { ...cycleCounts(report), durationMs: Math.round(performance.now() - started) });
  };
  let task: MinuteTick | null = null;
  let stopWatching: (() => void) | null = null;
  let republish: () => void = () => {};
  // The config file's text as last read (by `serve` alone, which re-reads an edited file: see below).
  let configText = options.poll ? null : fileText(config.path);
  if (options.poll) {
    // Each source has its own schedule and backoff (next_poll_at); a tick every minute runs what is due.
    // Waits count from the tick only for a cycle that starts on it: one queued behind a reload or the
    // start's cycle starts anywhere in its minute, and counts from its own time.
    const cycle = (tick?: Date) => runCycle(tick).catch((e: Error) => log.error('cycle failed', { error: e.message }));
    task = everyMinute((tick) => cycle(queued === 0 ? tick : undefined), log);
    void cycle();
  } else {
    // `serve` alone: another process (a poller) writes the store; re-render when it committed something.
    // Changes during a render ask for one more render after it, never a queue of them: pollers commit
    // every few milliseconds during a cycle, and a render of 10,000 sources can take seconds. Between
    // renders the server pauses twice as long as the last one took, so rendering takes at most about a
    // third of its time whatever the size. A failed render is tried again 5 s later, not only at the next change.
    let rendering = false;
    let changedMeanwhile = false;
    // A poller started from cron (`poll --once`) reads the config file anew at each run, so what it stores
    // may come from a source added since `serve` started: its stories showed, but the index page had no
    // row for it until a SIGHUP. When the store changed and the file did too, the file is read again as a
    // SIGHUP reads it; an invalid file is reported once, not at every render.
    const reloadIfEdited = async (): Promise<void> => {
      const text = fileText(config.path);
      if (text === null || text === configText) return;
      // Read once: reloading from this text, not a new read, so an editor's write still under way between
      // two reads cannot be the text reloaded while this one is the text remembered.
      await serially(() => reloadNow('the config file changed', text));
    };
    let scheduled: NodeJS.Timeout | undefined;
    const renderLater = (delayMs: number): void => {
      scheduled = setTimeout(() => {
        scheduled = undefined;
        republish();
      }, delayMs).unref();
    };
    republish = (): void => {
      if (rendering) return void (changedMeanwhile = true);
      if (scheduled) return; // the render already scheduled will see this change
      rendering = true;
      changedMeanwhile = false;
      const started = performance.now();
      let failed = false;
      reloadIfEdited()
        .then(() => publisher.publish(new Date()))
        .then(published, (error: Error) => {
          // A lost connection is the store's one outage line; the retry (renderLater) publishes once it is back.
          if (!storeLoggedFailure(store, error)) log.error('publish failed', { error: error.message });
          failed = true;
        })
        .finally(() => {
          rendering = false;
          if (stopping) return;
          if (failed) renderLater(5_000);
          else if (changedMeanwhile) renderLater(Math.min(RENDER_PAUSE_FACTOR * (performance.now() - started), 30_000));
        });
    };
    const stopChanges = store.onChange(republish);
    if (!publisher.hasPublication()) renderLater(5_000);
    stopWatching = () => {
      stopChanges();
      clearTimeout(scheduled);
    };
  }

  /** Applies a reloaded config to every part that holds one; the next cycle and publication use it. */
  const apply = (next: Config): void => {
    const previous = config;
    config = next;
    const limiterChanged =
      next.fetch.concurrency !== previous.fetch.concurrency || next.fetch.perHostConcurrency !== previous.fetch.perHostConcurrency;
    context = {
      ...context,
      config: next,
      limiter: limiterChanged
        ? createFetchLimiter({ concurrency: next.fetch.concurrency, perHostConcurrency: next.fetch.perHostConcurrency })
        : context.limiter,
    };
    context.parsePool?.configure({ timeoutMs: next.parse.timeoutSeconds * 1000 });
    context.placer.engine.configure(engineSettings(next));
    // The window was built over the old number of hours: the next placement rebuilds it from the store.
    if (next.dedup.windowHours !== previous.dedup.windowHours) context.placer.engine.reset();
    publisher.configure(next);
    serving.schedule = next.schedule;
    workers?.configure({ schedule: next.schedule, host: config.server.host, port: config.server.port });
  };

  /** Reloads from `text`, else from the file read now (once); serve remembers the text it reloaded from. */
  const reloadNow = async (reason = 'SIGHUP', text: string | null = fileText(config.path)): Promise<boolean> => {
    if (stopping) return false;
    if (!options.poll) configText = text;
    try {
      // A file that cannot be read (text null) is read by reloadConfig, which says why.
      const reloaded = reloadConfig(config, undefined, text ?? undefined);
      for (const line of reloaded.needsRestart) log.warn(`config: ${line}`, { config: config.path });
      apply(reloaded.config);
      log.info('config reloaded', { config: config.path, changes: reloaded.changes.join('; ') || 'none', reason });
      if (options.poll) {
        const said = floorWarnings;
        floorWarnings = new Set(scheduleFloorWarnings(reloaded.config));
        for (const warning of floorWarnings) if (!said.has(warning)) log.warn(warning);
      }
      return true;
    } catch (error) {
      // The running config stays; each problem is one line, with its JSON path.
      const problems = error instanceof ConfigError ? error.problems : [firstLine(error)];
      for (const problem of problems) log.error(`config not reloaded: ${problem}`, { config: config.path });
      log.error('config not reloaded: keeping the running config', { config: config.path, problems: problems.length });
      return false;
    }
  };

  return {
    url,
    async reload() {
      const applied = await serially(() => reloadNow());
      // Added sources are due at once; changed outputs show at the next publication: make both now.
      if (applied && options.poll) await runCycle().catch((e: Error) => log.error('cycle failed', { error: e.message }));
      else if (applied) republish();
      return applied;
    },
    async stop() {
      stopping = true;
      await task?.stop();
      stopWatching?.();
      publisher.stop();
      inFlight.logStopWait(log, config.fetch.timeoutSeconds);
      await queue;
      await closeFetchAgents();
      await context.parsePool?.close();
      await workers?.stop();
      await server?.close();
      await store.close();
    },
  };
}

/** The config file's text, or null when it cannot be read now (a reload would report why). */
function fileText(file: string): string | null {
  try {
    return readConfigText(file);
  } catch {
    return null;
  }
}

/** How a writing command claims the database: it waits up to `waitSeconds` for another writer, except that a one-shot command never waits for `run`. */
export function writerClaim(command: string, waitSeconds = 300, onWait?: (message: string) => void): WriterClaim {
  return {
    command,
    // `run` never ends by itself: a one-shot command waiting for it would only exit later. `run`
    // itself waits for anyone: a restart overlaps with the old process finishing its cycle.
    // (`run --role place` is a `run` too.)
    waitMs: (holder) => (!command.startsWith('run') && holder?.command.startsWith('run') ? 0 : waitSeconds * 1000),
    onWait,
  };
}

/** One line per polled source: new / updated / unchanged items, or the error. */
export function describeCycle(report: CycleReport): string[] {
  return report.sources.filter((s) => s.status !== 'not-due').map(describeSource);
}

/** One log record per polled source, by both the one-process service and the PostgreSQL poller: failed, not whole, or polled. */
export function logPolledSource(log: Log, source: SourceReport): void {
  if (source.error) log.warn('source failed', sourceFields(source));
  else if (source.warning) log.warn('source polled, feed not whole', sourceFields(source));
  else log.info('source polled', sourceFields(source));
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
    ...(s.repeatedItems ? { repeatedItems: s.repeatedItems } : {}),
    ...(s.error ? { error: s.error } : {}),
    ...(s.warning ? { warning: s.warning } : {}),
  };
}

/** How many sources ended each way in a cycle, the items they brought and the items placed in stories. */
export function cycleCounts(report: CycleReport): LogFields {
  const count = (status: SourceReport['status']) => report.sources.filter((s) => s.status === status).length;
  return {
    sources: report.sources.length,
    ingested: count('ingested'),
    unchanged: count('unchanged'),
    notModified: count('not-modified'),
    failed: count('failed'),
    storeFailed: count('store-failed'),
    disabled: count('disabled'),
    notDue: count('not-due'),
    newItems: report.sources.reduce((sum, s) => sum + s.newItems, 0),
    updatedItems: report.sources.reduce((sum, s) => sum + s.updatedItems, 0),
    placed: report.placed,
  };
}

/** One line for one source. */
export function describeSource(s: SourceReport): string {
  // The poll that got 410 disabled the source (fetch/next-source-state.ts); later ones print "disabled".
  if (s.status === 'failed' && s.httpStatus === 410)
    return `${s.sourceId}: error: ${s.error}; disabled until \`feedmerge sources enable ${s.sourceId}\``;
  if (s.error)
    return `${s.sourceId}: ${s.status === 'disabled' ? 'disabled' : s.status === 'store-failed' ? 'not stored' : 'error'}: ${s.error}`;
  if (s.status === 'not-modified') return `${s.sourceId}: not modified (HTTP 304)`;
  if (s.status === 'unchanged') return `${s.sourceId}: unchanged (same body)`;
  // An entry the feed lists twice is one item: its second listing is said apart, never counted as unchanged.
  const repeated = s.repeatedItems ? `, ${s.repeatedItems} repeated in the feed` : '';
  const counts = `${s.sourceId}: ${s.newItems} new, ${s.updatedItems} updated, ${s.unchangedItems} unchanged${repeated}`;
  return s.warning ? `${counts}; warning: ${s.warning}` : counts;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void =>
      reject(new Error(`cannot listen on ${host}:${port}: ${listenProblem(error.message)}`, { cause: error }));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
}
