// The responses for the published documents, prepared once per document: status, headers and
// body for each content coding, fresh (200) and revalidated (304). Both ways of answering HTTP
// (node:http and the fast path for plain GET/HEAD) take them from here, so they cannot differ.
import type { Config } from '../config/schema.js';
import type { FeedFormatOut, Publication, RenderedDocument } from './render-publication.js';
import { schedulePeriodSeconds } from '../cron-schedule.js';
import { httpDateMs } from '../http-date.js';

export type Encoding = 'identity' | 'gzip' | 'br';

export interface PreparedResponse {
  status: 200 | 304;
  headers: Readonly<Record<string, string | number>>;
  /** The body a GET gets (empty for 304). */
  body: Buffer;
  /** Status line and headers as sent on the wire, without Date and the blank line that ends them. */
  rawHead: Buffer;
}

/** What a request says about the representation it wants and the one it holds. */
export interface RequestConditions {
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
  acceptEncoding: string | undefined;
}

interface PreparedDocument {
  fresh: Record<Encoding, PreparedResponse>;
  notModified: Record<Encoding, PreparedResponse>;
  /** The entity tag without quotes and encoding suffix, for comparison. */
  opaqueTag: string;
  /** Last-Modified as ms (null only if it were no HTTP-date: then no If-Modified-Since matches). */
  lastModifiedMs: number | null;
}

const EXTENSION_FORMATS: Record<string, FeedFormatOut> = { xml: 'rss', atom: 'atom', json: 'json' };
const FEED_PATH = /^\/feeds\/([A-Za-z0-9][A-Za-z0-9_.-]*)\.(xml|atom|json)$/;
// Each content coding is a different representation, so it gets its own strong tag (RFC 9110
// §8.8.3.3); any of them matches on revalidation, as Apache's DeflateAlterETag does.
const TAG_SUFFIX: Record<Encoding, string> = { identity: '', gzip: '-gz', br: '-br' };
// The pages have no scripts and no external assets: a CSP that forbids them costs nothing and
// contains any escaping mistake. Forms may only go to feedmerge itself (the search form).
export const PAGE_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Picks br, then gzip, then identity from an Accept-Encoding header, honouring q=0. */
export function negotiateEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  let br: number | undefined;
  let gzip: number | undefined;
  let any = 0;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';');
    const qParam = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) || 0 : 1;
    const coding = name.trim().toLowerCase();
    if (coding === 'br') br = q;
    else if (coding === 'gzip' || coding === 'x-gzip') gzip = q;
    else if (coding === '*') any = q;
  }
  // "*" stands for every coding not named (RFC 9110 §12.5.3).
  const brQ = br ?? any;
  const gzipQ = gzip ?? any;
  if (brQ > 0 && brQ >= gzipQ) return 'br';
  if (gzipQ > 0) return 'gzip';
  return 'identity';
}

