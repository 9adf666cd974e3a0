// Retention after a cycle: stories whose items left their feeds more than retention.days ago go,
// except those on a published page, so the outputs do not change; a retention shorter than the
// story window is a config error.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load-config.js';
import { changedOutputIds, renderPublication } from '../../src/publish/render-publication.js';
import { openStore } from '../../src/store/open-store.js';
import { pollAndPublish, workerContext } from '../../src/worker/service.js';
import { Publisher } from '../../src/worker/publisher.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const words = [
  'Hafenbrand',
  'Landtagswahl',
  'Bahnstreik',
  'Orkanwarnung',
  'Zinsentscheid',
  'Ernteausfall',
  'Brückensperrung',
  'Tarifeinigung',
];
const rss = (entries: { title: string; published: Date }[]) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T</title><link>https://t.example/</link><description>d</description>
${entries
  .map(
    (e) =>
      `<item><title>${e.title}</title><link>https://t.example/${encodeURIComponent(e.title)}</link><guid>${e.title}</guid><pubDate>${e.published.toUTCString()}</pubDate></item>`,
  )
  .join('\n')}
</channel></rss>`;

describe('retention after a cycle', () => {
  let server: FixtureServer;
  let dir: string;
  beforeEach(async () => {
    server = await startFixtureServer();
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-retention-cycle-'));
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deletes what aged out, keeps every story on a page, and leaves the outputs as they were', async () => {
    const t0 = new Date('2026-03-02T12:00:00Z');
    const t1 = new Date(t0.getTime() + 4 * 86_400_000);
    let body = rss(words.map((w, i) => ({ title: `${w} gemeldet`, published: new Date(t0.getTime() - i * 3_600_000) })));
    server.route('/feed.rss', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body));
    // One story per page, five pages: the five newest stories are published.
    const config = parseConfig(
      {
        database: path.join(dir, 'feedmerge.db'),
        publicDir: 'public',
        retention: { days: 3 },
        outputs: [{ id: 'all', limit: 1 }],
        sources: [{ id: 'a', url: server.url('/feed.rss') }],
      },
      path.join(dir, 'config.json'),
    );
    const store = await openStore(config.database);
    const context = workerContext(config, store);
    const publisher = new Publisher(config, store);
    const first = await pollAndPublish(context, publisher, t0, { force: true });
    expect(first.retention).toEqual({ stories: 0, items: 0, complete: true });
    expect(await store.stories.count()).toBe(8);

    // Four days later the feed carries two new items only; the eight old ones were last seen at t0.
    body = rss([
      { title: 'Flughafen geöffnet', published: t1 },
      { title: 'Schulstart verschoben', published: new Date(t1.getTime() - 3_600_000) },
    ]);
    const second = await pollAndPublish(context, publisher, t1, { force: true });
    expect(second.error).toBeNull();
    const published = publisher.current();
    expect(published.storyIds.size).toBe(5);
    // Ten stories, five on a page: the other five are gone, with their items.
    expect(second.retention).toEqual({ stories: 5, items: 5, complete: true });
    const left = await store.stories.list({ limit: 100 });
    expect(new Set(left.map((s) => s.id))).toEqual(published.storyIds);
    expect(left.map((s) => s.title)).toEqual([
      'Flughafen geöffnet',
      'Schulstart verschoben',
      'Hafenbrand gemeldet',
      'Landtagswahl gemeldet',
      'Bahnstreik gemeldet',
    ]);
    // Rendering again after retention gives the same documents.
    expect(changedOutputIds(published, await renderPublication(store, config, t1))).toEqual([]);
    await store.close();
  });

  it('rejects a retention shorter than the story window at config load', () => {
    const load = (raw: object) => () => parseConfig({ sources: [{ id: 'a', url: 'https://a.example/feed' }], ...raw }, '/tmp/config.json');
    expect(load({ retention: { days: 2 } })).toThrow(ConfigError);
    try {
      load({ retention: { days: 2 } })();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'retention.days: must be at least the story window (dedup.windowHours 72 h = 3 days)',
      ]);
    }
    expect(load({ retention: { days: 1 }, dedup: { windowHours: 24 } })).not.toThrow();
    expect(load({ retention: { days: 0 } })).toThrow(/retention\.days/);
    expect(parseConfig({ sources: [{ id: 'a', url: 'https://a.example/feed' }] }, '/tmp/config.json').retention.days).toBe(90);
  });
});
