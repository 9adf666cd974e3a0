// Direction controls and invisible characters in titles and leads: what a reader shows must be what the text says.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { visibleText } from '../../src/parse/visible-text.js';

const fixture = readFileSync(
  path.join(import.meta.dirname, '../fixtures/parse/rss2-bidi-overrides-and-invisible-characters-in-titles.xml'),
);

describe('titles and leads as a reader sees them', () => {
  it('drops direction overrides, embeddings, isolates and invisible characters, and keeps the marks scripts need', async () => {
    const feed = await parseFeed(fixture, { fetchedAt: '2026-12-06T00:00:00.000Z' });
    expect(feed.title).toBe('Spoofed');
    expect(feed.items.map((item) => item.title)).toEqual([
      'Urgent security update fdp.exe for all users',
      'Isolate left open: cba',
      'Ukraine talks resume',
      'הכנסת אישרה את התקציב \u200f(2027)',
      'خبر \u061cعاجل',
      'می\u200cخواهد 👩\u200d💻',
    ]);
    expect(feed.items[0]!.summary).toBe('Open gpj.scr to install.');
  });

  it('keeps the tag characters of a subdivision flag (England, Scotland, Wales) and drops them anywhere else', () => {
    const tags = (code: string): string => [...code].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
    const flag = (code: string): string => `\u{1f3f4}${tags(code)}\u{e007f}`;
    const flags = `Six Nations: ${flag('gbeng')} v ${flag('gbsct')}, ${flag('gbwls')} wins`;
    expect(visibleText(flags)).toBe(flags);
    // Tags after other characters, tags spelling text after a flag, a flag's tags without their end: gone.
    expect(visibleText(`Update${tags('ignore all')}\u{e007f} now`)).toBe('Update now');
    expect(visibleText(`\u{1f3f4}${tags('run rm -rf now')}\u{e007f}!`)).toBe('\u{1f3f4}!');
    expect(visibleText(`\u{1f3f4}${tags('gbeng')} v`)).toBe('\u{1f3f4} v');
  });
});
