// What a response says about freshness and retrying (RFC 9111 Cache-Control/Expires, RFC 9110 Retry-After).
import type { Dispatcher } from 'undici';
import type { CacheHints } from './fetch-feed.js';

export type ResponseHeaders = Dispatcher.ResponseData['headers'];

/** The first value of a header, or null when it is absent or empty. */
export function header(headers: ResponseHeaders, name: string): string | null {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? null : first;
}

/** Cache-Control max-age (minus Age) and Expires as the next-poll computation reads them. */
export function cacheHints(headers: ResponseHeaders): CacheHints {
  const cacheControl = (header(headers, 'cache-control') ?? '').toLowerCase();
  let maxAgeSeconds: number | null = null;
  // no-store / no-cache say nothing about how often to poll: treat them as no hint rather than "0".
  if (!/\bno-(store|cache)\b/.test(cacheControl)) {
    const match = /(?:^|[,\s])max-age\s*=\s*"?(\d+)/.exec(cacheControl);
    if (match) {
      const age = Number(header(headers, 'age') ?? 0);
      maxAgeSeconds = Math.max(0, Number(match[1]) - (Number.isFinite(age) ? age : 0));
    }
  }
  const expiresValue = header(headers, 'expires');
  const expiresMs = expiresValue ? Date.parse(expiresValue) : NaN;
  return { maxAgeSeconds, expires: Number.isFinite(expiresMs) ? new Date(expiresMs).toISOString() : null };
}

// Longer than any backoff cap (nextSourceState bounds the wait anyway), short enough for a valid Date:
// "Retry-After: 99999999999999999999" made toISOString throw.
const maxRetryAfterSeconds = 365 * 24 * 3600;

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3); ISO UTC or null. */
export function retryAfter(value: string | null, now: Date): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return new Date(now.getTime() + Math.min(Number(trimmed), maxRetryAfterSeconds) * 1000).toISOString();
  // All three HTTP-date forms start with a day name, so a value that starts with a digit or sign is no date:
  // V8's lenient Date.parse would read "-5" or "1.5" as dates in 2001. Only that: "Sun 1" still reads as
  // 2001, harmless, since a retry time in the past is held to the minimum interval.
  if (!/^[A-Za-z]/.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? new Date(at).toISOString() : null;
}
