// From fixture feeds served on 127.0.0.1, through the real CLI (poll, stories, sources, export)
// and the real HTTP server, to the merged feeds read back by rss-parser and JSON.parse.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createLog } from '../../src/log.js';
import { startService, type Service } from '../../src/worker/service.js';
import { describeEachBackend } from '../support/backends.js';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { shiftToRecent } from '../../scripts/demo/shift-feed-dates.mjs';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const sampleNames = ['dpa-newsticker.rss', 'tag24-ukraine-ticker.atom', 'regionalzeitung-latin1.rss'];
// The samples as `npm run demo` serves them: moved by whole weeks into the week before now, so what
// the engine decides does not depend on today's date (unshifted, the February 2026 items would be
// older than the window and merge with nothing).
const shiftedSamples = shiftToRecent(
  sampleNames.map((name) => readFileSync(path.join(root, 'data/samples', name))),
  Date.now(),
);
const sample = (name: string) => shiftedSamples[sampleNames.indexOf(name)]!;
const fixture = (name: string) => readFileSync(path.join(root, 'test/fixtures/pipeline', name));

/** Runs the CLI from source (no build needed) and returns its exit code and output. */
async function feedmerge(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface StoryJson {
  id: string;
  title: string;
  url: string | null;
  items: { source: string; url: string | null; title: string; published: string }[];
}

function writeConfig(dir: string, server: FixtureServer, database: string, extra: object = {}): string {
  const file = path.join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      database,
      publicDir: 'public',
      server: { host: '127.0.0.1', port: 0, baseUrl: 'http://feeds.example.org' },
      sources: [
        { id: 'dpa', url: server.url('/dpa.rss'), title: 'dpa-Newsticker', priority: 2 },
        { id: 'ticker', url: server.url('/ticker.atom'), title: 'Ukraine-Ticker' },
        { id: 'regional', url: server.url('/regional.rss'), title: 'Regionalzeitung' },
        { id: 'broken', url: server.url('/broken.xml'), title: 'Kaputt' },
      ],
      // As config.demo.json: the newest item may be up to a week old, the samples span 2.5 days.
      dedup: { windowHours: 240 },
      ...extra,
    }),
  );
  return file;
}

