// languageTableLoader: the one reader of the engine's per-language .gz data (background priors, synonym tables).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { languageTableLoader } from '../../src/dedup/language-table-loader.js';

function tableDirectory(): { dir: string; url: URL } {
  const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-tables-'));
  return { dir, url: pathToFileURL(`${dir}/`) };
}

describe('languageTableLoader', () => {
  it('parses a language’s file once, naming the file, and keeps it', () => {
    const { dir, url } = tableDirectory();
    writeFileSync(path.join(dir, 'de.txt.gz'), gzipSync('#table\nfestnahm\tverhaft\n'));
    const parsed: string[] = [];
    const load = languageTableLoader(url, 'txt.gz', (text, file) => {
      parsed.push(file);
      return text.split('\n');
    });
    const table = load('de');
    expect(table).toEqual(['#table', 'festnahm\tverhaft', '']);
    expect(load('de')).toBe(table);
    expect(parsed).toEqual([path.join(dir, 'de.txt.gz')]);
  });

  it('gives null, once looked up, for a language without a file', () => {
    const { url } = tableDirectory();
    let calls = 0;
    const load = languageTableLoader(url, 'tsv.gz', () => ++calls);
    expect(load('xx')).toBeNull();
    expect(load('xx')).toBeNull();
    expect(calls).toBe(0);
  });

  it('throws on any other read error (a damaged install), and on a file that is not gzip', () => {
    const { dir, url } = tableDirectory();
    mkdirSync(path.join(dir, 'fr.tsv.gz'));
    writeFileSync(path.join(dir, 'it.tsv.gz'), 'plain text');
    const load = languageTableLoader(url, 'tsv.gz', (text) => text);
    expect(() => load('fr')).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    expect(() => load('it')).toThrow(expect.objectContaining({ code: 'Z_DATA_ERROR' }));
  });
});
