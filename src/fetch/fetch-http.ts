// An http(s) feed: GET, hop by hop through redirects, then the final response classified as a
// FetchOutcome. Every connection goes through the SSRF-guarded agent (send-request.ts).
import { STATUS_CODES } from 'node:http';
import { cacheHints, header, retryAfter } from './cache-hints.js';
import { bodyTooLarge, oneLine } from './fetch-error-text.js';
import type { FetchOutcome, FetchRequest, FetchSettings } from './fetch-feed.js';
import { followRedirect, redirectStatuses } from './follow-redirect.js';
import { abandon, contentEncodings, discard, readBody, unsupportedEncoding } from './read-body.js';
import { agentFor, feedRequestHeaders, sendGet } from './send-request.js';
import { credentialsOf, withCredentials, withoutCredentials } from './url-credentials.js';

const permanentStatuses = new Set([301, 308]);

/**
 * Fetches `start`; throws only what the network layer threw (fetchFeed turns that into a 'failed' outcome).
 * `clock` tells when the final request went out and its response arrived: Retry-After's seconds, and its date less
 * the response's Date, count from the arrival (RFC 9110 §10.2.3), max-age from both (RFC 9111 §4.2.3, cache-hints.ts).
 */
export async function fetchHttp(
  start: URL,
  req: FetchRequest,
  settings: FetchSettings,
  clock: () => Date,
  signal: AbortSignal,
): Promise<FetchOutcome> {
  const headers = feedRequestHeaders(settings.userAgent, req.etag, req.lastModified);
  const login = credentialsOf(start);
  // The allowance for non-public addresses is the request's starting host:port when config names it.
  const dispatcher = agentFor(settings, start.href);
  let url = withoutCredentials(start);
  const visited = new Set<string>([url.href]);
  // Only the leading run of 301/308 is a permanent move: after A -301-> B -302-> C the feed moved to B, not C.
  let permanentTarget: string | null = null;
  let stillPermanent = true;

  for (let hops = 0; ; hops++) {
    const authorized = login && url.origin === login.origin ? { ...headers, authorization: login.header } : headers;
    const sentAt = clock();
    const response = await sendGet(url, { dispatcher, headers: authorized, signal });
    const receivedAt = clock();
    const status = response.statusCode;

    if (redirectStatuses.has(status)) {
      await discard(response.body, signal);
      const step = followRedirect(status, header(response.headers, 'location'), url, visited, hops, settings.maxRedirects);
      if ('error' in step) return { kind: 'failed', status, ...step };
      const next = step.next;
      // The stored URL keeps the credentials when the feed moved within the same origin.
      if (stillPermanent && permanentStatuses.has(status))
        permanentTarget = login && next.origin === login.origin ? withCredentials(next, start) : next.href;
      else stillPermanent = false;
      visited.add(next.href);
      url = next;
      continue;
    }

    const permanentRedirect = permanentTarget;
    if (status === 304) {
      await discard(response.body, signal);
      // Nothing we hold could be "not modified": a server answering 304 to everything would leave the source empty and healthy.
      if (!req.etag && !req.lastModified)
        return { kind: 'failed', status, cause: 'HTTP_STATUS', error: 'HTTP 304 Not Modified to a request without validators' };
      return {
        kind: 'not-modified',
        status: 304,
        finalUrl: url.href,
        // A 304 may omit validators; the ones we sent are still the current ones then.
        etag: header(response.headers, 'etag') ?? req.etag,
        lastModified: header(response.headers, 'last-modified') ?? req.lastModified,
        cache: cacheHints(response.headers, sentAt, receivedAt),
        permanentRedirect,
      };
    }
    if (status < 200 || status > 299) {
      await discard(response.body, signal);
      const error = `HTTP ${status} ${STATUS_CODES[status] ?? 'Unknown Status'}`;
      if (status === 410) return { kind: 'gone', status: 410, cause: 'HTTP_STATUS', error };
      if (status === 429 || status === 503) {
        return {
          kind: 'retry-later',
          status,
          retryAt: retryAfter(header(response.headers, 'retry-after'), receivedAt, header(response.headers, 'date')),
          cause: 'HTTP_STATUS',
          error,
        };
      }
      return { kind: 'failed', status, cause: 'HTTP_STATUS', error };
    }

    const declared = Number(header(response.headers, 'content-length') ?? NaN);
    if (declared > settings.maxBodyBytes) {
      abandon(response.body);
      return { kind: 'failed', status, cause: 'BODY_TOO_LARGE', error: bodyTooLarge(settings.maxBodyBytes) };
    }
    const encodings = contentEncodings(header(response.headers, 'content-encoding'));
    const unsupported = unsupportedEncoding(encodings);
    if (unsupported) {
      abandon(response.body);
      return { kind: 'failed', status, cause: 'UNSUPPORTED_ENCODING', error: `unsupported Content-Encoding "${oneLine(unsupported)}"` };
    }
    const body = await readBody(response.body, encodings, settings.maxBodyBytes);
    if (body === 'too-large') return { kind: 'failed', status, cause: 'BODY_TOO_LARGE', error: bodyTooLarge(settings.maxBodyBytes) };
    return {
      kind: 'fetched',
      status,
      finalUrl: url.href,
      body,
      contentType: header(response.headers, 'content-type'),
      etag: header(response.headers, 'etag'),
      lastModified: header(response.headers, 'last-modified'),
      cache: cacheHints(response.headers, sentAt, receivedAt),
      permanentRedirect,
    };
  }
}
