// One poll cycle: fetch → parse → store → collapse for every due source, then publish.
// Start reading the code base here.
import { createHash } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import type { Config, SourceConfig } from '../config/schema.js';
import { resolveSourceLocation } from '../config/load-config.js';
import { collapseItems, forgetWindowIndex, type DedupContext } from '../dedup/collapse-items.js';
import { fetchFeed, type FetchOutcome } from '../fetch/fetch-feed.js';
import type { FetchLimiter } from '../fetch/fetch-limiter.js';
import { nextCronTick, nextSourceState } from '../fetch/next-source-state.js';
import { metrics } from '../metrics.js';
import type { DedupDecision, FeedItem, ParsedFeed, SourceState } from '../model.js';
import { parseFeed } from '../parse/parse-feed.js';
import { deferCheckpoints, inTransaction, type Db } from '../store/database.js';
import { checkpointWhenDue } from './checkpoint-when-due.js';
import { ingestItems, unplacedItemIds, type StoredIngest } from '../store/items.js';
import { emptySourceState, getSourceState, saveSourceState } from '../store/source-state.js';
import { fetchSettings, pollPolicy } from './settings.js';

export interface WorkerContext {
  config: Config;
  db: Db;
  limiter: FetchLimiter;
}

/** What one source did in a cycle; `error` is one line naming the cause. */
export interface SourceReport {
  sourceId: string;
  status: 'ingested' | 'unchanged' | 'not-modified' | 'failed' | 'disabled' | 'not-due';
  httpStatus: number | null;
  newItems: number;
  updatedItems: number;
  unchangedItems: number;
  error: string | null;
}

export interface CycleReport {
  startedAt: string;
  finishedAt: string;
  sources: SourceReport[];
}

/**
 * Polls every due source (all enabled ones with `force`), ingesting and collapsing what changed.
 * A failing source is recorded on its state and never stops the others.
 */
export async function runPollCycle(context: WorkerContext, now: Date, options: { force?: boolean } = {}): Promise<CycleReport> {
  const startedAt = now.toISOString();
  const sources = context.config.sources.filter((s) => s.enabled);
  // This connection is the writer: checkpoints run between polls (checkpointWhenDue) and after the cycle.
  deferCheckpoints(context.db);
  const reports = await Promise.all(
    sources.map(async (source): Promise<SourceReport> => {
      try {
        const state = stateFor(context.db, source);
        if (state.disabledReason) return skipped(source, 'disabled', state.disabledReason);
        if (!options.force && state.nextPollAt && state.nextPollAt > startedAt) return skipped(source, 'not-due', null);
        const url = state.currentUrl ?? resolveSourceLocation(source.url, context.config);
        return await context.limiter.run(url, () => pollSource(context, source, state, url, now));
      } catch (error) {
        // A database error (busy, a corrupt state row) stays with its source: the cycle, the
        // other sources and publishing go on, and the cycle still ends only when every source has.
        return { ...skipped(source, 'failed', null), error: `internal error: ${(error as Error).message.split('\n')[0]}` };
      }
    }),
  );
  checkpointWhenDue(context.db, 0, true);
  return { startedAt, finishedAt: new Date().toISOString(), sources: reports };
}

async function pollSource(context: WorkerContext, source: SourceConfig, state: SourceState, url: string, now: Date): Promise<SourceReport> {
  const { config, db } = context;
  const report: SourceReport = {
    sourceId: source.id,
    status: 'failed',
    httpStatus: null,
    newItems: 0,
    updatedItems: 0,
    unchangedItems: 0,
    error: null,
  };
  let outcome: FetchOutcome;
  try {
    outcome = await fetchFeed({ url, etag: state.etag, lastModified: state.lastModified }, fetchSettings(config), now);
  } catch (error) {
    // fetchFeed reports expected failures as values; anything thrown is a bug, still confined to this source.
    outcome = { kind: 'failed', status: null, error: `internal error: ${(error as Error).message}` };
  }
  report.httpStatus = outcome.status;
  let feed: ParsedFeed | null = null;
  let parseError: string | null = null;
  let bodyHash = state.bodyHash;

  if (outcome.kind === 'fetched') {
    const hash = createHash('sha256').update(outcome.body).digest('base64url');
    if (hash === state.bodyHash) {
      report.status = 'unchanged';
    } else {
      try {
        feed = await parseFeed(outcome.body, { contentType: outcome.contentType, url: outcome.finalUrl, fetchedAt: now.toISOString() });
        const context = dedupContext(config, now);
        const stored = ingestAndCollapse(db, source.id, feed.language ?? source.language ?? null, feed.items, context);
        checkpointWhenDue(db, stored.decisions.length);
        // The items are stored whatever happened to their placement; a failed one is this source's error.
        if (stored.collapseError) throw stored.collapseError;
        const { ingest } = stored;
        const decisions = [...stored.decisions, ...(await collapseInChunks(db, stored.rest, context))];
        for (const decision of decisions) metrics.dedupDecisions.inc({ rule: decision.rule });
        metrics.itemsIngested.inc(ingest.newItemIds.length);
        Object.assign(report, {
          status: 'ingested',
          newItems: ingest.newItemIds.length,
          updatedItems: ingest.updatedItemIds.length,
          unchangedItems: ingest.unchanged,
        });
        bodyHash = hash;
      } catch (error) {
        parseError = (error as Error).message;
      }
    }
  } else if (outcome.kind === 'not-modified') {
    report.status = 'not-modified';
  }

  const next = nextSourceState(
    state,
    parseError !== null && outcome.kind === 'fetched' ? { kind: 'parse-failed', status: outcome.status, error: parseError } : outcome,
    {
      now,
      scheduledNext: nextCronTick(source.schedule ?? config.schedule, now),
      hints: feed?.hints ?? null,
      policy: pollPolicy(config),
      random: Math.random,
      bodyHash,
    },
  );
  saveSourceState(db, { ...next, configuredUrl: source.url });
  report.error = next.lastError && next.lastFetchAt === now.toISOString() && next.consecutiveFailures > 0 ? next.lastError : null;
  if (report.error) report.status = 'failed';
  metrics.fetches.inc({ outcome: report.status });
  return report;
}

