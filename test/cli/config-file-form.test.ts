// `feedmerge sources add` and `sources remove` on a config file saved with a UTF-8 byte order mark and CRLF line
// endings (Windows PowerShell 5.1's `-Encoding utf8`, an editor set to CRLF), through the real CLI: the file keeps
// both, the edit is still one line, and the service reads the file. Before, both commands dropped the mark.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const localFeed = path.join(root, 'test/fixtures/fetch/local-file-source.xml');
const newsFeed = path.join(root, 'test/fixtures/parse/rss2-german-news-full.xml');
const bom = Buffer.from([0xef, 0xbb, 0xbf]);
const folders: string[] = [];

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A new temporary folder, removed after the tests. */
function folder(): string {
  const made = mkdtempSync(path.join(tmpdir(), 'feedmerge-form-'));
  folders.push(made);
  return made;
}

/** Runs the CLI from source. */
async function feedmerge(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const tsx = import.meta.resolve('tsx');
    const { stdout, stderr } = await run(process.execPath, ['--import', tsx, path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The shipped layout, one source per line, with `eol` line endings and, when `withBom`, a byte order mark. */
function configFile(eol: string, withBom: boolean): string {
  const file = path.join(folder(), 'config.json');
  const lines = [
    '{',
    '  "database": "feedmerge.db",',
    '  "sources": [',
    `    { "id": "local", "url": ${JSON.stringify(localFeed)} },`,
    '    { "id": "remote", "url": "https://feeds.example/rss" }',
    '  ]',
    '}',
    '',
  ];
  writeFileSync(file, Buffer.concat([withBom ? bom : Buffer.alloc(0), Buffer.from(lines.join(eol))]));
  return file;
}

describe('sources add and remove keep the config file form', { timeout: 120_000 }, () => {
  it.each([
    ['a byte order mark and CRLF', '\r\n', true],
    ['a byte order mark and LF', '\n', true],
    ['CRLF without a byte order mark', '\r\n', false],
  ])('keeps %s', async (_label, eol, withBom) => {
    const file = configFile(eol, withBom);
    const before = readFileSync(file);
    const added = await feedmerge('sources', 'add', newsFeed, '--id', 'news', '--title', 'News', '--config', file);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const afterAdd = readFileSync(file);
    expect(afterAdd.subarray(0, 3).equals(bom)).toBe(withBom);
    const lines = afterAdd.toString('utf8').split(eol);
    // One line more, every line ending as before (a lone LF in a CRLF file would split no line here).
    expect(lines).toHaveLength(before.toString('utf8').split(eol).length + 1);
    expect(lines.filter((line) => /[\r\n]/.test(line))).toEqual([]);
    expect(lines[5]).toBe(`    { "id": "news", "url": ${JSON.stringify(newsFeed)}, "title": "News" }`);
    // The service reads it (the reader takes a UTF-8 byte order mark, and CRLF is JSON whitespace).
    const poll = await feedmerge('poll', '--once', '--config', file);
    expect(poll.code).toBe(0);
    expect(poll.stdout).toMatch(/^news: \d+ new/m);
    const removed = await feedmerge('sources', 'remove', 'news', '--config', file);
    expect(removed.stderr).toBe('');
    expect(removed.code).toBe(0);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect((await feedmerge('sources', 'remove', 'remote', '--config', file)).code).toBe(0);
    const afterRemove = readFileSync(file);
    expect(afterRemove.subarray(0, 3).equals(bom)).toBe(withBom);
    expect(
      afterRemove
        .toString('utf8')
        .split(eol)
        .filter((line) => /[\r\n]/.test(line)),
    ).toEqual([]);
  });

  it('keeps CRLF where the added source spans several lines (one key per line, as JSON.stringify indents)', async () => {
    const file = path.join(folder(), 'config.json');
    const config = { database: 'feedmerge.db', sources: [{ id: 'local', url: localFeed }] };
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`.replace(/\n/g, '\r\n'));
    const added = await feedmerge('sources', 'add', newsFeed, '--id', 'news', '--title', 'News', '--config', file);
    expect(added.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(
      `${JSON.stringify({ ...config, sources: [...config.sources, { id: 'news', url: newsFeed, title: 'News' }] }, null, 2)}\n`.replace(
        /\n/g,
        '\r\n',
      ),
    );
  });
});
