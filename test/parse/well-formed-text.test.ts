// Text that is not text (issue 12): a JSON Feed title with a lone surrogate was stored as invalid UTF-8
// in a STRICT TEXT column, and other SQLite clients could not read the row. Every text field of a parsed
// feed is now well-formed; the stored rows are checked as bytes through a second SQLite connection.
import { execFile } from 'node:child_process';
import { isUtf8 } from 'node:buffer';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParsedFeed } from '../../src/model.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { wellFormedText } from '../../src/parse/well-formed-text.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixture = (name: string) => path.join(root, 'test/fixtures/parse', name);
const jsonFixture = 'jsonfeed-lone-surrogates-and-noncharacters.json';
const rssFixture = 'rss2-numeric-references-to-surrogates.xml';
const isWellFormed = (text: string) => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

describe('wellFormedText', () => {
  it.each([
    ['a lone high surrogate', 'a\ud800b', 'a\ufffdb'],
    ['a lone low surrogate', 'a\udc00b', 'a\ufffdb'],
    ['a reversed pair', '\udc00\ud800', '\ufffd\ufffd'],
    ['a high surrogate at the end', 'Ende\ud83d', 'Ende\ufffd'],
    ['a real pair (emoji)', 'Gut \ud83d\ude00', 'Gut \ud83d\ude00'],
    ['U+FFFE and U+FFFF', 'a\ufffeb\uffff', 'ab'],
    ['U+FDD0–U+FDEF', '\ufdd0a\ufdefb', 'ab'],
    ['plane-end noncharacters', 'a\ud83f\udffe\ud83f\udfffb\udbff\udfff', 'ab'],
    ['C0 controls', 'a\u0000b\u0001c\u000bd\u001f', 'abcd'],
    ['tab, line feed and carriage return', 'a\tb\nc\rd', 'a\tb\nc\rd'],
    ['ordinary text', 'Gefangenenaustausch in Abu Dhabi – „Einigung“ €', 'Gefangenenaustausch in Abu Dhabi – „Einigung“ €'],
    ['the character just below a plane end', 'a\ud83f\udffdb', 'a\ud83f\udffdb'],
  ])('%s', (_name, input, expected) => expect(wellFormedText(input)).toBe(expected));
});

/** Every string in a parsed feed, with where it sits. */
function stringsOf(value: unknown, at = '$'): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsOf(v, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringsOf(v, `${at}.${k}`));
  return [];
}

const notText = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufdd0-\ufdef\ufffe\uffff]|\ud83f[\udffe\udfff]/;

describe('parsed feeds hold only well-formed text', () => {
  it.each([jsonFixture, rssFixture])('%s', async (name) => {
    const feed: ParsedFeed = await parseFeed(readFileSync(fixture(name)), {
      contentType: null,
      url: null,
      fetchedAt: '2026-11-26T06:00:00Z',
    });
    expect(feed.items).toHaveLength(1);
    for (const [where, text] of stringsOf(feed)) {
      expect(isWellFormed(text), `${where}: ${JSON.stringify(text)}`).toBe(true);
      expect(notText.test(text), `${where}: ${JSON.stringify(text)}`).toBe(false);
    }
  });

  it('keeps the readable part of each JSON Feed field', async () => {
    const feed = await parseFeed(readFileSync(fixture(jsonFixture)), { contentType: null, url: null, fetchedAt: '2026-11-26T06:00:00Z' });
    expect(feed.title).toBe('Kaputt \ufffd Feed');
    expect(feed.items[0]).toMatchObject({
      guid: 'lone-\ufffd-id',
      title: 'Titel mit \ufffd halbem Paar und \ufffd\ufffd verkehrt',
      summary: 'Zusammenfassung \ufffd mit Steuerzeichen',
      contentHtml: '<p>Inhalt \ufffd und  Ende \ud83d\ude00</p>',
      author: 'Autor \ufffd',
      categories: ['Politik \ufffd'],
      enclosures: [{ url: 'https://surrogate.example/a.mp3', type: 'audio/mpeg\ufffd', length: null }],
    });
  });
});

describe('stored rows are valid UTF-8 for any SQLite client', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-utf8-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('after polling feeds with lone surrogates, every TEXT value of every table is valid UTF-8', async () => {
    const config = path.join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        database: 'feedmerge.db',
        publicDir: 'public',
        sources: [
          { id: 'json', url: fixture(jsonFixture) },
          { id: 'rss', url: fixture(rssFixture) },
        ],
      }),
    );
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'poll', '--once', '--config', config],
      { cwd: root },
    );
    expect(stdout).toMatch(/json: 1 new/);
    expect(stdout).toMatch(/rss: 1 new/);

    // A second connection, reading bytes: CAST(… AS BLOB) shows what other clients get.
    const db = new Database(path.join(dir, 'feedmerge.db'), { readonly: true });
    try {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .pluck()
        .all() as string[];
      let checked = 0;
      for (const table of tables) {
        const columns = db.prepare(`SELECT name FROM pragma_table_info(?) WHERE type = 'TEXT'`).pluck().all(table) as string[];
        for (const column of columns) {
          const values = db
            .prepare(`SELECT CAST("${column}" AS BLOB) FROM "${table}" WHERE "${column}" IS NOT NULL`)
            .pluck()
            .all() as Buffer[];
          for (const bytes of values) {
            expect(isUtf8(bytes), `${table}.${column}: ${bytes.toString('hex')}`).toBe(true);
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(10);
      const titles = db.prepare('SELECT title FROM items ORDER BY title').pluck().all() as string[];
      expect(titles).toEqual(['Titel mit Referenzen', 'Titel mit \ufffd halbem Paar und \ufffd\ufffd verkehrt']);
      for (const title of titles)
        expect(Buffer.from(Buffer.from(title, 'utf8').toString('utf8'), 'utf8').equals(Buffer.from(title, 'utf8'))).toBe(true);
    } finally {
      db.close();
    }
  });
});