describeEachBackend('the pipeline, end to end', (backend) => {
  let server: FixtureServer;
  let dir: string;
  let configFile: string;
  let firstPoll: { code: number; stdout: string; stderr: string };
  let stories: StoryJson[];

  beforeAll(async () => {
    server = await startFixtureServer({
      '/dpa.rss': serveBody(sample('dpa-newsticker.rss'), { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"dpa-v1"' }),
      '/ticker.atom': serveBody(sample('tag24-ukraine-ticker.atom'), {
        'content-type': 'application/atom+xml',
        'last-modified': 'Wed, 04 Feb 2026 17:35:00 GMT',
      }),
      // No charset in the header: the XML prolog's ISO-8859-1 must be honoured.
      '/regional.rss': serveBody(sample('regionalzeitung-latin1.rss'), { 'content-type': 'application/xml', etag: '"rz-1"' }),
      '/regional-with-charset.rss': serveBody(sample('regionalzeitung-latin1.rss'), { 'content-type': 'text/xml; charset=ISO-8859-1' }),
      '/broken.xml': serveBody(fixture('html-error-page-instead-of-feed.html'), { 'content-type': 'text/html; charset=utf-8' }),
    });
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-e2e-'));
    configFile = writeConfig(dir, server, await backend.database(), {
      outputs: [{ id: 'all' }, { id: 'exchange', include: ['Gefangene'] }],
    });
    firstPoll = await feedmerge('poll', '--once', '--config', configFile);
    stories = JSON.parse((await feedmerge('stories', '--json', '--config', configFile)).stdout) as StoryJson[];
  });
  afterAll(() => server.close());

  it('polls every source, prints one line each, and exits 0 although one source failed', () => {
    expect(firstPoll.code).toBe(0);
    const lines = firstPoll.stdout.trim().split('\n');
    expect(lines).toContain('dpa: 7 new, 0 updated, 0 unchanged');
    expect(lines).toContain('ticker: 7 new, 0 updated, 0 unchanged');
    expect(lines).toContain('regional: 3 new, 0 updated, 0 unchanged');
    expect(lines.find((l) => l.startsWith('broken: error: '))).toMatch(/not a feed/);
  });

  it('collapses the re-sent prisoner exchange, and its prefixed copy with tracking parameters, into one story', () => {
    const exchange = stories.filter((s) => s.items.some((i) => i.title.includes('tauschen Hunderte Gefangene aus')));
    expect(exchange).toHaveLength(1);
    const items = exchange[0]!.items;
    expect(items.map((i) => i.source).sort()).toEqual(['dpa', 'dpa', 'regional']);
    // An item's url is its link exactly as the source published it, tracking parameters included.
    expect(items.find((i) => i.source === 'regional')!.url).toContain('utm_source=regionalzeitung');
  });

  it('lists only the stories an output selects with `stories --output`', async () => {
    const exchange = JSON.parse(
      (await feedmerge('stories', '--output', 'exchange', '--json', '--config', configFile)).stdout,
    ) as StoryJson[];
    expect(exchange.map((s) => s.title)).toEqual(['Russland und die Ukraine tauschen Hunderte Gefangene aus']);
  });

  it('keeps every ticker entry, although they all link one page, as its own story', () => {
    const tickerStories = stories.filter((s) => s.items.some((i) => i.source === 'ticker'));
    expect(tickerStories).toHaveLength(7);
    const tickerItems = tickerStories.flatMap((s) => s.items.filter((i) => i.source === 'ticker'));
    expect(new Set(tickerItems.map((i) => i.title)).size).toBe(7);
  });

  it('keeps day 1 and day 2 of the talks apart', () => {
    const begun = stories.filter((s) => /haben begonnen|Verhandlungstag hat begonnen/.test(s.title));
    expect(begun).toHaveLength(2);
    // Resumed on 3 February, ended on 5 February: two days apart, two stories (timed by first sight, they merged).
    const storyOf = (title: string) => stories.find((s) => s.items.some((i) => i.title === title))?.id;
    expect(storyOf('Ukraine und Russland sprechen wieder in Abu Dhabi')).toBeDefined();
    expect(storyOf('Ukraine und Russland sprechen wieder in Abu Dhabi')).not.toBe(
      storyOf('Ukrainisch-russische Verhandlungen in Abu Dhabi beendet'),
    );
  });

  it('reads the ISO-8859-1 feed without a charset header with correct umlauts', () => {
    expect(stories.map((s) => s.title)).toContain('Bürgerfest in Göttingen: Straßensperrungen am Wochenende');
  });

  it('reads the same feed served with a charset header through `parse` the same way', async () => {
    const { stdout, code } = await feedmerge('parse', '--json', server.url('/regional-with-charset.rss'));
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { title: string; items: { title: string }[] };
    expect(parsed.title).toBe('Regionalzeitung: Politik (Beispiel)');
    expect(parsed.items.map((i) => i.title)).toContain('Bürgerfest in Göttingen: Straßensperrungen am Wochenende');
  });

  it('shows the failing source with its error in `sources`', async () => {
    const { stdout } = await feedmerge('sources', '--json', '--config', configFile);
    const rows = JSON.parse(stdout) as { id: string; lastError: string | null; items: number; lastStatus: number | null }[];
    const broken = rows.find((r) => r.id === 'broken')!;
    expect(broken.lastError).toMatch(/not a feed/);
    expect(broken.items).toBe(0);
    expect(rows.find((r) => r.id === 'dpa')).toMatchObject({ lastError: null, items: 7, lastStatus: 200 });
  });

  it('writes RSS, Atom and JSON files with every story exactly once', async () => {
    const parser = new Parser();
    const rss = await parser.parseString(readFileSync(path.join(dir, 'public/feeds/all.xml'), 'utf8'));
    const atom = await parser.parseString(readFileSync(path.join(dir, 'public/feeds/all.atom'), 'utf8'));
    const json = JSON.parse(readFileSync(path.join(dir, 'public/feeds/all.json'), 'utf8')) as { items: { id: string; title: string }[] };
    for (const feed of [rss.items, atom.items, json.items]) {
      expect(feed).toHaveLength(stories.length);
      expect(new Set(feed.map((i) => i.title)).size).toBe(stories.length);
    }
    expect(new Set(json.items.map((i) => i.id)).size).toBe(stories.length);
    const exported = await feedmerge('export', '--output', 'all', '--format', 'json', '--config', configFile);
    expect(JSON.parse(exported.stdout)).toEqual(JSON.parse(readFileSync(path.join(dir, 'public/feeds/all.json'), 'utf8')));
  });

  it('polls only due sources: a second run right away fetches nothing and says when each is due', async () => {
    const before = server.requests.length;
    const early = await feedmerge('poll', '--once', '--config', configFile);
    expect(early.code).toBe(0);
    expect(server.requests.length).toBe(before);
    expect(early.stdout).toMatch(/^dpa: not due \(next poll \d{4}-\d\d-\d\dT/m);
  });

  it('sends the validators on the second poll and adds nothing', async () => {
    const before = server.requests.length;
    const second = await feedmerge('poll', '--once', '--all', '--config', configFile);
    const seen = server.requests.slice(before);
    expect(seen.find((r) => r.path === '/dpa.rss')?.headers['if-none-match']).toBe('"dpa-v1"');
    expect(seen.find((r) => r.path === '/ticker.atom')?.headers['if-modified-since']).toBe('Wed, 04 Feb 2026 17:35:00 GMT');
    expect(second.stdout).toContain('dpa: not modified (HTTP 304)');
    const again = JSON.parse((await feedmerge('stories', '--json', '--config', configFile)).stdout) as StoryJson[];
    expect(again.map((s) => s.id).sort()).toEqual(stories.map((s) => s.id).sort());
  });

  it('explains why an item joined its story', async () => {
    const regional = stories.flatMap((st) => st.items).find((i) => i.source === 'regional' && i.title.startsWith('Gefangenenaustausch'))!;
    const { stdout, code } = await feedmerge('explain', regional.url!, '--config', configFile);
    expect(code).toBe(0);
    expect(stdout).toMatch(/rule: same-link, score 1\.000/);
    expect(stdout).toMatch(/matched item \d+ from dpa: Russland und die Ukraine tauschen Hunderte Gefangene aus/);
    expect((await feedmerge('explain', 'https://nowhere.example/none', '--config', configFile)).code).toBe(1);
  });

  it('replays every item with recluster --dry-run and changes nothing', async () => {
    const { stdout, code } = await feedmerge('recluster', '--dry-run', '--config', configFile);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^dry run \(nothing written\): 17 items, stories (\d+) → \1$/m);
    expect(stdout).toContain('merges gained: 0');
    expect(stdout).toContain('merges lost: 0');
    expect(stdout).toContain(
      'story ids gone: 0 (each Atom output announces those it would still list, up to limit × 5, naming the story holding their items)',
    );
  });

  it('exports the sources as OPML that `sources import` adds to another config', async () => {
    const opml = (await feedmerge('sources', '--opml', '--config', configFile)).stdout;
    const other = mkdtempSync(path.join(tmpdir(), 'feedmerge-opml-'));
    const opmlFile = path.join(other, 'sources.opml');
    writeFileSync(opmlFile, opml);
    const target = path.join(other, 'config.json');
    writeFileSync(target, JSON.stringify({ sources: [{ id: 'dpa', url: server.url('/dpa.rss') }] }));
    const result = await feedmerge('sources', 'import', opmlFile, '--config', target);
    expect(result.code).toBe(0);
    const written = JSON.parse(readFileSync(target, 'utf8')) as { sources: { id: string; url: string }[] };
    expect(written.sources.map((s) => s.url).sort()).toEqual(
      [server.url('/broken.xml'), server.url('/dpa.rss'), server.url('/regional.rss'), server.url('/ticker.atom')].sort(),
    );
    expect(loadConfig(target).sources).toHaveLength(4);
  });

  describe('served over HTTP', () => {
    let service: Service;
    beforeAll(async () => {
      service = await startService(loadConfig(configFile), createLog(new (await import('node:stream')).PassThrough()), { poll: false });
    });
    afterAll(() => service.stop());

    it('answers with validators, then 304 to If-None-Match and If-Modified-Since', async () => {
      for (const ext of ['xml', 'atom', 'json']) {
        const first = await fetch(`${service.url}/feeds/all.${ext}`);
        expect(first.status).toBe(200);
        const etag = first.headers.get('etag')!;
        const lastModified = first.headers.get('last-modified')!;
        expect(etag).toMatch(/^"/);
        expect((await fetch(`${service.url}/feeds/all.${ext}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
        expect((await fetch(`${service.url}/feeds/all.${ext}`, { headers: { 'if-modified-since': lastModified } })).status).toBe(304);
      }
      const health = await fetch(`${service.url}/healthz`);
      expect(health.status).toBe(200);
    });
  });
});

describe('the command line', () => {
  it('never creates a database for a command that only reads one: exit 3 and a hint instead', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-nodb-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ database: 'typo/feedmerge.db', sources: [{ id: 'a', url: 'https://a.example/rss' }] }));
    const result = await feedmerge('stories', '--config', file);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/no database at ".*typo\/feedmerge\.db" yet: run `feedmerge poll --once`/);
    expect(existsSync(path.join(dir, 'typo'))).toBe(false);
  });

  // `npm run demo` beside `npm start` (both on 8080), or a second service: the socket error names
  // only the address, the line must say which setting moves it.
  it.each([
    ['one process', ['--workers', '0']],
    ['HTTP workers', ['--workers', '1']],
  ])('names the setting when the port is taken (%s)', async (_name, workers) => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-port-'));
      const file = path.join(dir, 'config.json');
      writeFileSync(file, JSON.stringify({ server: { port }, sources: [{ id: 'a', url: 'feed.xml' }] }));
      const result = await feedmerge('serve', ...workers, '--config', file);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.*set server\\.port or FEEDMERGE_PORT\\)\\n$`),
      );
    } finally {
      taken.close();
    }
  });

  it('refuses a listen host that is no IP address or host name at start, exit 2, naming the variable', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-host-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ server: { port: 0 }, sources: [{ id: 'a', url: 'feed.xml' }] }));
    const result = await run(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'serve', '--workers', '0', '--config', file],
      {
        cwd: root,
        env: { ...process.env, FEEDMERGE_HOST: 'bad host' },
        timeout: 15_000,
        killSignal: 'SIGKILL',
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number | null; stderr: string }) => error,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `feedmerge: invalid config ${file}: FEEDMERGE_HOST (server.host): must be an IP address or a host name ` +
        '(such as 127.0.0.1, 0.0.0.0, ::1 or localhost), not "bad host"\n',
    );
  }, 20_000);

  it('says so when the database folder is a file (fs says "EEXIST: file already exists, mkdir")', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-dbfile-'));
    writeFileSync(path.join(dir, 'data'), 'not a folder');
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ database: 'data/feedmerge.db', sources: [{ id: 'a', url: 'feed.xml' }] }));
    const result = await feedmerge('poll', '--once', '--config', file);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      `feedmerge: Cannot open database "${path.join(dir, 'data/feedmerge.db')}": "${path.join(dir, 'data')}" is a file, not a folder\n`,
    );
  });

  it('rejects an invalid config with one line per problem and exit code 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-badconfig-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        sources: [
          { id: 'a', url: 'feed.xml' },
          { id: 'b', url: 'gopher://x' },
          { id: 'c', url: 'https://x.example/rss', schedule: 'often' },
        ],
      }),
    );
    const result = await feedmerge('poll', '--once', '--config', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('sources[1].url: must be an http(s) URL or a file path');
    expect(result.stderr).toContain('sources[2].schedule: must be a cron expression');
    // Each line stands alone (a journal or a grep shows one line): it names the file, the key and the cause.
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `feedmerge: invalid config ${file}: sources[1].url: must be an http(s) URL or a file path`,
      expect.stringMatching(
        new RegExp(
          `^feedmerge: invalid config ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: sources\\[2\\]\\.schedule: must be a cron expression`,
        ),
      ),
    ]);
    expect(existsSync(path.join(dir, 'data'))).toBe(false);
  });

  it('refuses a publicDir under /proc at start, on one line, instead of hanging in its first write', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-procfs-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ publicDir: '/proc/feedmerge', sources: [{ id: 'a', url: 'feed.xml' }] }));
    // Killed after 15 s should the check ever go: the spinning mkdir would outlive the test.
    const result = await run(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'poll', '--once', '--config', file],
      {
        cwd: root,
        timeout: 15_000,
        killSignal: 'SIGKILL',
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number | null; stderr: string }) => error,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `feedmerge: invalid config ${file}: publicDir: "/proc/feedmerge" is in /proc, a file system the kernel makes up; ` +
        '/proc, /sys and /dev are not places for files (choose a folder on a disk)\n',
    );
    expect(existsSync(path.join(dir, 'data'))).toBe(false);
  }, 20_000);

  it('reports a config file that is missing or not JSON on one line that says where to look', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-badconfig-'));
    const missing = await feedmerge('sources', '--config', path.join(dir, 'config.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `feedmerge: invalid config ${path.join(dir, 'config.json')}: cannot read: ENOENT (no such file); give the config file with --config <path>\n`,
    );
    const file = path.join(dir, 'trailing-comma.json');
    writeFileSync(file, '{\n  "sources": [\n    { "id": "a", "url": "https://a.example/rss" },\n  ]\n}\n');
    const notJson = await feedmerge('sources', '--config', file);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toBe(`feedmerge: invalid config ${file}: not valid JSON: Unexpected token ']' (line 4, column 3)\n`);
  });

  it.each([
    ['a missing required option', ['poll'], 2],
    ['an invalid choice', ['export', '--format', 'xml'], 2],
    ['an unknown command', ['frobnicate'], 2],
    ['--help', ['--help'], 0],
  ])('exits with the documented code for %s', async (_name, args, code) => {
    expect((await feedmerge(...args)).code).toBe(code);
  });

  it('runs until SIGTERM, then shuts down cleanly', async () => {
    const server = await startFixtureServer({
      '/dpa.rss': serveBody(sample('dpa-newsticker.rss'), { 'content-type': 'application/rss+xml' }),
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-run-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({ database: 'f.db', publicDir: 'public', server: { port: 0 }, sources: [{ id: 'dpa', url: server.url('/dpa.rss') }] }),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'run', '--config', file], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Wait for the first cycle to be logged (JSON lines: stderr is a pipe), then ask the service to stop.
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (stderr.includes('"msg":"cycle finished"') && stderr.includes('"source":"dpa","outcome":"ingested"')) {
          clearInterval(timer);
          resolve();
        }
      }, 100);
      child.once('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    await server.close();
    expect(code).toBe(0);
    expect(stderr).toContain('"signal":"SIGTERM","msg":"stopping: finishing the cycle in flight, then closing"');
    expect(existsSync(path.join(dir, 'public/feeds/all.atom'))).toBe(true);
  });
});
