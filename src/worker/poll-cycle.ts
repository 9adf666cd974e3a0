// One poll cycle: fetch → parse → store for every due source, then place what they brought in
// stories (the story engine), then publish (publisher.ts). Start reading the code base here.
import { createHash } from 'node:crypto';
import type { Config, SourceConfig } from '../config/schema.js';
import { resolveSourceLocation } from '../config/load-config.js';
import { nextCronTick } from '../cron-schedule.js';
import type { Placer } from '../dedup/placer.js';
import { fetchAdvertisedFeed } from '../fetch/discover-feed.js';
import type { Failure } from '../fetch/failure-cause.js';
import { fetchFeed, type FetchOutcome } from '../fetch/fetch-feed.js';
import type { FetchLimiter } from '../fetch/fetch-limiter.js';
import { nextSourceState } from '../fetch/next-source-state.js';
import { metrics } from '../metrics.js';
import type { IngestResult, ParsedFeed, SourceState } from '../model.js';
import { parseFeed, ParseError } from '../parse/parse-feed.js';
import { ParseStoppedError, ParseTimeoutError, type ParsePool } from '../parse/parse-pool.js';
import { emptySourceState } from '../store/empty-source-state.js';
import { storeFailureKind, type Store, type StoreFailureRecord } from '../store/store.js';
import { longestExpectedFirst } from './poll-order.js';
import { collapseRepeatedItems } from '../parse/repeated-items.js';
import { fetchSettings, pollPolicy } from './settings.js';

export interface WorkerContext {
  config: Config;
  store: Store;
  placer: Placer;
  limiter: FetchLimiter;
  /** Parses on worker threads; without it, feeds are parsed on this thread. */
  parsePool?: ParsePool;
  /**
   * How long each source's last poll took in this process (source id → ms), so that the next cycle
   * starts the slowest first (poll-order.ts). Kept in memory only: after a restart the first cycle
   * runs in config order.
   */
  pollDurations?: Map<string, number>;
}

/** What one source did in a cycle; `error` is one line naming the cause. */
export interface SourceReport {
  sourceId: string;
  /** 'failed': the source's fault (fetch or parse), counted against it; 'store-failed': ours, not counted. */
  status: 'ingested' | 'unchanged' | 'not-modified' | 'failed' | 'store-failed' | 'disabled' | 'not-due';
  httpStatus: number | null;
  newItems: number;
  updatedItems: number;
  unchangedItems: number;
  /** Listings of an entry the feed already listed in the same document (parse/repeated-items.ts): counted here, not as items. */
  repeatedItems: number;
  error: string | null;
  /** Time spent polling this source (fetch to saved state), not waiting for a slot. */
  durationMs: number;
  /** The feed parsed in this poll was not whole (cut off) though its items were stored; one line. */
  warning?: string;
}

export interface CycleReport {
  startedAt: string;
  finishedAt: string;
  sources: SourceReport[];
  /** Items the story engine placed this cycle. */
  placed: number;
  /** Why storing, placing, publishing or retention failed (the cycle could not do its job), else null. */
  error: string | null;
  /** What retention deleted after the cycle (null: it did not run). */
  retention?: { stories: number; items: number } | null;
}

/** When a poll runs. */
export interface PollTimes {
  /** The cycle's time: the source's lastFetchAt, its items' first sighting, and where waits count from without `tick`. */
  now: Date;
  /** The scheduler's minute tick that started the cycle, when one did (PollContext.tick). */
  tick?: Date;
  /** The time now, read on from `now` (a test's fixed `now` stays the reference): when a request is sent. */
  clock: () => Date;
}

/** What a caller of runPollCycle may ask for besides the time. */
export interface CycleOptions {
  force?: boolean;
  tick?: Date;
  /** Told the ids of the sources about to be polled, before the first starts (a stop names those it waits for). */
  onDue?: (sourceIds: string[]) => void;
  /** Told each source's report as soon as its poll is stored. */
  onPolled?: (report: SourceReport) => void;
}

/**
 * Polls every due source (all enabled ones with `force`), storing what changed, then places
 * every item waiting for placement. A failing source is recorded on its state and never stops
 * the others; a failing store or placement ends in `error`, never on a source. `tick`: the
 * scheduler's minute tick that started this cycle, only when it did (see PollContext.tick).
 */
