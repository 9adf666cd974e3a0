// source_state rows as both backends read them: one mapping to the model's SourceState.
import type { PublisherHints, SourceState } from '../model.js';
import { causeOfLastError } from './last-error-cause.js';

export interface SourceStateRow {
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
  warning: string | null;
  last_error_cause: string | null;
  last_error_cause_line: string | null;
}

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
    warning: row.warning,
    lastErrorCause: causeOfLastError(row),
  };
}
