// `feedmerge sources add` and a page URL in `poll --once` / `sources`, through the real CLI against
// loopback servers serving HTML pages with and without alternate links.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const fixture = (file: string) => readFileSync(path.join(root, 'test/fixtures', file));

/** Runs the CLI from source in `cwd` (the checkout unless given; the default ./config.json is read there). */
async function feedmergeIn(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const tsx = import.meta.resolve('tsx'); // by URL: outside the checkout, `--import tsx` would not be found
    const { stdout, stderr } = await run(process.execPath, ['--import', tsx, path.join(root, 'src/cli/main.ts'), ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const feedmerge = (...args: string[]) => feedmergeIn(root, ...args);

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    '/blog-home': serveBody(fixture('fetch/page-advertising-atom-with-base-href.html'), { 'content-type': 'text/html' }),
    '/blog/atom.xml': serveBody(fixture('parse/atom10-german-xml-lang.xml'), { 'content-type': 'application/atom+xml' }),
    '/plain-page': serveBody(fixture('fetch/page-without-feed-links.html'), { 'content-type': 'text/html' }),
  });
});
afterAll(() => server.close());

/** A config file with the shipped "$schema" key and one local source. */
function configFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-add-')), 'config.json');
  const config = {
    $schema: './config.schema.json',
    database: 'feedmerge.db',
    sources: [{ id: 'local', url: path.join(root, 'test/fixtures/fetch/local-file-source.xml') }],
  };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

const sourcesOf = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { sources: object[] }).sources;

