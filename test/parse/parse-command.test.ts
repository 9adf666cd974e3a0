// `feedmerge parse`: files and URLs (through a fetch function, here a real loopback server) → lines.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runParseCommand, type FetchedBody } from '../../src/cli/parse-command.js';
import { parseConfig } from '../../src/config/load-config.js';
import { fetchSettings } from '../../src/worker/settings.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const fixtureDir = path.join(import.meta.dirname, '../fixtures/parse');
const fixture = (name: string): string => path.join(fixtureDir, name);
let server: FixtureServer;
// The default fetch limits, as `feedmerge parse` has them without a config file.
const settings = fetchSettings(parseConfig({ sources: [{ id: 'parse', url: 'parse' }] }, 'config.json'));
const temporary = mkdtempSync(path.join(tmpdir(), 'feedmerge-parse-cli-'));

beforeAll(async () => {
  server = await startFixtureServer({
    '/feed.rss': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(readFileSync(fixture('rss2-german-news-full.xml')));
    },
    '/page.html': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(readFileSync(fixture('html-page-linking-rss.html')));
    },
  });
});
afterAll(async () => {
  await server.close();
  rmSync(temporary, { recursive: true, force: true });
});

// The lead wires fetchFeed here; for the test a plain fetch against the loopback server is the network edge.
const fetchOverHttp = async (url: string): Promise<FetchedBody> => {
  const response = await fetch(url);
  return { body: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type'), finalUrl: response.url };
};

describe('runParseCommand', () => {
  it('writes one JSON line per input and exits 1 when any failed', async () => {
    const lines: string[] = [];
    const inputs = [
      fixture('atom10-german-xml-lang.xml'),
      server.url('/feed.rss'),
      server.url('/page.html'),
      fixture('does-not-exist.xml'),
    ];
    const code = await runParseCommand(inputs, { json: true, settings, fetch: fetchOverHttp }, (line) => lines.push(line));
    expect(code).toBe(1);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed).toHaveLength(4);
    expect(parsed[0]).toMatchObject({ input: inputs[0], format: 'atom1.0', title: 'Atom-Nachrichten' });
    expect((parsed[0]!['items'] as unknown[])[0]).toEqual({
      title: 'Kiew & Moskau: Gespräche in Abu Dhabi',
      url: 'https://atom.example.de/artikel/1',
      guid: 'tag:atom.example.de,2026:1',
      published: '2026-02-04T08:15:00.000Z',
      summary: 'Die russische Delegation ist bereits eingetroffen.',
    });
    // A URL goes through fetch; its relative links resolve against the final URL.
    expect(parsed[1]).toMatchObject({ format: 'rss2.0' });
    expect((parsed[1]!['items'] as { url: string }[])[1]!.url).toBe(`${server.origin}/ausland/abu-dhabi-102.html`);
    expect(parsed[2]).toEqual({
      input: inputs[2],
      error: `not a feed (HTML page; it links the feed ${server.origin}/feeds/alle.rss?format=rss&x=1)`,
      code: 'NOT_A_FEED',
    });
    expect(parsed[3]).toMatchObject({ input: inputs[3], code: 'ENOENT' });
  });

  it('writes readable lines and exits 0 when all parsed', async () => {
    const lines: string[] = [];
    const code = await runParseCommand([fixture('rss10-rdf-dublin-core.rdf')], { json: false, settings }, (line) => lines.push(line));
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^ok\s+\S+rss10-rdf-dublin-core\.rdf\s+rss1\.0\s+"RDF-Meldungen"\s+1 item, newest 2026-02-05T20:10:00\.000Z$/);
    expect(lines[1]).toContain('"Raketentestgelände Kapustin Jar beschossen" <https://rdf.example.de/a>');
  });

  it('says when a document was cut off, in both forms', async () => {
    const warning = 'feed cut off after 1 complete item (the document ends inside the next item, which is left out)';
    const lines: string[] = [];
    expect(await runParseCommand([fixture('rss2-cut-off-inside-item.xml')], { json: false, settings }, (line) => lines.push(line))).toBe(0);
    expect(lines[0]).toMatch(/^ok\s+\S+rss2-cut-off-inside-item\.xml\s+rss2\.0\s+"Nachrichten – Ausland & Politik"\s+1 item/);
    expect(lines.at(-1)).toBe(`      warning: ${warning}`);
    const json: string[] = [];
    await runParseCommand(
      [fixture('rss2-cut-off-inside-item.xml'), fixture('rss10-rdf-dublin-core.rdf')],
      { json: true, settings },
      (line) => json.push(line),
    );
    expect(json.map((line) => (JSON.parse(line) as { warning?: string }).warning)).toEqual([warning, undefined]);
  });

  it('fails a URL cleanly when no fetcher is wired', async () => {
    const lines: string[] = [];
    expect(await runParseCommand(['https://example.invalid/feed'], { json: false, settings }, (line) => lines.push(line))).toBe(1);
    expect(lines[0]).toMatch(/^FAIL\s+https:\/\/example\.invalid\/feed\s+cannot fetch/);
  });

  // Worded as polling words a missing local source (fetch/read-local-file.ts), not Node's raw ENOENT text.
  it('names a missing file once, with its code, through the real CLI (exit code 1)', async () => {
    const missing = path.join(temporary, 'missing.xml');
    const root = path.resolve(import.meta.dirname, '../..');
    const cli = promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'parse', missing], {
      cwd: root,
    });
    const failed = (await cli.then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: unknown) => error,
    )) as { code: number; stdout: string; stderr: string };
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe(`FAIL  ${missing}  cannot read ${missing}: ENOENT (no such file)\n`);
    expect(failed.stderr).toBe('');
    const lines: string[] = [];
    expect(await runParseCommand([missing], { json: true, settings }, (line) => lines.push(line))).toBe(1);
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { input: missing, error: `cannot read ${missing}: ENOENT (no such file)`, code: 'ENOENT' },
    ]);
  }, 60_000);

  it('handles thousands of inputs in one run', async () => {
    const file = path.join(temporary, 'klein.xml');
    writeFileSync(
      file,
      '<rss version="2.0"><channel><title>Klein</title><item><title>Ä</title><link>https://k.example/1</link></item></channel></rss>',
    );
    let count = 0;
    const code = await runParseCommand(
      Array.from({ length: 3000 }, () => file),
      { json: true, settings },
      () => void count++,
    );
    expect([code, count]).toEqual([0, 3000]);
  });
});
