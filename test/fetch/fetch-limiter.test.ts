// The fetch limiter: concurrency counted where it matters, at the servers, plus ordering and error release.
import { afterAll, describe, expect, it } from 'vitest';
import { closeFetchAgents, defaultUserAgent, fetchFeed } from '../../src/fetch/fetch-feed.js';
import { createFetchLimiter } from '../../src/fetch/fetch-limiter.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

afterAll(() => closeFetchAgents());

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe('createFetchLimiter', () => {
  it.each([
    { concurrency: 4, perHostConcurrency: 2, hosts: 3 },
    { concurrency: 5, perHostConcurrency: 1, hosts: 3 },
    { concurrency: 2, perHostConcurrency: 4, hosts: 2 },
  ])(
    'never exceeds $concurrency overall or $perHostConcurrency per host, counted at $hosts servers',
    async ({ concurrency, perHostConcurrency, hosts }) => {
      let globalNow = 0;
      let globalMax = 0;
      const expectedMax = Math.min(concurrency, perHostConcurrency * hosts);
      // Requests are held until as many are in flight as the limits allow (or 1 s passes, should the limiter
      // allow fewer): overlap is then certain on a busy machine too, and any excess is counted before release.
      let releaseWave = deferred();
      const servers: { server: FixtureServer; max: number }[] = [];
      for (let i = 0; i < hosts; i++) {
        const entry = { server: null as unknown as FixtureServer, max: 0 };
        let now = 0;
        entry.server = await startFixtureServer({
          '/feed': async (_req, res) => {
            now++;
            globalNow++;
            entry.max = Math.max(entry.max, now);
            globalMax = Math.max(globalMax, globalNow);
            const wave = releaseWave;
            if (globalNow >= expectedMax) {
              releaseWave = deferred();
              wave.release();
            }
            await Promise.race([wave.promise, new Promise((resolve) => setTimeout(resolve, 1000))]);
            now--;
            globalNow--;
            res.writeHead(200).end('<rss/>');
          },
        });
        servers.push(entry);
      }
      const limiter = createFetchLimiter({ concurrency, perHostConcurrency });
      const settings = { timeoutMs: 10_000, connectTimeoutMs: 5000, maxBodyBytes: 1024, maxRedirects: 0, userAgent: defaultUserAgent };
      // Three loopback servers stand in for three hosts: let the SSRF guard allow them.
      const allowLoopback = { ...settings, privateNetworks: { allowPrivateNetworks: true, operatorNamedHosts: [] } };
      const urls = Array.from({ length: 8 * hosts }, (_, i) => servers[i % hosts]!.server.url('/feed'));
      const outcomes = await Promise.all(
        urls.map((url) => limiter.run(url, () => fetchFeed({ url, etag: null, lastModified: null }, allowLoopback, new Date()))),
      );

      expect(outcomes.every((o) => o.kind === 'fetched')).toBe(true);
      expect(globalMax).toBeLessThanOrEqual(concurrency);
      for (const { max } of servers) expect(max).toBeLessThanOrEqual(perHostConcurrency);
      // The limits are reached, not merely respected by running one at a time.
      expect(globalMax).toBe(expectedMax);
      expect(limiter.active).toBe(0);
      await Promise.all(servers.map(({ server }) => server.close()));
    },
  );

  it('lets another host through while the oldest waiting task is blocked on a full host', async () => {
    const limiter = createFetchLimiter({ concurrency: 3, perHostConcurrency: 1 });
    const a1 = deferred();
    const order: string[] = [];
    const first = limiter.run('https://a.example/1', async () => {
      order.push('a1 start');
      await a1.promise;
    });
    const second = limiter.run('https://a.example/2', async () => void order.push('a2 start'));
    await limiter.run('https://b.example/1', async () => void order.push('b1 start'));
    expect(order).toEqual(['a1 start', 'b1 start']);
    expect(limiter.pending).toBe(1);
    a1.release();
    await Promise.all([first, second]);
    expect(order).toEqual(['a1 start', 'b1 start', 'a2 start']);
  });

  it('starts waiting tasks in arrival order across hosts when only global slots are short', async () => {
    const limiter = createFetchLimiter({ concurrency: 1, perHostConcurrency: 5 });
    const gate = deferred();
    const order: string[] = [];
    const blocker = limiter.run('https://z.example/', () => gate.promise);
    const tasks = ['a1', 'b1', 'a2', 'c1', 'b2'].map((name) =>
      limiter.run(`https://${name[0]}.example/${name}`, async () => void order.push(name)),
    );
    expect(limiter.pending).toBe(5);
    gate.release();
    await Promise.all([blocker, ...tasks]);
    expect(order).toEqual(['a1', 'b1', 'a2', 'c1', 'b2']);
  });

  it('treats host names case-insensitively and local files as one host', async () => {
    const limiter = createFetchLimiter({ concurrency: 10, perHostConcurrency: 1 });
    const gate = deferred();
    void limiter.run('https://Example.org/a', () => gate.promise);
    void limiter.run('/srv/feeds/a.xml', () => gate.promise);
    const waiting = [limiter.run('https://example.org/b', async () => 'b'), limiter.run('/srv/feeds/b.xml', async () => 'file')];
    expect(limiter.active).toBe(2);
    expect(limiter.pending).toBe(2);
    gate.release();
    expect(await Promise.all(waiting)).toEqual(['b', 'file']);
  });

  it('passes results and rejections through and frees the slot either way', async () => {
    const limiter = createFetchLimiter({ concurrency: 1, perHostConcurrency: 1 });
    const thrown = limiter.run('https://a.example/', () => {
      throw new Error('sync failure');
    });
    const rejected = limiter.run('https://a.example/', () => Promise.reject(new Error('async failure')));
    const resolved = limiter.run('https://a.example/', async () => 42);
    await expect(thrown).rejects.toThrow('sync failure');
    await expect(rejected).rejects.toThrow('async failure');
    expect(await resolved).toBe(42);
    expect(limiter.active).toBe(0);
    expect(limiter.pending).toBe(0);
  });
});
