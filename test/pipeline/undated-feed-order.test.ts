// A feed without dates (a small blog, a podcast, RSS 0.91): the items one poll finds new share one
// first-seen time, so only their place in the feed can order them. The merged feeds must list them as
// the feed does, and a later poll's new items above them. Through the real path: a loopback server,
// `poll --once` on each store, the RSS, Atom and JSON Feed files it writes, and `stories`.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Parser from 'rss-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../support/backends.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

// Unrelated headlines (no two could be one story), listed newest first as blogs do; no dates anywhere.
const firstPoll = [
  'Kürbissuppe mit Ingwer',
  'Neue Bienenstöcke im Schulgarten',
  'Fahrradtour entlang der Mosel',
  'Jahreshauptversammlung des Chors',
  'Flohmarkt im Gemeindehaus',
  'Orgelkonzert zum Advent',
];
const laterPoll = ['Lichterfest auf dem Marktplatz', 'Winterreifen richtig lagern'];

/** An RSS 2.0 channel without any date, its items in the order given. */
function undatedRss(titles: readonly string[]): string {
  const items = titles.map((title) => {
    const slug = title.toLowerCase().replace(/[^a-z]+/g, '-');
    return `<item><title>${title}</title><link>https://blog.example/${slug}</link><description>${title}.</description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Dorfblog</title><link>https://blog.example/</link><description>Ohne Datum</description>
${items.join('\n')}
</channel></rss>`;
}

let body = undatedRss(firstPoll);
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    '/feed.rss': (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body),
  });
});
afterAll(() => server.close());

describeEachBackend('an undated feed, in the merged feeds', (backend) => {
  it('lists one poll’s items in the feed’s order, and a later poll’s new items above them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-undated-order-'));
    const config = path.join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({ database: await backend.database(), publicDir: 'public', sources: [{ id: 'blog', url: server.url('/feed.rss') }] }),
    );
    /** The story titles of each published format and of `stories`, in their order. */
    const published = async () => {
      const parser = new Parser();
      const read = (file: string) => readFileSync(path.join(dir, 'public/feeds', file), 'utf8');
      const stories = JSON.parse(await feedmerge('stories', '--json', '--config', config)) as { title: string }[];
      return {
        rss: (await parser.parseString(read('all.xml'))).items.map((i) => i.title),
        atom: (await parser.parseString(read('all.atom'))).items.map((i) => i.title),
        json: (JSON.parse(read('all.json')) as { items: { title: string }[] }).items.map((i) => i.title),
        stories: stories.map((s) => s.title),
      };
    };

    body = undatedRss(firstPoll);
    expect(await feedmerge('poll', '--once', '--all', '--config', config)).toBe('blog: 6 new, 0 updated, 0 unchanged\n');
    expect(await published()).toEqual({ rss: firstPoll, atom: firstPoll, json: firstPoll, stories: firstPoll });

    body = undatedRss([...laterPoll, ...firstPoll]);
    expect(await feedmerge('poll', '--once', '--all', '--config', config)).toBe('blog: 2 new, 0 updated, 6 unchanged\n');
    const all = [...laterPoll, ...firstPoll];
    expect(await published()).toEqual({ rss: all, atom: all, json: all, stories: all });
  }, 240_000); // 4 CLI processes per poll, each a node start with tsx
});
