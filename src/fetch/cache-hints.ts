// What a response says about freshness and retrying (RFC 9111 Cache-Control/Expires, RFC 9110 Retry-After).
import type { Dispatcher } from 'undici';
import type { CacheHints } from './fetch-feed.js';
import { httpDateMs } from '../http-date.js';

export type ResponseHeaders = Dispatcher.ResponseData['headers'];

/**
 * The first value of a header without the spaces and tabs around it, or null when it is absent or empty. Optional
 * whitespace is no part of a field value (RFC 9110 §5.5), but undici keeps a trailing one: "Expires: <1 h ahead> " was no
 * HTTP-date, so already expired.
 */
export function header(headers: ResponseHeaders, name: string): string | null {
  const value = headers[name];
  const first = (Array.isArray(value) ? value[0] : value)?.replace(/^[ \t]+|[ \t]+$/g, '');
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
  const arrivedMs = receivedAt.getTime();
  const dateValue = header(headers, 'date');
  // Strict HTTP-date: Date.parse read "Date: 1" as 2001, a 25-year Expires − Date.
  const dateMs = dateValue === null ? null : httpDateMs(dateValue, receivedAt);
  // no-store / no-cache say nothing about how often to poll: their max-age is no hint, rather than "0". Matched as
  // whole directives: "x-no-cache-ext" or a quoted "no-cache" inside another directive's value are neither.
  const maxAge = /(?:^|,)\s*no-(?:store|cache)\s*(?:$|[,=])/.test(cacheControl)
    ? null
    : /(?:^|[,\s])max-age\s*=\s*"?(\d+)/.exec(cacheControl);
  let freshUntil: string | null = null;
  if (maxAge) {
    // Age is delta-seconds, digits only (RFC 9111 §5.1): Number() would also take "1e15", "0x10" or "-5".
    // Clamped like max-age, so that no Age can push the arithmetic below out of Date's range.
    const ageValue = header(headers, 'age') ?? '';
    const ageSeconds = /^\d+$/.test(ageValue) ? Math.min(Number(ageValue), maxFreshnessSeconds) : 0;
    const apparentAgeMs = dateMs === null ? 0 : Math.max(0, arrivedMs - dateMs);
    const correctedAgeMs = ageSeconds * 1000 + Math.max(0, arrivedMs - sentAt.getTime());
    const lifetimeMs = Math.min(Number(maxAge[1]), maxFreshnessSeconds) * 1000;
    freshUntil = isoOrNull(arrivedMs + lifetimeMs - Math.max(apparentAgeMs, correctedAgeMs));
  }
  // Expires is a freshness lifetime, Expires − Date (RFC 9111 §4.2.1), counted from arrival like max-age:
  // read as an absolute time, a server clock an hour fast pushed the next poll an hour late. Without a
  // valid Date it is taken as it is. RFC 9111 §5.3: max-age overrides Expires, and an Expires that is no
  // HTTP-date ("0", "-1") means already expired, so it asks for no wait. Only a max-age read as a hint overrides it:
  // with no-cache, "max-age=3600" and an Expires an hour ahead waited 5 minutes where no-cache alone waited the hour.
  const expiresValue = maxAge ? null : header(headers, 'expires');
  let expires: string | null = null;
  if (expiresValue !== null) {
    const expiresMs = httpDateMs(expiresValue, receivedAt);
    if (expiresMs === null) expires = receivedAt.toISOString();
    else expires = isoOrNull(dateMs === null ? expiresMs : arrivedMs + (expiresMs - dateMs));
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

/**
 * Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3); ISO UTC or null. `receivedAt` is when the
 * response arrived, `date` its Date header. A date is counted like Expires: (Retry-After − Date) from arrival, since
 * both come from the server's clock; read as an absolute time, a server clock an hour off delayed or hastened the
 * retry by that hour. Without a valid Date it is taken as it is.
 */
export function retryAfter(value: string | null, receivedAt: Date, date: string | null = null): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return new Date(receivedAt.getTime() + Math.min(Number(trimmed), maxRetryAfterSeconds) * 1000).toISOString();
  // Strict HTTP-date: V8's lenient Date.parse read "-5", "1.5" or "Sun 1" as dates in 2001.
  const at = httpDateMs(trimmed, receivedAt);
  if (at === null) return null;
  const dateMs = date === null ? null : httpDateMs(date, receivedAt);
  // Capped like delay-seconds, at 365 days either side of arrival: "Retry-After: Fri, 31 Dec 9999 …" with "Date: … 0000"
  // made +012025-…, a date no log or reader expects (nextSourceState bounds the wait anyway).
  const arrivedMs = receivedAt.getTime();
  const capMs = maxRetryAfterSeconds * 1000;
  const retryMs = dateMs === null ? at : arrivedMs + (at - dateMs);
  return isoOrNull(Math.min(Math.max(retryMs, arrivedMs - capMs), arrivedMs + capMs));
}
