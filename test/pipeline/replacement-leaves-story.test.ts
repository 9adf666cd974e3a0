// A re-placement that leaves an item where it was changes nothing a reader sees. A feed served on
// 127.0.0.1 has one undated item; `poll --once` publishes its story. Then the feed adds an undated
// item whose link sorts before the first one's: both count by the hour first seen, so the engine
// takes the first placement back and places it again after the new item, into the same story with
// the same role. That story's `updated` time, its entries in Atom and JSON Feed, an output holding
// only it (bytes, so its ETag) and its item's decision stay as they were. On both backends.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../support/backends.js';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

/** An RSS 2.0 feed of undated items (title, link), no guid: the link is the item key. */
function undatedRss(items: [string, string][]): string {
  const entries = items.map(([title, link]) => `<item><title>${title}</title><link>${link}</link></item>`);
  return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>t</title><link>http://t.example/</link><description>t</description>${entries.join('\n')}</channel></rss>`;
}

const ZEBRA: [string, string] = ['Zebra herd crosses the river', 'http://t.example/a'];
// Sorts before http://t.example/a: placed first in the engine's order, though it came later.
const GIRAFFES: [string, string] = ['New one about giraffes', 'http://edge.example/new'];

interface StoryJson {
  id: string;
  title: string;
  published: string;
  updated: string;
}
interface JsonFeed {
  items: { id: string; title: string; date_published: string; date_modified: string }[];
}

describeEachBackend('a re-placement that leaves an item in its story', (backend) => {
  let server: FixtureServer;
  let dir: string;

  beforeAll(async () => {
    // Undated items count by the hour first seen: both polls must fall in one hour for the new item to sort first.
    const toNextHour = 3_600_000 - (Date.now() % 3_600_000);
    if (toNextHour < 90_000) await new Promise((resolve) => setTimeout(resolve, toNextHour + 1_000));
    server = await startFixtureServer({ '/t.rss': serveBody(undatedRss([ZEBRA])) });
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-replace-'));
  }, 120_000);
  afterAll(() => server.close());

  it('does not update the story, its entries or its decision', async () => {
    const publicDir = path.join(dir, `public-${backend.name}`);
    const config = path.join(dir, `${backend.name}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        database: await backend.database(),
        publicDir,
        sources: [{ id: 't', url: server.url('/t.rss') }],
        outputs: [
          { id: 'all', title: 'All' },
          { id: 'zebra', title: 'Zebra', include: ['Zebra'] },
        ],
      }),
    );
    const zebra = async () => {
      const stories = JSON.parse(await feedmerge('stories', '--json', '--config', config)) as StoryJson[];
      return stories.find((s) => s.title === ZEBRA[0]);
    };
    const decision = async (storyId: string) =>
      (JSON.parse(await feedmerge('explain', storyId, '--json', '--config', config)) as { decision: unknown }[]).map((e) => e.decision);
    const file = (name: string) => readFileSync(path.join(publicDir, 'feeds', name), 'utf8');
    const zebraEntry = () => (JSON.parse(file('all.json')) as JsonFeed).items.find((item) => item.title === ZEBRA[0]);

    await feedmerge('poll', '--once', '--config', config);
    const before = await zebra();
    expect(before).toBeDefined();
    expect(before!.updated).toBe(before!.published);
    const decided = await decision(before!.id);
    const entry = zebraEntry();
    const zebraOnly = { json: file('zebra.json'), atom: file('zebra.xml'), rss: file('zebra.atom') };

    server.route('/t.rss', serveBody(undatedRss([ZEBRA, GIRAFFES])));
    await feedmerge('poll', '--once', '--all', '--config', config);
    const stories = JSON.parse(await feedmerge('stories', '--json', '--config', config)) as StoryJson[];
    // The new item was placed (its own story), and the zebra one went through a re-placement.
    expect(stories.map((s) => s.title).sort()).toEqual([GIRAFFES[0], ZEBRA[0]].sort());
    expect(await zebra()).toEqual(before);
    expect(await decision(before!.id)).toEqual(decided);
    expect(zebraEntry()).toEqual(entry);
    expect({ json: file('zebra.json'), atom: file('zebra.xml'), rss: file('zebra.atom') }).toEqual(zebraOnly);
  }, 120_000);
});
