// server.host: what the HTTP server listens on. Node hands any string to getaddrinfo at listen time,
// so "bad host" passed validation and `serve` then exited 1 (ENOTFOUND) instead of a config error.
import { isIP } from 'node:net';

/**
 * A host label: letters, digits and "-" inside (RFC 1123 §2.1), up to 63 characters (RFC 1035 §2.3.4).
 * "_" is allowed too: Docker Compose and Kubernetes resolve service names such as "feed_merge".
 */
const label = /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

/** Why `host` is neither an IP address nor a host name, or null when it is one of them. */
export function listenHostProblem(host: string): string | null {
  if (isIP(host)) return null;
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  const labels = name.split('.');
  // An all-digit last label is no top-level domain (RFC 3696 §2): "256.1.1.1" is a mistyped address.
  const isName = name.length <= 253 && labels.every((l) => label.test(l)) && !/^\d+$/.test(labels.at(-1)!);
  if (isName) return null;
  const hint = /^\[.*\]$/.test(host) ? '; write an IPv6 address without brackets' : '';
  return `must be an IP address or a host name (such as 127.0.0.1, 0.0.0.0, ::1 or localhost), not ${JSON.stringify(host)}${hint}`;
}
