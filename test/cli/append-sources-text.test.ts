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

  it.each([
    ['no sources key', '{ "database": "a.db" }'],
    ['an empty sources array', '{ "sources": [] }'],
    ['a "sources" key only inside an output', '{ "outputs": [{ "id": "o", "sources": ["a"] }], "sources": [] }'],
    [
      '"sources" twice (JSON.parse keeps the last)',
      '{ "sources": [{ "id": "a", "url": "a.xml" }], "sources": [{ "id": "b", "url": "b.xml" }] }',
    ],
  ])('gives null, so the caller writes the whole file, for %s', (_, text) => {
    expect(appendSourcesText(text, [added])).toBeNull();
  });
});
