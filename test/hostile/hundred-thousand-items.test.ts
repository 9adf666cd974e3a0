// A feed with 100,000 items (~9 MB, under the default 15 MiB cap) through the real pipeline, polled in
// the same cycle as a good source: parsed safely and stored completely. Its own file because it costs
// several seconds of CPU; the source opts out of dedup so that the test stays within CI's budget (the
// story engine's cost at this size is measured in BENCHMARKS.md, not here).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { closeFetchAgents } from '../../src/fetch/fetch-feed.js';
import { openStore } from '../../src/store/open-store.js';
import { runPollCycle } from '../../src/worker/poll-cycle.js';
import { workerContext } from '../../src/worker/service.js';
import { Publisher } from '../../src/worker/publisher.js';
import { serveBody, startFixtureServer } from '../support/fixture-server.js';

const MiB = 1024 * 1024;
const rssType = { 'content-type': 'application/rss+xml; charset=utf-8' };
const t0 = new Date('2026-02-06T06:00:00.000Z');
const good = readFileSync(path.join(import.meta.dirname, '../fixtures/hostile/good-rss-three-items.xml'));

/** 100,000 small items: generated here, too big for a fixture file. */
function manyItemsFeed(count: number): Buffer {
  const items: string[] = [];
  for (let i = 0; i < count; i++) {
    items.push(
      `<item><title>Massenmeldung ${i}</title><link>https://viele.example.de/${i}</link><guid>viele-${i}</guid><pubDate>Mon, 03 Feb 2025 10:00:00 GMT</pubDate></item>`,
    );
  }
  return Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Viele</title><link>https://viele.example.de/</link>${items.join('')}</channel></rss>`,
  );
}

function assertWellFormed(xml: string): void {
  new SaxesParser({ xmlns: false }).write(xml).close();
}

describe('a feed with 100,000 items', () => {
  it('is parsed safely and stored completely, in the same cycle as the good source', async () => {
    const server = await startFixtureServer({
      '/good.rss': serveBody(good, rssType),
      '/hundred-thousand-items': serveBody(manyItemsFeed(100_000), rssType),
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-hostile-many-'));
    const config = parseConfig(
      {
        database: ':memory:',
        publicDir: 'public',
        fetch: { timeoutSeconds: 20, maxBodyBytes: 16 * MiB },
        sources: [
          { id: 'good', url: server.url('/good.rss') },
          { id: 'hundred-thousand-items', url: server.url('/hundred-thousand-items'), dedup: false },
        ],
      },
      path.join(dir, 'config.json'),
    );
    const store = await openStore(':memory:');
    try {
      const report = await runPollCycle(workerContext(config, store), t0, { force: true });
      expect(report.sources).toEqual([
        expect.objectContaining({ sourceId: 'good', status: 'ingested', newItems: 3, error: null }),
        expect.objectContaining({ sourceId: 'hundred-thousand-items', status: 'ingested', newItems: 100_000, error: null }),
      ]);
      expect((await store.sources.get('hundred-thousand-items')).lastError).toBeNull();
      expect(await store.items.countBySource()).toEqual(
        new Map([
          ['good', 3],
          ['hundred-thousand-items', 100_000],
        ]),
      );
      // Every item got its own story (the source opted out of dedup) and kept its own key.
      const keys = new Set<string>();
      let placed = 0;
      for await (const item of store.items.all()) {
        if (item.sourceId !== 'hundred-thousand-items') continue;
        keys.add(item.key);
        if (item.storyId) placed++;
      }
      expect(keys.size).toBe(100_000);
      expect(placed).toBe(100_000);
      const publisher = new Publisher(config, store);
      await publisher.publish(t0);
      const all = publisher.current().outputs.get('all')!;
      assertWellFormed(all.get('rss')!.body.toString('utf8'));
      assertWellFormed(all.get('atom')!.body.toString('utf8'));
      const json = JSON.parse(all.get('json')!.body.toString('utf8')) as { items: { title: string }[] };
      // Newest first: the good source's three stories lead, the mass items follow up to the output limit.
      expect(json.items).toHaveLength(100);
      expect(
        json.items
          .slice(0, 3)
          .map((i) => i.title)
          .sort(),
      ).toEqual([
        'Bibliothek verlängert Öffnungszeiten am Wochenende',
        'Hochwasser in Passau: Pegel sinkt wieder',
        'Stadtrat beschließt neuen Radweg an der Weser',
      ]);
    } finally {
      await store.close();
      await server.close();
      await closeFetchAgents();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
