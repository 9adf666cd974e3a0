// Migration 4 (link key on items, no features rows) on a database a v3 release left behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { collapseItems } from '../../src/dedup/collapse-items.js';
import { openDatabase } from '../../src/store/database.js';
import { getDecision } from '../../src/store/decisions.js';
import { findItemsByLinkKey } from '../../src/store/dedup-index.js';
import { getItem, ingestItems } from '../../src/store/items.js';
import { migrations } from '../../src/store/migrations.js';
import { getStory } from '../../src/store/stories.js';
import { source } from '../dedup/dedup-harness.js';
import { feedItem } from '../support/feed-item.js';

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

describe('migration 4', () => {
  it('upgrades a v3 database, keeping items, stories, decisions and the matching links', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-migrate-'));
    try {
      const file = path.join(dir, 'feedmerge.db');
      v3Database(file);
      const db = openDatabase(file);
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
      expect(getItem(db, 1)).toMatchObject({ title: 'Bahn streikt am Montag', storyId: 'story-a1' });
      expect(getStory(db, 'story-a1')?.representativeItemId).toBe(1);
      expect(getDecision(db, 1)?.components).toEqual({ threshold: 0.62 });
      expect(findItemsByLinkKey(db, 'news.example/artikel/1')).toEqual([{ itemId: 1, sourceId: 'a', itemKey: 'a1', storyId: 'story-a1' }]);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name").pluck().all();
      for (const gone of ['dedup_features', 'items_canonical_url', 'items_first_seen', 'stories_updated'])
        expect(tables).not.toContain(gone);
      expect(tables).toContain('items_link_key');

      // The upgraded database still dedups: another feed's copy of the link joins the old story,
      // through the link moved onto the item and the window rebuilt from the items.
      const sources = new Map([source('a'), source('b')].map((s) => [s.id, s]));
      const now = '2026-02-05T10:30:00.000Z';
      const ingest = ingestItems(
        db,
        'b',
        'de',
        [feedItem({ key: 'b1', title: 'Warnstreik im Fernverkehr', url: 'https://www.news.example/artikel/1#top' })],
        now,
      );
      const [decision] = collapseItems(db, ingest, { sources, settings: { threshold: 0.62, windowHours: 72 }, now });
      expect(decision).toMatchObject({ rule: 'same-link', storyId: 'story-a1', matchedItemId: 1 });
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
