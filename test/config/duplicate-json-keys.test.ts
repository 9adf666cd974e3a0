// A key written twice in one object of config.json is a config error: JSON.parse keeps the last value
// without a word, so a file with two "sources" lists polled only the second list's feeds.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { duplicateJsonKeys } from '../../src/config/duplicate-json-keys.js';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { runCli } from '../store/cli-process.js';

const fixture = path.resolve(import.meta.dirname, '../fixtures/config/duplicate-sources-key.json');

function problemsOfText(text: string): string[] {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-dupkeys-')), 'config.json');
  writeFileSync(file, text);
  try {
    loadConfig(file, {});
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('keys written twice in config.json', () => {
  it('names the key, its path and its lines for a second "sources" list', () => {
    expect(problemsOfText(readFileSync(fixture, 'utf8'))).toEqual([
      'sources: key "sources" written twice in one object (lines 4 and 9); JSON keeps only the last, so the first would be ignored: merge them into one',
    ]);
  });

  it.each([
    ['a key inside a source', '{ "sources": [{ "id": "a", "url": "a.xml", "url": "b.xml" }] }', ['sources[0].url'], [[1, 1]]],
    [
      'a key of an output, over lines',
      '{ "sources": [{ "id": "a", "url": "a.xml" }],\n"outputs": [{ "id": "x",\n"limit": 5,\n"limit": 9 }] }',
      ['outputs[0].limit'],
      [[3, 4]],
    ],
    ['lines ended by "\\r" alone (old Mac files)', '{ "sources": [],\r"a": 1,\r"a": 2 }', ['a'], [[2, 3]]],
    ['lines ended by "\\r\\n"', '{ "sources": [],\r\n"a": 1,\r\n\r\n"a": 2 }', ['a'], [[2, 4]]],
    [
      'a key written three times',
      '{ "sources": [], "fetch": { "timeoutSeconds": 1, "timeoutSeconds": 2, "timeoutSeconds": 3 } }',
      ['fetch.timeoutSeconds'],
      [[1, 1, 1]],
    ],
    [
      'one key spelt with an escape ("\\u0069d" is "id")',
      '{ "sources": [{ "id": "a", "\\u0069d": "b", "url": "a.xml" }] }',
      ['sources[0].id'],
      [[1, 1]],
    ],
    [
      'two at once',
      '{ "a": 1, "b": { "c": [1, { "d": 1, "d": 2 }] }, "a": 2 }',
      ['b.c[1].d', 'a'],
      [
        [1, 1],
        [1, 1],
      ],
    ],
  ])('finds %s', (_, text, paths, lines) => {
    const found = duplicateJsonKeys(text);
    expect(found.map((d) => d.lines)).toEqual(lines);
    expect(problemsOfText(text).map((p) => p.slice(0, p.indexOf(':')))).toEqual(paths);
  });

  it.each([
    ['the same key in two objects', '{ "sources": [{ "id": "a", "url": "a.xml" }, { "id": "b", "url": "b.xml" }] }'],
    ['key-like text inside strings', '{ "sources": [{ "id": "a", "url": "a.xml", "title": "\\"id\\": \\"a\\", {\\"url\\": 1}, [x" }] }'],
    ['keys of nested lists of objects', '{ "x": [[{ "a": 1 }, { "a": 2 }], [{ "a": 3 }]], "y": { "a": 4 } }'],
  ])('finds nothing for %s', (_, text) => {
    expect(duplicateJsonKeys(text)).toEqual([]);
  });

  // The scan kept a copy of the path per open object or array, quadratic in depth: 80 KB of "[" ran V8 out of
  // memory. JSON.parse takes such text, so whatever comes next must say what is wrong, not crash.
  it.each([
    ['100,000 nested arrays', '['.repeat(100_000) + ']'.repeat(100_000), '(root): Invalid input: expected object, received array'],
    [
      'a key written twice under 100,000 nested objects',
      '{ "sources": [], "x": ' + '{"a":'.repeat(100_000) + '{"k":1,"k":2}' + '}'.repeat(100_000) + ' }',
      `x.${'a.'.repeat(100_000)}k: key "k" written twice in one object (both on line 1); JSON keeps only the last, so the first would be ignored: merge them into one`,
    ],
  ])('reports %s with a message', (_, text, problem) => {
    expect(problemsOfText(text)).toEqual([problem]);
  });

  it('stops every command with exit 2 and one line naming the file, before the database is opened', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-dupkeys-cli-'));
    const config = path.join(folder, 'config.json');
    copyFileSync(fixture, config);
    const line = `feedmerge: invalid config ${config}: sources: key "sources" written twice in one object (lines 4 and 9); JSON keeps only the last, so the first would be ignored: merge them into one\n`;
    expect(await runCli('poll', '--once', '--config', config)).toEqual({ code: 2, stdout: '', stderr: line });
    // `sources add` reads the file it edits as the config is read: it refuses too, and writes nothing.
    expect(await runCli('sources', 'add', path.join(folder, 'feed.xml'), '--config', config)).toEqual({
      code: 2,
      stdout: '',
      stderr: line,
    });
    expect(readdirSync(folder)).toEqual(['config.json']);
  });
});
