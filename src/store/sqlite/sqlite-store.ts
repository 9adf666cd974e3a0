// The SQLite backend of `Store` (better-sqlite3): one connection, WAL, the embedded default.
// better-sqlite3 is synchronous and its transactions must not span an await, while `Store` is
// async so that PostgreSQL can implement it too. A queue makes that safe: every call, and every
// transaction as a whole, runs only when the one before it has finished, so nothing another task
// does can land inside an open transaction.
import { existsSync } from 'node:fs';
import type { PlacementBatch } from '../../model.js';
import { StoreError, type Store, type StoreSession } from '../store.js';
import { checkpointWal, deferCheckpoints, openDatabase, type Db } from './database.js';
import {
  countItemsBySource,
  findItemsByReference,
  getItems,
  getStoryItems,
  ingestItems,
  matchablePage,
  PAGE_SIZE,
  pendingItems,
} from './items.js';
import { applyPlacements, clearPlacements, dedupGeneration, getDecision, linkedItems, listItemStories } from './placements.js';
import { getLastPollCycle, recordPollCycle } from './poll-cycles.js';
import { getPublishedDocuments, savePublishedDocuments } from './published-documents.js';
import { enableSource, getSourceState, listSourceStates, saveSourceState } from './source-state.js';
import { countStories, getStory, getStoryWithItems, listStories, storiesForPlacement, survivorOf } from './stories.js';

/**
 * Items written between WAL checkpoints: ~9 WAL pages each, so the WAL stays under ~80 MiB, and
 * one checkpoint (with its fsyncs) is shared by thousands of items. Checkpoints run after a
 * commit, never inside one: SQLite's own automatic checkpoint would run inside the COMMIT that
 * crosses its mark, so one poll in ~20 paid for copying the others' pages.
 */
const CHECKPOINT_EVERY_ITEMS = 2_000;
/** How often `onChange` looks at SQLite's data_version (it changes when another connection commits). */
const CHANGE_POLL_MS = 2_000;

export interface SqliteStoreOptions {
  /** Refuse to create a database that does not exist yet (commands that only read). */
  mustExist?: boolean;
}

/** Opens (creating and migrating if needed) the SQLite database at `file` (or ":memory:"). */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  if (options.mustExist && file !== ':memory:' && !existsSync(file)) {
    throw new StoreError(
      `no database at "${file}" yet: run \`feedmerge poll --once\` (or \`run\`) first, or check "database" in the config`,
    );
  }
  return new SqliteStore(openDatabase(file), file);
}

class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  readonly items: StoreSession['items'];
  readonly stories: StoreSession['stories'];
  readonly placements: StoreSession['placements'];
  readonly sources: StoreSession['sources'];
  readonly documents: StoreSession['documents'];
  readonly cycles: StoreSession['cycles'];
  private queue: Promise<unknown> = Promise.resolve();
  private writtenSinceCheckpoint = 0;
  private closed = false;
  private readonly session: StoreSession;

  constructor(
    private readonly db: Db,
    readonly location: string,
  ) {
    deferCheckpoints(db);
    const wrote = (items: number): void => {
      this.writtenSinceCheckpoint += items;
    };
    // The session a transaction hands out runs directly (the transaction holds the turn); calls on
    // the store itself wait for theirs.
    this.session = sessionOf(db, wrote, async (fn) => fn());
    const queued = sessionOf(db, wrote, (fn) => this.enqueue(async () => fn()));
    this.items = queued.items;
    this.stories = queued.stories;
    this.placements = queued.placements;
    this.sources = queued.sources;
    this.documents = queued.documents;
    this.cycles = queued.cycles;
  }

  transaction<T>(fn: (session: StoreSession) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
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

  async close(): Promise<void> {
    await this.enqueue(async () => {
      if (this.closed) return;
      this.closed = true;
      if (this.writtenSinceCheckpoint > 0) checkpointWal(this.db);
      this.db.close();
    });
  }

  /** Runs `task` when every call queued before it has finished; a failure fails only its own caller. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new StoreError(`the database "${this.location}" is closed`);
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private checkpointWhenDue(): void {
    if (this.writtenSinceCheckpoint < CHECKPOINT_EVERY_ITEMS) return;
    this.writtenSinceCheckpoint = 0;
    checkpointWal(this.db);
  }
}

type Turn = <T>(fn: () => T) => Promise<T>;

/** The data operations on `db`; `turn` runs each synchronous step (directly, or when the store's queue allows). */
function sessionOf(db: Db, wrote: (items: number) => void, turn: Turn): StoreSession {
  return {
    items: {
      ingest: (sourceId, language, items, now) =>
        turn(() => {
          const result = ingestItems(db, sourceId, language, items, now);
          wrote(result.newItemIds.length + result.updatedItemIds.length);
          return result;
        }),
      byIds: (ids) => turn(() => getItems(db, ids)),
      findByReference: (ref) => turn(() => findItemsByReference(db, ref)),
      ofStory: (storyId) => turn(() => getStoryItems(db, storyId)),
      countBySource: () => turn(() => countItemsBySource(db)),
      pending: (limit) => turn(() => pendingItems(db, limit)),
      placedSince: (since) => pages(turn, (afterId) => matchablePage(db, { sinceFirstSeen: since, placedOnly: true, afterId })),
      all: () => pages(turn, (afterId) => matchablePage(db, { afterId })),
    },
    stories: {
      get: (id) => turn(() => getStory(db, id)),
      withItems: (id) => turn(() => getStoryWithItems(db, id)),
      forPlacement: (ids) => turn(() => storiesForPlacement(db, ids)),
      list: (query) => turn(() => listStories(db, query)),
      count: () => turn(() => countStories(db)),
      survivorOf: (id) => turn(() => survivorOf(db, id)),
    },
    placements: {
      linkedItems: (keys) => turn(() => linkedItems(db, keys)),
      apply: (batch: PlacementBatch) =>
        turn(() => {
          // One transaction whether or not the caller opened one (then it is a savepoint).
          db.transaction(() => applyPlacements(db, batch))();
          wrote(batch.placements.length);
        }),
      decision: (itemId) => turn(() => getDecision(db, itemId)),
      itemStories: () => turn(() => listItemStories(db)),
      clear: () => turn(() => db.transaction(() => clearPlacements(db))()),
      generation: () => turn(() => dedupGeneration(db)),
    },
    sources: {
      get: (sourceId) => turn(() => getSourceState(db, sourceId)),
      all: () => turn(() => listSourceStates(db)),
      save: (state) => turn(() => saveSourceState(db, state)),
      enable: (sourceId) => turn(() => enableSource(db, sourceId)),
    },
    documents: {
      all: () => turn(() => getPublishedDocuments(db)),
      replace: (documents) => turn(() => savePublishedDocuments(db, documents)),
    },
    cycles: {
      record: (cycle) => turn(() => recordPollCycle(db, cycle)),
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
