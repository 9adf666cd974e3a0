// The SQLite backend of `Store` (better-sqlite3): one connection, WAL, the embedded default.
// better-sqlite3 is synchronous and its transactions must not span an await, while `Store` is
// async so that PostgreSQL can implement it too. A queue makes that safe: every call, and every
// transaction as a whole, runs only when the one before it has finished, so nothing another task
// does can land inside an open transaction.
//
// Opening as a writer takes the writer lock first (writer-lock.ts), then checks the file's
// integrity, then migrates: a damaged file is never written to. Driver errors leave this file as
// StoreFailure with a kind (full, locked, corrupt, …); a corrupt page found at any time makes the
// store refuse writes from then on, while reads go on where they can.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { makeFolder } from '../../make-folder.js';
import Database from 'better-sqlite3';
import type { PlacementBatch } from '../../model.js';
import { claimWriter } from '../claim-writer.js';
import {
  StoreError,
  StoreFailure,
  storeFailureKind,
  type StoreFailureKind,
  type StoreHealth,
  type Store,
  type StoreLog,
  type StoreSession,
  type WriterClaim,
} from '../store.js';
import { checkpointWal, connectDatabase, deferCheckpoints, migrateDatabase, needsMigration, openProblem, type Db } from './database.js';
import { fileWriteError, fullFileSystem, mayBeFullFileSystem, sqliteFullProblem } from './file-system-problem.js';
import { quickCheck, rememberCheck, rememberedDamage } from './integrity.js';
import {
  countItemsBySource,
  findItemsByReference,
  getItems,
  getStoryItems,
  ingestItems,
  matchablePage,
  PAGE_SIZE,
  pendingItems,
  pendingSummary,
} from './items.js';
import { applyPlacements, clearPlacements, dedupGeneration, getDecision, linkedItems, listItemStories, saveAliases } from './placements.js';
import { getLastPollCycle, recordPollCycle } from './poll-cycles.js';
import { getPublishedDocuments, savePublishedDocuments } from './published-documents.js';
import { deleteExpired } from './retention.js';
import {
  dueSources,
  enableSource,
  getSourceState,
  listSourceStates,
  releaseSourceLease,
  saveSourceState,
  type SourceLeases,
} from './source-state.js';
import { listStoreFailures, recordStoreFailure } from './store-failures.js';
import {
  absorbedSince,
  countStories,
  getStoriesWithItems,
  getStory,
  getStoryWithItems,
  listAliases,
  listStories,
  storiesForPlacement,
  survivorOf,
} from './stories.js';
import { tryWriterLock, type WriterLock } from './writer-lock.js';

/**
 * Items written between WAL checkpoints: one checkpoint (with its fsyncs) is shared by thousands of
 * items, and the WAL stays at ~150 MB on a first poll of 2,000-item feeds (README, "Known limits"). Checkpoints run after a
 * commit, never inside one: SQLite's own automatic checkpoint would run inside the COMMIT that
 * crosses its mark, so one poll in ~20 paid for copying the others' pages.
 */
const CHECKPOINT_EVERY_ITEMS = 2_000;
/** SQLite's max_page_count when nobody set one (SQLITE_MAX_PAGE_COUNT). */
const SQLITE_DEFAULT_MAX_PAGE_COUNT = 4294967294;

/** How often `onChange` looks at SQLite's data_version (it changes when another connection commits). */
const CHANGE_POLL_MS = 2_000;

export interface SqliteStoreOptions {
  /** Refuse to create a database that does not exist yet (commands that only read). */
  mustExist?: boolean;
  /** Open as the one writer: lock, integrity check (refusing a damaged file), migrations. */
  writer?: WriterClaim;
  /** Check integrity at open without refusing (a long-running reader: serve). */
  checkIntegrity?: boolean;
  /** Tests only: the file cannot grow past this many pages, as if the disk were full (SQLITE_FULL). */
  pageLimit?: number;
  /** Where a last checkpoint that failed at close is told (nothing else is). */
  log?: StoreLog;
}

