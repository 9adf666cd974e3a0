// Feed discovery against real loopback servers: a feed URL, pages that advertise a feed (with
// <base href>, JSON Feed), pages that advertise none (common paths), and sites without any feed;
// then the poll cycle's hook that follows a page's advertised feed and keeps polling it.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { operatorNamedHost } from '../../src/fetch/connect-policy.js';
import { commonFeedPaths, discoverFeed, DiscoveryError } from '../../src/fetch/discover-feed.js';
import { closeFetchAgents, type FetchSettings } from '../../src/fetch/fetch-feed.js';
import { openStore } from '../../src/store/open-store.js';
import { runPollCycle, type WorkerContext } from '../../src/worker/poll-cycle.js';
import { workerContext } from '../../src/worker/service.js';
import { serveBody, startFixtureServer, type FixtureServer, type Route } from '../support/fixture-server.js';

const fixture = (file: string) => readFileSync(new URL(`../fixtures/${file}`, import.meta.url));
const html = (file: string): Route => serveBody(fixture(`fetch/${file}`), { 'content-type': 'text/html; charset=utf-8' });
const atom = serveBody(fixture('parse/atom10-german-xml-lang.xml'), { 'content-type': 'application/atom+xml' });
const rss = serveBody(fixture('parse/rss2-german-news-full.xml'), { 'content-type': 'application/rss+xml' });
const json = serveBody(fixture('parse/jsonfeed11-german.json'), { 'content-type': 'application/feed+json' });
// Many sites answer any path with their HTML page and status 200 (a "soft 404").
const soft404 = serveBody('<!DOCTYPE html><html><head><title>Not found</title></head><body>Sorry</body></html>', {
  'content-type': 'text/html',
});

/** Settings as `sources add <url>` builds them: the URL typed is operator-named, so its loopback host:port is allowed. */
const settingsFor = (server: FixtureServer): FetchSettings => ({
  timeoutMs: 5000,
  connectTimeoutMs: 2000,
  maxBodyBytes: 1 << 20,
  maxRedirects: 3,
  userAgent: 'feedmerge-test',
  privateNetworks: { allowPrivateNetworks: false, operatorNamedHosts: [operatorNamedHost(server.origin)!] },
});
const now = new Date('2026-02-05T12:00:00Z');

afterAll(() => closeFetchAgents());

describe('discoverFeed', () => {
  it('keeps a URL that is a feed itself, and fetches nothing else', async () => {
    const server = await startFixtureServer({ '/news.rss': rss });
    const found = await discoverFeed(server.url('/news.rss'), settingsFor(server), now);
    expect(found).toMatchObject({ url: server.url('/news.rss'), via: 'feed' });
    expect(found.items).toBeGreaterThan(0);
    expect(server.requests.map((r) => r.path)).toEqual(['/news.rss']);
    await server.close();
  });

  it('finds the Atom feed a page advertises, resolved against its <base href>', async () => {
    const server = await startFixtureServer({ '/': html('page-advertising-atom-with-base-href.html'), '/blog/atom.xml': atom });
    const found = await discoverFeed(server.url('/'), settingsFor(server), now);
    expect(found).toEqual({ url: server.url('/blog/atom.xml'), via: 'advertised', title: 'Atom-Nachrichten', items: expect.any(Number) });
    expect(server.requests.map((r) => r.path)).toEqual(['/', '/blog/atom.xml']);
    await server.close();
  });

  it.each(['page-advertising-rss-unquoted-minified.html', 'page-without-doctype-advertising-rss-unquoted.html'])(
    'finds the feed a minified page advertises with unquoted attributes (%s)',
    async (page) => {
      const server = await startFixtureServer({ '/': html(page), '/blog/index.xml': rss });
      const found = await discoverFeed(server.url('/'), settingsFor(server), now);
      expect(found).toMatchObject({ url: server.url('/blog/index.xml'), via: 'advertised' });
      expect(server.requests.map((r) => r.path)).toEqual(['/', '/blog/index.xml']);
      await server.close();
    },
  );

  it('finds an advertised JSON Feed', async () => {
    const server = await startFixtureServer({ '/page': html('page-advertising-json-feed.html'), '/feeds/all.json': json });
    expect(await discoverFeed(server.url('/page'), settingsFor(server), now)).toMatchObject({
      url: server.url('/feeds/all.json'),
      via: 'advertised',
    });
    await server.close();
  });

  it('tries the common paths in order on the page’s origin when it advertises nothing, past soft 404s', async () => {
    const server = await startFixtureServer({
      '/about/': html('page-without-feed-links.html'),
      '/feed': soft404,
      '/index.xml': rss,
    });
    const found = await discoverFeed(server.url('/about/'), settingsFor(server), now);
    expect(found).toMatchObject({ url: server.url('/index.xml'), via: 'common-path', title: expect.any(String) });
    expect(server.requests.map((r) => r.path)).toEqual(['/about/', '/feed', '/rss', '/rss.xml', '/atom.xml', '/index.xml']);
    await server.close();
  });

  it('falls back to the common paths when the advertised feed is broken', async () => {
    const server = await startFixtureServer({ '/': html('page-advertising-json-feed.html'), '/rss': rss });
    expect(await discoverFeed(server.url('/'), settingsFor(server), now)).toMatchObject({ url: server.url('/rss'), via: 'common-path' });
    expect(server.requests.map((r) => r.path).slice(0, 3)).toEqual(['/', '/feeds/all.json', '/feed']);
    await server.close();
  });

  it('fails with NO_FEED_FOUND, naming the page and what was tried, when the site has no feed', async () => {
    const server = await startFixtureServer({ '/': html('page-without-feed-links.html'), '/feed': soft404 });
    const error = await discoverFeed(server.url('/'), settingsFor(server), now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscoveryError);
    expect(error).toMatchObject({ code: 'NO_FEED_FOUND' });
    const message = (error as Error).message;
    expect(message).toMatch(
      new RegExp(`^No feed found for "${server.url('/')}": not a feed \\(HTML page\\); it advertises no feed; tried `),
    );
    for (const path of commonFeedPaths) expect(message).toContain(server.url(path));
    expect(message).not.toContain('\n');
    await server.close();
  });

  it('fails when the URL cannot be fetched, without guessing paths', async () => {
    const server = await startFixtureServer({});
    await expect(discoverFeed(server.url('/missing'), settingsFor(server), now)).rejects.toThrow(
      new DiscoveryError(`Cannot fetch "${server.url('/missing')}": HTTP 404 Not Found`),
    );
    expect(server.requests.map((r) => r.path)).toEqual(['/missing']);
    await server.close();
  });
});

