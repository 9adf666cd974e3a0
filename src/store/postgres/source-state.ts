// The source_state table: each source's polling state (validators, errors, backoff, redirects),
// and the lease a poller holds on it while polling (claimDueSources below).
import type { PublisherHints, SourceState } from '../../model.js';
import { emptySourceState } from '../empty-source-state.js';
import type { SourceClaim } from '../store.js';
import type { Queryable } from './connection.js';
import { POLLER_LOCK } from './poller-liveness.js';

interface SourceStateRow {
  source_id: string;
  current_url: string | null;
  etag: string | null;
  last_modified: string | null;
  body_hash: string | null;
  last_fetch_at: string | null;
  last_success_at: string | null;
  last_status: number | null;
  last_error: string | null;
  next_poll_at: string | null;
  consecutive_failures: number;
  disabled_reason: string | null;
  redirect_target: string | null;
  redirect_seen: number;
  publisher_hints: string | null;
  configured_url: string | null;
}

/** Columns of a state (not the lease). */
const STATE_COLUMNS = `source_id, current_url, etag, last_modified, body_hash, last_fetch_at, last_success_at, last_status,
  last_error, next_poll_at, consecutive_failures, disabled_reason, redirect_target, redirect_seen, publisher_hints, configured_url`;

export function toState(row: SourceStateRow): SourceState {
  return {
    sourceId: row.source_id,
    currentUrl: row.current_url,
    etag: row.etag,
    lastModified: row.last_modified,
    bodyHash: row.body_hash,
    lastFetchAt: row.last_fetch_at,
    lastSuccessAt: row.last_success_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    nextPollAt: row.next_poll_at,
    consecutiveFailures: row.consecutive_failures,
    disabledReason: row.disabled_reason,
    redirectTarget: row.redirect_target,
    redirectSeen: row.redirect_seen,
    publisherHints: row.publisher_hints ? (JSON.parse(row.publisher_hints) as PublisherHints) : null,
    configuredUrl: row.configured_url,
  };
}

/** The stored state of a source, or the empty state. */
export async function getSourceState(db: Queryable, sourceId: string): Promise<SourceState> {
  const { rows } = await db.query<SourceStateRow>(`SELECT ${STATE_COLUMNS} FROM source_state WHERE source_id = $1`, [sourceId]);
  return rows[0] ? toState(rows[0]) : emptySourceState(sourceId);
}

/** All stored states by source id (rows a poller only registered, never polled, included as empty states). */
export async function listSourceStates(db: Queryable): Promise<Map<string, SourceState>> {
  const { rows } = await db.query<SourceStateRow>(`SELECT ${STATE_COLUMNS} FROM source_state ORDER BY source_id`);
  return new Map(rows.map((r) => [r.source_id, toState(r)]));
}

/** Writes a source's whole state (its lease is untouched). */
export async function saveSourceState(db: Queryable, state: SourceState): Promise<void> {
  await db.query(
    `INSERT INTO source_state (source_id, current_url, etag, last_modified, body_hash, last_fetch_at, last_success_at,
       last_status, last_error, next_poll_at, consecutive_failures, disabled_reason, redirect_target, redirect_seen,
       publisher_hints, configured_url)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (source_id) DO UPDATE SET current_url = excluded.current_url, etag = excluded.etag,
       last_modified = excluded.last_modified, body_hash = excluded.body_hash, last_fetch_at = excluded.last_fetch_at,
       last_success_at = excluded.last_success_at, last_status = excluded.last_status, last_error = excluded.last_error,
       next_poll_at = excluded.next_poll_at, consecutive_failures = excluded.consecutive_failures,
       disabled_reason = excluded.disabled_reason, redirect_target = excluded.redirect_target,
       redirect_seen = excluded.redirect_seen, publisher_hints = excluded.publisher_hints,
       configured_url = excluded.configured_url`,
    [
      state.sourceId,
      state.currentUrl,
      state.etag,
      state.lastModified,
      state.bodyHash,
      state.lastFetchAt,
      state.lastSuccessAt,
      state.lastStatus,
      state.lastError?.replaceAll('\u0000', '') ?? null,
      state.nextPollAt,
      state.consecutiveFailures,
      state.disabledReason?.replaceAll('\u0000', '') ?? null,
      state.redirectTarget,
      state.redirectSeen,
      state.publisherHints ? JSON.stringify(state.publisherHints) : null,
      state.configuredUrl,
    ],
  );
}

/** Clears an operator-visible disable (e.g. after HTTP 410) so the source is polled at the next cycle. */
export async function enableSource(db: Queryable, sourceId: string): Promise<void> {
  await db.query('UPDATE source_state SET disabled_reason = NULL, next_poll_at = NULL, consecutive_failures = 0 WHERE source_id = $1', [
    sourceId,
  ]);
}

/**
 * Leases up to `limit` due sources to `claim.owner`. Sources never seen get a row first (once
 * per store). SKIP LOCKED: a row another poller is claiming this instant is passed over, never
 * waited for, so pollers on several machines share the sources without blocking each other.
 * A lease is free when it ran out, or at once when its owner holds no liveness lock (it died:
 * poller-liveness.ts); the claimer must hold its own before claiming.
 */
export async function claimDueSources(db: Queryable, claim: SourceClaim, registered: Set<string>): Promise<string[]> {
  const unknown = claim.sources.filter((s) => !registered.has(s.id)).map((s) => s.id);
  if (unknown.length) {
    await db.query('INSERT INTO source_state (source_id) SELECT unnest($1::text[]) ON CONFLICT (source_id) DO NOTHING', [unknown]);
    for (const id of unknown) registered.add(id);
  }
  const { rows } = await db.query<{ source_id: string }>(
    `WITH wanted (source_id, url) AS (SELECT * FROM unnest($1::text[], $2::text[])),
     live AS (
       -- The owners (by hashtext) whose liveness lock is held in this database: pollers still running.
       SELECT objid FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND classid = $7::int4::oid AND objsubid = 2
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
     ),
     due AS (
       SELECT s.source_id FROM source_state s JOIN wanted w ON w.source_id = s.source_id
       WHERE (s.lease_until IS NULL OR s.lease_until <= $4
           OR NOT EXISTS (SELECT 1 FROM live WHERE live.objid = hashtext(s.lease_owner)::oid))
         AND ((s.configured_url IS NOT NULL AND s.configured_url <> w.url)
           OR (s.disabled_reason IS NULL AND (s.next_poll_at IS NULL OR s.next_poll_at <= $4)))
       -- A lease left behind (its poller died, or ran out of time) first: that source was due before it was claimed.
       ORDER BY s.lease_owner IS NULL, COALESCE(s.next_poll_at, ''), s.source_id
       LIMIT $5
       FOR UPDATE OF s SKIP LOCKED
     )
     UPDATE source_state SET lease_owner = $3, lease_until = $6 FROM due WHERE source_state.source_id = due.source_id
     RETURNING source_state.source_id, source_state.next_poll_at`,
    [claim.sources.map((s) => s.id), claim.sources.map((s) => s.url), claim.owner, claim.now, claim.limit, claim.leaseUntil, POLLER_LOCK],
  );
  return rows.map((r) => r.source_id);
}

/** Ends `owner`'s lease of a source (another owner's lease, taken over after this one ran out, stays). */
export async function releaseSourceLease(db: Queryable, sourceId: string, owner: string): Promise<void> {
  await db.query('UPDATE source_state SET lease_owner = NULL, lease_until = NULL WHERE source_id = $1 AND lease_owner = $2', [
    sourceId,
    owner,
  ]);
}