/** Opens (creating and migrating if needed) the SQLite database at `file` (or ":memory:"). */
export async function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const onDisk = file !== ':memory:';
  if (options.mustExist && onDisk && !existsSync(file)) {
    throw new StoreError(
      `no database at "${file}" yet: run \`feedmerge poll --once\` (or \`run\`) first, or check "database" in the config`,
    );
  }
  // Before the writer lock: taking it creates "<file>-writer" beside a file that was never ours (a
  // `database` pointing at config.json left config.json-writer behind after exit 3).
  if (onDisk && !looksLikeSqlite(file)) throw new StoreError(`Cannot open database "${file}": file is not a database`);
  let lock: WriterLock | null = null;
  if (options.writer && onDisk) {
    try {
      makeFolder(path.dirname(file));
    } catch (error) {
      throw new StoreError(`Cannot open database "${file}": ${openProblem(error)}`, { cause: error });
    }
    const command = options.writer.command;
    lock = await claimWriter(() => tryWriterLock(file, command), options.writer, file);
    // SQLite opens a file it may not write read-only without a word, and fails at each write after
    // ("attempt to write a readonly database"): a poll fetched every source to store none of them.
    // `migrate` only reads the file (it writes PostgreSQL): a read-only file is what a failing disk's data is copied out of.
    const readOnly = options.writer.writesNothing ? null : unwritableDatabase(file);
    if (readOnly) {
      lock.release();
      throw new StoreError(`Cannot write database "${file}": ${databaseWriteProblem(file, readOnly)}`);
    }
  }
  try {
    const db = connectDatabase(file, { pageLimit: options.pageLimit });
    let damaged: string | null;
    try {
      damaged = options.writer || options.checkIntegrity ? checkIntegrity(db, file) : rememberedDamage(file);
      if (damaged && options.writer) {
        throw new StoreError(
          `the database "${file}" failed its integrity check, so nothing is written to it: ${damaged}. Restore a backup, or rescue what is readable with the sqlite3 tool's .recover`,
        );
      }
      if (!damaged) migrateDatabase(db);
      else if (needsMigration(db)) throw new StoreError(`the database "${file}" is damaged and has an older schema: ${damaged}`);
    } catch (error) {
      db.close();
      if (error instanceof StoreError) throw error;
      throw new StoreError(`Cannot open database "${file}": ${(error as Error).message}`, { cause: error });
    }
    return new SqliteStore(db, file, lock, damaged, lock !== null && !options.writer?.writesNothing, options.log);
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/** Whether `file` is missing, empty (SQLite makes both a database) or starts with the SQLite header. */
function looksLikeSqlite(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return true; // missing or unreadable: opening it says why
  }
  try {
    const header = Buffer.alloc(16);
    const read = readSync(fd, header, 0, 16, 0);
    return read === 0 || header.toString('latin1') === 'SQLite format 3\0';
  } catch {
    return true; // a folder, say: opening it says why
  } finally {
    closeSync(fd);
  }
}

/**
 * Which of the database `file` and its existing WAL files a writer could not write, and why, or null: the
 * file alone is read-only while its folder and lock file are not (the immutable attribute, mode 0444 for
 * another user than root, a read-only bind mount of the file).
 */
function unwritableDatabase(file: string): { file: string; cause: string } | null {
  for (const suffix of ['', '-wal', '-shm']) {
    const cause = fileWriteError(`${file}${suffix}`);
    if (cause) return { file: `${file}${suffix}`, cause };
  }
  return null;
}

/** The words after a line that already names the database `file`: the cause, and the WAL file only when it is the one. */
function databaseWriteProblem(file: string, problem: { file: string; cause: string }): string {
  return problem.file === file ? problem.cause : `its file "${problem.file}" cannot be written: ${problem.cause}`;
}

/** quick_check, remembered for readers; a check that cannot even run counts as damage. */
function checkIntegrity(db: Db, file: string): string | null {
  let problem: string | null;
  try {
    problem = quickCheck(db);
  } catch (error) {
    problem = (error as Error).message;
  }
  rememberCheck(file, problem, new Date().toISOString());
  return problem;
}

