// The HTTP face of feedmerge on node:http: precomputed documents with validators and encodings,
// the page for people, /healthz and /metrics. Building the handler is separate from listening.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config/schema.js';
import { metrics } from '../metrics.js';
import type { Store } from '../store/store.js';
import type { FeedFormatOut, Publication, RenderedDocument } from './render-publication.js';
import { schedulePeriodSeconds } from '../cron-schedule.js';

type Encoding = 'identity' | 'gzip' | 'br';

interface Prepared {
  headers: Record<Encoding, Record<string, string | number>>;
  notModified: Record<Encoding, Record<string, string>>;
  bodies: Record<Encoding, Buffer>;
  /** The entity tag without quotes and encoding suffix, for comparison. */
  opaqueTag: string;
  lastModifiedMs: number;
}

const EXTENSION_FORMATS: Record<string, FeedFormatOut> = { xml: 'rss', atom: 'atom', json: 'json' };
const FEED_PATH = /^\/feeds\/([A-Za-z0-9][A-Za-z0-9_.-]*)\.(xml|atom|json)$/;
// Each content coding is a different representation, so it gets its own strong tag (RFC 9110
// §8.8.3.3); any of them matches on revalidation, as Apache's DeflateAlterETag does.
const TAG_SUFFIX: Record<Encoding, string> = { identity: '', gzip: '-gz', br: '-br' };

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

function prepare(doc: RenderedDocument, cacheControl: string): Prepared {
  const opaqueTag = doc.etag.replace(/^W\//, '').replaceAll('"', '');
  const make = (encoding: Encoding, body: Buffer): [Record<string, string | number>, Record<string, string>] => {
    const etag = `"${opaqueTag}${TAG_SUFFIX[encoding]}"`;
    const common = { etag, 'last-modified': doc.lastModified, 'cache-control': cacheControl, vary: 'Accept-Encoding' };
    const full: Record<string, string | number> = {
      'content-type': doc.contentType,
      'content-length': body.length,
      ...common,
      'x-content-type-options': 'nosniff',
    };
    // The page has no scripts and no external assets: a CSP that forbids them costs nothing and
    // contains any escaping mistake.
    if (doc.contentType.startsWith('text/html'))
      full['content-security-policy'] =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    if (encoding !== 'identity') full['content-encoding'] = encoding;
    return [full, common];
  };
  const [identity, identity304] = make('identity', doc.body);
  const [gzip, gzip304] = make('gzip', doc.gzip);
  const [br, br304] = make('br', doc.brotli);
  return {
    headers: { identity, gzip, br },
    notModified: { identity: identity304, gzip: gzip304, br: br304 },
    bodies: { identity: doc.body, gzip: doc.gzip, br: doc.brotli },
    opaqueTag,
    lastModifiedMs: Date.parse(doc.lastModified),
  };
}

/** True when If-None-Match names this document (weak comparison, any coding's tag, or "*"). */
function noneMatch(header: string, opaqueTag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((raw) => {
    const tag = raw.trim().replace(/^W\//, '').replaceAll('"', '');
    return tag === opaqueTag || tag === `${opaqueTag}-gz` || tag === `${opaqueTag}-br`;
  });
}

function isNotModified(req: IncomingMessage, prepared: Prepared): boolean {
  const inm = req.headers['if-none-match'];
  // RFC 9110 §13.2.2: If-None-Match, when present, decides alone.
  if (inm !== undefined) return noneMatch(inm, prepared.opaqueTag);
  const ims = req.headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && prepared.lastModifiedMs <= since;
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}, head = false): void {
  const body = Buffer.from(text);
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': body.length,
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(head ? undefined : body);
}

/**
 * The request handler: GET/HEAD of /feeds/<output>.xml|.atom|.json (and older pages), "/",
 * /healthz and /metrics; 404 for other paths, 405 for other methods. Documents come from
 * `getPublication()` as rendered at publish time; nothing is rendered per request.
 */
export function createHttpHandler(options: {
  config: Config;
  store: Store;
  getPublication: () => Publication;
}): (req: IncomingMessage, res: ServerResponse) => void {
  const { config, store, getPublication } = options;
  const cacheControl = `public, max-age=${Math.min(schedulePeriodSeconds(config.schedule), 3600)}`;
  const prepared = new WeakMap<RenderedDocument, Prepared>();
  // Per publication, what each requested path resolved to: the hot path is then two Map lookups.
  const routes = new WeakMap<Publication, Map<string, RenderedDocument | null>>();
  const encodings = new Map<string, Encoding>();

  const lookup = (publication: Publication, path: string): RenderedDocument | undefined => {
    let table = routes.get(publication);
    if (!table) {
      table = new Map();
      routes.set(publication, table);
    }
    let doc = table.get(path);
    if (doc === undefined) {
      const feed = FEED_PATH.exec(path);
      doc =
        (feed
          ? publication.outputs.get(feed[1]!)?.get(EXTENSION_FORMATS[feed[2]!]!)
          : publication.pages.get(path === '/index.html' ? '/' : path)) ?? null;
      // Only paths that exist are remembered, so junk URLs cannot grow the table.
      if (doc) table.set(path, doc);
    }
    return doc ?? undefined;
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

  const serveDocument = (req: IncomingMessage, res: ServerResponse, doc: RenderedDocument, head: boolean): void => {
    let p = prepared.get(doc);
    if (!p) {
      p = prepare(doc, cacheControl);
      prepared.set(doc, p);
    }
    const encoding = encodingFor(req.headers['accept-encoding']);
    if (isNotModified(req, p)) {
      res.writeHead(304, p.notModified[encoding]);
      res.end();
      return;
    }
    res.writeHead(200, p.headers[encoding]);
    res.end(head ? undefined : p.bodies[encoding]);
  };

  return (req, res) => {
    try {
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      const query = url.indexOf('?');
      const path = query === -1 ? url : url.slice(0, query);
      if (method !== 'GET' && method !== 'HEAD') {
        sendText(res, 405, 'Method Not Allowed\n', { allow: 'GET, HEAD' });
        return;
      }
      const head = method === 'HEAD';
      const doc = lookup(getPublication(), path);
      if (doc) {
        serveDocument(req, res, doc, head);
        return;
      }
      if (path === '/healthz') {
        store.sources.all().then(
          (states) => {
            const lastCycleAt =
              [...states.values()]
                .map((s) => s.lastFetchAt ?? '')
                .sort()
                .at(-1) || null;
            const body = JSON.stringify({ ok: true, lastCycleAt });
            res.writeHead(200, {
              'content-type': 'application/json; charset=utf-8',
              'content-length': Buffer.byteLength(body),
              'cache-control': 'no-store',
            });
            res.end(head ? undefined : body);
          },
          (error: unknown) => sendText(res, 500, `store unavailable: ${String(error)}\n`),
        );
        return;
      }
      if (path === '/metrics') {
        metrics.registry.metrics().then(
          (text) => sendText(res, 200, text, { 'content-type': metrics.registry.contentType }, head),
          (error: unknown) => sendText(res, 500, `metrics failed: ${String(error)}\n`),
        );
        return;
      }
      sendText(res, 404, 'Not Found\n', {}, head);
    } catch (error) {
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error\n');
      else res.destroy(error as Error);
    }
  };
}
