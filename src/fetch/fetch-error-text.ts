// Error text for fetch outcomes: one line that names the cause, with the errno-style code first so
// logs can be grepped. Shared by the HTTP and local-file paths.

const errorDescriptions: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed while sending',
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  UND_ERR_SOCKET: 'connection closed by the server',
};

/** The limits an error message may quote. */
export interface ErrorTextLimits {
  timeoutMs: number;
  connectTimeoutMs: number;
}

/** One line naming the cause of a thrown fetch error. */
export function describeFetchError(error: unknown, limits: ErrorTextLimits): string {
  const seen = new Set<unknown>();
  let current: unknown = error;
  // undici wraps socket errors (TypeError "fetch failed" / SocketError); the code sits on the innermost cause.
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const code = (current as NodeJS.ErrnoException).code;
    // The SSRF guard's message already names the address and the reason.
    if (code === 'FEEDMERGE_REFUSED_ADDRESS') return oneLine(current.message);
    if (code === 'UND_ERR_CONNECT_TIMEOUT') return `connect timeout after ${seconds(limits.connectTimeoutMs)} s`;
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return `timeout after ${seconds(limits.timeoutMs)} s`;
    if (code && errorDescriptions[code]) return `${code} (${errorDescriptions[code]}${whereText(current)})`;
    // zlib codes are Z_*, brotli's ERR__ERROR_* / ERR_BROTLI_*.
    if (code && /^(Z_|ERR__ERROR|ERR_BROTLI)/.test(code)) return `cannot decompress body (${code}: ${oneLine(current.message)})`;
    if (code && !(current.cause instanceof Error)) return `${code} (${oneLine(current.message)})`;
    current = current.cause ?? null;
  }
  return oneLine(error instanceof Error ? error.message : String(error));
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

// The addresses whereText and connectRefusal write: IPv4, IPv6 in brackets (whereText) or bare (a refusal).
const IPV4 = String.raw`\d{1,3}(?:\.\d{1,3}){3}`;
const RESOLVED_ADDRESS = new RegExp(
  // whereText's ": address[:port])" closing a cause, and a refusal's "(address, " naming what a host name resolved to.
  String.raw`: (?:${IPV4}|\[[0-9a-f:.]+\])(?::\d{1,5})?\)|(?<=\()(?:${IPV4}|[0-9a-f]*:[0-9a-f:.]+), `,
  'gi',
);

/**
 * An error line as the public page shows it: without the address a host name resolved to or a socket
 * was connected to, which with fetch.allowPrivateNetworks is an internal one ("connection refused:
 * 10.0.0.5:8080"). Host names stay: they come from the source's URL or a redirect, not from our network.
 * The CLI and logs keep the whole line.
 */
export function publicErrorText(error: string): string {
  return error.replace(RESOLVED_ADDRESS, (match) => (match.endsWith(')') ? ')' : ''));
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

/** The "body larger than …" error, worded the same for files, declared lengths, wire and decompressed sizes. */
export function bodyTooLarge(maxBodyBytes: number): string {
  return `body larger than ${formatBytes(maxBodyBytes)}`;
}
