// Migrations 4 (link key on items, no features rows) and 5 (pending placement, aliases) on a
// database a v3 release left behind; the schema is created once however many processes start.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine } from '../../src/dedup/story-engine.js';
import { openStore } from '../../src/store/open-store.js';
import { migrations } from '../../src/store/sqlite/migrations.js';
import { settingsFor, source } from '../dedup/dedup-harness.js';
import { feedItem } from '../support/feed-item.js';
import { runCli, writeConfig } from './cli-process.js';

const execFileAsync = promisify(execFile);

/** A database exactly as the v3 schema wrote it: one placed item with its features row, story and decision. */
function v3Database(file: string): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  for (const sql of migrations.slice(0, 3)) db.exec(sql);
  db.pragma('user_version = 3');
  db.exec(`
    INSERT INTO items (id, source_id, item_key, guid, url, canonical_url, title, summary, language, published,
      first_seen, last_seen, content_hash, story_id)
    VALUES (1, 'a', 'a1', 'a1', 'https://news.example/artikel/1?utm_source=rss', 'https://news.example/artikel/1',
      'Bahn streikt am Montag', 'Die Gewerkschaft ruft zum Warnstreik auf.', 'de', '2026-02-05T10:00:00.000Z',
      '2026-02-05T10:00:00.000Z', '2026-02-05T10:00:00.000Z', 'h1', 'story-a1');
    INSERT INTO stories (id, representative_item_id, title, url, published, updated)
    VALUES ('story-a1', 1, 'Bahn streikt am Montag', 'https://news.example/artikel/1?utm_source=rss',
      '2026-02-05T10:00:00.000Z', '2026-02-05T10:00:00.000Z');
    INSERT INTO decisions (item_id, story_id, rule, score, components, decided_at)
    VALUES (1, 'story-a1', 'new-story', 0, '{"threshold":0.62}', '2026-02-05T10:00:00.000Z');
    INSERT INTO dedup_features (item_id, source_id, at_ms, link_key, features)
    VALUES (1, 'a', 1770285600000, 'news.example/artikel/1', '{}');
  `);
  db.close();
}

