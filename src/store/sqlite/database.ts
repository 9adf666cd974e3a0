// Opening SQLite: pragmas and migrations. Only store/sqlite imports better-sqlite3.
import path from 'node:path';
import { makeFolder } from '../../make-folder.js';
import Database from 'better-sqlite3';
import { newerSchemaProblem } from '../newer-schema-problem.js';
import { StoreError } from '../store.js';
import { fullFileSystem, sqliteFullProblem, unwritableFile, unwritableFolder } from './file-system-problem.js';
import { migrations } from './migrations.js';

export type Db = Database.Database;

/** The page size of a database this version creates; an older file keeps the size it was created with. */
export const NEW_DATABASE_PAGE_SIZE = 8_192;

/** Opens (creating if needed) and migrates the database at `file` (or ":memory:"). */
export function openDatabase(file: string): Db {
  const db = connectDatabase(file);
  try {
    migrateDatabase(db);
  } catch (error) {
    db.close();
    throw new StoreError(`Cannot open database "${file}": ${openProblem(error, file)}`, { cause: error });
  }
  return db;
}

/**
 * Why the database cannot be opened, in words: creating its folder where a file already stands fails
 * with fs's "EEXIST: file already exists, mkdir '<folder>'", which reads as if the database existed.
 */
export function openProblem(error: unknown, file?: string): string {
  const cause = error as NodeJS.ErrnoException;
  if (cause.code === 'EEXIST' && cause.syscall === 'mkdir' && cause.path) return `"${cause.path}" is a file, not a folder`;
  const code = cause.code ?? '';
  let why: string | null = null;
  // A folder that takes no new files, or a file system out of inodes or space.
  if (file && code === 'SQLITE_CANTOPEN') why = unwritableFolder(path.dirname(file)) ?? fullFileSystem(path.dirname(file));
  if (file && code.startsWith('SQLITE_FULL')) why = sqliteFullProblem(path.dirname(file));
  // An existing file SQLite could open only read-only (a mount remounted read-only, the immutable attribute, mode 0444).
  if (file && code.startsWith('SQLITE_READONLY')) why = unwritableFile(file) ?? unwritableFolder(path.dirname(file));
  return why ? `${cause.message} (${why})` : cause.message;
}

/** Opens (creating if needed) the database at `file` with the connection's pragmas, without migrating. */
export function connectDatabase(file: string, options: { pageLimit?: number } = {}): Db {
  let db: Db | undefined;
  try {
    if (file !== ':memory:') makeFolder(path.dirname(file));
    db = new Database(file);
    // A new file gets 8 KiB pages (SQLite's default is 4 KiB): an item is one ~2.4 KB row, and each
    // placement touches ~8 scattered pages (item, decision, story, indexes), so larger pages mean
    // fewer WAL frames and write calls per item. 16 KiB saves no more CPU on a large poll and costs
    // more on a poll of a few items, since each commit writes every page it touched whole
    // (BENCHMARKS.md, "8 KiB pages"). It must come before the first write, which `journal_mode =
    // WAL` is. An existing file keeps its page size: SQLite ignores this once the file has pages,
    // and VACUUM cannot change it in WAL mode.
    db.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
    // WAL: readers (the HTTP server, the CLI) never block the poller's write; NORMAL is durable
    // across process crashes in WAL mode (only an OS crash may lose the last commit).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Tests only: a database that cannot grow past this many pages fails like a full disk (SQLITE_FULL).
    if (options.pageLimit !== undefined) db.pragma(`max_page_count = ${Math.floor(options.pageLimit)}`);
  } catch (error) {
    db?.close();
    throw new StoreError(`Cannot open database "${file}": ${openProblem(error, file)}`, { cause: error });
  }
  return db;
}

/**
 * Brings the schema up to date in ONE exclusive transaction, the version read inside it: two
 * processes starting on a new file cannot both see version 0 and both create the tables.
 */
export function migrateDatabase(db: Db): void {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    // A rollback to an older release: its statements do not know the newer columns (a NOT NULL one
    // fails every insert), so say so at open instead of failing polls one by one.
    if (current > migrations.length) throw new Error(newerSchemaProblem(current, migrations.length));
    for (let version = current; version < migrations.length; version++) db.exec(migrations[version]!);
    if (current < migrations.length) db.pragma(`user_version = ${migrations.length}`);
  }).exclusive();
}

/** Whether the schema is older than this version's (a migration would write). */
export function needsMigration(db: Db): boolean {
  return (db.pragma('user_version', { simple: true }) as number) < migrations.length;
}

// Polls, collapse and publishing run the same statements thousands of times a cycle: prepare each
// once per connection (25–200 µs saved per call on a busy 2-core machine).
const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** The prepared statement for `sql` on this connection, prepared on first use. */
export function statement<P extends unknown[] | {} = unknown[], R = unknown>(db: Db, sql: string): Database.Statement<P, R> {
  let forDb = statementCache.get(db);
  if (!forDb) statementCache.set(db, (forDb = new Map()));
  let stmt = forDb.get(sql);
  if (!stmt) forDb.set(sql, (stmt = db.prepare(sql)));
  return stmt as unknown as Database.Statement<P, R>;
}

/**
 * Takes WAL checkpoints off this connection's commits: SQLite's automatic checkpoint (every
 * 1,000 pages) runs inside the COMMIT that crosses the mark, so one poll in ~20 paid for copying
 * and fsyncing the others' pages. The poller calls this and then `checkpointWal` between polls.
 */
export function deferCheckpoints(db: Db): void {
  db.pragma('wal_autocheckpoint = 0');
  // Once a checkpoint has reset the WAL, keep the file from staying at its high-water size.
  db.pragma('journal_size_limit = 67108864');
}

/**
 * Copies committed WAL pages back into the database without waiting for or blocking readers
 * (PASSIVE; a reader's older snapshot only keeps the pages it still needs in the WAL).
 * Returns the WAL's size in pages and how many of them are now in the database.
 */
export function checkpointWal(db: Db): { walPages: number; checkpointed: number } {
  const row = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
  return { walPages: Math.max(0, row[0]?.log ?? 0), checkpointed: Math.max(0, row[0]?.checkpointed ?? 0) };
}
