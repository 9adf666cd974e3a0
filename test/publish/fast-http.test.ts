// The fast path: which requests it answers itself, that its answers equal node:http's, and that
// it hands every other request (with the bytes already read) to node:http on the same connection.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSimpleRequest } from '../../src/publish/fast-http.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import { servePublication, type RunningServer } from './serve-publication.js';
import { memoryStore, newsDay, testConfig } from './story-db.js';

describe('parseSimpleRequest', () => {
  const conditions = { ifNoneMatch: undefined, ifModifiedSince: undefined, acceptEncoding: undefined };
  it.each([
    ['GET /feeds/all.xml HTTP/1.1\r\nHost: a', { head: false, path: '/feeds/all.xml', conditions, close: false }],
    ['HEAD /?x=1 HTTP/1.1\r\nhost:a\r\nConnection: close', { head: true, path: '/', conditions, close: true }],
    [
      'GET / HTTP/1.1\r\nHost: a\r\nIf-None-Match:  "x", W/"y" \r\nIf-Modified-Since: Thu, 26 Nov 2026 06:25:00 GMT\r\nAccept-Encoding: gzip, br\r\nConnection: Keep-Alive\r\nUser-Agent: x',
      {
        head: false,
        path: '/',
        conditions: { ifNoneMatch: '"x", W/"y"', ifModifiedSince: 'Thu, 26 Nov 2026 06:25:00 GMT', acceptEncoding: 'gzip, br' },
        close: false,
      },
    ],
  ])('answers %j', (head, expected) => {
    expect(parseSimpleRequest(head)).toEqual(expected);
  });

  it.each([
    ['another method', 'POST / HTTP/1.1\r\nHost: a'],
    ['HTTP/1.0', 'GET / HTTP/1.0\r\nHost: a'],
    ['HTTP/2 preface', 'PRI * HTTP/2.0'],
    ['no Host', 'GET / HTTP/1.1\r\nAccept: */*'],
    ['two Hosts', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b'],
    ['a body length', 'GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0'],
    ['chunked', 'GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked'],
    ['Expect', 'GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue'],
    ['Upgrade', 'GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: h2c'],
    ['a repeated If-None-Match', 'GET / HTTP/1.1\r\nHost: a\r\nIf-None-Match: "a"\r\nIf-None-Match: "b"'],
    ['obsolete line folding', 'GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c'],
    ['a space before the colon', 'GET / HTTP/1.1\r\nHost : a'],
    ['a bare LF inside', 'GET / HTTP/1.1\r\nHost: a\nX-Injected: 1'],
    ['a NUL', 'GET / HTTP/1.1\r\nHost: a\u0000'],
    ['a non-ASCII target', 'GET /feeds/\u00e4.xml HTTP/1.1\r\nHost: a'],
    ['an absolute target', 'GET http://a/ HTTP/1.1\r\nHost: a'],
    ['an empty line first', '\r\nGET / HTTP/1.1\r\nHost: a'],
  ])('leaves to node:http: %s', (_name, head) => {
    expect(parseSimpleRequest(head)).toBeNull();
  });
});

interface Parsed {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Sends raw bytes (in pieces) on one connection and reads `count` responses; `heads` marks HEAD requests (no body). */
async function exchange(
  origin: string,
  pieces: (string | Buffer)[],
  count: number,
  heads: boolean[] = [],
): Promise<{ responses: Parsed[]; closed: Promise<void>; socket: net.Socket }> {
  const { port } = new URL(origin);
  const socket = net.connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  let buffered = Buffer.alloc(0);
  const responses: Parsed[] = [];
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const done = new Promise<void>((resolve, reject) => {
    const parse = (): void => {
      while (responses.length < count) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end === -1) return;
        const [statusLine, ...lines] = buffered.subarray(0, end).toString('latin1').split('\r\n');
        const headers = Object.fromEntries(
          lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
        );
        const status = Number(statusLine!.split(' ')[1]);
        const length = heads[responses.length] || status === 304 ? 0 : Number(headers['content-length'] ?? 0);
        if (buffered.length < end + 4 + length) return;
        responses.push({ status, headers, body: buffered.subarray(end + 4, end + 4 + length) });
        buffered = buffered.subarray(end + 4 + length);
      }
      resolve();
    };
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      parse();
    });
    socket.on('close', () => {
      if (responses.length < count) reject(new Error(`closed after ${responses.length} of ${count} responses`));
    });
    socket.on('error', reject);
  });
  for (const piece of pieces) {
    socket.write(piece);
    // Let each piece arrive on its own.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await done;
  return { responses, closed, socket };
}

const get = (path: string, headers = ''): string => `GET ${path} HTTP/1.1\r\nHost: news.example.org\r\n${headers}\r\n`;

