// With fetch.allowPrivateNetworks a fetch error names an internal address ("connection refused:
// 10.0.0.5:8080"). The public page at "/" shows the cause without it; `feedmerge sources` keeps it.
import net from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { printSources } from '../../src/cli/print.js';
import { publicErrorText } from '../../src/fetch/fetch-error-text.js';
import { closeFetchAgents, defaultUserAgent, fetchFeed } from '../../src/fetch/fetch-feed.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import { emptySourceState } from '../../src/store/empty-source-state.js';
import { memoryStore, testConfig } from './story-db.js';

afterAll(() => closeFetchAgents());

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

describe('a refused connection to an internal host', () => {
  it('shows the cause on the page and the address only in `feedmerge sources`', async () => {
    const port = await freePort();
    const outcome = await fetchFeed(
      { url: `http://127.0.0.1:${port}/feed`, etag: null, lastModified: null },
      {
        timeoutMs: 10_000,
        connectTimeoutMs: 5000,
        maxBodyBytes: 64 * 1024,
        maxRedirects: 3,
        userAgent: defaultUserAgent,
        privateNetworks: { allowPrivateNetworks: true, operatorNamedHosts: [] },
      },
      new Date('2026-11-26T06:00:00Z'),
    );
    expect(outcome).toMatchObject({ kind: 'failed', error: `ECONNREFUSED (connection refused: 127.0.0.1:${port})` });

    const store = await memoryStore();
    const config = testConfig();
    const error = (outcome as { error: string }).error;
    await store.sources.save({ ...emptySourceState('spiegel'), lastError: error, consecutiveFailures: 1 });
    const page = (await renderPublication(store, config, new Date('2026-11-26T07:00:00Z'))).pages.get('/')!.body.toString();
    const row = /<tr><td data-label="Source"><strong>DER SPIEGEL<\/strong>[\s\S]*?<\/tr>/.exec(page)![0];
    expect(row).toContain('<td data-label="Error"><span class="bad">ECONNREFUSED (connection refused)</span></td>');
    expect(page).not.toContain(`:${port}`);
    expect(await text((out) => printSources(store, config, {}, out))).toContain(`last error: ${error} (1 failure(s) in a row)`);
  });
});

describe('publicErrorText', () => {
  it.each([
    ['ECONNREFUSED (connection refused: 10.0.0.5:8080)', 'ECONNREFUSED (connection refused)'],
    ['ECONNREFUSED (connection refused: [fd00::5]:8080)', 'ECONNREFUSED (connection refused)'],
    ['EHOSTUNREACH (host unreachable: 10.0.0.5)', 'EHOSTUNREACH (host unreachable)'],
    // What a host name resolved to is our network's answer; the name and port came from the URL or a redirect.
    [
      'refused to connect to intranet.example:80 (10.0.0.5, private; set fetch.allowPrivateNetworks to allow)',
      'refused to connect to intranet.example:80 (private; set fetch.allowPrivateNetworks to allow)',
    ],
    [
      'refused to connect to intranet.example:80 (fd00::5, private; set fetch.allowPrivateNetworks to allow)',
      'refused to connect to intranet.example:80 (private; set fetch.allowPrivateNetworks to allow)',
    ],
    // Kept as they are: a host name, an address the URL itself names, errors without an address.
    ['ENOTFOUND (host not found: feeds.example.org)', 'ENOTFOUND (host not found: feeds.example.org)'],
    [
      'refused to connect to 127.0.0.1:9000 (loopback; only 127.0.0.1:8081 is allowed for this source; set fetch.allowPrivateNetworks to allow)',
      'refused to connect to 127.0.0.1:9000 (loopback; only 127.0.0.1:8081 is allowed for this source; set fetch.allowPrivateNetworks to allow)',
    ],
    ['HTTP 503 Service Unavailable', 'HTTP 503 Service Unavailable'],
    ['cannot read /srv/feeds/a.xml: ENOENT (no such file)', 'cannot read /srv/feeds/a.xml: ENOENT (no such file)'],
  ])('%s → %s', (error, shown) => {
    expect(publicErrorText(error)).toBe(shown);
  });
});