describe('the poll cycle and a source configured by its page', () => {
  async function contextFor(url: string): Promise<WorkerContext> {
    const config = parseConfig({ database: ':memory:', sources: [{ id: 'blog', url }] }, '/tmp/config.json');
    return workerContext(config, await openStore(':memory:'));
  }

  it('fetches the advertised feed in the same poll, ingests it and polls the feed from then on', async () => {
    const server = await startFixtureServer({ '/': html('page-advertising-atom-with-base-href.html'), '/blog/atom.xml': atom });
    const context = await contextFor(server.url('/'));
    const first = await runPollCycle(context, now, { force: true });
    expect(first.sources[0]).toMatchObject({ status: 'ingested', error: null, httpStatus: 200 });
    expect(first.sources[0]!.newItems).toBeGreaterThan(0);
    expect(await context.store.sources.get('blog')).toMatchObject({
      currentUrl: server.url('/blog/atom.xml'),
      configuredUrl: server.url('/'),
    });

    const before = server.requests.length;
    const second = await runPollCycle(context, new Date('2026-02-05T12:30:00Z'), { force: true });
    expect(second.sources[0]!.error).toBeNull();
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/blog/atom.xml']);
    await server.close();
  });

  it.each(['page-advertising-rss-unquoted-minified.html', 'page-without-doctype-advertising-rss-unquoted.html'])(
    'follows the feed a minified page advertises with unquoted attributes (%s)',
    async (page) => {
      const server = await startFixtureServer({ '/': html(page), '/blog/index.xml': rss });
      const context = await contextFor(server.url('/'));
      const report = await runPollCycle(context, now, { force: true });
      expect(report.sources[0]).toMatchObject({ status: 'ingested', error: null });
      expect((await context.store.sources.get('blog')).currentUrl).toBe(server.url('/blog/index.xml'));
      await server.close();
    },
  );

  it('keeps the page as the source URL, with an error naming the feed, when the advertised feed fails', async () => {
    const server = await startFixtureServer({ '/': html('page-advertising-atom-with-base-href.html') });
    const context = await contextFor(server.url('/'));
    const report = await runPollCycle(context, now, { force: true });
    expect(report.sources[0]!.status).toBe('failed');
    expect(report.sources[0]!.error).toBe(`the page's feed ${server.url('/blog/atom.xml')}: HTTP 404 Not Found`);
    expect((await context.store.sources.get('blog')).currentUrl).toBeNull();
    await server.close();
  });

  it('refuses a feed the page advertises on another private host:port (the SSRF guard applies to discovery)', async () => {
    const inside = await startFixtureServer({ '/feed.rss': rss });
    const page = `<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="${inside.url('/feed.rss')}"></head></html>`;
    const server = await startFixtureServer({ '/': serveBody(page, { 'content-type': 'text/html' }) });
    const context = await contextFor(server.url('/'));
    const report = await runPollCycle(context, now, { force: true });
    expect(report.sources[0]!.status).toBe('failed');
    expect(report.sources[0]!.error).toMatch(
      new RegExp(`^the page's feed ${inside.url('/feed.rss')}: refused to connect to 127\\.0\\.0\\.1:\\d+ \\(loopback`),
    );
    expect(inside.requests).toEqual([]);
    expect((await context.store.sources.get('blog')).currentUrl).toBeNull();
    await Promise.all([server.close(), inside.close()]);
  });

  it('still reports "not a feed" for a page that advertises none (the poll cycle does not guess paths)', async () => {
    const server = await startFixtureServer({ '/': html('page-without-feed-links.html'), '/feed': rss });
    const context = await contextFor(server.url('/'));
    const report = await runPollCycle(context, now, { force: true });
    expect(report.sources[0]!.error).toBe('not a feed (HTML page)');
    expect(server.requests.map((r) => r.path)).toEqual(['/']);
    await server.close();
  });
});
