// One agency feed served on 127.0.0.1 carries a flash ("Mindestens vier Tote") and, hours later the same morning, its update
// ("ROUNDUP 2: … steigt auf sieben"): `poll --once` makes one story of both (the update rule, score-story.ts `updatesStory`),
// and `explain` of the update says the rule applied. The same items without the tag stay two stories. SQLite.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/model.js';
import { eventRss } from '../support/event-feeds.js';
import { feedItem } from '../support/feed-item.js';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

/** The flash and its update, dated within the last hours of the real clock (`poll --once` stamps first sight with it). */
function agencyItems(updateTitle: string): FeedItem[] {
  const T = Date.now() - 600_000;
  return [
    feedItem({
      key: 'kiew-1',
      url: 'https://agentur.example/kiew-1',
      title: 'Russischer Drohnenangriff auf Kiew - Mindestens vier Tote',
      summary:
        'Kiew (dpa) - Bei einem massiven russischen Drohnen- und Raketenangriff auf Kiew sind in der Nacht mindestens vier Menschen getötet worden. ' +
        'Mehr als 20 wurden verletzt, teilte Bürgermeister Vitali Klitschko mit. Im Stadtteil Darnyzja wurde ein Wohnhaus getroffen, Teile der Stadt sind ohne Strom.',
      published: new Date(T - 4 * 3_600_000).toISOString(),
    }),
    feedItem({
      key: 'kiew-2',
      url: 'https://agentur.example/kiew-2',
      title: updateTitle,
      summary:
        'Kiew (dpa) - Nach dem nächtlichen russischen Drohnen- und Raketenangriff auf Kiew ist die Zahl der Toten auf sieben gestiegen. ' +
        'Mehr als 20 Menschen wurden verletzt, teilte Bürgermeister Vitali Klitschko mit. In den Trümmern des Wohnhauses im Stadtteil Darnyzja wurden weitere Opfer gefunden.',
      published: new Date(T).toISOString(),
    }),
  ];
}

const UPDATE = 'ROUNDUP 2: Zahl der Toten nach Drohnenangriff auf Kiew steigt auf sieben';

describe('poll --once: a wire update joins the story it updates', () => {
  let server: FixtureServer;
  let dir: string;

  beforeAll(async () => {
    server = await startFixtureServer({
      '/tagged.rss': serveBody(eventRss('agentur', agencyItems(UPDATE))),
      '/untagged.rss': serveBody(eventRss('agentur', agencyItems(UPDATE.replace('ROUNDUP 2: ', '')))),
    });
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-wire-update-'));
  });
  afterAll(() => server.close());

  /** Polls one feed into a fresh SQLite database; returns the config file and the stories. */
  async function pollFeed(feed: string) {
    const config = path.join(dir, `${feed}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        database: path.join(dir, `${feed}.db`),
        publicDir: path.join(dir, `public-${feed}`),
        sources: [{ id: 'agentur', url: server.url(`/${feed}.rss`) }],
      }),
    );
    await feedmerge('poll', '--once', '--config', config);
    const stories = JSON.parse(await feedmerge('stories', '--json', '--config', config)) as { items: { title: string }[] }[];
    return { config, stories };
  }

  it('makes one story of the flash and its tagged update, and explain says why', async () => {
    const { config, stories } = await pollFeed('tagged');
    expect(stories.map((s) => s.items.length)).toEqual([2]);
    const explained = await feedmerge('explain', 'https://agentur.example/kiew-2', '--config', config);
    expect(explained).toMatch(/rule: near-duplicate/);
    expect(explained).toMatch(/update rule: applied \(ROUNDUP 2\)/);
  });

  it('keeps the untagged pair apart (the figures disagree, one feed)', async () => {
    const { stories } = await pollFeed('untagged');
    expect(stories.map((s) => s.items.length)).toEqual([1, 1]);
  });
});
