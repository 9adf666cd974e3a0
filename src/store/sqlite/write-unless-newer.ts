// Several processes writing one publicDir (`serve` replicas, `poll --once` from cron beside `serve`, `run`)
// take turns, and none replaces the files of a newer publication with an older one. The turn is a write
// transaction held open on a small SQLite file in publicDir (".feedmerge-publication"), as the database's
// writer lock does it (writer-lock.ts): SQLite takes a POSIX lock on that file, which the kernel releases
// when the process ends in any way, so a dead writer never blocks the folder. The same file records the
// version of the publication whose files are all there: the time its render began to read the store.
// A render reads the store in many statements, not one snapshot, so of two renders running at once the one
// that began later can miss a commit the earlier one read; the later version then wins for a while, and
// the next render (every commit is followed by one that begins after it) writes files with that commit.
// What holds: the last render to begin after the last commit wins. One state machine for a first write and
// its retries: under the lock, a version older than the recorded one gives way; else the files are
// written and the version recorded in the same commit that ends the turn, so a write that fails, or a
// process that dies, leaves the record as it was.
// A mark this process cannot write (made by root's one-off `poll --once`, left on a full disk, a read-only
// folder) never makes publishing worse than without it: the files are written as before, without a turn,
// and `warn` says why. A damaged mark (it holds one timestamp) is replaced.
import { accessSync, chmodSync, constants, statSync, unlinkSync } from 'node:fs';
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
  /** Told why the files were written without a turn (a mark this process cannot write), or that a damaged mark was replaced. */
  warn?: (message: string) => void;
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
  const opened = openMark(publicDir, markFile, options.warn);
  if (typeof opened === 'string') {
    // As without the mark: the files' own errors (EACCES, EROFS, ENOSPC with the path) are thrown as they were.
    write();
    options.warn?.(withoutTurn(publicDir, markFile, opened));
    return 'written';
  }
  const db = opened;
  try {
    // Tried once before the first await, so a caller knows its first try was made when this returns.
    for (let waited = 0; !tryTurn(db, publicDir, markFile); waited += pollMs) {
      if (waited >= waitMs)
        throw new Error(
          `cannot write the feeds to publicDir "${publicDir}": another process has been writing it for ${Math.round(waitMs / 1000)} s (its turn is held on "${markFile}")`,
        );
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    let recorded: string | undefined;
    try {
      recorded = db.prepare<[], { version: string }>('SELECT version FROM written WHERE id = 1').get()?.version;
    } catch (error) {
      throw failure(publicDir, `cannot read "${markFile}", which takes turns between processes`, error);
    }
    // A record ahead of the clock was written before the clock was set back: every render from now on is newer.
    if (recorded !== undefined && recorded > version && recorded <= now().toISOString()) {
      db.exec('ROLLBACK');
      return 'newer-there';
    }
    write();
    try {
      // The commit waits for readers of the record (another process's setup reading the schema), a moment.
      db.pragma('busy_timeout = 1000');
      db.prepare('INSERT OR REPLACE INTO written (id, version) VALUES (1, ?)').run(version);
      db.exec('COMMIT');
    } catch (error) {
      // The files are all written; only their version is not recorded (a full disk): said, not failed.
      options.warn?.(withoutTurn(publicDir, markFile, `cannot record the version in it: ${(error as Error).message}`));
    }
    return 'written';
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
  }
}

function withoutTurn(publicDir: string, markFile: string, why: string): string {
  return `publicDir "${publicDir}": the feed files were written without taking turns with other processes sharing the folder (${why}); this process takes no turns until it can write "${markFile}" (chmod it for this user, or delete it)`;
}

/** SQLite codes that mean the mark cannot be written here (permissions, read-only or full file system, I/O). */
const UNWRITABLE = /^SQLITE_(CANTOPEN|READONLY|PERM|FULL|IOERR|AUTH)/;
const DAMAGED = /^SQLITE_(NOTADB|CORRUPT)/;

/** The open mark, or why it cannot be written by this process (then the files are written without a turn). */
function openMark(publicDir: string, markFile: string, warn?: (message: string) => void, replaced = false): Database.Database | string {
  try {
    makeFolder(publicDir);
  } catch (error) {
    return (error as Error).message;
  }
  // SQLite opens a file it may only read read-only without saying so (mode 0644 of another user, chattr +i),
  // and better-sqlite3's `readonly` does not tell: the turn would be taken but never recorded. Asked first.
  try {
    accessSync(markFile, constants.W_OK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return (error as Error).message;
  }
  let db: Database.Database | undefined;
  try {
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
    shareWrite(publicDir, markFile);
    return db;
  } catch (error) {
    db?.close();
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (UNWRITABLE.test(code)) return `${(error as Error).message} (${code})`;
    if (DAMAGED.test(code) && !replaced) {
      // It holds one timestamp, and torn writes are possible (synchronous=OFF): a new one costs only that.
      try {
        unlinkSync(markFile);
      } catch (unlinkError) {
        return `it is damaged (${code}) and cannot be deleted: ${(unlinkError as Error).message}`;
      }
      warn?.(`publicDir "${publicDir}": "${markFile}" was damaged (${code}: ${(error as Error).message}); replaced it with a new one`);
      return openMark(publicDir, markFile, warn, true);
    }
    throw failure(publicDir, `cannot open "${markFile}", which takes turns between processes`, error);
  }
}

/**
 * Whoever may replace the feeds (write the folder through its group or other bits) must be able to take
 * the turn: a `serve` as another user than cron's `poll --once`. So the mark gets read and write for group
 * and for others where the folder gives them write, checked at every open (a mark made on a full disk, or
 * before, gets them later). Nothing more: under the units' UMask=0027 (folder 0750) it stays 0640. Only its
 * owner can chmod it; for anyone else a mark lacking the bits is written without a turn (openMark).
 */
function shareWrite(publicDir: string, markFile: string): void {
  try {
    const folder = statSync(publicDir).mode;
    const wanted = (folder & 0o020 ? 0o060 : 0) | (folder & 0o002 ? 0o006 : 0);
    const mode = statSync(markFile).mode & 0o7777;
    if ((mode & wanted) !== wanted) chmodSync(markFile, mode | wanted);
  } catch {
    // Not its owner: a user it leaves out writes without a turn, and says so.
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
