// One poll cycle: fetch → parse → store → collapse for every due source, then publish.
// Start reading the code base here.
import { createHash } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import type { Config, SourceConfig } from '../config/schema.js';
import { resolveSourceLocation } from '../config/load-config.js';
import { collapseItems } from '../dedup/collapse-items.js';
import { fetchFeed, type FetchOutcome } from '../fetch/fetch-feed.js';
import type { FetchLimiter } from '../fetch/fetch-limiter.js';
import { nextCronTick, nextSourceState } from '../fetch/next-source-state.js';
import { metrics } from '../metrics.js';
import type { DedupDecision, IngestResult, ParsedFeed, SourceState } from '../model.js';
import { parseFeed } from '../parse/parse-feed.js';
import { checkpointWal, deferCheckpoints, type Db } from '../store/database.js';
import { ingestItems, unplacedItemIds } from '../store/items.js';
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

/**
 * Items written per checkpoint: ~3 WAL pages each, so the WAL stays near 20–30 MiB between
 * checkpoints, and one checkpoint (with its fsyncs) is shared by thousands of items.
 */
export const CHECKPOINT_EVERY_ITEMS = 2_000;
const writtenSinceCheckpoint = new WeakMap<Db, number>();

/**
 * Counts items written and checkpoints the WAL (PASSIVE) when enough have piled up, or always
 * with `force` (end of a cycle). Called between polls, never inside one: a checkpoint is no
 * item's decision latency, though it is part of the throughput.
 */
export function checkpointWhenDue(db: Db, itemsWritten: number, force = false): boolean {
  const pending = (writtenSinceCheckpoint.get(db) ?? 0) + itemsWritten;
  if (!force && pending < CHECKPOINT_EVERY_ITEMS) {
    writtenSinceCheckpoint.set(db, pending);
    return false;
  }
  writtenSinceCheckpoint.set(db, 0);
  if (pending > 0) checkpointWal(db);
  return pending > 0;
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
        const ingest = ingestItems(db, source.id, feed.language ?? source.language ?? null, feed.items, now.toISOString());
        // Items stored by an earlier poll whose collapse never finished (a crash between chunks) are placed now.
        const isNew = new Set(ingest.newItemIds);
        const unplaced = unplacedItemIds(db, source.id).filter((id) => !isNew.has(id));
        const decisions = await collapseInChunks(
          db,
          { ...ingest, newItemIds: [...ingest.newItemIds, ...unplaced] },
          dedupContext(config, now),
        );
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
  if (!report.error) metrics.sourceLastSuccess.set({ source: source.id }, now.getTime() / 1000);
  return report;
}

// Storing a feed is one transaction (never half a feed), but placing 100,000 items takes seconds:
// in chunks, with a turn of the event loop between them, the other fetches and the HTTP server go on.
const collapseChunk = 1_000;

async function collapseInChunks(db: Db, ingest: IngestResult, context: ReturnType<typeof dedupContext>): Promise<DedupDecision[]> {
  const decisions = collapseItems(
    db,
    { newItemIds: ingest.newItemIds.slice(0, collapseChunk), updatedItemIds: ingest.updatedItemIds },
    context,
  );
  checkpointWhenDue(db, decisions.length);
  for (let start = collapseChunk; start < ingest.newItemIds.length; start += collapseChunk) {
    await setImmediate();
    const chunk = collapseItems(db, { newItemIds: ingest.newItemIds.slice(start, start + collapseChunk), updatedItemIds: [] }, context);
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
export function dedupContext(config: Config, now: Date) {
  return {
    sources: new Map(config.sources.map((s) => [s.id, s])),
    settings: config.dedup,
    now: now.toISOString(),
  };
}

function skipped(source: SourceConfig, status: 'disabled' | 'not-due' | 'failed', error: string | null): SourceReport {
  return { sourceId: source.id, status, httpStatus: null, newItems: 0, updatedItems: 0, unchangedItems: 0, error };
}