describe('feedmerge sources add', () => {
  it('adds the feed a page advertises, titled and named after the feed, and prints what it found', async () => {
    const file = configFile();
    const result = await feedmerge('sources', 'add', server.url('/blog-home'), '--config', file);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^found ${server.url('/blog/atom.xml')}: is the feed the page ${server.url('/blog-home')} advertises, "Atom-Nachrichten", \\d+ items?$`,
        ),
      ),
      `added source "atom-nachrichten" (Atom-Nachrichten) to ${file}`,
      '',
    ]);
    expect(sourcesOf(file)[1]).toEqual({ id: 'atom-nachrichten', url: server.url('/blog/atom.xml'), title: 'Atom-Nachrichten' });
    // The rest of the file is kept, "$schema" included.
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ $schema: './config.schema.json', database: 'feedmerge.db' });
  });

  it('takes --id and --title, and refuses to add the same feed twice', async () => {
    const file = configFile();
    const added = await feedmerge('sources', 'add', server.url('/blog/atom.xml'), '--id', 'blog', '--title', 'Das Blog', '--config', file);
    expect(added.code).toBe(0);
    expect(sourcesOf(file)[1]).toEqual({ id: 'blog', url: server.url('/blog/atom.xml'), title: 'Das Blog' });
    const again = await feedmerge('sources', 'add', server.url('/blog-home'), '--config', file);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`feedmerge: its feed ${server.url('/blog/atom.xml')} is already configured as source "blog"\n`);
  });

  it('edits a file with a byte order mark (which the config accepts) as one more line in its layout, the mark kept', async () => {
    const file = configFile();
    const local = path.join(root, 'test/fixtures/fetch/local-file-source.xml');
    const text = `{\n  "database": "feedmerge.db",\n  "sources": [\n    { "id": "local", "url": ${JSON.stringify(local)} }\n  ]\n}\n`;
    writeFileSync(file, `\ufeff${text}`);
    const result = await feedmerge('sources', 'add', server.url('/blog/atom.xml'), '--id', 'blog', '--config', file);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const line = `    { "id": "blog", "url": "${server.url('/blog/atom.xml')}", "title": "Atom-Nachrichten" }`;
    // The mark stays (config-file-form.test.ts); before, the edit dropped it.
    expect(readFileSync(file, 'utf8')).toBe(
      `\ufeff${text.replace(`${JSON.stringify(local)} }\n`, `${JSON.stringify(local)} },\n${line}\n`)}`,
    );
  });

  it('adds a local feed file, inside the config folder as a path relative to it, and it is polled', async () => {
    const file = configFile();
    const feedFile = path.join(path.dirname(file), 'feeds', 'news.xml');
    mkdirSync(path.dirname(feedFile));
    copyFileSync(path.join(root, 'test/fixtures/parse/rss2-german-news-full.xml'), feedFile);
    const added = await feedmerge('sources', 'add', feedFile, '--config', file);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout.split('\n')[0]).toMatch(/: is a feed, "Nachrichten – Ausland & Politik", \d+ items?$/);
    expect(sourcesOf(file)[1]).toEqual({
      id: 'nachrichten-ausland-politik',
      url: 'feeds/news.xml',
      title: 'Nachrichten – Ausland & Politik',
    });
    const poll = await feedmerge('poll', '--once', '--config', file);
    expect(poll.stdout).toMatch(/^nachrichten-ausland-politik: \d+ new, 0 updated, 0 unchanged$/m);
  });

  // A wget -x mirror in the config folder is named after the host: written bare, the config would read
  // "www.example.org/second.rss" as a URL missing its "https://" once the file is gone, so it is written "./…".
  it.each([
    ['www.example.org/second.rss', './www.example.org/second.rss'],
    ['./www.example.org/second.rss', './www.example.org/second.rss'],
    ['127.0.0.1:9301/wire.rss', './127.0.0.1:9301/wire.rss'],
  ])('adds the mirrored file %s as %s, and it is polled', async (typed, written) => {
    const file = configFile();
    const dir = path.dirname(file);
    const feedFile = path.join(dir, typed);
    mkdirSync(path.dirname(feedFile), { recursive: true });
    copyFileSync(path.join(root, 'test/fixtures/parse/rss2-german-news-full.xml'), feedFile);
    const added = await feedmergeIn(dir, 'sources', 'add', typed, '--id', 'mirror', '--config', file);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(sourcesOf(file)[1]).toMatchObject({ id: 'mirror', url: written });
    const poll = await feedmergeIn(dir, 'poll', '--once', '--config', file);
    expect(poll.stderr).toBe('');
    expect(poll.stdout).toMatch(/^mirror: \d+ new, 0 updated, 0 unchanged$/m);
  });

  it('knows a local file already configured when it is typed relative to the working directory', async () => {
    const file = configFile(); // its source "local" names test/fixtures/fetch/local-file-source.xml by its absolute path
    const before = readFileSync(file, 'utf8');
    const result = await feedmerge('sources', 'add', 'test/fixtures/fetch/local-file-source.xml', '--config', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('feedmerge: "test/fixtures/fetch/local-file-source.xml" is already configured as source "local"\n');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('exits 1 and leaves the file untouched for a page with no feed', async () => {
    const file = configFile();
    const before = readFileSync(file, 'utf8');
    const result = await feedmerge('sources', 'add', server.url('/plain-page'), '--config', file);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(`^feedmerge: No feed found for "${server.url('/plain-page')}": not a feed \\(HTML page\\); it advertises no feed; tried `),
    );
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  // A new user's first step: the config has no source yet, which every other command refuses.
  it.each([
    ['an empty "sources" list', { database: 'feedmerge.db', sources: [] }],
    ['no "sources" key', { database: 'feedmerge.db' }],
  ])(
    'adds the first source to a config with %s, and it is polled',
    async (_label, config) => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-add-')), 'config.json');
      writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
      const refused = await feedmerge('poll', '--once', '--config', file);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('(`feedmerge sources add <url>` adds one)');
      const added = await feedmerge('sources', 'add', server.url('/blog/atom.xml'), '--config', file);
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      expect(sourcesOf(file)).toEqual([{ id: 'atom-nachrichten', url: server.url('/blog/atom.xml'), title: 'Atom-Nachrichten' }]);
      const poll = await feedmerge('poll', '--once', '--config', file);
      expect(poll.code).toBe(0);
      expect(poll.stdout).toMatch(/^atom-nachrichten: \d+ new, 0 updated, 0 unchanged\n$/);
    },
    60_000,
  ); // three CLI processes: 25 s at load 20

  it("writes the first source into the shipped file's empty list as one line; every other byte stays", async () => {
    const shipped = readFileSync(path.join(root, 'config.json'), 'utf8');
    const sourcesBlock = /\n  "sources": \[\n[\s\S]*?\n  \],?(?=\n)/.exec(shipped)![0];
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-add-')), 'config.json');
    const empty = shipped.replace(sourcesBlock, '\n  "sources": [],');
    writeFileSync(file, empty);
    const added = await feedmerge('sources', 'add', server.url('/blog/atom.xml'), '--id', 'blog', '--config', file);
    expect(added.stderr).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(
      empty.replace(
        '\n  "sources": [],',
        `\n  "sources": [\n    { "id": "blog", "url": "${server.url('/blog/atom.xml')}", "title": "Atom-Nachrichten" }\n  ],`,
      ),
    );
  });

  // The config is checked as it will be after the add: an output may name the source being added.
  it('adds the first source that an output names already, and no other', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-add-')), 'config.json');
    const before = JSON.stringify({ sources: [], outputs: [{ id: 'o', sources: ['blog'] }] });
    writeFileSync(file, before);
    const otherId = await feedmerge('sources', 'add', server.url('/blog/atom.xml'), '--config', file);
    expect(otherId.code).toBe(2);
    expect(otherId.stderr).toContain('outputs[0].sources[0]: unknown source id "blog"');
    expect(readFileSync(file, 'utf8')).toBe(before);
    const named = await feedmerge('sources', 'add', server.url('/blog/atom.xml'), '--id', 'blog', '--config', file);
    expect(named.stderr).toBe('');
    expect(named.code).toBe(0);
    expect(sourcesOf(file)).toEqual([{ id: 'blog', url: server.url('/blog/atom.xml'), title: 'Atom-Nachrichten' }]);
  }, 60_000);

  it('still checks the rest of a config that has no source yet', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-add-')), 'config.json');
    writeFileSync(file, JSON.stringify({ schedule: 'every minute', sources: [] }));
    const result = await feedmerge('sources', 'add', server.url('/blog/atom.xml'), '--config', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('schedule: must be a cron expression');
    expect(sourcesOf(file)).toEqual([]);
  });

  it('validates before writing: an id the config would reject exits 2 and writes nothing', async () => {
    const file = configFile();
    const before = readFileSync(file, 'utf8');
    const result = await feedmerge('sources', 'add', server.url('/blog/atom.xml'), '--id', 'no spaces', '--config', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('sources[1].id: must be letters, digits');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});

// The README starts with `sources add`: with no config file yet, add and import start one.
describe('sources add and import without a config file', () => {
  const created = (file: string) =>
    `created ${file} (there was none; readable by its owner only, every setting but sources at its default)`;

  it('add creates the --config file as {} plus the source, owner-only, says so in one line, and the file works', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-first-')), 'config.json');
    const result = await feedmerge('sources', 'add', server.url('/blog/atom.xml'), '--config', file);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      created(file),
      expect.stringMatching(/^found .*: is a feed, "Atom-Nachrichten", \d+ items?$/),
      `added source "atom-nachrichten" (Atom-Nachrichten) to ${file}`,
      '',
    ]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      sources: [{ id: 'atom-nachrichten', url: server.url('/blog/atom.xml'), title: 'Atom-Nachrichten' }],
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const listed = await feedmerge('sources', '--config', file);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('atom-nachrichten');
  }, 60_000);

  it('add leaves no file behind when it finds no feed', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-first-')), 'config.json');
    const result = await feedmerge('sources', 'add', server.url('/plain-page'), '--config', file);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(existsSync(file)).toBe(false);
  }, 60_000);

  it('import creates ./config.json, the default path, in the working directory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-first-'));
    writeFileSync(
      path.join(dir, 'feeds.opml'),
      '<?xml version="1.0"?><opml version="2.0"><body><outline text="Blog" xmlUrl="https://blog.example/atom.xml"/></body></opml>',
    );
    const result = await feedmergeIn(dir, 'sources', 'import', 'feeds.opml');
    const file = path.join(dir, 'config.json');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${created(file)}\nadded 1 source to ${file}: blog\n`);
    expect(sourcesOf(file)).toEqual([{ id: 'blog', url: 'https://blog.example/atom.xml', title: 'Blog' }]);
  }, 60_000);
});

describe('a source configured by its page', () => {
  it('is polled through the feed it advertises, which `feedmerge sources` shows as the URL polled', async () => {
    const file = configFile();
    const config = JSON.parse(readFileSync(file, 'utf8')) as { sources: object[] };
    config.sources = [{ id: 'blog', url: server.url('/blog-home') }];
    writeFileSync(file, JSON.stringify(config));

    const poll = await feedmerge('poll', '--once', '--config', file);
    expect(poll.code).toBe(0);
    expect(poll.stdout).toMatch(/^blog: \d+ new, 0 updated, 0 unchanged\n$/);

    const json = await feedmerge('sources', '--json', '--config', file);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ id: 'blog', url: server.url('/blog/atom.xml'), configuredUrl: server.url('/blog-home'), lastError: null }),
    ]);
    const text = await feedmerge('sources', '--config', file);
    expect(text.stdout).toContain(
      `blog  ${server.url('/blog/atom.xml')}\n    polled instead of the configured ${server.url('/blog-home')}\n`,
    );
  });
});
