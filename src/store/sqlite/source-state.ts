// The source_state table: each source's polling state (validators, errors, backoff, redirects).
import type { SourceState } from '../../model.js';
import { type SourceStateRow, toState } from '../source-state-rows.js';
import { emptySourceState } from '../empty-source-state.js';
import type { SourceClaim } from '../store.js';
import { statement, type Db } from './database.js';

/** The stored state of a source, or the empty state. */
export function getSourceState(db: Db, sourceId: string): SourceState {
  const row = statement<[string], SourceStateRow>(db, 'SELECT * FROM source_state WHERE source_id = ?').get(sourceId);
  return row ? toState(row) : emptySourceState(sourceId);
}

/** All stored states by source id. */
export function listSourceStates(db: Db): Map<string, SourceState> {
  const rows = statement<[], SourceStateRow>(db, 'SELECT * FROM source_state').all();
  return new Map(rows.map((r) => [r.source_id, toState(r)]));
}

/** Writes a source's whole state. */
export function saveSourceState(db: Db, state: SourceState): void {
  statement(
    db,
    `INSERT INTO source_state (source_id, current_url, etag, last_modified, body_hash, last_fetch_at, last_success_at,
       last_status, last_error, next_poll_at, consecutive_failures, disabled_reason, redirect_target, redirect_seen,
       publisher_hints, configured_url, warning, last_error_cause, last_error_cause_line)
     VALUES (@sourceId, @currentUrl, @etag, @lastModified, @bodyHash, @lastFetchAt, @lastSuccessAt,
       @lastStatus, @lastError, @nextPollAt, @consecutiveFailures, @disabledReason, @redirectTarget, @redirectSeen,
       @publisherHints, @configuredUrl, @warning, @lastErrorCause, @lastErrorCauseLine)
     ON CONFLICT (source_id) DO UPDATE SET current_url = excluded.current_url, etag = excluded.etag,
       last_modified = excluded.last_modified, body_hash = excluded.body_hash, last_fetch_at = excluded.last_fetch_at,
       last_success_at = excluded.last_success_at, last_status = excluded.last_status, last_error = excluded.last_error,
       next_poll_at = excluded.next_poll_at, consecutive_failures = excluded.consecutive_failures,
       disabled_reason = excluded.disabled_reason, redirect_target = excluded.redirect_target,
       redirect_seen = excluded.redirect_seen, publisher_hints = excluded.publisher_hints,
       configured_url = excluded.configured_url, warning = excluded.warning, last_error_cause = excluded.last_error_cause,
       last_error_cause_line = excluded.last_error_cause_line`,
  ).run({
    ...state,
    publisherHints: state.publisherHints ? JSON.stringify(state.publisherHints) : null,
    lastErrorCauseLine: state.lastErrorCause === null ? null : state.lastError,
  });
}

/** Clears an operator-visible disable (e.g. after HTTP 410) so the source is polled at the next cycle. */
export function enableSource(db: Db, sourceId: string): void {
  statement(db, 'UPDATE source_state SET disabled_reason = NULL, next_poll_at = NULL, consecutive_failures = 0 WHERE source_id = ?').run(
    sourceId,
  );
}

/** Leases by source id, kept in the store's process (SQLite has one writer process). */
export type SourceLeases = Map<string, { owner: string; until: string }>;

/**
 * The due sources of a claim, longest due first (never polled first), leased to `claim.owner`.
 * SQLite has one writer process, so the leases stay in memory (`leases`): they keep a source in
 * flight from being claimed again before its poll is saved, as PostgreSQL's leases do.
 */
export function dueSources(db: Db, claim: SourceClaim, leases: SourceLeases): string[] {
  const stmt = statement<[string], Pick<SourceStateRow, 'next_poll_at' | 'disabled_reason' | 'configured_url'>>(
    db,
    'SELECT next_poll_at, disabled_reason, configured_url FROM source_state WHERE source_id = ?',
  );
  const due: { id: string; at: string }[] = [];
  for (const source of claim.sources) {
    const lease = leases.get(source.id);
    if (lease && lease.until > claim.now) continue;
    const row = stmt.get(source.id);
    const fresh = !row || (row.configured_url !== null && row.configured_url !== source.url);
    if (fresh) due.push({ id: source.id, at: '' });
    else if (!row.disabled_reason && (row.next_poll_at === null || row.next_poll_at <= claim.now))
      due.push({ id: source.id, at: row.next_poll_at ?? '' });
  }
  due.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const claimed = due.slice(0, claim.limit).map((d) => d.id);
  for (const id of claimed) leases.set(id, { owner: claim.owner, until: claim.leaseUntil });
  return claimed;
}

/** Ends `owner`'s lease of a source. */
export function releaseSourceLease(leases: SourceLeases, sourceId: string, owner: string): void {
  if (leases.get(sourceId)?.owner === owner) leases.delete(sourceId);
}
