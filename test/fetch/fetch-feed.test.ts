// fetchFeed against real loopback servers: validators, encodings, limits, redirects, status classes, files.
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeFetchAgents, defaultUserAgent, fetchFeed, type FetchOutcome, type FetchSettings } from '../../src/fetch/fetch-feed.js';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const now = new Date('2026-11-26T06:00:00Z');
// Generous limits so a busy CI machine never trips them; the timeout tests pass a short one of their own.
const settings: FetchSettings = {
  timeoutMs: 10_000,
  connectTimeoutMs: 5000,
  maxBodyBytes: 64 * 1024,
  maxRedirects: 3,
  userAgent: defaultUserAgent,
  // These tests are about HTTP against loopback servers; the SSRF policy has its own file (private-networks.test.ts).
  privateNetworks: { allowPrivateNetworks: true, operatorNamedHosts: [] },
};
const short = { timeoutMs: 300 };
const rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title></channel></rss>';
const localFeed = fileURLToPath(new URL('../fixtures/fetch/local-file-source.xml', import.meta.url));

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await closeFetchAgents();
  await server.close();
});

/** Whole seconds from `now` (the request's time) to `iso`: a loopback answer takes milliseconds. */
const secondsAfterNow = (iso: string | null): number => Math.round((Date.parse(iso ?? '') - now.getTime()) / 1000);

function get(path: string, validators: { etag?: string; lastModified?: string } = {}, overrides: Partial<FetchSettings> = {}) {
  return fetchFeed(
    { url: server.url(path), etag: validators.etag ?? null, lastModified: validators.lastModified ?? null },
    { ...settings, ...overrides },
    now,
  );
}

function expectKind<K extends FetchOutcome['kind']>(outcome: FetchOutcome, kind: K): Extract<FetchOutcome, { kind: K }> {
  expect(outcome, JSON.stringify({ ...outcome, body: undefined })).toMatchObject({ kind });
  return outcome as Extract<FetchOutcome, { kind: K }>;
}

/** Resolves when the server side of the request's socket closes: proves fetchFeed dropped the connection. */
function socketClosed(req: http.IncomingMessage): Promise<void> {
  return new Promise((resolve) => (req.socket.destroyed ? resolve() : req.socket.once('close', () => resolve())));
}