/** What kind of failure a driver error code means. */
function failureKind(code: string): StoreFailureKind {
  if (code.startsWith('SQLITE_FULL')) return 'full';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked';
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return 'corrupt';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return 'io';
  return 'other';
}

class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  readonly items: StoreSession['items'];
  readonly stories: StoreSession['stories'];
  readonly placements: StoreSession['placements'];
  readonly sources: StoreSession['sources'];
  readonly documents: StoreSession['documents'];
  readonly cycles: StoreSession['cycles'];
  readonly retention: Store['retention'];
  private queue: Promise<unknown> = Promise.resolve();
  private writtenSinceCheckpoint = 0;
  private closed = false;
  private readonly session: StoreSession;

  constructor(
    private readonly db: Db,
    readonly location: string,
    private readonly lock: WriterLock | null,
    /** Why the file is not to be written (integrity check at open, or a corrupt page met since). */
    private damaged: string | null,
    /** Whether this process writes the file (a writer but `migrate`): only then must it be writable. */
    private readonly writes: boolean = false,
    private readonly log?: StoreLog,
  ) {
    deferCheckpoints(db);
    const wrote = (items: number): void => {
      this.writtenSinceCheckpoint += items;
    };
    const beforeWrite = (): void => this.refuseWhenDamaged();
    // The session a transaction hands out runs directly (the transaction holds the turn); calls on
    // the store itself wait for theirs.
    const leases: SourceLeases = new Map();
    this.session = sessionOf(db, { wrote, beforeWrite, afterWrite: () => {}, leases, turn: async (fn) => fn() });
    // A write on the store itself (not in a transaction) commits on its own, so it checkpoints as a transaction's COMMIT
    // does: the placer applies each batch so, and a first poll's placements left the WAL growing to their whole size.
    const queued = sessionOf(db, {
      wrote,
      beforeWrite,
      afterWrite: () => {
        if (!db.inTransaction) this.checkpointWhenDue();
      },
      leases,
      turn: (fn) => this.enqueue(async () => fn()),
    });
    this.items = queued.items;
    this.stories = queued.stories;
    this.placements = queued.placements;
    this.sources = queued.sources;
    this.documents = queued.documents;
    this.cycles = queued.cycles;
    this.retention = {
      deleteExpired: (request) =>
        this.enqueue(async () => {
          this.refuseWhenDamaged();
          return deleteExpired(db, request);
        }),
    };
  }

  transaction<T>(fn: (session: StoreSession) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      this.refuseWhenDamaged();
      this.db.prepare('BEGIN IMMEDIATE').run();
      try {
        const result = await fn(this.session);
        this.db.prepare('COMMIT').run();
        this.checkpointWhenDue();
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.prepare('ROLLBACK').run();
        throw error;
      }
    });
  }

  onChange(listener: () => void): () => void {
    let seen = this.db.pragma('data_version', { simple: true });
    const timer = setInterval(() => {
      if (this.closed) return;
      const version = this.db.pragma('data_version', { simple: true });
      if (version === seen) return;
      seen = version;
      listener();
    }, CHANGE_POLL_MS);
    timer.unref();
    return () => clearInterval(timer);
  }

  async check(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, problem: `the database "${this.location}" is closed` };
    if (this.damaged) return { ok: false, problem: `the database "${this.location}" is damaged: ${this.damaged}` };
    try {
      // Outside the queue, so that a long placement cannot hold up a readiness probe: one small read.
      this.db.prepare('SELECT count(*) FROM sqlite_schema').get();
    } catch (error) {
      const failure = this.asFailure(error);
      return { ok: false, problem: `the database "${this.location}" cannot be read: ${(failure as Error).message}` };
    }
    // The writer: a file made read-only since the start (the immutable attribute) still takes commits into the
    // WAL, but no checkpoint copies them back, and a restart refuses it; a reader (serve) needs no write.
    const readOnly = this.writes ? unwritableDatabase(this.location) : null;
    if (readOnly)
      return { ok: false, problem: `the database "${this.location}" cannot be written: ${databaseWriteProblem(this.location, readOnly)}` };
    return { ok: true, problem: null };
  }

  async close(): Promise<void> {
    await this.enqueue(async () => {
      if (this.closed) return;
      this.closed = true;
      try {
        try {
          if (this.writtenSinceCheckpoint > 0 && !this.damaged) checkpointWal(this.db);
        } catch (error) {
          // The last checkpoint only shortens the next open: every commit is in the WAL, which the next open
          // reads. A file that cannot be written now (read-only, full; an immutable file fails as an I/O
          // error) must not turn a clean stop into a failed one; but the operator learns why the -wal file stays.
          const failure = this.asFailure(error);
          // An immutable file fails the checkpoint as an I/O error, whose words do not say so.
          const readOnly = storeFailureKind(failure) === 'io' ? unwritableDatabase(this.location) : null;
          const cause = `${(failure as Error).message}${readOnly ? ` (the file "${readOnly.file}" cannot be written: ${readOnly.cause})` : ''}`;
          this.log?.warn(
            `the last checkpoint of the database "${this.location}" failed at close: ${cause}; every commit is in "${this.location}-wal", which the next open reads`,
          );
        }
        this.db.close();
      } finally {
        this.lock?.release();
      }
    });
  }

  /** Runs `task` when every call queued before it has finished; a failure fails only its own caller. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      if (this.closed) throw new StoreError(`the database "${this.location}" is closed`);
      try {
        return await task();
      } catch (error) {
        throw this.asFailure(error);
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A driver error as a StoreFailure with its kind; a corrupt page makes the store refuse writes from now on. */
  private asFailure(error: unknown): unknown {
    if (!(error instanceof Database.SqliteError)) return error;
    const kind = failureKind(error.code);
    if (kind === 'corrupt') this.damaged ??= error.message;
    const why = this.location === ':memory:' ? null : this.fileProblem(kind, error.code);
    return new StoreFailure(kind, why ? `${error.message} (${why})` : error.message, { cause: error });
  }

  /** What the file system says of a failed write, or null: SQLite's words name neither the file nor the cause. */
  private fileProblem(kind: StoreFailureKind, code: string): string | null {
    const folder = path.dirname(this.location);
    // SQLITE_FULL is a write the file system refused as full (ENOSPC), unless the file reached SQLite's own
    // page limit, which only tests set (its words are then the whole story).
    if (kind === 'full') return this.atPageLimit() ? null : sqliteFullProblem(folder);
    if (kind === 'io') return mayBeFullFileSystem(code) ? fullFileSystem(folder) : null;
    if (kind === 'read-only') {
      const problem = unwritableDatabase(this.location);
      return problem && `the file "${problem.file}" cannot be written: ${problem.cause}`;
    }
    return null;
  }

  /** Whether a page limit below SQLite's default was set on this connection (tests' pageLimit). */
  private atPageLimit(): boolean {
    try {
      return Number(this.db.pragma('max_page_count', { simple: true })) < SQLITE_DEFAULT_MAX_PAGE_COUNT;
    } catch {
      return false;
    }
  }

  private refuseWhenDamaged(): void {
    if (this.damaged) throw new StoreFailure('corrupt', `not writing to the damaged database "${this.location}" (${this.damaged})`);
  }

  private checkpointWhenDue(): void {
    if (this.writtenSinceCheckpoint < CHECKPOINT_EVERY_ITEMS) return;
    try {
      checkpointWal(this.db);
      this.writtenSinceCheckpoint = 0;
    } catch {
      // The commit before it stands; a checkpoint that fails (a full disk) is tried after the next one.
    }
  }
}

