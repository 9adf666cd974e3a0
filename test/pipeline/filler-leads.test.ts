// A new deployment's first poll (empty database, `poll --once` through the CLI, feeds served on 127.0.0.1): two feeds of
// one site whose every item carries the site's teaser as its lead keep their ten unrelated items each apart, and two
// other outlets' copies of a wire story with one lead still form one story (`stories --json`). Fixtures:
// test/fixtures/dedup/filler-leads.ts, re-dated to the last hours of the real clock (`poll --once` stamps first sight with it).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILLER_LEADS, fillerFeed, GERMAN_TITLES, MORE_GERMAN_TITLES, wireCopies } from '../fixtures/dedup/filler-leads.js';
import { eventRss } from '../support/event-feeds.js';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3_600_000).toISOString();
const teaser = FILLER_LEADS.de[3];
/** The site's local feed's items came before its regional feed's (README: the first item of each cannot be told from a wire copy). */
const local = fillerFeed('lokal', GERMAN_TITLES, teaser, hoursAgo(4));
const more = fillerFeed('region', MORE_GERMAN_TITLES, teaser, hoursAgo(0.2));
const [bote, kurier] = wireCopies(hoursAgo(0.1));

describe('poll --once: a site teaser as every lead', () => {
  let server: FixtureServer;
  let config: string;

  beforeAll(async () => {
    server = await startFixtureServer({
      '/lokal.rss': serveBody(eventRss('Frankenbote Lokales', local)),
      '/region.rss': serveBody(eventRss('Frankenbote Region', more)),
      '/bote.rss': serveBody(eventRss('Bote', [bote])),
      '/kurier.rss': serveBody(eventRss('Kurier', [kurier])),
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-filler-'));
    config = path.join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        database: path.join(dir, 'feedmerge.db'),
        publicDir: path.join(dir, 'public'),
        sources: ['lokal', 'region', 'bote', 'kurier'].map((id) => ({ id, url: server.url(`/${id}.rss`), language: 'de' })),
      }),
    );
    await feedmerge('poll', '--once', '--config', config);
  });
  afterAll(() => server.close());

  it("keeps the teaser feeds' items apart and joins the wire copies", async () => {
    const stories = JSON.parse(await feedmerge('stories', '--json', '--config', config)) as { items: { title: string }[] }[];
    const titles = stories.map((s) => s.items.map((i) => i.title).sort());
    expect(titles).toContainEqual([bote.title, kurier.title].sort());
    expect(titles.filter((t) => t.length > 1)).toHaveLength(1);
    expect(titles).toHaveLength(21);
  });
});
