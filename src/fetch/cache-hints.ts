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

/**
 * Cache-Control max-age and Expires as the next-poll computation reads them. max-age runs out when the
 * response's current age reaches it (RFC 9111 §4.2.3): its age on arrival is the larger of what its Date
 * says (apparent age) and its Age header plus the time the request took (that long it may have aged in
 * transit), and from arrival it ages in our hands. `sentAt` is when the request that got this response
 * went out, `receivedAt` when the response arrived. Counted from the cycle's start instead, a request
 * that waited behind the per-host limit polled again that much too early, and a Date left behind by a
 * cache that sends no Age was not counted at all.
 */
export function cacheHints(headers: ResponseHeaders, sentAt: Date, receivedAt: Date): CacheHints {
  const cacheControl = (header(headers, 'cache-control') ?? '').toLowerCase();
  let freshUntil: string | null = null;
  // no-store / no-cache say nothing about how often to poll: treat them as no hint rather than "0".
  if (!/\bno-(store|cache)\b/.test(cacheControl)) {
    const match = /(?:^|[,\s])max-age\s*=\s*"?(\d+)/.exec(cacheControl);
    if (match) {
      const arrivedMs = receivedAt.getTime();
      // Age is delta-seconds, digits only (RFC 9111 §5.1): Number() would also take "1e15", "0x10" or "-5".
      // Clamped like max-age, so that no Age can push the arithmetic below out of Date's range.
      const ageValue = (header(headers, 'age') ?? '').trim();
      const ageSeconds = /^\d+$/.test(ageValue) ? Math.min(Number(ageValue), maxFreshnessSeconds) : 0;
      const dateMs = Date.parse(header(headers, 'date') ?? '');
      const apparentAgeMs = Number.isFinite(dateMs) ? Math.max(0, arrivedMs - dateMs) : 0;
      const correctedAgeMs = ageSeconds * 1000 + Math.max(0, arrivedMs - sentAt.getTime());
      const lifetimeMs = Math.min(Number(match[1]), maxFreshnessSeconds) * 1000;
      freshUntil = isoOrNull(arrivedMs + lifetimeMs - Math.max(apparentAgeMs, correctedAgeMs));
    }
  }
  // Expires is a freshness lifetime, Expires − Date (RFC 9111 §4.2.1), counted from arrival like max-age:
  // read as an absolute time, a server clock an hour fast pushed the next poll an hour late. Without a
  // valid Date it is taken as it is.
  const expiresValue = header(headers, 'expires');
  const expiresMs = expiresValue ? Date.parse(expiresValue) : NaN;
  let expires: string | null = null;
  if (Number.isFinite(expiresMs)) {
    const dateMs = Date.parse(header(headers, 'date') ?? '');
    expires = isoOrNull(Number.isFinite(dateMs) ? receivedAt.getTime() + (expiresMs - dateMs) : expiresMs);
  }
  return { freshUntil, expires, requestSentAt: sentAt.toISOString() };
}

/** A time as ISO UTC, or null where it is no valid Date: no header may make the arithmetic throw. */
function isoOrNull(ms: number): string | null {
  const date = new Date(ms);
  return Number.isFinite(date.getTime()) ? date.toISOString() : null;
}

// A max-age beyond any poll interval means "a long time" (next-source-state.ts caps the wait at
// maxInterval); bounded, so that "max-age=99999999999999999999" still makes a valid Date.
const maxFreshnessSeconds = 365 * 24 * 3600;

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
