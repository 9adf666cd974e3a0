// Redirects are followed by hand (never by undici), so that each hop is checked: the Location must be
// a valid http(s) URL, no loop, no more than maxRedirects. Where each hop may connect to is checked
// by the connector (guarded-connector.ts), like every other connection.
import { oneLine } from './fetch-error-text.js';
import type { Failure } from './failure-cause.js';

export const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** The next URL of a redirect chain, or the reason it is not followed (its cause and one line). */
export function followRedirect(
  status: number,
  location: string | null,
  from: URL,
  visited: ReadonlySet<string>,
  hops: number,
  maxRedirects: number,
): { next: URL } | Failure {
  if (!location) return { cause: 'REDIRECT_WITHOUT_LOCATION', error: `HTTP ${status} without a Location header` };
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    return { cause: 'REDIRECT_INVALID_LOCATION', error: `HTTP ${status} to an invalid Location "${oneLine(location)}"` };
  }
  // A remote server must never steer us to file: or other schemes.
  if (next.protocol !== 'http:' && next.protocol !== 'https:')
    return { cause: 'REDIRECT_UNSUPPORTED_SCHEME', error: `redirect to unsupported scheme "${next.protocol}"` };
  if (visited.has(next.href)) return { cause: 'REDIRECT_LOOP', error: 'redirect loop' };
  if (hops + 1 > maxRedirects) return { cause: 'TOO_MANY_REDIRECTS', error: `too many redirects (more than ${maxRedirects})` };
  return { next };
}