describe('migrations 4 and 5', () => {
  it('upgrade a v3 database, keeping items, stories, decisions and the matching links', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-migrate-'));
    try {
      const file = path.join(dir, 'feedmerge.db');
      v3Database(file);
      const store = await openStore(file);
      const [item] = await store.items.byIds([1]);
      expect(item).toMatchObject({ title: 'Bahn streikt am Montag', storyId: 'story-a1' });
      expect((await store.stories.get('story-a1'))?.representativeItemId).toBe(1);
      expect((await store.placements.decision(1))?.components).toEqual({ threshold: 0.62 });
      expect(await store.placements.linkedItems(['news.example/artikel/1'])).toEqual([
        { itemId: 1, sourceId: 'a', storyId: 'story-a1', linkKey: 'news.example/artikel/1' },
      ]);
      // A placed item is not pending; its content length was filled in.
      expect(await store.items.pending(10)).toEqual([]);
      expect(item!.contentLength).toBeGreaterThan(0);
      await store.close();
      const raw = new Database(file, { readonly: true });
      expect(raw.pragma('user_version', { simple: true })).toBe(migrations.length);
      const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name").pluck().all();
      for (const gone of ['dedup_features', 'items_canonical_url', 'items_first_seen', 'stories_updated'])
        expect(tables).not.toContain(gone);
      expect(tables).toEqual(expect.arrayContaining(['items_link_key', 'items_pending', 'story_aliases']));
      raw.close();

      // The upgraded database still dedups: another feed's copy of the link joins the old story,
      // through the link moved onto the item and the window rebuilt from the items.
      const reopened = await openStore(file);
      const placer = new Placer(reopened, new StoryEngine(settingsFor([source('a'), source('b')])));
      const now = '2026-02-05T10:30:00.000Z';
      await reopened.transaction((s) =>
        s.items.ingest(
          'b',
          'de',
          [feedItem({ key: 'b1', title: 'Warnstreik im Fernverkehr', url: 'https://www.news.example/artikel/1#top' })],
          now,
        ),
      );
      const [decision] = await placer.placePending(now);
      expect(decision).toMatchObject({ rule: 'same-link', storyId: 'story-a1', matchedItemId: 1 });
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('run once even when several processes open a new file at the same moment', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-migrate-'));
    try {
      const file = path.join(dir, 'feedmerge.db');
      // Separate processes, as two `poll --once` started together: each opens and migrates.
      const script = `import { openStore } from ${JSON.stringify(path.resolve('src/store/open-store.ts'))};
        const s = await openStore(${JSON.stringify(file)}); await s.close();`;
      const runs = Array.from({ length: 6 }, () =>
        execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]).then(
          () => 'ok',
          (error: Error) => error.message,
        ),
      );
      expect(await Promise.all(runs)).toEqual(Array(6).fill('ok'));
      const raw = new Database(file, { readonly: true });
      expect(raw.pragma('user_version', { simple: true })).toBe(migrations.length);
      raw.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migration 10', () => {
  it("adds the source's feed warning to a v9 database, keeping its state", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-migrate-'));
    try {
      const file = path.join(dir, 'feedmerge.db');
      const db = new Database(file);
      for (const sql of migrations.slice(0, 9)) db.exec(sql);
      db.pragma('user_version = 9');
      db.exec(`INSERT INTO source_state (source_id, etag, last_status, consecutive_failures) VALUES ('a', '"v1"', 200, 0)`);
      db.close();
      const store = await openStore(file);
      const state = await store.sources.get('a');
      expect(state).toMatchObject({ etag: '"v1"', lastStatus: 200, warning: null });
      const warning = 'feed cut off after 3 complete items (the document ends before its closing </rss>)';
      await store.sources.save({ ...state, warning });
      expect((await store.sources.get('a')).warning).toBe(warning);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migration 11', () => {
  it("adds the cause of a source's last error to a v10 database, keeping its state and error line", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-migrate-'));
    try {
      const file = path.join(dir, 'feedmerge.db');
      const db = new Database(file);
      for (const sql of migrations.slice(0, 10)) db.exec(sql);
      db.pragma('user_version = 10');
      const line = 'ECONNREFUSED (connection refused: 10.0.0.5:8080)';
      db.prepare(`INSERT INTO source_state (source_id, last_error, consecutive_failures) VALUES ('a', ?, 2)`).run(line);
      db.close();
      const store = await openStore(file);
      const state = await store.sources.get('a');
      expect(state).toMatchObject({ lastError: line, lastErrorCause: null, consecutiveFailures: 2 });
      await store.sources.save({ ...state, lastErrorCause: 'ECONNREFUSED' });
      expect((await store.sources.get('a')).lastErrorCause).toBe('ECONNREFUSED');
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migration 12', () => {
  it('gives the items of a v11 database place 0; a new item stores its place once, never rewritten', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-migrate-'));
    try {
      const file = path.join(dir, 'feedmerge.db');
      const db = new Database(file);
      for (const sql of migrations.slice(0, 11)) db.exec(sql);
      db.pragma('user_version = 11');
      db.exec(`INSERT INTO items (id, source_id, item_key, title, summary, first_seen, last_seen, content_hash)
        VALUES (1, 'blog', 'old', 'Alter Beitrag', '', '2026-02-05T10:00:00.000Z', '2026-02-05T10:00:00.000Z', 'h1')`);
      db.close();
      const store = await openStore(file);
      const positions = () => {
        const raw = new Database(file, { readonly: true });
        const rows = raw.prepare('SELECT item_key, feed_position FROM items ORDER BY id').all();
        raw.close();
        return rows;
      };
      expect(positions()).toEqual([{ item_key: 'old', feed_position: 0 }]);
      await store.transaction((s) =>
        s.items.ingest(
          'blog',
          'de',
          [feedItem({ key: 'old', title: 'Alter Beitrag' }), feedItem({ key: 'new', title: 'Neu' })],
          '2026-02-05T11:00:00.000Z',
        ),
      );
      // 'old' was updated (another content hash), 'new' inserted second: only the insert writes a place.
      expect(positions()).toEqual([
        { item_key: 'old', feed_position: 0 },
        { item_key: 'new', feed_position: 1 },
      ]);
      // The next poll lists them the other way round and touches both: the places stay.
      await store.transaction((s) =>
        s.items.ingest(
          'blog',
          'de',
          [feedItem({ key: 'new', title: 'Neu' }), feedItem({ key: 'old', title: 'Alter Beitrag' })],
          '2026-02-05T12:00:00.000Z',
        ),
      );
      expect(positions()).toEqual([
        { item_key: 'old', feed_position: 0 },
        { item_key: 'new', feed_position: 1 },
      ]);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a database a newer feedmerge upgraded', () => {
  it('is not opened, by a reader or a writer (exit 3, naming both versions), and is left as it was', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-migrate-'));
    try {
      const file = path.join(dir, 'feedmerge.db');
      await (await openStore(file)).close();
      const newer = migrations.length + 1;
      const db = new Database(file);
      db.pragma(`user_version = ${newer}`);
      db.close();
      // A rollback to an older release: before, it ran on the newer schema and failed (or misread) row by row.
      const problem = `Cannot open database "${file}": its schema (version ${newer}) is newer than this feedmerge knows (${migrations.length})`;
      await expect(openStore(file)).rejects.toThrow(problem);
      const config = writeConfig(dir, { database: file, publicDir: path.join(dir, 'public'), sources: [{ id: 'a', url: 'a.xml' }] });
      const { code, stderr } = await runCli('poll', '--once', '--config', config);
      expect(code).toBe(3);
      expect(stderr).toContain(problem);
      const raw = new Database(file, { readonly: true });
      expect(raw.pragma('user_version', { simple: true })).toBe(newer);
      raw.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
