// Fetches one feed politely and defensively: conditional GET, manual redirects, hard time and size
// limits, and no connection to a private or internal address that config does not allow (SSRF).
// Callers see FetchOutcome values, never a thrown network error. undici is reached only from src/fetch/:
// the request (send-request.ts), redirects (follow-redirect.ts), where a connection may go
// (connect-policy.ts, guarded-connector.ts), bodies and decompression (read-body.ts), local files
// (read-local-file.ts), cache hints (cache-hints.ts) and error text (fetch-error-text.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrivateNetworkPolicy } from './connect-policy.js';
import { describeFetchError, oneLine, seconds } from './fetch-error-text.js';
import type { FailureCause } from './failure-cause.js';
import { fetchHttp } from './fetch-http.js';
import { readLocalFile } from './read-local-file.js';
import { closeAgents } from './send-request.js';

export interface FetchRequest {
  /** An http(s) URL or an absolute local file path (a file: URL is accepted too). */
  url: string;
  etag: string | null;
  lastModified: string | null;
}

export interface FetchSettings {
  /** The whole request: connect, redirects, headers and body. */
  timeoutMs: number;
  connectTimeoutMs: number;
  /** Cap on the body, checked on the wire and again after decompression. */
  maxBodyBytes: number;
  maxRedirects: number;
  userAgent: string;
  /**
   * Which loopback, private and link-local addresses a request may reach (worker/settings.ts builds it
   * from config). Absent: public addresses only.
   */
  privateNetworks?: PrivateNetworkPolicy;
}

/** What the response said about its freshness (RFC 9111). */
export interface CacheHints {
  /** When Cache-Control max-age runs out (ISO UTC; RFC 9111 §4.2.3, cache-hints.ts), when the response may be cached at all. */
  freshUntil: string | null;
  /** When the request that got the response went out (ISO UTC): max-age's tick alignment counts from it (next-source-state.ts). */
  requestSentAt: string | null;
  /** Expires as ISO UTC, when valid. */
  expires: string | null;
}

export type FetchOutcome =
  | {
      kind: 'fetched';
      status: number;
      finalUrl: string;
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      cache: CacheHints;
      permanentRedirect: string | null;
    }
  | {
      kind: 'not-modified';
      status: 304;
      finalUrl: string;
      etag: string | null;
      lastModified: string | null;
      cache: CacheHints;
      permanentRedirect: string | null;
    }
  // `error` is the operator's line (it may name an address); `cause` the stable code the page words (failure-cause.ts).
  | { kind: 'gone'; status: 410; cause: FailureCause; error: string }
  | { kind: 'retry-later'; status: number; retryAt: string | null; cause: FailureCause; error: string }
  | { kind: 'failed'; status: number | null; cause: FailureCause; error: string };

/** "feedmerge/<version> (…)": servers' logs should tell who polls them; the version comes from package.json. */
export const defaultUserAgent = `feedmerge/${packageVersion()} (feed aggregator; polls RSS, Atom and JSON feeds and merges duplicate stories)`;

/**
 * Fetches a feed once and classifies the result. Never throws for network, HTTP or size problems:
 * they come back as 'failed' / 'gone' / 'retry-later' with a one-line error and its cause's code. A
 * connection the SSRF policy refuses (settings.privateNetworks) is 'failed', its error naming the address and why.
 * `now` is when the request starts; a time the response gives relative to its receipt (Retry-After's
 * seconds) counts from `now` plus the time the response took to come.
 */
export async function fetchFeed(request: FetchRequest, settings: FetchSettings, now: Date): Promise<FetchOutcome> {
  const target = classifyLocation(request.url);
  if (target.kind === 'file') return readLocalFile(target.path, settings);
  if (target.kind === 'invalid') return { kind: 'failed', status: null, cause: 'INVALID_URL', error: target.error };

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('timeout')), settings.timeoutMs);
  try {
    // Read on from `now` with a monotonic clock, so that a caller's `now` (a test's fixed time) stays the reference.
    const started = performance.now();
    const clock = () => new Date(now.getTime() + (performance.now() - started));
    return await fetchHttp(target.url, request, settings, clock, controller.signal);
  } catch (error) {
    // The total timer wins over whatever undici reports for the aborted stream.
    if (controller.signal.aborted)
      return { kind: 'failed', status: null, cause: 'TIMEOUT', error: `timeout after ${seconds(settings.timeoutMs)} s` };
    return { kind: 'failed', status: null, ...describeFetchError(error, settings) };
  } finally {
    clearTimeout(timer);
  }
}

/** Closes every pooled connection (at shutdown, and at the end of benchmarks and tests). */
export async function closeFetchAgents(): Promise<void> {
  await closeAgents();
}

type Location = { kind: 'http'; url: URL } | { kind: 'file'; path: string } | { kind: 'invalid'; error: string };

function classifyLocation(value: string): Location {
  if (/^https?:\/\//i.test(value)) {
    try {
      return { kind: 'http', url: new URL(value) };
    } catch {
      return { kind: 'invalid', error: `invalid URL "${oneLine(value)}"` };
    }
  }
  if (/^file:\/\//i.test(value)) return { kind: 'file', path: fileURLToPath(value) };
  if (path.isAbsolute(value)) return { kind: 'file', path: value };
  return { kind: 'invalid', error: `not an http(s) URL or absolute file path: "${oneLine(value)}"` };
}

function packageVersion(): string {
  // src/fetch/ and dist/fetch/ both sit two levels below the package root.
  try {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
