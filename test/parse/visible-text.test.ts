// Direction controls and invisible characters in titles and leads: what a reader shows must be what the text says.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parse/parse-feed.js';

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
});
