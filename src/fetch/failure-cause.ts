// Why a poll failed, as a stable code kept apart from the error line. The line ("ECONNREFUSED
// (connection refused: 10.0.0.5:8080)") is for the operator (`feedmerge sources`, logs) and may name
// where it happened; the public page shows only the wording this file gives each code. So nothing our
// network told us (what a name resolved to, a socket's peer, a redirect target, the text of an error
// from undici, OpenSSL or a feed parser) can reach the page, whatever wording the line gets.
import { STATUS_CODES } from 'node:http';

/**
 * A failure's cause: an errno-style code (ECONNREFUSED, CERT_HAS_EXPIRED) or one of ours below
 * (TIMEOUT, HTTP_STATUS, NOT_A_FEED, PARSE_FAILED …). Stored beside the error line as the source's lastErrorCause.
 */
export type FailureCause = string;

/** A failure as fetch and parse report it: the stable cause, and the one line for the operator. */
export interface Failure {
  cause: FailureCause;
  error: string;
}

/** Socket, DNS and file errors by errno code: the operator's line and the page both use these. */
export const errnoDescriptions: Readonly<Record<string, string>> = {
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

// TLS failures, for the page only: the operator's line keeps OpenSSL's message, which may name the
// address dialled ("IP: 10.0.0.5 is not in the cert's list").
const tlsDescriptions: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: 'certificate expired',
  CERT_NOT_YET_VALID: 'certificate not yet valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate cannot be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate issuer unknown',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not name the host',
};

// Our own causes, worded in full (the status, where one is quoted, is the response's own number).
const ownWording: Readonly<Record<string, (status: number | null) => string>> = {
  TIMEOUT: () => 'timeout',
  CONNECT_TIMEOUT: () => 'connect timeout',
  REFUSED_ADDRESS: () => 'refused to connect to an address that is not public',
  HTTP_STATUS: (status) => (status === null ? 'HTTP error' : `HTTP ${status} ${STATUS_CODES[status] ?? 'Unknown Status'}`),
  REDIRECT_WITHOUT_LOCATION: (status) => `HTTP ${status ?? 'redirect'} without a Location header`,
  REDIRECT_INVALID_LOCATION: (status) => `HTTP ${status ?? 'redirect'} to an invalid Location`,
  REDIRECT_UNSUPPORTED_SCHEME: () => 'redirect to an unsupported scheme',
  REDIRECT_LOOP: () => 'redirect loop',
  TOO_MANY_REDIRECTS: () => 'too many redirects',
  BODY_TOO_LARGE: () => 'body too large',
  UNSUPPORTED_ENCODING: () => 'unsupported Content-Encoding',
  CANNOT_DECOMPRESS: () => 'cannot decompress body',
  INVALID_URL: () => 'invalid URL',
  NOT_A_REGULAR_FILE: () => 'not a regular file',
  NOT_A_FEED: () => 'not a feed',
  INVALID_FEED: () => 'invalid feed',
  EMPTY_DOCUMENT: () => 'empty document',
  // The parse thread died (out of memory) or was stopped at shutdown: the document was never judged.
  PARSE_FAILED: () => 'parsing stopped',
  // The parse ran past parse.timeoutSeconds (parse/parse-pool.ts).
  PARSE_TIMEOUT: () => 'parsing took too long',
  FETCH_FAILED: () => 'fetch failed',
  INTERNAL_ERROR: () => 'internal error',
};

// A code is letters, digits and underscores: it cannot spell an address (no dots, no colons) or a host name.
const CODE_SHAPE = /^[A-Z][A-Z0-9_]{1,47}$/;

/**
 * The cause as the public page words it: fixed text for the code, with at most the HTTP status
 * number; an unknown errno-style code as itself; anything else, or no cause recorded (a state
 * stored before causes were), as "failed". Never any part of the operator's error line.
 */
export function publicFailureText(cause: FailureCause | null, status: number | null): string {
  if (cause === null || !CODE_SHAPE.test(cause)) return 'failed';
  const own = ownWording[cause];
  if (own) return own(Number.isInteger(status) ? status : null);
  const description = errnoDescriptions[cause] ?? tlsDescriptions[cause];
  return description ? `${cause} (${description})` : cause;
}
