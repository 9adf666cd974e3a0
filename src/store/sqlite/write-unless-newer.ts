// Several processes writing one publicDir (`serve` replicas, `poll --once` from cron beside `serve`, `run`)
// take turns, and none replaces the files of a newer publication with an older one. The turn is a write
// transaction held open on a small SQLite file in publicDir (".feedmerge-publication"), as the database's
// writer lock does it (writer-lock.ts): SQLite takes a POSIX lock on that file, which the kernel releases
// when the process ends in any way, so a dead writer never blocks the folder. The same file records the
// version of the publication whose files are all there: the time its render began to read the store.
// A render that began later read every commit an earlier one read, so the later version is the newer
// publication. One state machine for a first write and its retries: under the lock, a version older than
// the recorded one gives way; else the files are written and the version recorded in the same commit that
// ends the turn, so a write that fails, or a process that dies, leaves the record as it was.
import { chmodSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeFolder } from '../../make-folder.js';

/** The file in publicDir that holds the turn and the version of the files written. */
export const PUBLICATION_MARK_FILE = '.feedmerge-publication';

/** `written`: this publication's files are all there now. `newer-there`: a newer publication's files are (left as they are). */
export type MarkedWriteOutcome = 'written' | 'newer-there';

export interface WriteUnlessNewerOptions {
  /** The clock the versions come from (ISO UTC); a recorded version ahead of it means the clock was set back. */
  now?: () => Date;
  /** How long to wait for another process's turn (its write of the files) before failing. */
  waitMs?: number;
  /** Between tries of a taken turn. */
  pollMs?: number;
}

/**
 * Runs `write` (the publication's files, synchronously) in publicDir's turn, unless the files there
 * are already a newer publication's (a later `version`, an ISO time). Waits, without blocking the
 * event loop, while another process writes. Throws what `write` throws, or why the turn could not be
 * taken; either way the recorded version stays.
 */
export async function writeUnlessNewer(
  publicDir: string,
  version: string,
  write: () => void,
  options: WriteUnlessNewerOptions = {},
): Promise<MarkedWriteOutcome> {
  const now = options.now ?? (() => new Date());
  const waitMs = options.waitMs ?? 30_000;
  const pollMs = options.pollMs ?? 20;
  const markFile = path.join(publicDir, PUBLICATION_MARK_FILE);
  const db = openMark(publicDir, markFile);
  try {
    // Tried once before the first await, so a caller knows its first try was made when this returns.
    for (let waited = 0; !tryTurn(db, publicDir, markFile); waited += pollMs) {
      if (waited >= waitMs)
        throw new Error(
          `cannot write the feeds to publicDir "${publicDir}": another process has been writing it for ${Math.round(waitMs / 1000)} s (its turn is held on "${markFile}")`,
        );
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    const recorded = db.prepare<[], { version: string }>('SELECT version FROM written WHERE id = 1').get()?.version;
    // A record ahead of the clock was written before the clock was set back: every render from now on is newer.
    if (recorded !== undefined && recorded > version && recorded <= now().toISOString()) {
      db.exec('ROLLBACK');
      return 'newer-there';
    }
    write();
    // The commit waits for readers of the record (another process's setup reading the schema), a moment.
    db.pragma('busy_timeout = 1000');
    db.prepare('INSERT OR REPLACE INTO written (id, version) VALUES (1, ?)').run(version);
    db.exec('COMMIT');
    return 'written';
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
  }
}

function openMark(publicDir: string, markFile: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    makeFolder(publicDir);
    const existed = existsSync(markFile);
    db = new Database(markFile);
    // Only the lock and one row matter, not durability; no journal file beside the feeds.
    db.pragma('synchronous = OFF');
    db.pragma('journal_mode = MEMORY');
    // The setup reads the schema, which only another process's commit of its record refuses, for a moment;
    // two processes creating the file wait for each other as long.
    db.pragma('busy_timeout = 1000');
    db.exec('CREATE TABLE IF NOT EXISTS written (id INTEGER PRIMARY KEY CHECK (id = 1), version TEXT NOT NULL)');
    // The turn itself is not waited for here: writeUnlessNewer waits for it without blocking the event loop.
    db.pragma('busy_timeout = 0');
    // Whoever may replace the feeds (write the folder) must be able to take the turn: a `serve` as another
    // user than cron's `poll --once`. SQLite creates the file 0644 less the umask.
    if (!existed) chmodSync(markFile, 0o644 | (statSync(publicDir).mode & 0o022));
    return db;
  } catch (error) {
    db?.close();
    throw failure(publicDir, `cannot open "${markFile}", which takes turns between processes`, error);
  }
}

/** Takes the turn if no other process holds it. */
function tryTurn(db: Database.Database, publicDir: string, markFile: string): boolean {
  try {
    db.exec('BEGIN IMMEDIATE');
    return true;
  } catch (error) {
    if (error instanceof Database.SqliteError && (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED')))
      return false;
    throw failure(publicDir, `cannot take the turn on "${markFile}"`, error);
  }
}

/** Worded as writePublication's failures, with the cause's code (ENOSPC, EACCES) kept. */
function failure(publicDir: string, what: string, error: unknown): Error {
  const cause = error as NodeJS.ErrnoException;
  const wrapped = new Error(`cannot write the feeds to publicDir "${publicDir}": ${what}: ${cause.message}`, { cause });
  return Object.assign(wrapped, { code: cause.code });
}
