// The page size of the SQLite file: a new database gets 8 KiB pages (fewer WAL frames per
// placement, BENCHMARKS.md), and a file an earlier version created with SQLite's default 4 KiB
// keeps it (no automatic VACUUM; in WAL mode VACUUM could not change it anyway) and works as before.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { NEW_DATABASE_PAGE_SIZE } from '../../src/store/sqlite/database.js';
import { migrations } from '../../src/store/sqlite/migrations.js';
import { feedItem } from '../support/feed-item.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-pages-'));
  dirs.push(dir);
  return path.join(dir, 'feedmerge.db');
}

function fileFacts(file: string): { pageSize: number; journalMode: string; integrity: string } {
  const raw = new Database(file, { readonly: true });
  try {
    return {
      pageSize: raw.pragma('page_size', { simple: true }) as number,
      journalMode: raw.pragma('journal_mode', { simple: true }) as string,
      integrity: raw.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    raw.close();
  }
}

const items = (n: number) =>
  Array.from({ length: n }, (_, i) => feedItem({ key: `k${i}`, title: `Meldung ${i}`, summary: `Absatz ${i} `.repeat(200) }));

/** Writes a few hundred items through the store and reads them back after reopening. */
async function writeAndReopen(file: string): Promise<number> {
  const store = await openStore(file, { writer: { command: 'test', waitMs: () => 0 } });
  await store.transaction((s) => s.items.ingest('a', 'de', items(300), '2026-02-05T12:00:00.000Z'));
  await store.close();
  const again = await openStore(file, { mustExist: true });
  const counts = await again.items.countBySource();
  await again.close();
  return counts.get('a') ?? 0;
}

describe('SQLite page size', () => {
  it('a new database gets 8 KiB pages, in WAL mode', async () => {
    const file = tempFile();
    expect(await writeAndReopen(file)).toBe(300);
    expect(NEW_DATABASE_PAGE_SIZE).toBe(8_192);
    expect(fileFacts(file)).toEqual({ pageSize: NEW_DATABASE_PAGE_SIZE, journalMode: 'wal', integrity: 'ok' });
  });

  it('an existing 4 KiB database keeps its page size and is written and read as before', async () => {
    const file = tempFile();
    // As an earlier version created it: SQLite's default page size, WAL, the full schema.
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    for (const sql of migrations) old.exec(sql);
    old.pragma(`user_version = ${migrations.length}`);
    old.close();
    expect(fileFacts(file).pageSize).toBe(4_096);

    expect(await writeAndReopen(file)).toBe(300);
    expect(fileFacts(file)).toEqual({ pageSize: 4_096, journalMode: 'wal', integrity: 'ok' });
  });
});