function response(status: 200 | 304, headers: Record<string, string | number>, body: Buffer): PreparedResponse {
  const lines = [`HTTP/1.1 ${status === 200 ? '200 OK' : '304 Not Modified'}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return { status, headers, body, rawHead: Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1') };
}

function prepare(doc: RenderedDocument, cacheControl: string): PreparedDocument {
  const opaqueTag = doc.etag.replace(/^W\//, '').replaceAll('"', '');
  const bodies: Record<Encoding, Buffer> = { identity: doc.body, gzip: doc.gzip, br: doc.brotli };
  const fresh = {} as Record<Encoding, PreparedResponse>;
  const notModified = {} as Record<Encoding, PreparedResponse>;
  for (const encoding of ['identity', 'gzip', 'br'] as const) {
    const body = bodies[encoding];
    const common = {
      etag: `"${opaqueTag}${TAG_SUFFIX[encoding]}"`,
      'last-modified': doc.lastModified,
      'cache-control': cacheControl,
      vary: 'Accept-Encoding',
    };
    const full: Record<string, string | number> = {
      'content-type': doc.contentType,
      'content-length': body.length,
      ...common,
      'x-content-type-options': 'nosniff',
    };
    if (doc.contentType.startsWith('text/html')) full['content-security-policy'] = PAGE_POLICY;
    if (encoding !== 'identity') full['content-encoding'] = encoding;
    fresh[encoding] = response(200, full, body);
    notModified[encoding] = response(304, common, Buffer.alloc(0));
  }
  return { fresh, notModified, opaqueTag, lastModifiedMs: httpDateMs(doc.lastModified, new Date()) };
}

/** True when If-None-Match names this document (weak comparison, any coding's tag, or "*"). */
function noneMatch(header: string, opaqueTag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((raw) => {
    const tag = raw.trim().replace(/^W\//, '').replaceAll('"', '');
    return tag === opaqueTag || tag === `${opaqueTag}-gz` || tag === `${opaqueTag}-br`;
  });
}

function isNotModified(conditions: RequestConditions, prepared: PreparedDocument): boolean {
  // RFC 9110 §13.2.2: If-None-Match, when present, decides alone.
  if (conditions.ifNoneMatch !== undefined) return noneMatch(conditions.ifNoneMatch, prepared.opaqueTag);
  if (conditions.ifModifiedSince === undefined || prepared.lastModifiedMs === null) return false;
  // A value that is no HTTP-date is ignored (RFC 9110 §13.1.3): Date.parse read "2027" as a date and
  // answered 304 with a stale document. The clock only places an RFC 850 date's two-digit year.
  const since = httpDateMs(conditions.ifModifiedSince, new Date());
  return since !== null && prepared.lastModifiedMs <= since;
}

/** Answers GET/HEAD requests for the documents of a publication. */
export interface DocumentResponder {
  /** The response for `path` (without query), or null when the publication has no document there. */
  respond(publication: Publication, path: string, conditions: RequestConditions): PreparedResponse | null;
}

/**
 * A responder that prepares each document's responses on first use and remembers per publication
 * what each path resolved to: the hot path is then a few Map lookups and no allocation.
 */
export function createDocumentResponder(config: Pick<Config, 'schedule'>): DocumentResponder {
  // Read when a document is first prepared, not once: a config reload may change the schedule, and
  // the documents of the next publication carry the new header.
  const cacheControl = (): string => `public, max-age=${Math.min(schedulePeriodSeconds(config.schedule), 3600)}`;
  const prepared = new WeakMap<RenderedDocument, PreparedDocument>();
  const routes = new WeakMap<Publication, Map<string, PreparedDocument>>();
  const encodings = new Map<string, Encoding>();

  const lookup = (publication: Publication, path: string): PreparedDocument | undefined => {
    let table = routes.get(publication);
    if (!table) {
      table = new Map();
      routes.set(publication, table);
    }
    let found = table.get(path);
    if (found === undefined) {
      const feed = FEED_PATH.exec(path);
      const doc = feed
        ? publication.outputs.get(feed[1]!)?.get(EXTENSION_FORMATS[feed[2]!]!)
        : publication.pages.get(path === '/index.html' ? '/' : path);
      if (!doc) return undefined;
      found = prepared.get(doc);
      if (!found) {
        found = prepare(doc, cacheControl());
        prepared.set(doc, found);
      }
      // Only paths that exist are remembered, so junk URLs cannot grow the table.
      table.set(path, found);
    }
    return found;
  };

  const encodingFor = (header: string | undefined): Encoding => {
    if (header === undefined) return 'identity';
    let encoding = encodings.get(header);
    if (encoding === undefined) {
      encoding = negotiateEncoding(header);
      // Clients send a handful of distinct values; cap the memo anyway.
      if (encodings.size < 256) encodings.set(header, encoding);
    }
    return encoding;
  };

  return {
    respond(publication, path, conditions) {
      const doc = lookup(publication, path);
      if (!doc) return null;
      const encoding = encodingFor(conditions.acceptEncoding);
      return isNotModified(conditions, doc) ? doc.notModified[encoding] : doc.fresh[encoding];
    },
  };
}
