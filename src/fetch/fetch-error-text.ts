// Error text for fetch outcomes: one line that names the cause, with the errno-style code first so
// logs can be grepped, and that cause as a stable code apart (failure-cause.ts: what the public page
// shows). Shared by the HTTP and local-file paths.
import { errnoDescriptions, type Failure } from './failure-cause.js';

/** The limits an error message may quote. */
export interface ErrorTextLimits {
  timeoutMs: number;
  connectTimeoutMs: number;
}

/** The cause of a thrown fetch error, and one line naming it (and where, for the operator). */
export function describeFetchError(error: unknown, limits: ErrorTextLimits): Failure {
  const seen = new Set<unknown>();
  let current: unknown = error;
  // undici wraps socket errors (TypeError "fetch failed" / SocketError); the code sits on the innermost cause.
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const code = (current as NodeJS.ErrnoException).code;
    // The SSRF guard's message already names the address and the reason.
    if (code === 'FEEDMERGE_REFUSED_ADDRESS') return { cause: 'REFUSED_ADDRESS', error: oneLine(current.message) };
    if (code === 'UND_ERR_CONNECT_TIMEOUT')
      return { cause: 'CONNECT_TIMEOUT', error: `connect timeout after ${seconds(limits.connectTimeoutMs)} s` };
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
      return { cause: 'TIMEOUT', error: `timeout after ${seconds(limits.timeoutMs)} s` };
    if (code && errnoDescriptions[code]) return { cause: code, error: `${code} (${errnoDescriptions[code]}${whereText(current)})` };
    // zlib codes are Z_*, brotli's ERR__ERROR_* / ERR_BROTLI_*.
    if (code && /^(Z_|ERR__ERROR|ERR_BROTLI)/.test(code))
      return { cause: 'CANNOT_DECOMPRESS', error: `cannot decompress body (${code}: ${oneLine(current.message)})` };
    if (code && !(current.cause instanceof Error)) return { cause: code, error: `${code} (${oneLine(current.message)})` };
    current = current.cause ?? null;
  }
  return { cause: 'FETCH_FAILED', error: oneLine(error instanceof Error ? error.message : String(error)) };
}

/**
 * ": host" or ": address:port" from a DNS or socket error, so that a failure after a redirect, or one
 * host of several, names where it happened (the source's URL may name another host); else "".
 */
function whereText(error: Error): string {
  const { hostname, address, port } = error as { hostname?: unknown; address?: unknown; port?: unknown };
  if (typeof hostname === 'string' && hostname) return `: ${oneLine(hostname)}`;
  if (typeof address !== 'string' || !address) return '';
  const host = address.includes(':') ? `[${address}]` : address;
  return `: ${oneLine(typeof port === 'number' ? `${host}:${port}` : host)}`;
}

/** Collapses whitespace and cuts at 200 characters: errors are stored and printed as one line. */
export function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** Milliseconds as seconds with one decimal at most: 2500 → "2.5". */
export function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/** "15 MiB", "64 KiB", "1000 bytes". */
export function formatBytes(bytes: number): string {
  const mib = 1024 * 1024;
  if (bytes % mib === 0) return `${bytes / mib} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * The "body larger than …" error, worded the same for files, declared lengths, wire and decompressed sizes.
 * It names the setting: an operator whose one big feed (a podcast's full archive) hits the cap can raise it.
 */
export function bodyTooLarge(maxBodyBytes: number): string {
  return `body larger than ${formatBytes(maxBodyBytes)} (fetch.maxBodyBytes)`;
}