export async function runPollCycle(context: WorkerContext, now: Date, options: CycleOptions = {}): Promise<CycleReport> {
  const startedAt = now.toISOString();
  const started = performance.now();
  const times: PollTimes = {
    now,
    tick: options.tick,
    clock: () => new Date(now.getTime() + (performance.now() - started)),
  };
  const sources = context.config.sources.filter((s) => s.enabled);
  // Polls an earlier cycle could not store: a source that stores again forgets its entry.
  const unstored = await context.store.sources.storeFailures().catch(() => new Map<string, StoreFailureRecord>());
  // Every state is read before the first poll starts, so that the limiter receives the due sources
  // in the order chosen below, not in the order their reads happened to finish.
  const states = await Promise.all(
    sources.map(async (source): Promise<SourceState | SourceReport> => {
      try {
        return await stateFor(context.store, source);
      } catch (error) {
        metrics.storeFailures.inc({ kind: storeFailureKind(error) });
        return { ...skipped(source, 'store-failed', null), error: `store error: ${firstLine(error)}` };
      }
    }),
  );
  const dueStates = new Map<SourceConfig, SourceState>();
  sources.forEach((source, i) => {
    const state = states[i]!;
    if ('status' in state || state.disabledReason) return;
    if (options.force || !state.nextPollAt || state.nextPollAt <= startedAt) dueStates.set(source, state);
  });
  const polls = new Map<string, Promise<SourceReport>>();
  const order = longestExpectedFirst([...dueStates.keys()], context.pollDurations ?? new Map());
  options.onDue?.(order.map((source) => source.id));
  for (const source of order) {
    const state = dueStates.get(source)!;
    const url = state.currentUrl ?? resolveSourceLocation(source.url, context.config);
    const poll = context.limiter.run(url, async () => {
      const started = performance.now();
      const report = await pollSource(context, source, state, url, times, unstored.has(source.id));
      const timed = { ...report, durationMs: Math.round(performance.now() - started) };
      // Told as each source is stored, not at the cycle's end: one slow source would hold back every
      // line, and a process killed mid-cycle never logged the polls it had already stored.
      options.onPolled?.(timed);
      return timed;
    });
    polls.set(source.id, poll);
  }
  const reports = await Promise.all(
    sources.map((source, i): SourceReport | Promise<SourceReport> => {
      const state = states[i]!;
      if ('status' in state) return state;
      if (state.disabledReason) return skipped(source, 'disabled', state.disabledReason);
      return polls.get(source.id) ?? skipped(source, 'not-due', null);
    }),
  );
  for (const report of reports) if (polls.has(report.sourceId)) context.pollDurations?.set(report.sourceId, report.durationMs);
  let placed = 0;
  let error: string | null = null;
  const storeFailures = reports.filter((r) => r.status === 'store-failed');
  if (storeFailures.length) {
    error = `${storeFailures[0]!.sourceId}: ${storeFailures[0]!.error}`;
    if (storeFailures.length > 1)
      error += ` (and ${storeFailures.length - 1} more ${storeFailures.length === 2 ? 'source' : 'sources'} not stored)`;
    // For `sources` and the page; when the store cannot take even this, stderr and the log have it.
    await context.store
      .transaction(async (session) => {
        for (const r of storeFailures) await session.sources.recordStoreFailure(r.sourceId, { error: r.error!, at: startedAt });
      })
      .catch(() => undefined);
  }
  try {
    for (const [rule, count] of await context.placer.placePendingCounted(startedAt)) {
      metrics.dedupDecisions.inc({ rule }, count);
      placed += count;
    }
  } catch (placementError) {
    // The items stay stored and pending: the next cycle places them.
    metrics.storeFailures.inc({ kind: storeFailureKind(placementError) });
    error ??= `placing items in stories failed: ${firstLine(placementError)}`;
  }
  return { startedAt, finishedAt: new Date().toISOString(), sources: reports, placed, error };
}

/**
 * Fetch, parse and store one source; its items and its new state commit together (and, for a
 * poller sharing its sources, the end of its lease: `leaseOwner`).
 */
