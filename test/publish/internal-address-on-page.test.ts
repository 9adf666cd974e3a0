// A fetch error's line may name an internal address: what `localhost` or a redirect's host resolved
// to, the socket's peer, a refused redirect target, the text of a body that is not a feed. The public
// page at "/" shows the failure's cause by its fixed wording only, so none of it can get there,
// whatever the line says; `feedmerge sources` and the cycle report (the logs) keep the whole line.
// Real loopback servers, a real poll cycle, both stores.
import type http from 'node:http';
import net from 'node:net';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printSources } from '../../src/cli/print.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { publicFailureText } from '../../src/fetch/failure-cause.js';
import { closeFetchAgents } from '../../src/fetch/fetch-feed.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import { emptySourceState } from '../../src/store/empty-source-state.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { runPollCycle, type CycleReport } from '../../src/worker/poll-cycle.js';
import { workerContext } from '../../src/worker/service.js';
import { describeEachBackend } from '../support/backends.js';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const NOW = new Date('2026-11-26T06:00:00Z');

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Moved</title><link>https://news.example.org/</link>
<item><title>Eins</title><link>https://news.example.org/1</link><guid>1</guid></item></channel></rss>`;

/** A loopback port that was just free: bind, read the port, close. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function text(fn: (out: Writable) => Promise<void>): Promise<string> {
  let out = '';
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => ((out += chunk.toString()), done()) });
  return fn(stream).then(() => out);
}

/** The Error cell of a source's row on the page. */
function errorCell(page: string, sourceId: string): string {
  const row = new RegExp(`<tr><td data-label="Source"><strong><bdi[^>]*>${sourceId}</bdi></strong>[\\s\\S]*?</tr>`).exec(page)?.[0] ?? '';
  return /<td data-label="Error">([\s\S]*?)<\/td><\/tr>/.exec(row)?.[1] ?? `no row for ${sourceId}`;
}

/** The URL cell of a source's row on the page. */
function urlCell(page: string, sourceId: string): string {
  const row = new RegExp(`<tr><td data-label="Source"><strong><bdi[^>]*>${sourceId}</bdi></strong>[\\s\\S]*?</tr>`).exec(page)?.[0] ?? '';
  return /<td data-label="URL">([\s\S]*?)<\/td>/.exec(row)?.[1] ?? `no row for ${sourceId}`;
}

// Whatever names our network: the loopback addresses `localhost` resolves to, the cloud metadata
// address, and the address written in the body that is not a feed.
const ADDRESSES = /127\.0\.0\.1|::1|169\.254\.169\.254|10\.20\.30\.40/;