type Turn = <T>(fn: () => T) => Promise<T>;

interface SessionHooks {
  /** Runs each synchronous step (directly, or when the store's queue allows). */
  turn: Turn;
  /** Counts items written, for checkpoints. */
  wrote: (items: number) => void;
  /** Throws when the store must not be written. */
  beforeWrite: () => void;
  /** Runs after each write (a checkpoint when one is due). */
  afterWrite: () => void;
  /** The sources claimed and not yet given back (dueSources). */
  leases: SourceLeases;
}

/** The data operations on `db`. */
function sessionOf(db: Db, { turn, wrote, beforeWrite, afterWrite, leases }: SessionHooks): StoreSession {
  const write: Turn = (fn) =>
    turn(() => {
      beforeWrite();
      const result = fn();
      afterWrite();
      return result;
    });
  return {
    items: {
      ingest: (sourceId, language, items, now) =>
        write(() => {
          const result = ingestItems(db, sourceId, language, items, now);
          wrote(result.newItemIds.length + result.updatedItemIds.length);
          return result;
        }),
      byIds: (ids) => turn(() => getItems(db, ids)),
      findByReference: (ref, canonical) => turn(() => findItemsByReference(db, ref, canonical ?? null)),
      ofStory: (storyId) => turn(() => getStoryItems(db, storyId)),
      countBySource: () => turn(() => countItemsBySource(db)),
      pending: (limit) => turn(() => pendingItems(db, limit)),
      pendingSummary: () => turn(() => pendingSummary(db)),
      placedSince: (since) => pages(turn, (afterId) => matchablePage(db, { sinceFirstSeen: since, placedOnly: true, afterId })),
      all: () => pages(turn, (afterId) => matchablePage(db, { afterId })),
    },
    stories: {
      get: (id) => turn(() => getStory(db, id)),
      withItems: (id) => turn(() => getStoryWithItems(db, id)),
      withItemsByIds: (ids) => turn(() => getStoriesWithItems(db, ids)),
      forPlacement: (ids) => turn(() => storiesForPlacement(db, ids)),
      list: (query) => turn(() => listStories(db, query)),
      count: () => turn(() => countStories(db)),
      survivorOf: (id) => turn(() => survivorOf(db, id)),
      absorbedSince: (query) => turn(() => absorbedSince(db, query)),
      aliases: () => turn(() => listAliases(db)),
    },
    placements: {
      linkedItems: (keys) => turn(() => linkedItems(db, keys)),
      apply: (batch: PlacementBatch) =>
        write(() => {
          // One transaction whether or not the caller opened one (then it is a savepoint).
          db.transaction(() => applyPlacements(db, batch))();
          wrote(batch.placements.length);
        }),
      decision: (itemId) => turn(() => getDecision(db, itemId)),
      itemStories: () => turn(() => listItemStories(db)),
      clear: () => write(() => db.transaction(() => clearPlacements(db))()),
      saveAliases: (aliases) => write(() => db.transaction(() => saveAliases(db, aliases))()),
      generation: () => turn(() => dedupGeneration(db)),
    },
    sources: {
      get: (sourceId) => turn(() => getSourceState(db, sourceId)),
      all: () => turn(() => listSourceStates(db)),
      save: (state) => write(() => saveSourceState(db, state)),
      enable: (sourceId) => write(() => enableSource(db, sourceId)),
      storeFailures: () => turn(() => listStoreFailures(db)),
      recordStoreFailure: (sourceId, failure) => write(() => recordStoreFailure(db, sourceId, failure)),
      claimDue: (claim) => turn(() => dueSources(db, claim, leases)),
      releaseLease: (sourceId, owner) => turn(() => releaseSourceLease(leases, sourceId, owner)),
    },
    documents: {
      all: () => turn(() => getPublishedDocuments(db)),
      replace: (documents) => write(() => savePublishedDocuments(db, documents)),
    },
    cycles: {
      record: (cycle) => write(() => recordPollCycle(db, cycle)),
      last: () => turn(() => getLastPollCycle(db)),
    },
  };
}

/** Rows page by page, each page read in its own turn, so other work goes on between pages. */
function pages<T extends { id: number }>(turn: Turn, page: (afterId: number) => T[]): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      let afterId = 0;
      for (;;) {
        const rows = await turn(() => page(afterId));
        yield* rows;
        if (rows.length < PAGE_SIZE) return;
        afterId = rows[rows.length - 1]!.id;
      }
    },
  };
}
