// The source_state table: each source's polling state (validators, errors, backoff, redirects),
// the lease a poller holds on it while polling, and the pollers' source list (claimDueSources below).
import { createHash } from 'node:crypto';
import type { SourceState } from '../../model.js';
import { type SourceStateRow, toState } from '../source-state-rows.js';
import { emptySourceState } from '../empty-source-state.js';
import type { SourceClaim } from '../store.js';
import type { Queryable } from './connection.js';
import { POLLER_LOCK } from './poller-liveness.js';

/** Columns of a state (not the lease). */
const STATE_COLUMNS = `source_id, current_url, etag, last_modified, body_hash, last_fetch_at, last_success_at, last_status,
  last_error, next_poll_at, consecutive_failures, disabled_reason, redirect_target, redirect_seen, publisher_hints, configured_url,
  warning, last_error_cause, last_error_cause_line`;

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
       publisher_hints, configured_url, warning, last_error_cause, last_error_cause_line)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
     ON CONFLICT (source_id) DO UPDATE SET current_url = excluded.current_url, etag = excluded.etag,
       last_modified = excluded.last_modified, body_hash = excluded.body_hash, last_fetch_at = excluded.last_fetch_at,
       last_success_at = excluded.last_success_at, last_status = excluded.last_status, last_error = excluded.last_error,
       next_poll_at = excluded.next_poll_at, consecutive_failures = excluded.consecutive_failures,
       disabled_reason = excluded.disabled_reason, redirect_target = excluded.redirect_target,
       redirect_seen = excluded.redirect_seen, publisher_hints = excluded.publisher_hints,
       configured_url = excluded.configured_url, warning = excluded.warning, last_error_cause = excluded.last_error_cause,
       last_error_cause_line = excluded.last_error_cause_line`,
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
      state.warning?.replaceAll('\u0000', '') ?? null,
      state.lastErrorCause,
      // The line as stored above, so that reading compares equals.
      state.lastErrorCause === null ? null : (state.lastError?.replaceAll('\u0000', '') ?? null),
    ],
  );
}

/** Clears an operator-visible disable (e.g. after HTTP 410) so the source is polled at the next cycle. */
export async function enableSource(db: Queryable, sourceId: string): Promise<void> {
  await db.query('UPDATE source_state SET disabled_reason = NULL, next_poll_at = NULL, consecutive_failures = 0 WHERE source_id = $1', [
    sourceId,
  ]);
}

/** Identifies a poller's source list (ids and configured URLs, in order): equal lists, equal fingerprints. */
export function sourceListFingerprint(sources: SourceClaim['sources']): string {
  const hash = createHash('sha256');
  for (const source of sources) hash.update(`${source.id}\u0000${source.url}\u0000`);
  return hash.digest('base64url');
}

/**
 * Writes a poller's source list into the rows (polled_url; a row for each source never seen),
 * unless the rows already hold it. Runs in a transaction: the list row is locked, so two pollers
 * starting at once write it one after the other, and the second finds nothing to do.
 */
export async function savePolledSources(db: Queryable, sources: SourceClaim['sources'], fingerprint: string): Promise<void> {
  await db.query("INSERT INTO poller_source_list (id, fingerprint) VALUES (1, '') ON CONFLICT (id) DO NOTHING");
  const { rows } = await db.query<{ fingerprint: string }>('SELECT fingerprint FROM poller_source_list WHERE id = 1 FOR UPDATE');
  if (rows[0]?.fingerprint === fingerprint) return;
  const ids = sources.map((s) => s.id);
  await db.query(
    `INSERT INTO source_state (source_id, polled_url) SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (source_id) DO UPDATE SET polled_url = excluded.polled_url
     WHERE source_state.polled_url IS DISTINCT FROM excluded.polled_url`,
    [ids, sources.map((s) => s.url)],
  );
  await db.query('UPDATE source_state SET polled_url = NULL WHERE polled_url IS NOT NULL AND NOT (source_id = ANY($1::text[]))', [ids]);
  await db.query('UPDATE poller_source_list SET fingerprint = $1 WHERE id = 1', [fingerprint]);
}

/** What a claim took, and whether the rows held the claimer's source list (if not, it took nothing). */
export interface ClaimResult {
  ids: string[];
  listCurrent: boolean;
}

/**
 * Leases up to `limit` due sources to `claim.owner`, if the rows hold the source list with this
 * `fingerprint` (savePolledSources). Reads only claimable rows, along source_state_claim_order:
 * its cost does not grow with the number of sources. SKIP LOCKED: a row another poller is
 * claiming this instant is passed over, never waited for, so pollers on several machines share
 * the sources without blocking each other. A lease is free when it ran out, or at once when its
 * owner holds no liveness lock (it died: poller-liveness.ts); the claimer must hold its own first.
 */
export async function claimDueSources(db: Queryable, claim: SourceClaim, fingerprint: string): Promise<ClaimResult> {
  const { rows } = await db.query<{ list_current: boolean | null; ids: string[] }>(
    `WITH list AS (SELECT fingerprint = $1 AS current FROM poller_source_list WHERE id = 1),
     live AS (
       -- The owners (by hashtext) whose liveness lock is held in this database: pollers still running.
       SELECT objid FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND classid = $6::int4::oid AND objsubid = 2
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
     ),
     due AS (
       SELECT s.source_id, s.lease_owner IS NULL AS free, s.claimable_at FROM source_state s
       WHERE (SELECT current FROM list)
         -- The index's own order, bounded: every leased row, then the free rows due by now.
         AND (s.lease_owner IS NULL, s.claimable_at) <= (true, $3::text) AND s.claimable_at <= $3
         AND (s.lease_owner IS NULL OR s.lease_until <= $3
           OR NOT EXISTS (SELECT 1 FROM live WHERE live.objid = hashtext(s.lease_owner)::oid))
       -- A lease left behind (its poller died, or ran out of time) first: that source was due before it was claimed.
       ORDER BY s.lease_owner IS NULL, s.claimable_at, s.source_id
       LIMIT $4
       FOR UPDATE OF s SKIP LOCKED
     ),
     claimed AS (
       UPDATE source_state SET lease_owner = $2, lease_until = $5 FROM due WHERE source_state.source_id = due.source_id
       RETURNING due.source_id, due.free, due.claimable_at
     )
     SELECT (SELECT current FROM list) AS list_current,
       ARRAY(SELECT source_id FROM claimed ORDER BY free, claimable_at, source_id) AS ids`,
    [fingerprint, claim.owner, claim.now, claim.limit, claim.leaseUntil, POLLER_LOCK],
  );
  const row = rows[0]!;
  return { ids: row.ids, listCurrent: row.list_current === true };
}

/** Ends `owner`'s lease of a source (another owner's lease, taken over after this one ran out, stays). */
export async function releaseSourceLease(db: Queryable, sourceId: string, owner: string): Promise<void> {
  await db.query('UPDATE source_state SET lease_owner = NULL, lease_until = NULL WHERE source_id = $1 AND lease_owner = $2', [
    sourceId,
    owner,
  ]);
}
