// One writer per SQLite database across processes. The lock is a write transaction held open on a
// small SQLite file beside the database ("<database>-writer"): SQLite takes a POSIX lock on that
// file, and the kernel releases it when the process ends in any way (kill -9 included), so a dead
// holder never needs to be detected, and no heartbeat has to be written. The holder's pid, host
// and command are committed in that file before the lock is taken for good, so a second process
// can say who is writing. The database itself is not involved: readers (serve, stories) go on.
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import type { WriterAttempt } from '../claim-writer.js';
import { StoreError, type WriterHolder } from '../store.js';
import { openProblem } from './database.js';

/** The lock file of a database file. */
export function writerLockFile(databaseFile: string): string {
  return `${databaseFile}-writer`;
}

/** A writer lock this process holds, until `release`. */
export class WriterLock {
  constructor(private readonly db: Database.Database) {}

  release(): void {
    if (!this.db.open) return;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.db.close();
  }
}

interface HolderRow {
  pid: number;
  host: string;
  command: string;
  since: string;
}

/** Tries once to take the writer lock of `databaseFile` for `command`. */
export function tryWriterLock(databaseFile: string, command: string, now: () => Date = () => new Date()): WriterAttempt<WriterLock> {
  let db: Database.Database | undefined;
  try {
    // The setup below needs a read lock, which another writer's commit of its row refuses for a moment
    // (up to 1 s while that commit waits for a reader of the row): wait that out, up to 1 s.
    db = new Database(writerLockFile(databaseFile), { timeout: 1000 });
    // Only the lock matters, not the file's durability; and no journal file, so that a full disk
    // (the holder row is rewritten in place) cannot keep a writer from starting.
    db.pragma('synchronous = OFF');
    db.pragma('journal_mode = MEMORY');
  } catch (error) {
    db?.close();
    // Still refused after 1 s: a writer is starting (its commit waits), whose name is not readable yet.
    if (isBusy(error)) return { holder: null };
    const lockFile = writerLockFile(databaseFile);
    throw new StoreError(`Cannot open the writer lock "${lockFile}": ${openProblem(error, lockFile)}`, { cause: error });
  }
  try {
    // A no-op once the table exists (it only reads the schema, which a held lock allows).
    db.exec('CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER, host TEXT, command TEXT, since TEXT)');
    // No wait for the lock itself: a held lock answers SQLITE_BUSY at once; waiting is claimWriter's job.
    db.pragma('busy_timeout = 0');
    db.exec('BEGIN IMMEDIATE');
    // This process now holds the lock file's RESERVED lock, so only a reader of the holder row (`sources add`'s
    // recordedWriter, a starting writer's readHolder, each a single SELECT) can keep the commit waiting, and a
    // reader never asks for more: wait for it. With no wait, the commit failed as busy and this writer was
    // turned away naming the row's old holder (a stale `run` made `poll --once` exit 4).
    db.pragma('busy_timeout = 1000');
    db.prepare('INSERT OR REPLACE INTO holder (id, pid, host, command, since) VALUES (1, ?, ?, ?, ?)').run(
      process.pid,
      hostname(),
      command,
      now().toISOString(),
    );
    db.exec('COMMIT');
    db.pragma('busy_timeout = 0');
    // Someone may take it in the moment between the commit and this; then they hold it.
    db.exec('BEGIN IMMEDIATE');
    return { lock: new WriterLock(db) };
  } catch (error) {
    if (!isBusy(error)) {
      db.close();
      const lockFile = writerLockFile(databaseFile);
      throw new StoreError(`Cannot take the writer lock "${lockFile}": ${openProblem(error, lockFile)}`, { cause: error });
    }
    const holder = readHolder(db);
    db.close();
    // Our own row means the holder has taken the lock but not written its name yet.
    return { holder: holder && holder.pid === process.pid && holder.command === command ? null : holder };
  }
}

function readHolder(db: Database.Database): WriterHolder | null {
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
    // The holder's lock allows reading; only its commit blocks readers, for a moment.
    db.pragma('busy_timeout = 1000');
    return db.prepare<[], HolderRow>('SELECT pid, host, command, since FROM holder WHERE id = 1').get() ?? null;
  } catch {
    return null;
  }
}

/**
 * The holder the lock file last recorded, read without trying the lock (trying it, even for a moment,
 * could turn away a writer starting then); null without a lock file. The row stays after its holder
 * ended, so it names who holds the lock now only while that process lives.
 */
export function recordedWriter(databaseFile: string): WriterHolder | null {
  let db: Database.Database;
  try {
    db = new Database(writerLockFile(databaseFile), { readonly: true, fileMustExist: true });
  } catch {
    return null;
  }
  try {
    return readHolder(db);
  } finally {
    db.close();
  }
}

function isBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED'));
}
