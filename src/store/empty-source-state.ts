// The state of a source nobody has polled yet; the same for every backend.
import type { SourceState } from '../model.js';

/** The state of a source never polled. */
export function emptySourceState(sourceId: string): SourceState {
  return {
    sourceId,
    currentUrl: null,
    etag: null,
    lastModified: null,
    bodyHash: null,
    lastFetchAt: null,
    lastSuccessAt: null,
    lastStatus: null,
    lastError: null,
    lastErrorCause: null,
    nextPollAt: null,
    consecutiveFailures: 0,
    disabledReason: null,
    redirectTarget: null,
    redirectSeen: 0,
    publisherHints: null,
    configuredUrl: null,
    warning: null,
  };
}