describe('identity and conditional GET', () => {
  it('sends a feedmerge User-Agent, a feed-first Accept and the encodings it can decode', async () => {
    server.route('/plain', serveBody(rss, { 'content-type': 'application/rss+xml' }));
    const outcome = expectKind(await get('/plain'), 'fetched');
    expect(outcome.body.toString()).toBe(rss);
    expect(outcome.contentType).toBe('application/rss+xml');
    const headers = server.requests.at(-1)!.headers;
    expect(headers['user-agent']).toMatch(/^feedmerge\/\d+\.\d+\.\d+ \(/);
    expect(headers['user-agent']).not.toMatch(/https?:/);
    expect(headers['accept']).toMatch(/^application\/rss\+xml, application\/atom\+xml/);
    expect(headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(headers['if-none-match']).toBeUndefined();
  });

  it('sends If-None-Match and If-Modified-Since and reports 304 as not-modified, keeping the validators', async () => {
    let seen: http.IncomingHttpHeaders = {};
    server.route('/conditional', (req, res) => {
      seen = req.headers;
      if (req.headers['if-none-match'] === '"v1"') res.writeHead(304, { 'cache-control': 'max-age=600' }).end();
      else res.writeHead(200, { etag: '"v1"' }).end(rss);
    });
    const outcome = expectKind(await get('/conditional', { etag: '"v1"', lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT' }), 'not-modified');
    expect(seen['if-none-match']).toBe('"v1"');
    expect(seen['if-modified-since']).toBe('Wed, 25 Nov 2026 10:00:00 GMT');
    expect(outcome).toMatchObject({ status: 304, etag: '"v1"', lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT' });
    expect(secondsAfterNow(outcome.cache.freshUntil)).toBe(600);
  });

  // A 304 answers only a conditional request (RFC 9110 §15.4.5). Before, a server answering 304 to
  // everything left a new source "not modified" and healthy for ever, with no item and no error.
  it('fails a 304 to a request without validators: nothing could be unmodified', async () => {
    server.route('/always-304', (_req, res) => void res.writeHead(304).end());
    expect(await get('/always-304')).toEqual({
      kind: 'failed',
      status: 304,
      cause: 'HTTP_STATUS',
      error: 'HTTP 304 Not Modified to a request without validators',
    });
  });

  it('returns the validators a 304 sends, replacing the old ones', async () => {
    server.route(
      '/rotating',
      (_req, res) => void res.writeHead(304, { etag: '"v2"', 'last-modified': 'Thu, 26 Nov 2026 05:00:00 GMT' }).end(),
    );
    const outcome = expectKind(await get('/rotating', { etag: '"v1"' }), 'not-modified');
    expect(outcome.etag).toBe('"v2"');
    expect(outcome.lastModified).toBe('Thu, 26 Nov 2026 05:00:00 GMT');
  });

  it('returns new validators and cache hints with a 200', async () => {
    server.route(
      '/fresh',
      serveBody(rss, {
        etag: '"v3"',
        'last-modified': 'Thu, 26 Nov 2026 04:00:00 GMT',
        'cache-control': 'public, max-age=900',
        age: '100',
        // Ignored beside max-age (RFC 9111 §5.3).
        expires: 'Thu, 26 Nov 2026 10:00:00 GMT',
      }),
    );
    const outcome = expectKind(await get('/fresh', { etag: '"old"' }), 'fetched');
    expect(outcome).toMatchObject({
      etag: '"v3"',
      lastModified: 'Thu, 26 Nov 2026 04:00:00 GMT',
    });
    // max-age less Age, from the request (next-source-state.test.ts: a slow server, Date).
    expect(secondsAfterNow(outcome.cache.freshUntil)).toBe(800);
    expect(outcome.cache.expires).toBeNull();
  });

  it('reads Expires as a lifetime, Expires − Date, from arrival', async () => {
    server.route(
      '/expires',
      serveBody(rss, {
        // A server clock 3 h fast: Expires is a lifetime, Expires − Date (RFC 9111 §4.2.1), here an hour.
        date: 'Thu, 26 Nov 2026 09:00:00 GMT',
        expires: 'Thu, 26 Nov 2026 10:00:00 GMT',
      }),
    );
    const outcome = expectKind(await get('/expires'), 'fetched');
    // An hour from arrival, milliseconds after `now` on loopback (before, 10:00: three hours late).
    expect(secondsAfterNow(outcome.cache.expires)).toBe(3600);
  });

  it('ignores max-age when the response says no-cache', async () => {
    server.route('/no-cache', serveBody(rss, { 'cache-control': 'no-cache, max-age=900' }));
    expect(expectKind(await get('/no-cache'), 'fetched').cache.freshUntil).toBeNull();
  });
});

describe('content encodings', () => {
  const body = `${rss}<!-- ${'Nachrichten '.repeat(500)} -->`;
  it.each([
    ['gzip', zlib.gzipSync(body)],
    ['x-gzip', zlib.gzipSync(body)],
    ['deflate', zlib.deflateSync(body)],
    ['deflate', zlib.deflateRawSync(body)], // raw deflate, as old IIS servers send it
    ['br', zlib.brotliCompressSync(body)],
    ['gzip, br', zlib.brotliCompressSync(zlib.gzipSync(body))], // applied in order, undone last-first
    ['identity', Buffer.from(body)],
  ])('decodes Content-Encoding %s', async (encoding, encoded) => {
    const path = `/encoded-${encoding.replace(/\W/g, '')}-${encoded.length}`;
    server.route(path, (_req, res) => void res.writeHead(200, { 'content-encoding': encoding }).end(encoded));
    expect(expectKind(await get(path), 'fetched').body.toString()).toBe(body);
  });

  it.each([
    ['gzip', 'cannot decompress body (Z_DATA_ERROR'],
    ['br', 'cannot decompress body ('],
  ])('fails on a corrupt %s body', async (encoding, message) => {
    server.route(
      `/corrupt-${encoding}`,
      (_req, res) => void res.writeHead(200, { 'content-encoding': encoding }).end('this is not compressed at all'),
    );
    expect(expectKind(await get(`/corrupt-${encoding}`), 'failed').error).toContain(message);
  });

  // A pre-compressed file served as is (feed.xml.gz on S3 or a CDN without Content-Encoding metadata).
  // Before, the gzip bytes reached the parser: "not a feed (neither XML nor JSON)".
  it('inflates a gzip body sent without Content-Encoding, under the same cap', async () => {
    server.route(
      '/gzip-unlabelled',
      (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(zlib.gzipSync(body)),
    );
    expect(expectKind(await get('/gzip-unlabelled'), 'fetched').body.toString()).toBe(body);
    const bomb = zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024), { level: 9 });
    server.route('/gzip-unlabelled-bomb', (_req, res) => void res.writeHead(200).end(bomb));
    expect(expectKind(await get('/gzip-unlabelled-bomb'), 'failed').error).toBe('body larger than 64 KiB (fetch.maxBodyBytes)');
  });

  // A pre-compressed file served with Content-Encoding: gzip on top (feed.xml.gz behind a server that
  // compresses everything): undoing the label left gzip bytes, which failed as "not a feed".
  it('inflates a .gz file served with Content-Encoding: gzip, once, under the same cap', async () => {
    const gzipFile = zlib.gzipSync(body);
    const serveGzipped = (bytes: Buffer) => (_req: unknown, res: import('node:http').ServerResponse) =>
      void res.writeHead(200, { 'content-type': 'application/gzip', 'content-encoding': 'gzip' }).end(zlib.gzipSync(bytes));
    server.route('/gz-file-gzip-encoded', serveGzipped(gzipFile));
    expect(expectKind(await get('/gz-file-gzip-encoded'), 'fetched').body.toString()).toBe(body);
    // A bomb in the second layer stops at the cap as one in the first does.
    server.route('/gz-file-bomb', serveGzipped(zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024), { level: 9 })));
    expect(expectKind(await get('/gz-file-bomb'), 'failed').error).toBe('body larger than 64 KiB (fetch.maxBodyBytes)');
    // Once only: a third layer is left as it is (the parser then says it is not a feed).
    server.route('/gz-file-gzipped-twice', serveGzipped(zlib.gzipSync(gzipFile)));
    expect(expectKind(await get('/gz-file-gzipped-twice'), 'fetched').body.equals(gzipFile)).toBe(true);
  });

  it('refuses an encoding it did not ask for', async () => {
    server.route('/zstd', (_req, res) => void res.writeHead(200, { 'content-encoding': 'zstd' }).end('x'));
    expect(expectKind(await get('/zstd'), 'failed').error).toBe('unsupported Content-Encoding "zstd"');
  });
});

describe('limits', () => {
  it('stops a gzip bomb at the cap on the decompressed size', async () => {
    // 64 MiB of zeros gzip to ~64 KiB: small on the wire, far over the 64 KiB cap once inflated.
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(settings.maxBodyBytes * 2);
    server.route('/bomb', (_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb));
    expect(expectKind(await get('/bomb', {}, { maxBodyBytes: 1024 * 1024 }), 'failed').error).toBe(
      'body larger than 1 MiB (fetch.maxBodyBytes)',
    );
  });

  // Over 256 KiB compressed, decoding moves off the main thread: the same cap must hold there.
  const incompressible = Buffer.concat(
    Array.from({ length: (300 * 1024) / 32 }, (_, i) => createHash('sha256').update(String(i)).digest()),
  );
  it.each([
    ['gzip', (b: Buffer) => zlib.gzipSync(b)],
    ['deflate', (b: Buffer) => zlib.deflateSync(b)],
    ['br', (b: Buffer) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })],
  ])('decodes a large %s body off the main thread and stops a large bomb at the cap', async (encoding, compress) => {
    const large = compress(incompressible);
    const bomb = compress(Buffer.concat([incompressible, Buffer.alloc(8 * 1024 * 1024)]));
    expect(large.length).toBeGreaterThan(256 * 1024);
    expect(bomb.length).toBeGreaterThan(256 * 1024);
    server.route(`/large-${encoding}`, (_req, res) => void res.writeHead(200, { 'content-encoding': encoding }).end(large));
    server.route(`/large-bomb-${encoding}`, (_req, res) => void res.writeHead(200, { 'content-encoding': encoding }).end(bomb));
    const big = { maxBodyBytes: 1024 * 1024 };
    expect(expectKind(await get(`/large-${encoding}`, {}, big), 'fetched').body.equals(incompressible)).toBe(true);
    expect(expectKind(await get(`/large-bomb-${encoding}`, {}, big), 'failed').error).toBe('body larger than 1 MiB (fetch.maxBodyBytes)');
  });

  it('refuses a body declared larger than the cap without reading it, and hangs up', async () => {
    let closed: Promise<void> = Promise.resolve();
    server.route('/declared', (req, res) => {
      closed = socketClosed(req);
      // Headers first, body never: only a client that gives up on the declared length closes this socket.
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).flushHeaders();
    });
    expect(expectKind(await get('/declared'), 'failed')).toMatchObject({
      status: 200,
      error: 'body larger than 64 KiB (fetch.maxBodyBytes)',
    });
    await closed;
  });

  it('stops a chunked body (no Content-Length) at the cap and closes the connection', async () => {
    let closed: Promise<void> = Promise.resolve();
    server.route('/endless', (req, res) => {
      closed = socketClosed(req);
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(16 * 1024, 'x');
      // Keeps writing until the client hangs up.
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    expect(expectKind(await get('/endless'), 'failed').error).toBe('body larger than 64 KiB (fetch.maxBodyBytes)');
    await closed;
  });

  it('accepts a body exactly at the cap', async () => {
    server.route('/exact', serveBody(Buffer.alloc(settings.maxBodyBytes, 'b')));
    expect(expectKind(await get('/exact'), 'fetched').body.length).toBe(settings.maxBodyBytes);
  });

  it('times out a server that drips one byte at a time, and hangs up on it', async () => {
    let closed: Promise<void> = Promise.resolve();
    server.route('/drip', (req, res) => {
      closed = socketClosed(req);
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      // Each byte arrives well inside any inactivity timeout; only a total timeout stops this.
      const timer = setInterval(() => res.write('x'), 50);
      res.on('close', () => clearInterval(timer));
    });
    expect(expectKind(await get('/drip', {}, short), 'failed')).toMatchObject({ status: null, error: 'timeout after 0.3 s' });
    await closed;
  });

  it('times out a server that never answers', async () => {
    server.route('/silent', () => {});
    expect(expectKind(await get('/silent', {}, short), 'failed').error).toBe('timeout after 0.3 s');
  });
});

describe('redirects', () => {
  beforeAll(() => {
    const redirect = (status: number, to: string) => (_req: http.IncomingMessage, res: http.ServerResponse) =>
      void res.writeHead(status, { location: to }).end('moved');
    server.route('/feed', serveBody(rss, { etag: '"final"' }));
    server.route('/moved-301', redirect(301, '/feed'));
    server.route('/moved-308', redirect(308, server.url('/feed')));
    server.route('/hop-301-301', redirect(301, '/moved-301'));
    server.route('/temp-302', redirect(302, '/feed'));
    server.route('/temp-307', redirect(307, '/feed'));
    server.route('/hop-301-302', redirect(301, '/temp-302'));
    server.route('/hop-302-301', redirect(302, '/moved-301'));
    server.route('/loop-a', redirect(302, '/loop-b'));
    server.route('/loop-b', redirect(302, '/loop-a'));
    for (let i = 0; i < 5; i++) server.route(`/chain-${i}`, redirect(302, `/chain-${i + 1}`));
    server.route('/chain-5', serveBody(rss));
    server.route('/to-file', redirect(301, 'file:///etc/passwd'));
    server.route('/no-location', (_req, res) => void res.writeHead(302).end());
  });

  it.each([
    ['/moved-301', '/feed', '/feed'],
    ['/moved-308', '/feed', '/feed'],
    ['/hop-301-301', '/feed', '/feed'],
    ['/temp-302', '/feed', null],
    ['/temp-307', '/feed', null],
    // Only the leading run of permanent hops is a move: the feed moved to /temp-302, which redirects temporarily.
    ['/hop-301-302', '/feed', '/temp-302'],
    ['/hop-302-301', '/feed', null],
  ])('%s ends at %s with permanentRedirect %s', async (start, final, permanent) => {
    const outcome = expectKind(await get(start), 'fetched');
    expect(outcome.finalUrl).toBe(server.url(final));
    expect(outcome.permanentRedirect).toBe(permanent === null ? null : server.url(permanent));
    expect(outcome.etag).toBe('"final"');
  });

  it('reports a 304 at the end of a permanent redirect with the target', async () => {
    const outcome = expectKind(await get('/moved-301', { etag: '"final"' }), 'not-modified');
    expect(outcome.permanentRedirect).toBe(server.url('/feed'));
  });

  it.each([
    ['/loop-a', {}, 'redirect loop'],
    ['/chain-0', {}, 'too many redirects (more than 3)'],
    ['/to-file', {}, 'redirect to unsupported scheme "file:"'],
    ['/no-location', {}, 'HTTP 302 without a Location header'],
  ])('%s fails: %s', async (start, overrides, error) => {
    expect(expectKind(await get(start, {}, overrides), 'failed').error).toBe(error);
  });

  // A redirect's body is only drained. Before, a server that sent the 302's headers and stalled its
  // body held the poll until the total timeout, which then failed it although the Location was known.
  it('follows a redirect whose body stalls after the headers, and hangs up on that body', async () => {
    let closed: Promise<void> = Promise.resolve();
    server.route('/stalled-302', (req, res) => {
      closed = socketClosed(req);
      res.writeHead(302, { location: '/feed', 'content-length': '1000' });
      res.write('moved');
    });
    const outcome = expectKind(await get('/stalled-302', {}, { timeoutMs: 5000 }), 'fetched');
    expect(outcome.finalUrl).toBe(server.url('/feed'));
    await closed;
  });

  it('follows a chain that fits maxRedirects', async () => {
    expect(expectKind(await get('/chain-0', {}, { maxRedirects: 5 }), 'fetched').finalUrl).toBe(server.url('/chain-5'));
  });
});

describe('credentials in the URL', () => {
  it('sends them as Basic auth to that origin only and keeps them out of finalUrl', async () => {
    const other = await startFixtureServer({ '/feed': serveBody(rss) });
    const seen: Record<string, string | undefined> = {};
    server.route('/private', (req, res) => {
      seen['private'] = req.headers.authorization;
      res.writeHead(200).end(rss);
    });
    server.route('/private-moved', (_req, res) => void res.writeHead(301, { location: '/private' }).end());
    server.route('/private-elsewhere', (_req, res) => void res.writeHead(302, { location: other.url('/feed') }).end());
    const withLogin = (path: string) => server.url(path).replace('http://', 'http://reader:p%40ss@');

    const direct = expectKind(await fetchFeed({ url: withLogin('/private'), etag: null, lastModified: null }, settings, now), 'fetched');
    expect(seen['private']).toBe(`Basic ${Buffer.from('reader:p@ss').toString('base64')}`);
    expect(direct.finalUrl).toBe(server.url('/private'));

    const moved = expectKind(
      await fetchFeed({ url: withLogin('/private-moved'), etag: null, lastModified: null }, settings, now),
      'fetched',
    );
    expect(moved.permanentRedirect).toBe(withLogin('/private'));

    const elsewhere = expectKind(
      await fetchFeed({ url: withLogin('/private-elsewhere'), etag: null, lastModified: null }, settings, now),
      'fetched',
    );
    expect(elsewhere.finalUrl).toBe(other.url('/feed'));
    expect(other.requests.at(-1)!.headers.authorization).toBeUndefined();
    await other.close();
  });
});

describe('status classes', () => {
  it('reports 410 as gone', async () => {
    server.route('/gone', (_req, res) => void res.writeHead(410).end('bye'));
    expect(await get('/gone')).toEqual({ kind: 'gone', status: 410, cause: 'HTTP_STATUS', error: 'HTTP 410 Gone' });
  });

  it.each([
    [429, '120', '2026-11-26T06:02:00.000Z'],
    [503, 'Thu, 26 Nov 2026 09:30:00 GMT', '2026-11-26T09:30:00.000Z'],
    [503, undefined, null],
    [429, 'soon', null],
    // Bounded: a delay past what a Date holds used to throw "Invalid time value" (a 'failed' poll, cause FETCH_FAILED).
    [429, '99999999999999999999', '2027-11-26T06:00:00.000Z'],
    // Neither delay-seconds nor an HTTP-date; V8's lenient Date.parse read them as dates in 2001.
    [503, '-5', null],
    [503, '1.5', null],
    [503, 'Sun 1', null],
  ])('turns %i with Retry-After %s into retry-later at %s', async (status, retryAfter, retryAt) => {
    const path = `/busy-${status}-${(retryAfter ?? 'none').replace(/\W/g, '-')}`;
    server.route(path, (_req, res) => {
      // No Date header: a dated Retry-After is then taken as it is (the next test has one).
      res.sendDate = false;
      res.writeHead(status, retryAfter ? { 'retry-after': retryAfter } : {}).end();
    });
    const started = performance.now();
    const outcome = expectKind(await get(path), 'retry-later');
    const took = performance.now() - started;
    expect(outcome.status).toBe(status);
    if (retryAt === null || !/^\d+$/.test(retryAfter ?? '')) expect(outcome.retryAt).toBe(retryAt);
    else {
      // Delay-seconds count from the response's arrival (RFC 9110 §10.2.3): `now` plus the time it took to come.
      const at = Date.parse(outcome.retryAt!);
      expect(at).toBeGreaterThanOrEqual(Date.parse(retryAt));
      expect(at).toBeLessThanOrEqual(Date.parse(retryAt) + took);
    }
    expect(outcome.error).toMatch(new RegExp(`^HTTP ${status} (Too Many Requests|Service Unavailable)$`));
  });

  it.each([
    ['an hour fast', 'Thu, 26 Nov 2026 07:00:00 GMT', 'Thu, 26 Nov 2026 07:02:00 GMT'],
    ['an hour slow', 'Thu, 26 Nov 2026 05:00:00 GMT', 'Thu, 26 Nov 2026 05:02:00 GMT'],
  ])('counts a dated Retry-After from its Date, on a server clock %s', async (_label, date, retryAfter) => {
    // RFC 9110 §10.2.3: (Retry-After − Date) from the response's arrival, as Expires. Read as an absolute time, the
    // retry came an hour late or an hour early.
    const path = `/busy-dated-${date.replace(/\W/g, '-')}`;
    server.route(path, (_req, res) => void res.writeHead(503, { date, 'retry-after': retryAfter }).end());
    const started = performance.now();
    const outcome = expectKind(await get(path), 'retry-later');
    const took = performance.now() - started;
    const at = Date.parse(outcome.retryAt!);
    expect(at).toBeGreaterThanOrEqual(now.getTime() + 120_000);
    expect(at).toBeLessThanOrEqual(now.getTime() + 120_000 + took);
  });

  it.each([
    [500, 'HTTP 500 Internal Server Error'],
    [404, 'HTTP 404 Not Found'],
    [403, 'HTTP 403 Forbidden'],
    [599, 'HTTP 599 Unknown Status'],
  ])('reports %i as failed: %s', async (status, error) => {
    server.route(`/status-${status}`, (_req, res) => void res.writeHead(status).end('<html>error page</html>'));
    expect(await get(`/status-${status}`)).toEqual({ kind: 'failed', status, cause: 'HTTP_STATUS', error });
  });

  it('reports a refused connection', async () => {
    // A port that was just free: bind, read the port, close.
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const outcome = await fetchFeed({ url: `http://127.0.0.1:${port}/feed`, etag: null, lastModified: null }, settings, now);
    expect(outcome).toEqual({
      kind: 'failed',
      status: null,
      cause: 'ECONNREFUSED',
      error: `ECONNREFUSED (connection refused: 127.0.0.1:${port})`,
    });
  });

  it('names the host that was not found, which after a redirect is not the source’s', async () => {
    // A label of 64 characters is longer than DNS allows (RFC 1035 §2.3.4: 63), so the resolver fails it
    // on this machine without asking a name server: no network, no resolver timing (glibc: ENOTFOUND at once).
    const host = `${'x'.repeat(64)}.invalid`;
    server.route('/moved-away', (_req, res) => void res.writeHead(302, { location: `http://${host}/feed` }).end());
    expect(await get('/moved-away')).toEqual({
      kind: 'failed',
      status: null,
      cause: 'ENOTFOUND',
      error: `ENOTFOUND (host not found: ${host})`,
    });
  });

  it('refuses an HTTPS server with a self-signed certificate in one line', async () => {
    const tls = https.createServer(
      {
        key: await readFile(new URL('../fixtures/fetch/self-signed-key.pem', import.meta.url)),
        cert: await readFile(new URL('../fixtures/fetch/self-signed-cert.pem', import.meta.url)),
      },
      (_req, res) => void res.end(rss),
    );
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    const { port } = tls.address() as net.AddressInfo;
    const outcome = await fetchFeed({ url: `https://127.0.0.1:${port}/feed`, etag: null, lastModified: null }, settings, now);
    tls.close();
    expect(outcome).toEqual({
      kind: 'failed',
      status: null,
      cause: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      error: 'DEPTH_ZERO_SELF_SIGNED_CERT (self-signed certificate)',
    });
  });

  it('retries once when the connection dies before a response, as a stale keep-alive socket does', async () => {
    let attempts = 0;
    server.route('/flaky-socket', (req, res) => {
      if (++attempts === 1) return void req.socket.destroy();
      res.writeHead(200).end(rss);
    });
    expect(expectKind(await get('/flaky-socket'), 'fetched').body.toString()).toBe(rss);
    expect(attempts).toBe(2);
  });

  it('gives up after the one retry when every connection is reset', async () => {
    let attempts = 0;
    server.route('/always-reset', (req) => void (attempts++, req.socket.destroy()));
    expect(expectKind(await get('/always-reset'), 'failed').error).toMatch(/^(UND_ERR_SOCKET|ECONNRESET) \(/);
    expect(attempts).toBe(2);
  });

  it('reports a connection the server resets mid-body', async () => {
    server.route('/reset', (req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial', () => req.socket.destroy());
    });
    const outcome = expectKind(await get('/reset'), 'failed');
    expect(outcome.error).toMatch(/^(UND_ERR_SOCKET|ECONNRESET) \(/);
  });
});

describe('local files and odd locations', () => {
  it.each([
    ['an absolute path', localFeed],
    ['a file: URL', pathToFileURL(localFeed).href],
  ])('reads %s with status 200 and the mtime as Last-Modified', async (_label, location) => {
    const outcome = expectKind(await fetchFeed({ url: location, etag: null, lastModified: null }, settings, now), 'fetched');
    expect(outcome.status).toBe(200);
    expect(outcome.body.toString()).toContain('<title>Lokale Quelle</title>');
    expect(outcome.finalUrl).toBe(localFeed);
    expect(outcome.etag).toBeNull();
    expect(outcome.lastModified).toBe((await stat(localFeed)).mtime.toUTCString());
  });

  it.each([
    ['a file over the cap', localFeed, { maxBodyBytes: 100 }, 'BODY_TOO_LARGE', 'body larger than 100 bytes (fetch.maxBodyBytes)'],
    ['a missing file', '/nonexistent/feed.xml', {}, 'ENOENT', 'cannot read /nonexistent/feed.xml: ENOENT (no such file)'],
    ['a directory', '/tmp', {}, 'NOT_A_REGULAR_FILE', 'not a regular file: /tmp'],
    ['a relative path', 'feeds/local.xml', {}, 'INVALID_URL', 'not an http(s) URL or absolute file path: "feeds/local.xml"'],
  ])('fails on %s', async (_label, location, overrides, cause, error) => {
    expect(await fetchFeed({ url: location, etag: null, lastModified: null }, { ...settings, ...overrides }, now)).toEqual({
      kind: 'failed',
      status: null,
      cause,
      error,
    });
  });
});
