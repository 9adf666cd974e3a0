import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/model.js';
import { openDatabase } from '../../src/store/database.js';
import { findItemsByReference, getItem, ingestItems } from '../../src/store/items.js';
import { migrations } from '../../src/store/migrations.js';
import { feedItem } from '../support/feed-item.js';

function item(key: string, title: string, extra: Partial<FeedItem> = {}): FeedItem {
  const url = `https://news.example/${key}`;
  return feedItem({
    key,
    url,
    canonicalUrl: url,
    title,
    summary: `${title} – Zusammenfassung`,
    published: '2026-02-05T12:00:00.000Z',
    ...extra,
  });
}

describe('ingestItems', () => {
  it('inserts new keys, updates changed items in place and keeps their first-seen time', () => {
    const db = openDatabase(':memory:');
    const first = ingestItems(db, 'dpa', 'de', [item('a', 'Gefangenenaustausch'), item('b', 'Verhandlungen')], '2026-02-05T12:00:00.000Z');
    expect(first.newItemIds).toHaveLength(2);
    for (const id of first.newItemIds) expect(first.stored.get(id)).toEqual(getItem(db, id));

    const second = ingestItems(
      db,
      'dpa',
      'de',
      [item('a', 'Gefangenenaustausch (aktualisiert)'), item('b', 'Verhandlungen')],
      '2026-02-05T13:00:00.000Z',
    );
    expect(second).toMatchObject({ newItemIds: [], updatedItemIds: [first.newItemIds[0]], unchanged: 1 });
    const updated = getItem(db, first.newItemIds[0]!)!;
    // What ingest hands to collapse is what a read-back would give, and the replaced version is the old one.
    expect(second.stored.get(updated.id)).toEqual(updated);
    expect(second.replaced.get(updated.id)?.title).toBe('Gefangenenaustausch');
    expect(second.stored.size).toBe(1);
    expect(updated.title).toBe('Gefangenenaustausch (aktualisiert)');
    expect(updated.firstSeen).toBe('2026-02-05T12:00:00.000Z');
    expect(updated.lastSeen).toBe('2026-02-05T13:00:00.000Z');
  });

  it('keeps the same key from two sources as two items', () => {
    const db = openDatabase(':memory:');
    ingestItems(db, 'dpa', null, [item('a', 'X')], '2026-02-05T12:00:00.000Z');
    const other = ingestItems(db, 'afp', null, [item('a', 'X')], '2026-02-05T12:00:00.000Z');
    expect(other.newItemIds).toHaveLength(1);
    expect(findItemsByReference(db, 'https://news.example/a')).toHaveLength(2);
  });

  it('writes a feed all or nothing', () => {
    const db = openDatabase(':memory:');
    const broken = [item('a', 'ok'), { ...item('b', 'broken'), title: null as unknown as string }];
    expect(() => ingestItems(db, 'dpa', null, broken, '2026-02-05T12:00:00.000Z')).toThrow();
    expect(findItemsByReference(db, 'a')).toHaveLength(0);
  });

  it('keeps what was stored across a reopen, migrating once', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-store-')), 'feedmerge.db');
    const db = openDatabase(file);
    ingestItems(db, 'dpa', null, [item('a', 'Bleibt')], '2026-02-05T12:00:00.000Z');
    db.close();
    const reopened = openDatabase(file);
    expect(reopened.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(findItemsByReference(reopened, 'a')[0]?.title).toBe('Bleibt');
    reopened.close();
  });

  it('gives a clear error for a database it cannot open', () => {
    // A regular file where the folder should be: neither mkdir nor open can succeed.
    const notAFolder = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-store-')), 'file');
    writeFileSync(notAFolder, '');
    expect(() => openDatabase(path.join(notAFolder, 'x.db'))).toThrow(/^Cannot open database ".*file\/x.db": /);
  });
});
