import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendSourcesText } from '../../src/cli/append-sources-text.js';

const root = path.resolve(import.meta.dirname, '../..');
const added = { id: 'wire', url: 'https://wire.example/rss', title: 'Wire "EN"' };

describe('appendSourcesText', () => {
  it('adds one line to the shipped config.json, in its layout, and changes no other line', () => {
    const shipped = readFileSync(path.join(root, 'config.json'), 'utf8');
    const edited = appendSourcesText(shipped, [added])!;
    const before = shipped.split('\n');
    const after = edited.split('\n');
    expect(after).toHaveLength(before.length + 1);
    const lastSource = before.map((line) => line.includes('"url": ')).lastIndexOf(true);
    expect(after[lastSource]).toBe(`${before[lastSource]},`);
    expect(after[lastSource + 1]).toBe('    { "id": "wire", "url": "https://wire.example/rss", "title": "Wire \\"EN\\"" }');
    expect([...after.slice(0, lastSource), ...after.slice(lastSource + 2)]).toEqual([
      ...before.slice(0, lastSource),
      ...before.slice(lastSource + 1),
    ]);
  });

  const config = { database: 'a.db', sources: [{ id: 'a', url: 'https://a.example/rss' }], outputs: [{ id: 'all', sources: ['a'] }] };
  const expected = { ...config, sources: [...config.sources, added, { id: 'b', url: 'b.xml' }] };

  it.each([
    ['two-space indented', (value: object) => `${JSON.stringify(value, null, 2)}\n`],
    ['tab indented', (value: object) => JSON.stringify(value, null, '\t')],
    ['compact', (value: object) => JSON.stringify(value)],
  ])('writes the sources of a %s file as the file writes them', (_, format) => {
    expect(appendSourcesText(format(config), [added, { id: 'b', url: 'b.xml' }])).toBe(format(expected));
  });

  // A new user's first `sources add`: the shipped file with its sources emptied, or without the key.
  describe('the first source', () => {
    const shipped = readFileSync(path.join(root, 'config.json'), 'utf8');
    const sourcesBlock = /\n  "sources": \[\n[\s\S]*?\n  \],?(?=\n)/.exec(shipped)![0];
    const written = '  "sources": [\n    { "id": "wire", "url": "https://wire.example/rss", "title": "Wire \\"EN\\"" }\n  ]';

    it('goes into an empty "sources" list of the shipped file; every other byte stays', () => {
      const empty = shipped.replace(sourcesBlock, '\n  "sources": [],');
      const edited = appendSourcesText(empty, [added])!;
      expect(edited).toBe(shipped.replace(sourcesBlock, `\n${written},`));
      expect(edited.replace(`\n${written},`, '\n  "sources": [],')).toBe(empty);
    });

    it('goes under a new "sources" key after the last key of the shipped file without one; every other byte stays', () => {
      const none = shipped.replace(sourcesBlock, '');
      const lastKeyEnd = none.lastIndexOf('\n}');
      const edited = appendSourcesText(none, [added])!;
      expect(edited).toBe(`${none.slice(0, lastKeyEnd)},\n${written}${none.slice(lastKeyEnd)}`);
    });

    const first = { id: 'b', url: 'b.xml' };
    it.each([
      [
        'a two-space indented file (JSON.stringify), without the key',
        `${JSON.stringify({ database: 'a.db', outputs: [{ id: 'all' }] }, null, 2)}\n`,
        `${JSON.stringify({ database: 'a.db', outputs: [{ id: 'all' }], sources: [first] }, null, 2)}\n`,
      ],
      [
        'a two-space indented file (JSON.stringify), with an empty list',
        `${JSON.stringify({ database: 'a.db', sources: [], outputs: [{ id: 'all' }] }, null, 2)}\n`,
        `${JSON.stringify({ database: 'a.db', sources: [first], outputs: [{ id: 'all' }] }, null, 2)}\n`,
      ],
      [
        'a tab indented file',
        '{\n\t"database": "a.db",\n\t"sources": []\n}',
        '{\n\t"database": "a.db",\n\t"sources": [\n\t\t{ "id": "b", "url": "b.xml" }\n\t]\n}',
      ],
      ['a compact file', '{"database":"a.db"}', '{"database":"a.db","sources":[{"id":"b","url":"b.xml"}]}'],
      ['a compact file with an empty list', '{"sources":[],"database":"a.db"}', '{"sources":[{"id":"b","url":"b.xml"}],"database":"a.db"}'],
      ['a spaced file on one line', '{ "database": "a.db" }', '{ "database": "a.db", "sources": [{ "id": "b", "url": "b.xml" }] }'],
      ['an empty object', '{}\n', '{\n  "sources": [\n    { "id": "b", "url": "b.xml" }\n  ]\n}\n'],
      [
        'a "sources" key only inside an output',
        '{ "outputs": [{ "id": "o", "sources": ["b"] }], "sources": [] }',
        '{ "outputs": [{ "id": "o", "sources": ["b"] }], "sources": [{ "id": "b", "url": "b.xml" }] }',
      ],
    ])('is written in the layout of %s', (_, text, expected) => {
      expect(appendSourcesText(text, [first])).toBe(expected);
    });
  });

  it.each([
    [
      '"sources" twice (JSON.parse keeps the last)',
      '{ "sources": [{ "id": "a", "url": "a.xml" }], "sources": [{ "id": "b", "url": "b.xml" }] }',
    ],
    ['an empty "sources" twice', '{ "sources": [], "sources": [{ "id": "b", "url": "b.xml" }] }'],
    ['no JSON object', '[]'],
  ])('gives null, so the caller writes the whole file, for %s', (_, text) => {
    expect(appendSourcesText(text, [added])).toBeNull();
  });
});