export async function pollSource(
  context: WorkerContext,
  source: SourceConfig,
  state: SourceState,
  url: string,
  times: PollTimes,
  hadStoreFailure: boolean,
  leaseOwner?: string,
): Promise<SourceReport> {
  const { config, store } = context;
  const { now } = times;
  const report: SourceReport = {
    sourceId: source.id,
    status: 'failed',
    httpStatus: null,
    newItems: 0,
    updatedItems: 0,
    unchangedItems: 0,
    repeatedItems: 0,
    error: null,
    durationMs: 0,
  };
  let outcome: FetchOutcome;
  try {
    outcome = await fetchFeed({ url, etag: state.etag, lastModified: state.lastModified }, fetchSettings(config), times.clock());
  } catch (error) {
    // fetchFeed reports expected failures as values; anything thrown is a bug, still confined to this source.
    outcome = { kind: 'failed', status: null, cause: 'INTERNAL_ERROR', error: `internal error: ${(error as Error).message}` };
  }
  // A web page instead of a feed: the feed it advertises is fetched now, and polled from now on.
  const advertised = await fetchAdvertisedFeed(outcome, fetchSettings(config), times.clock());
  if (advertised) outcome = advertised.outcome;
  report.httpStatus = outcome.status;
  let feed: ParsedFeed | null = null;
  let parseError: Failure | null = null;
  let bodyHash = state.bodyHash;

  if (outcome.kind === 'fetched') {
    const hash = createHash('sha256').update(outcome.body).digest('base64url');
    if (hash === state.bodyHash) {
      report.status = 'unchanged';
    } else {
      try {
        const options = { contentType: outcome.contentType, url: outcome.finalUrl, fetchedAt: now.toISOString() };
        feed = await (context.parsePool ? context.parsePool.parse(outcome.body, options) : parseFeed(outcome.body, options));
        bodyHash = hash;
      } catch (error) {
        // A ParseError's code is the cause, and so is a parse thread's that stopped (PARSE_FAILED: the
        // document was never judged) or ran out of time (PARSE_TIMEOUT); anything else a reader threw
        // counts as an invalid feed.
        const cause =
          error instanceof ParseError || error instanceof ParseStoppedError || error instanceof ParseTimeoutError
            ? error.code
            : 'INVALID_FEED';
        parseError = { cause, error: (error as Error).message };
      }
    }
  } else if (outcome.kind === 'not-modified') {
    report.status = 'not-modified';
  }

  const next: SourceState = {
    ...nextSourceState(
      state,
      parseError !== null && outcome.kind === 'fetched' ? { kind: 'parse-failed', status: outcome.status, ...parseError } : outcome,
      {
        now,
        tick: times.tick,
        scheduledNext: nextCronTick(source.schedule ?? config.schedule, now, source.timezone ?? config.timezone),
        hints: feed?.hints ?? null,
        policy: pollPolicy(config),
        random: Math.random,
        bodyHash,
        ...(feed ? { warning: feed.warning } : {}),
      },
    ),
    ...(advertised && outcome.kind === 'fetched' && parseError === null ? { currentUrl: advertised.url } : {}),
    configuredUrl: source.url,
  };
  let ingest: IngestResult | null = null;
  const listed = feed ? collapseRepeatedItems(feed.items) : null;
  try {
    // The items and the validators that describe them commit together: a crash in between can
    // neither lose items nor make the next poll skip them as "not modified".
    ingest = await store.transaction(async (session) => {
      const result = feed
        ? await session.items.ingest(source.id, feed.language ?? source.language ?? null, listed!.items, now.toISOString())
        : null;
      await session.sources.save(next);
      if (hadStoreFailure) await session.sources.recordStoreFailure(source.id, null);
      if (leaseOwner) await session.sources.releaseLease(source.id, leaseOwner);
      return result;
    });
  } catch (error) {
    // Our failure (disk full, a locked or broken database), not the source's: its state is not touched.
    metrics.storeFailures.inc({ kind: storeFailureKind(error) });
    return { ...report, status: 'store-failed', error: `store error: ${firstLine(error)}` };
  }
  if (ingest) {
    metrics.itemsIngested.inc(ingest.newItemIds.length);
    Object.assign(report, {
      status: 'ingested',
      newItems: ingest.newItemIds.length,
      updatedItems: ingest.updatedItemIds.length,
      unchangedItems: ingest.unchanged,
      repeatedItems: listed?.repeated ?? 0,
    });
  }
  report.error = next.lastError && next.lastFetchAt === now.toISOString() && next.consecutiveFailures > 0 ? next.lastError : null;
  if (report.error) report.status = 'failed';
  if (ingest && feed?.warning) {
    report.warning = feed.warning;
    metrics.feedWarnings.inc();
  }
  metrics.fetches.inc({ outcome: report.status });
  return report;
}

/**
 * The stored state of a source, or a fresh one when the operator changed its URL in the config:
 * validators, redirects, backoff and a 410 belonged to the old URL.
 */
export async function stateFor(store: Store, source: SourceConfig): Promise<SourceState> {
  const state = await store.sources.get(source.id);
  return state.configuredUrl !== null && state.configuredUrl !== source.url ? emptySourceState(source.id) : state;
}

export function skipped(source: SourceConfig, status: 'disabled' | 'not-due' | 'store-failed', error: string | null): SourceReport {
  return {
    sourceId: source.id,
    status,
    httpStatus: null,
    newItems: 0,
    updatedItems: 0,
    unchangedItems: 0,
    repeatedItems: 0,
    error,
    durationMs: 0,
  };
}

/** The first line of an error's message. */
export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