describeEachBackend('source errors on the public page', (backend) => {
  let server: FixtureServer;
  let refusedPort: number;
  let redirectedPort: number;
  let store: Store;
  const hanging: http.ServerResponse[] = [];

  beforeAll(async () => {
    refusedPort = await freePort();
    redirectedPort = await freePort();
    server = await startFixtureServer({
      '/to-refused': (_req, res) => void res.writeHead(302, { location: `http://127.0.0.1:${redirectedPort}/feed` }).end(),
      '/to-metadata': (_req, res) => void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
      '/to-other-port': (_req, res) => void res.writeHead(302, { location: `http://localhost:${redirectedPort}/feed` }).end(),
      '/hang': (_req, res) => void hanging.push(res),
      '/not-a-feed': serveBody('<?xml version="1.0"?><intranet-10.20.30.40/>', { 'content-type': 'application/xml' }),
      // A feed that moved for good to an address, and a page that advertises its feed at one.
      '/moved': (_req, res) => void res.writeHead(301, { location: `${server.origin}/feed.xml` }).end(),
      '/page.html': (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            `<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="${server.origin}/feed.xml"></head></html>`,
          ),
      '/feed.xml': serveBody(FEED, { 'content-type': 'application/rss+xml' }),
    });
  });
  afterAll(async () => {
    for (const res of hanging) res.destroy();
    await closeFetchAgents();
    await server.close();
  });

  async function pollAndRender(sources: ConfigInput['sources'], allowPrivateNetworks: boolean, cycles = 1) {
    const config = parseConfig(
      {
        sources,
        fetch: { allowPrivateNetworks, timeoutSeconds: 1, redirectConfirmations: 1 },
        server: { baseUrl: 'http://news.example.org' },
      },
      '/tmp/feedmerge-page-test/config.json',
    );
    store = await openStore(await backend.database());
    const context = workerContext(config, store);
    let report: CycleReport = await runPollCycle(context, NOW, { force: true });
    for (let cycle = 1; cycle < cycles; cycle++) report = await runPollCycle(context, NOW, { force: true });
    await context.parsePool?.close();
    const page = (await renderPublication(store, config, NOW)).pages.get('/')!.body.toString();
    const listing = await text((out) => printSources(store, config, {}, out));
    await store.close();
    const logged = new Map(report.sources.map((s) => [s.sourceId, s.error]));
    return { page, listing, logged };
  }

  it('with fetch.allowPrivateNetworks: refused, redirected to a refused host, redirected to the metadata address, timed out, not a feed', async () => {
    const local = `http://localhost:${new URL(server.origin).port}`;
    const { page, listing, logged } = await pollAndRender(
      [
        { id: 'refused', url: `http://localhost:${refusedPort}/feed` },
        { id: 'redirected', url: `${local}/to-refused` },
        { id: 'metadata', url: `${local}/to-metadata` },
        { id: 'slow', url: `${local}/hang` },
        { id: 'html', url: `${local}/not-a-feed` },
      ],
      true,
    );
    expect(errorCell(page, 'refused')).toBe('<span class="bad">ECONNREFUSED (connection refused)</span>');
    expect(errorCell(page, 'redirected')).toBe('<span class="bad">ECONNREFUSED (connection refused)</span>');
    expect(errorCell(page, 'metadata')).toBe('<span class="bad">refused to connect to an address that is not public</span>');
    expect(errorCell(page, 'slow')).toBe('<span class="bad">timeout</span>');
    expect(errorCell(page, 'html')).toBe('<span class="bad">not a feed</span>');
    expect(page).not.toMatch(ADDRESSES);
    expect(page).not.toContain(`:${redirectedPort}`);

    // The operator sees where, in `feedmerge sources` and in the cycle report the logs write.
    const lines: [string, RegExp][] = [
      ['refused', new RegExp(`ECONNREFUSED \\(connection refused: (127\\.0\\.0\\.1|\\[::1\\]):${refusedPort}\\)`)],
      ['redirected', new RegExp(`ECONNREFUSED \\(connection refused: 127\\.0\\.0\\.1:${redirectedPort}\\)`)],
      ['metadata', /refused to connect to 169\.254\.169\.254:80 \(/],
      ['slow', /^timeout after 1 s$/],
      ['html', /intranet-10\.20\.30\.40/],
    ];
    for (const [id, line] of lines) {
      expect(logged.get(id)).toMatch(line);
      expect(listing).toContain(`last error: ${logged.get(id)} (1 failure in a row)`);
    }
  });

  it('without it: a redirect to another port of a name that resolves to loopback (the SSRF guard)', async () => {
    const { page, listing, logged } = await pollAndRender(
      [{ id: 'guarded', url: `http://localhost:${new URL(server.origin).port}/to-other-port` }],
      false,
    );
    expect(errorCell(page, 'guarded')).toBe('<span class="bad">refused to connect to an address that is not public</span>');
    expect(page).not.toMatch(ADDRESSES);
    expect(page).not.toContain(`:${redirectedPort}`);
    expect(logged.get('guarded')).toMatch(
      new RegExp(`^refused to connect to localhost:${redirectedPort} \\((127\\.0\\.0\\.1|::1), loopback`),
    );
    expect(listing).toContain(`last error: ${logged.get('guarded')}`);
  });

  it('names the configured URL, not the address a permanent redirect or an advertised feed led to', async () => {
    const local = `http://localhost:${new URL(server.origin).port}`;
    const { page, listing } = await pollAndRender(
      [
        { id: 'moved', url: `${local}/moved` },
        { id: 'advertised', url: `${local}/page.html` },
      ],
      true,
      2,
    );
    for (const [id, path] of [
      ['moved', '/moved'],
      ['advertised', '/page.html'],
    ]) {
      expect(urlCell(page, id!)).toBe(
        `<a href="${local}${path}">${local}${path}</a><br><span class="muted">polled where it led (a permanent redirect or the feed the page advertises)</span>`,
      );
      expect(errorCell(page, id!)).toBe('');
    }
    expect(page).not.toMatch(ADDRESSES);
    // The operator sees where each is polled now.
    expect(listing).toContain(`${server.origin}/feed.xml`);
  });

  it('a state stored before causes were shows "failed", not its line', async () => {
    const config = parseConfig(
      { sources: [{ id: 'old', url: 'https://feeds.example.org/rss' }], server: { baseUrl: 'http://news.example.org' } },
      '/tmp/feedmerge-page-test/config.json',
    );
    store = await openStore(await backend.database());
    const lastError = 'ECONNREFUSED (connection refused: 10.0.0.5:8080)';
    await store.sources.save({ ...emptySourceState('old'), lastError, consecutiveFailures: 1 });
    const page = (await renderPublication(store, config, NOW)).pages.get('/')!.body.toString();
    expect(errorCell(page, 'old')).toBe('<span class="bad">failed</span>');
    expect(await text((out) => printSources(store, config, {}, out))).toContain(`last error: ${lastError}`);
    await store.close();
  });

  it('a failure a version without causes wrote over one with a cause shows "failed", not the old cause', async () => {
    // A poller not yet upgraded (beside upgraded ones on PostgreSQL, or after a rollback) rewrites
    // the error line and the status, and leaves the cause it does not know of.
    const config = parseConfig(
      { sources: [{ id: 'mixed', url: 'https://feeds.example.org/rss' }], server: { baseUrl: 'http://news.example.org' } },
      '/tmp/feedmerge-page-test/config.json',
    );
    const database = await backend.database();
    store = await openStore(database);
    await store.sources.save({
      ...emptySourceState('mixed'),
      lastStatus: 404,
      lastError: 'HTTP 404 Not Found',
      lastErrorCause: 'HTTP_STATUS',
      consecutiveFailures: 1,
    });
    let page = (await renderPublication(store, config, NOW)).pages.get('/')!.body.toString();
    expect(errorCell(page, 'mixed')).toBe('<span class="bad">HTTP 404 Not Found</span>');

    const olderLine = 'ECONNREFUSED (connection refused: 10.0.0.5:8080)';
    await writeAsOlderVersion(database, olderLine);
    expect(await store.sources.get('mixed')).toMatchObject({ lastError: olderLine, lastErrorCause: null });
    page = (await renderPublication(store, config, NOW)).pages.get('/')!.body.toString();
    expect(errorCell(page, 'mixed')).toBe('<span class="bad">failed</span>');

    // The next failure this version records has its cause read again.
    await store.sources.save({ ...(await store.sources.get('mixed')), lastError: 'timeout after 1 s', lastErrorCause: 'TIMEOUT' });
    page = (await renderPublication(store, config, NOW)).pages.get('/')!.body.toString();
    expect(errorCell(page, 'mixed')).toBe('<span class="bad">timeout</span>');
    await store.close();
  });

  /** What an older feedmerge's save does to the row: a new error line and status, no cause column named. */
  async function writeAsOlderVersion(database: string, line: string): Promise<void> {
    const update = 'UPDATE source_state SET last_error = {line}, last_status = NULL, consecutive_failures = 2 WHERE source_id = {id}';
    if (backend.name === 'postgres') {
      await backend.sql(database, update.replace('{line}', '$1').replace('{id}', '$2'), [line, 'mixed']);
      return;
    }
    const db = new Database(database);
    try {
      db.prepare(update.replace('{line}', '?').replace('{id}', '?')).run(line, 'mixed');
    } finally {
      db.close();
    }
  }
});

describe('publicFailureText', () => {
  it.each<[string | null, number | null, string]>([
    ['ECONNREFUSED', null, 'ECONNREFUSED (connection refused)'],
    ['HTTP_STATUS', 503, 'HTTP 503 Service Unavailable'],
    ['HTTP_STATUS', 599, 'HTTP 599 Unknown Status'],
    ['REDIRECT_WITHOUT_LOCATION', 302, 'HTTP 302 without a Location header'],
    ['PARSE_FAILED', 200, 'parsing stopped'],
    ['PARSE_TIMEOUT', 200, 'parsing took too long'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', null, 'ERR_TLS_CERT_ALTNAME_INVALID (certificate does not name the host)'],
    // An errno-style code we have no words for is shown as itself: it cannot spell an address.
    ['ERR_SOMETHING_NEW', null, 'ERR_SOMETHING_NEW'],
    // Anything else is not a code: never shown.
    ['10.0.0.5', null, 'failed'],
    ['ECONNREFUSED (connection refused: 10.0.0.5:8080)', null, 'failed'],
    ['fd00::5', null, 'failed'],
    [null, 500, 'failed'],
  ])('%s, status %s → %s', (cause, status, shown) => {
    expect(publicFailureText(cause, status)).toBe(shown);
  });
});
