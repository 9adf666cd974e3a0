// Real feed readers against the served feeds: newsboat (its SQLite cache read back with Python's
// sqlite3) and the Universal Feed Parser. Each must see every story exactly once, with the right
// title, link and date. JSON Feed is not read by either (newsboat 2.21, feedparser 6).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPublication, type Publication } from '../../src/publish/render-publication.js';
import { debianTool } from './debian-tool.js';
import { memoryStore, newsDay, testConfig } from './story-db.js';
import { servePublication, type RunningServer } from './serve-publication.js';

const run = promisify(execFile);
const newsboat = debianTool('/usr/bin/newsboat', 'newsboat');
const feedparser = debianTool('/usr/bin/python3', 'python3-feedparser', ['-c', 'import feedparser']);

interface Seen {
  id: string;
  title: string;
  link: string;
  /** Unix seconds of the date the client shows. */
  date: number;
}

const store = await memoryStore();
const ids = await newsDay(store);
const config = testConfig();
const publication: Publication = await renderPublication(store, config, new Date('2026-11-26T07:00:00Z'));

describe('real feed readers', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await servePublication(config, store, () => publication);
  });
  afterAll(() => server.close());

  const expected: Seen[] = [
    {
      id: ids.merged,
      title: 'Bundestag beschließt Haushalt für 2027',
      link: 'https://www.tagesschau.de/inland/bundestag-haushalt-100.html',
      date: Date.parse('2026-11-26T06:00:00Z') / 1000,
    },
    {
      id: ids.single,
      title: 'Klimawandel: Gletscher schmelzen schneller "als erwartet" & 3 < 5 \'nicht\' fett',
      link: 'https://www.spiegel.de/wissenschaft/klima-b-456.html',
      date: Date.parse('2026-11-26T05:00:00Z') / 1000,
    },
    {
      id: ids.hostile,
      title: 'Böse Eingabe ]]> 3 < 5 &amp; mehr',
      link: 'https://www.zeit.de/digital/evil',
      date: Date.parse('2026-11-25T22:00:00Z') / 1000,
    },
  ].map((e) => ({ ...e, id: `tag:news.example.org,2026:story:${e.id}` }));
  const sorted = (list: Seen[]): Seen[] => [...list].sort((a, b) => a.id.localeCompare(b.id));

  it.skipIf(newsboat.skip).each(['xml', 'atom'])('newsboat reads /feeds/all.%s: every story once, twice reloaded', async (ext) => {
    newsboat.require();
    const home = mkdtempSync(path.join(tmpdir(), 'feedmerge-newsboat-'));
    const urls = path.join(home, 'urls');
    const cache = path.join(home, 'cache.db');
    writeFileSync(urls, `${server.origin}/feeds/all.${ext}\n`);
    // Twice: the second reload revalidates (ETag/Last-Modified) and must not duplicate anything.
    for (let i = 0; i < 2; i++) {
      await run('/usr/bin/newsboat', ['-u', urls, '-c', cache, '-x', 'reload'], {
        env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home, XDG_DATA_HOME: home },
        timeout: 20_000,
      });
    }
    const { stdout } = await run('/usr/bin/python3', [
      '-c',
      'import sqlite3, json, sys\nc = sqlite3.connect(sys.argv[1])\nprint(json.dumps([dict(id=g, title=t, link=u, date=d) for g, t, u, d in c.execute("select guid, title, url, pubDate from rss_item")]))',
      cache,
    ]);
    expect(sorted(JSON.parse(stdout) as Seen[])).toEqual(sorted(expected));
  });

  it.skipIf(feedparser.skip).each(['xml', 'atom'])('the Universal Feed Parser reads /feeds/all.%s without complaint', async (ext) => {
    feedparser.require();
    const script = [
      'import feedparser, json, sys, calendar',
      'd = feedparser.parse(sys.argv[1])',
      'print(json.dumps(dict(bozo=bool(d.bozo), version=d.version, entries=[dict(id=e.id, title=e.title, link=e.link, date=calendar.timegm(e.published_parsed)) for e in d.entries])))',
    ].join('\n');
    const { stdout } = await run('/usr/bin/python3', ['-c', script, `${server.origin}/feeds/all.${ext}`], { timeout: 20_000 });
    const parsed = JSON.parse(stdout) as { bozo: boolean; version: string; entries: Seen[] };
    expect(parsed.bozo).toBe(false);
    expect(parsed.version).toBe(ext === 'xml' ? 'rss20' : 'atom10');
    expect(parsed.entries).toEqual(expected);
  });
});
