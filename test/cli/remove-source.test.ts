// `feedmerge sources remove`, through the real CLI on a real config file and SQLite database: the file
// loses the one source and keeps its layout, a source an output names is refused, stored items stay.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { removeSourceText } from '../../src/cli/remove-source-text.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const localFeed = path.join(root, 'test/fixtures/fetch/local-file-source.xml');
const newsFeed = path.join(root, 'test/fixtures/parse/rss2-german-news-full.xml');

/** Runs the CLI from source in `cwd` (the checkout unless given). */
async function feedmerge(args: string[], cwd = root): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const tsx = import.meta.resolve('tsx');
    const { stdout, stderr } = await run(process.execPath, ['--import', tsx, path.join(root, 'src/cli/main.ts'), ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The shipped file's layout: one source per line, an output naming one source. */
function configFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-remove-')), 'config.json');
  writeFileSync(
    file,
    [
      '{',
      '  "$schema": "./config.schema.json",',
      '  "database": "feedmerge.db",',
      '  "sources": [',
      `    { "id": "local", "url": ${JSON.stringify(localFeed)} },`,
      `    { "id": "news", "url": ${JSON.stringify(newsFeed)}, "title": "News" },`,
      '    { "id": "remote", "url": "https://feeds.example/rss" }',
      '  ],',
      '  "outputs": [{ "id": "all" }, { "id": "only-remote", "sources": ["remote"] }]',
      '}',
      '',
    ].join('\n'),
  );
  return file;
}

// Each test starts several CLI processes (tsx, several seconds each on a loaded machine).
describe('feedmerge sources remove', { timeout: 120_000 }, () => {
  it('removes a source by id, one line of the file and nothing else, and its stored items stay', async () => {
    const file = configFile();
    const before = readFileSync(file, 'utf8');
    expect((await feedmerge(['poll', '--once', '--config', file])).code).toBe(0);
    const removed = await feedmerge(['sources', 'remove', 'news', '--config', file]);
    expect(removed.stderr).toBe('');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe(
      `removed source "news" (${newsFeed}) from ${file}; its stored items and stories stay until retention ages them out\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe(before.replace(/^ {4}\{ "id": "news".*\n/m, ''));
    const stories = JSON.parse((await feedmerge(['stories', '--json', '--config', file])).stdout) as { items: { source: string }[] }[];
    expect(stories.some((story) => story.items.some((item) => item.source === 'news'))).toBe(true);
  });

  it('removes the last source by its URL, spelled as `sources add` compares it, with the comma before it', async () => {
    const file = configFile();
    const before = readFileSync(file, 'utf8');
    const result = await feedmerge(['sources', 'remove', 'HTTPS://FEEDS.example/rss#top', '--config', file]);
    // "only-remote" names it: refused first, one line naming the output, the file untouched.
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'feedmerge: source "remote" is still named by output "only-remote" (outputs[].sources); take it out there first\n',
    });
    expect(readFileSync(file, 'utf8')).toBe(before);
    writeFileSync(file, before.replace(', { "id": "only-remote", "sources": ["remote"] }', ''));
    expect((await feedmerge(['sources', 'remove', 'HTTPS://FEEDS.example/rss#top', '--config', file])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(
      before
        .replace(', { "id": "only-remote", "sources": ["remote"] }', '')
        .replace(`"title": "News" },\n    { "id": "remote", "url": "https://feeds.example/rss" }\n`, `"title": "News" }\n`),
    );
  });

  it('removes a feed file typed relative to the working directory', async () => {
    const file = configFile();
    const result = await feedmerge(['sources', 'remove', 'test/fixtures/fetch/local-file-source.xml', '--config', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^removed source "local" /);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { sources: { id: string }[] }).sources.map((s) => s.id)).toEqual(['news', 'remote']);
  });

  it('refuses an unknown id with exit 2, naming the ids there are, and the only source with exit 1', async () => {
    const file = configFile();
    const before = readFileSync(file, 'utf8');
    expect(await feedmerge(['sources', 'remove', 'nope', '--config', file])).toEqual({
      code: 2,
      stdout: '',
      stderr: `feedmerge: no source "nope" in ${file}, by id or URL (config has: local, news, remote)\n`,
    });
    expect(readFileSync(file, 'utf8')).toBe(before);
    writeFileSync(file, `{"sources":[{"id":"one","url":${JSON.stringify(localFeed)}}]}`);
    expect(await feedmerge(['sources', 'remove', 'one', '--config', file])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'feedmerge: source "one" is the only source; a config must list at least one\n',
    });
  });
});

describe('removeSourceText', () => {
  it.each([
    ['the first on one line', '{"sources":[{"id":"a"},{"id":"b"},{"id":"c"}]}', 0, '{"sources":[{"id":"b"},{"id":"c"}]}'],
    ['the middle on one line', '{"sources":[{"id":"a"}, {"id":"b"}, {"id":"c"}]}', 1, '{"sources":[{"id":"a"}, {"id":"c"}]}'],
    ['the last on one line', '{"sources":[{"id":"a"}, {"id":"b"}]}', 1, '{"sources":[{"id":"a"}]}'],
    [
      'a source over several lines',
      '{\n  "sources": [\n    {\n      "id": "a"\n    },\n    {\n      "id": "b"\n    }\n  ]\n}\n',
      0,
      '{\n  "sources": [\n    {\n      "id": "b"\n    }\n  ]\n}\n',
    ],
  ])('removes %s, keeping the rest as written', (_, text, index, expected) => {
    expect(removeSourceText(text, index)).toBe(expected);
  });

  it('gives null when the edit would not read back as the list without it (a second "sources" key)', () => {
    expect(removeSourceText('{"sources":[{"id":"a"},{"id":"b"}],"sources":[{"id":"c"},{"id":"d"}]}', 0)).toBeNull();
  });
});