describe('the fast path and node:http on one connection', async () => {
  const store = await memoryStore();
  await newsDay(store);
  await store.cycles.record({
    startedAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(),
    sourcesPolled: 1,
    sourcesFailed: 0,
  });
  const config = testConfig({ outputs: [{ id: 'all', title: 'Alle Meldungen' }] });
  const publication = await renderPublication(store, config, new Date('2026-11-26T07:00:00Z'));
  const atom = publication.outputs.get('all')!.get('atom')!;
  let server: RunningServer;
  beforeAll(async () => {
    server = await servePublication(config, store, () => publication);
  });
  afterAll(() => server.close());

  it('answers pipelined requests in order, also when a head arrives in pieces', async () => {
    const request =
      get('/feeds/all.atom', 'Accept-Encoding: gzip\r\n') + get('/feeds/all.atom', `If-None-Match: ${atom.etag}\r\n`) + get('/');
    const { responses } = await exchange(server.origin, [request.slice(0, 7), request.slice(7, 40), request.slice(40)], 3);
    expect(responses.map((r) => r.status)).toEqual([200, 304, 200]);
    expect(responses[0]!.headers['content-encoding']).toBe('gzip');
    expect(responses[0]!.body.equals(atom.gzip)).toBe(true);
    expect(responses[1]!.body.length).toBe(0);
    expect(responses[2]!.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(responses[2]!.body.toString()).toContain('Alle Meldungen');
  });

  it('sends the same status, headers and body as node:http', async () => {
    for (const extra of [
      '',
      'Accept-Encoding: br\r\n',
      `If-None-Match: ${atom.etag}\r\n`,
      'If-Modified-Since: Fri, 27 Nov 2026 00:00:00 GMT\r\n',
    ]) {
      const fast = (await exchange(server.origin, [get('/feeds/all.atom', extra)], 1)).responses[0]!;
      // HTTP/1.0 is always left to node:http.
      const slow = (await exchange(server.origin, [`GET /feeds/all.atom HTTP/1.0\r\nHost: a\r\n${extra}\r\n`], 1)).responses[0]!;
      const comparable = (r: Parsed) => {
        const { date, connection, 'keep-alive': keepAlive, ...headers } = r.headers;
        expect(date).toMatch(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
        return { status: r.status, headers, body: r.body.toString('base64') };
      };
      expect(comparable(fast), extra).toEqual(comparable(slow));
    }
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const { responses } = await exchange(server.origin, [`HEAD /feeds/all.atom HTTP/1.1\r\nHost: a\r\n\r\n${get('/feeds/all.atom')}`], 2, [
      true,
      false,
    ]);
    expect(responses[0]!.status).toBe(200);
    expect(responses[0]!.body.length).toBe(0);
    expect(responses[0]!.headers['content-length']).toBe(String(atom.body.length));
    expect(responses[1]!.body.equals(atom.body)).toBe(true);
  });

  it('hands a connection to node:http with the bytes already read: other methods, bodies, other paths', async () => {
    const { responses } = await exchange(
      server.origin,
      [
        get('/feeds/all.atom'),
        'POST /feeds/all.atom HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhallo',
        get('/readyz') + get('/nope') + get('/feeds/all.atom', 'Connection: close\r\n'),
      ],
      5,
    );
    expect(responses.map((r) => r.status)).toEqual([200, 405, 200, 404, 200]);
    expect(responses[1]!.headers['allow']).toBe('GET, HEAD');
    expect(JSON.parse(responses[2]!.body.toString())).toMatchObject({ ready: true });
    expect(responses[4]!.body.equals(atom.body)).toBe(true);
  });

  it('leaves malformed requests to node:http, which rejects them', async () => {
    const noHost = await exchange(server.origin, ['GET / HTTP/1.1\r\n\r\n'], 1);
    expect(noHost.responses[0]!.status).toBe(400);
    const smuggle = await exchange(
      server.origin,
      ['GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
      1,
    );
    expect(smuggle.responses[0]!.status).toBe(400);
  });

  it('leaves a head over 8 KiB to node:http, which still answers it', async () => {
    const { responses } = await exchange(server.origin, [get('/feeds/all.atom', `X-Padding: ${'a'.repeat(9000)}\r\n`)], 1);
    expect(responses[0]!.status).toBe(200);
    expect(responses[0]!.body.equals(atom.body)).toBe(true);
  });

  it('closes the connection after a response to Connection: close', async () => {
    const { responses, closed } = await exchange(server.origin, [get('/feeds/all.atom', 'Connection: close\r\n')], 1);
    expect(responses[0]!.headers['connection']).toBe('close');
    await closed; // by the server: the test times out otherwise
    // Without it the connection stays open (the pipelined test reads three responses from one).
    const kept = await exchange(server.origin, [get('/feeds/all.atom')], 1);
    expect(kept.responses[0]!.headers['connection']).toBeUndefined();
    kept.socket.destroy();
  });

  it('closes idle keep-alive connections, fast or handed over, when the server closes', async () => {
    const other = await servePublication(config, store, () => publication);
    const { port } = new URL(other.origin);
    // Resolves with an object: an async function returning the bare promise would wait for it.
    const open = async (request: string): Promise<{ closed: Promise<void> }> => {
      const socket = net.connect(Number(port), '127.0.0.1');
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      await new Promise<void>((resolve) => {
        socket.once('data', () => resolve());
        socket.write(request);
      });
      return { closed };
    };
    const fast = await open(get('/feeds/all.atom'));
    const handed = await open(get('/healthz'));
    await other.close();
    await Promise.all([fast.closed, handed.closed]);
  });
});
