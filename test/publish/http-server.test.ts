// The HTTP face for documents: validators and 304s, HEAD, content codings, the pages.
// (/healthz, /readyz and /metrics: health-and-metrics.test.ts; the fast path's parsing: fast-http.test.ts.)
import { connect } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { negotiateEncoding } from '../../src/publish/http-server.js';
import { renderPublication, type Publication } from '../../src/publish/render-publication.js';
import { emptySourceState } from '../../src/store/empty-source-state.js';
import type { Store } from '../../src/store/store.js';
import { addStory, feedItem, memoryStore, newsDay, testConfig } from './story-db.js';
import { request, servePublication, type RunningServer } from './serve-publication.js';

const NOW = new Date('2026-11-26T07:00:00Z');

describe('createHttpHandler', () => {
  let store: Store;
  const config = testConfig({ schedule: '*/10 * * * *', outputs: [{ id: 'all', title: 'Alle Meldungen', limit: 10 }] });
  let publication: Publication;
  let server: RunningServer;
  beforeAll(async () => {
    store = await memoryStore();
    await newsDay(store);
    for (let i = 0; i < 12; i++) {
      await addStory(
        store,
        [
          {
            sourceId: 'zeit',
            item: feedItem({
              key: `old${i}`,
              url: `https://www.zeit.de/old/${i}`,
              title: `Ältere Meldung ${i}`,
              published: `2026-11-24T10:${String(i).padStart(2, '0')}:00.000Z`,
            }),
          },
        ],
        { now: '2026-11-24T11:00:00.000Z' },
      );
    }
    await store.sources.save({
      ...emptySourceState('tagesschau'),
      lastFetchAt: '2026-11-26T06:50:00.000Z',
      lastSuccessAt: '2026-11-26T06:50:00.000Z',
      lastStatus: 200,
    });
    await store.sources.save({
      ...emptySourceState('spiegel'),
      lastFetchAt: '2026-11-26T06:55:00.000Z',
      lastStatus: 503,
      lastError: 'HTTP 503 Service Unavailable',
      lastErrorCause: 'HTTP_STATUS',
      warning: 'feed cut off <after 2 items>',
      consecutiveFailures: 2,
    });
    publication = await renderPublication(store, config, NOW);
    server = await servePublication(config, store, () => publication);
  });
  afterAll(() => server.close());
  const url = (path: string): string => `${server.origin}${path}`;

  it.each([
    ['/feeds/all.xml', 'rss', 'application/rss+xml; charset=utf-8'],
    ['/feeds/all.atom', 'atom', 'application/atom+xml; charset=utf-8'],
    ['/feeds/all.json', 'json', 'application/feed+json; charset=utf-8'],
  ] as const)('GET %s serves the rendered %s document with validators and caching headers', async (path, format, type) => {
    const doc = publication.outputs.get('all')!.get(format)!;
    const res = await request(url(path));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.body.equals(doc.body)).toBe(true);
    expect(res.headers['etag']).toBe(doc.etag);
    expect(res.headers['etag']).toMatch(/^"[^"]+"$/);
    expect(res.headers['last-modified']).toBe('Thu, 26 Nov 2026 06:25:00 GMT');
    expect(res.headers['cache-control']).toBe('public, max-age=600');
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(Number(res.headers['content-length'])).toBe(doc.body.length);
  });

  it("answers 304 to If-None-Match (also weak, listed, or another coding's tag) and to If-Modified-Since", async () => {
    const etag = publication.outputs.get('all')!.get('atom')!.etag;
    for (const inm of [etag, `W/${etag}`, `"nope", ${etag}`, '*', etag.replace(/"$/, '-br"')]) {
      const res = await request(url('/feeds/all.atom'), { headers: { 'if-none-match': inm } });
      expect(res.status, inm).toBe(304);
      expect(res.body.length).toBe(0);
      expect(res.headers['etag']).toBe(etag);
      expect(res.headers['vary']).toBe('Accept-Encoding');
    }
    // The three HTTP-date forms (RFC 9110 §5.6.7).
    for (const ims of [
      'Thu, 26 Nov 2026 06:25:00 GMT',
      'Fri, 27 Nov 2026 00:00:00 GMT',
      'Friday, 27-Nov-26 00:00:00 GMT',
      'Fri Nov 27 00:00:00 2026',
    ]) {
      expect((await request(url('/feeds/all.atom'), { headers: { 'if-modified-since': ims } })).status, ims).toBe(304);
    }
    // Before Last-Modified, or no HTTP-date, which a server ignores (RFC 9110 §13.1.3): Date.parse read "2027" as 1 Jan 2027.
    for (const ims of ['Thu, 26 Nov 2026 06:24:59 GMT', 'garbage', '2027', 'Fri, 27 Nov 2026 00:00:00', '2026-11-27T00:00:00Z']) {
      expect((await request(url('/feeds/all.atom'), { headers: { 'if-modified-since': ims } })).status, ims).toBe(200);
    }
    // A non-matching If-None-Match decides alone, whatever If-Modified-Since says (RFC 9110 §13.2.2).
    const both = await request(url('/feeds/all.atom'), {
      headers: { 'if-none-match': '"old"', 'if-modified-since': 'Fri, 27 Nov 2026 00:00:00 GMT' },
    });
    expect(both.status).toBe(200);
  });

  it('answers HEAD with the same headers and no body', async () => {
    const get = await request(url('/feeds/all.json'), { headers: { 'accept-encoding': 'gzip' } });
    const head = await request(url('/feeds/all.json'), { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of ['content-type', 'content-length', 'content-encoding', 'etag', 'last-modified', 'cache-control', 'vary']) {
      expect(head.headers[name], name).toBe(get.headers[name]);
    }
  });

  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['identity', undefined],
    ['*', 'br'],
  ])('Accept-Encoding %j is served as %s, with its own ETag', async (accept, coding) => {
    const doc = publication.outputs.get('all')!.get('rss')!;
    const res = await request(url('/feeds/all.xml'), { headers: { 'accept-encoding': accept } });
    expect(res.headers['content-encoding']).toBe(coding);
    expect(res.headers['vary']).toBe('Accept-Encoding');
    const decoded = coding === 'br' ? brotliDecompressSync(res.body) : coding === 'gzip' ? gunzipSync(res.body) : res.body;
    expect(decoded.equals(doc.body)).toBe(true);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    if (coding) expect(res.headers['etag']).not.toBe(doc.etag);
  });

  it('serves older pages at the URLs the paging links name', async () => {
    const res = await request(url('/feeds/all/page/2.atom'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(res.body.toString()).toContain('Ältere Meldung');
    expect(publication.outputs.get('all')!.get('atom')!.body.toString()).toContain(
      '<link rel="next" href="http://news.example.org/feeds/all/page/2.atom"',
    );
    expect((await request(url('/feeds/all/page/2.json'))).status).toBe(200);
    expect((await request(url('/feeds/all/page/3.atom'))).status).toBe(404);
  });

  it("serves the pages for people: outputs and sources at /, stories on each output's page, all escaped", async () => {
    const res = await request(url('/'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body.toString();
    expect(html).toContain('Alle Meldungen');
    expect(html).toContain('DER SPIEGEL');
    expect(html).toContain('HTTP 503 Service Unavailable');
    expect(html).toContain('warning: feed cut off &lt;after 2 items&gt;');
    expect(html).not.toMatch(/<script|src="http/i);
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="Alle Meldungen (Atom)" href="feeds/all.atom">');
    const output = await request(url('/outputs/all.html'));
    expect(output.status).toBe(200);
    expect(output.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(output.body.toString()).toContain('Bundestag beschließt Haushalt für 2027');
    // Titles escaped ("<", "&", quotes); the hostile title's stored <script> is published without it.
    expect(output.body.toString()).toContain('Böse Eingabe ]]&gt; 3 &lt; 5 &amp;amp; mehr');
    expect(output.body.toString()).toContain('schneller &quot;als erwartet&quot; &amp; 3 &lt; 5 &#39;nicht&#39; fett');
    expect(output.body.toString()).not.toMatch(/<script|alert\(1\)/i);
    expect(output.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers 404 for unknown paths and 405 for other methods', async () => {
    for (const path of ['/feeds/none.xml', '/feeds/all.rss', '/nope', '/feeds/../etc/passwd']) {
      expect((await request(url(path))).status, path).toBe(404);
    }
    const post = await request(url('/feeds/all.xml'), { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
    expect((await request(url('/'), { method: 'DELETE' })).status).toBe(405);
  });

  // RFC 9112 §3.2.2: a server must accept a request target in absolute form, which clients send through proxies.
  it('serves a request whose target is an absolute URL as it serves the path', async () => {
    const { hostname, port } = new URL(server.origin);
    const answer = (target: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const socket = connect({ host: hostname, port: Number(port) }, () =>
          socket.write(`GET ${target} HTTP/1.1\r\nHost: news.example.org\r\nConnection: close\r\n\r\n`),
        );
        const chunks: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.on('error', reject);
      });
    const feed = await answer('http://news.example.org/feeds/all.json');
    expect(feed.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(feed.slice(feed.indexOf('\r\n\r\n') + 4)).toBe(publication.outputs.get('all')!.get('json')!.body.toString('utf8'));
    const search = await answer('http://news.example.org/search?q=Haushalt');
    expect(search.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(search).toContain('Bundestag beschließt Haushalt');
    expect((await answer('http://news.example.org/nope')).split('\r\n')[0]).toBe('HTTP/1.1 404 Not Found');
    // Both forms route the raw path: no dot segment or %-escape is resolved in either, so a proxy that
    // lets only /feeds/… through cannot be walked past to /search or /metrics with the absolute form.
    for (const path of ['/feeds/../search?q=Haushalt', '/feeds/%2e%2e/search?q=Haushalt', '/feeds/../metrics', '/feeds/%2E%2E/metrics']) {
      expect((await answer(path)).split('\r\n')[0], path).toBe('HTTP/1.1 404 Not Found');
      expect((await answer(`http://news.example.org${path}`)).split('\r\n')[0], `absolute ${path}`).toBe('HTTP/1.1 404 Not Found');
    }
    expect((await answer('HTTPS://news.example.org:8443/feeds/all.json')).split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
  });

  it('serves the latest publication as soon as it is swapped in', async () => {
    const before = await request(url('/feeds/all.json'));
    await addStory(
      store,
      [
        {
          sourceId: 'spiegel',
          item: feedItem({ key: 'fresh', url: 'https://www.spiegel.de/fresh', title: 'Eilmeldung', published: '2026-11-26T06:58:00.000Z' }),
        },
      ],
      { now: '2026-11-26T06:59:00.000Z' },
    );
    publication = await renderPublication(store, config, NOW);
    const after = await request(url('/feeds/all.json'), { headers: { 'if-none-match': before.headers['etag']! } });
    expect(after.status).toBe(200);
    expect(after.headers['etag']).not.toBe(before.headers['etag']);
    expect(after.body.toString()).toContain('Eilmeldung');
  });
});

describe('negotiateEncoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['deflate', 'identity'],
    ['gzip;q=0', 'identity'],
    ['br, gzip', 'br'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['*;q=0.1, br;q=0', 'gzip'],
    ['x-gzip', 'gzip'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});
