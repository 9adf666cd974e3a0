// WAL checkpoints are the SQLite store's own business: none inside a commit (the pragma the store
// sets), and the WAL stops growing because the store checkpoints after enough written items.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { checkpointWal, deferCheckpoints, openDatabase, type Db } from '../../src/store/sqlite/database.js';
import { ingestItems } from '../../src/store/sqlite/items.js';
import { feedItem } from '../support/feed-item.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-wal-'));
  dirs.push(dir);
  return path.join(dir, 'feedmerge.db');
}

const bulky = (p: number) =>
  Array.from({ length: 10 }, (_, i) => feedItem({ key: `k${p}-${i}`, title: `Titel ${p} ${i}`, summary: 'x'.repeat(3_000) }));

/** Enough polls of bulky items to cross SQLite's automatic checkpoint mark (1,000 pages) several times. */
function writePolls(db: Db, polls: number): void {
  for (let p = 0; p < polls; p++) db.transaction(() => ingestItems(db, `s${p % 7}`, 'de', bulky(p), '2026-02-05T12:00:00.000Z'))();
}

describe('SQLite checkpoints', () => {
  it('with checkpoints deferred, commits leave every page in the WAL until the store checkpoints', () => {
    const db = openDatabase(tempFile());
    deferCheckpoints(db);
    writePolls(db, 200);
    const { walPages, checkpointed } = checkpointWal(db);
    // ~6 MB written: no commit checkpointed or restarted the WAL on its own.
    expect(walPages).toBeGreaterThan(1_000);
    expect(checkpointed).toBe(walPages);
    db.close();
  });

  it('without deferring, SQLite checkpoints inside the commits (what the store avoids)', () => {
    const db = openDatabase(tempFile());
    writePolls(db, 200);
    expect(checkpointWal(db).walPages).toBeLessThan(1_100);
    db.close();
  });

  it('keeps the WAL bounded: the store checkpoints after enough written items', async () => {
    // 1,000 polls of 10 items of ~3 KB: ~30 MB of items. Without checkpoints the WAL holds all of
    // it (in frames of the file's own page size); the store checkpoints every 2,000 items, so it
    // holds about a fifth of that.
    const unchecked = tempFile();
    const db = openDatabase(unchecked);
    deferCheckpoints(db);
    writePolls(db, 1_000);
    const everything = statSync(`${unchecked}-wal`).size;
    db.close();

    const file = tempFile();
    const store = await openStore(file);
    for (let p = 0; p < 1_000; p++) await store.transaction((s) => s.items.ingest(`s${p % 7}`, 'de', bulky(p), '2026-02-05T12:00:00.000Z'));
    const wal = statSync(`${file}-wal`).size;
    expect(wal).toBeLessThan(everything / 3);
    await store.close();
  });

  it('checkpoints after writes on the store itself too, outside a transaction (how the placer applies its batches)', async () => {
    // 2,500 items written by the store's own calls (each commits by itself): the store checkpoints once 2,000 were
    // written, so the WAL then holds only what came after. Frames counted through a second connection.
    const small = (p: number) => Array.from({ length: 10 }, (_, i) => feedItem({ key: `k${p}-${i}`, title: `Titel ${p} ${i}` }));
    const unchecked = tempFile();
    const db = openDatabase(unchecked);
    deferCheckpoints(db);
    for (let p = 0; p < 250; p++) ingestItems(db, `s${p % 7}`, 'de', small(p), '2026-02-05T12:00:00.000Z');
    const everything = checkpointWal(db).walPages;
    db.close();

    const file = tempFile();
    const store = await openStore(file);
    for (let p = 0; p < 250; p++) await store.items.ingest(`s${p % 7}`, 'de', small(p), '2026-02-05T12:00:00.000Z');
    const other = openDatabase(file);
    expect(checkpointWal(other).walPages).toBeLessThan(everything / 2);
    other.close();
    await store.close();
  });
});