// Placing 100,000 items takes seconds: beyond the first chunk, in chunks with a turn of the event
// loop between them, so the other fetches and the HTTP server go on.
const collapseChunk = 1_000;

/** What storing one fetched feed did: the ingest, the first chunk's decisions, the ids still to place. */
export interface StoredPoll {
  ingest: StoredIngest;
  decisions: DedupDecision[];
  /** New (or earlier unplaced) items beyond the first chunk, for collapseInChunks. */
  rest: number[];
  /** Why placing the first chunk failed (its placements were rolled back; the items stay stored). */
  collapseError: Error | null;
}

/**
 * Stores one fetched feed and places its first chunk of items in ONE transaction: each page both
 * touch (the items' rows, index pages) is written to the WAL once, not once per step. Placing runs
 * in a savepoint: if it fails, only the placements roll back; the stored items are committed all
 * the same (never half a feed, never a feed lost) and the next poll's sweep places them.
 */
export function ingestAndCollapse(
  db: Db,
  sourceId: string,
  language: string | null,
  items: readonly FeedItem[],
  context: DedupContext,
): StoredPoll {
  try {
    return inTransaction(db, () => storeAndPlace(db, sourceId, language, items, context));
  } catch (error) {
    // The commit itself failed (disk full, I/O): the index may hold placements the database does not.
    forgetWindowIndex(db);
    throw error;
  }
}

function storeAndPlace(db: Db, sourceId: string, language: string | null, items: readonly FeedItem[], context: DedupContext): StoredPoll {
  const ingest = ingestItems(db, sourceId, language, items, context.now);
  // Items stored by an earlier poll whose collapse never finished (a crash between chunks) are placed now;
  // an updated one is placed through the update, not twice.
  const inIngest = new Set([...ingest.newItemIds, ...ingest.updatedItemIds]);
  const toPlace = [...ingest.newItemIds, ...unplacedItemIds(db, sourceId).filter((id) => !inIngest.has(id))];
  const first = { ...ingest, newItemIds: toPlace.slice(0, collapseChunk) };
  try {
    // collapseItems' own transaction is a savepoint inside this one.
    return { ingest, decisions: collapseItems(db, first, context), rest: toPlace.slice(collapseChunk), collapseError: null };
  } catch (error) {
    return { ingest, decisions: [], rest: [], collapseError: error as Error };
  }
}

async function collapseInChunks(db: Db, ids: readonly number[], context: DedupContext): Promise<DedupDecision[]> {
  const decisions: DedupDecision[] = [];
  for (let start = 0; start < ids.length; start += collapseChunk) {
    await setImmediate();
    const chunk = collapseItems(db, { newItemIds: ids.slice(start, start + collapseChunk), updatedItemIds: [] }, context);
    checkpointWhenDue(db, chunk.length);
    decisions.push(...chunk);
  }
  return decisions;
}

/**
 * The stored state of a source, or a fresh one when the operator changed its URL in the config:
 * validators, redirects, backoff and a 410 belonged to the old URL.
 */
function stateFor(db: Db, source: SourceConfig): SourceState {
  const state = getSourceState(db, source.id);
  return state.configuredUrl !== null && state.configuredUrl !== source.url ? emptySourceState(source.id) : state;
}

/** The dedup settings for a cycle at `now`. */
export function dedupContext(config: Config, now: Date): DedupContext {
  return {
    sources: new Map(config.sources.map((s) => [s.id, s])),
    settings: config.dedup,
    now: now.toISOString(),
  };
}

function skipped(source: SourceConfig, status: 'disabled' | 'not-due' | 'failed', error: string | null): SourceReport {
  return { sourceId: source.id, status, httpStatus: null, newItems: 0, updatedItems: 0, unchangedItems: 0, error };
}
