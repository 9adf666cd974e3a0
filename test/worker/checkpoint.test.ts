// WAL checkpoints between polls: none inside a poll's commit, one when enough items piled up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointWal, deferCheckpoints, openDatabase, type Db } from '../../src/store/database.js';
import { ingestItems } from '../../src/store/items.js';
import { CHECKPOINT_EVERY_ITEMS, checkpointWhenDue } from '../../src/worker/checkpoint-when-due.js';
import { feedItem } from '../support/feed-item.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fileDb(): Db {
  const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-wal-'));
  dirs.push(dir);
  return openDatabase(path.join(dir, 'feedmerge.db'));
}

/** Enough polls of bulky items to cross SQLite's automatic checkpoint mark (1,000 pages) several times. */
function writePolls(db: Db, polls: number): void {
  for (let p = 0; p < polls; p++) {
    const items = Array.from({ length: 10 }, (_, i) =>
      feedItem({ key: `k${p}-${i}`, title: `Titel ${p} ${i}`, summary: 'x'.repeat(3_000) }),
    );
    ingestItems(db, `s${p % 7}`, 'de', items, '2026-02-05T12:00:00.000Z');
  }
}

describe('checkpoints', () => {
  it('with checkpoints deferred, commits leave every page in the WAL until the poller checkpoints', () => {
    const db = fileDb();
    deferCheckpoints(db);
    writePolls(db, 200);
    const { walPages, checkpointed } = checkpointWal(db);
    // ~6 MB written: no commit checkpointed or restarted the WAL on its own.
    expect(walPages).toBeGreaterThan(1_000);
    expect(checkpointed).toBe(walPages);
    db.close();
  });

  it('without deferring, SQLite checkpoints inside the commits (what the poller avoids)', () => {
    const db = fileDb();
    writePolls(db, 200);
    expect(checkpointWal(db).walPages).toBeLessThan(1_100);
    db.close();
  });

  it('checkpoints between polls only once enough items were written, and always when forced', () => {
    const db = fileDb();
    deferCheckpoints(db);
    writePolls(db, 5);
    expect(checkpointWhenDue(db, 50)).toBe(0);
    expect(checkpointWhenDue(db, CHECKPOINT_EVERY_ITEMS - 51)).toBe(0);
    expect(checkpointWhenDue(db, 1)).toBeGreaterThan(0);
    // Everything committed so far is in the database file now.
    const after = checkpointWal(db);
    expect(after.checkpointed).toBe(after.walPages);
    expect(checkpointWhenDue(db, 0, true)).toBe(0); // nothing written since: nothing to do
    expect(checkpointWhenDue(db, 10, true)).toBeGreaterThan(0);
    db.close();
  });
});
