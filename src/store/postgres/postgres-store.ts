// The PostgreSQL backend of `Store` (node-postgres): a pool of connections, so that several
// processes (pollers, one placer, servers) on several machines share one database. Unlike the
// SQLite store, calls do not wait for each other: each runs on a connection of its own, and a
// transaction holds one connection from BEGIN to COMMIT. Reads that need several queries run in
// one REPEATABLE READ snapshot, so a story never comes back without the members a placer just
// moved into it.
//
// Other processes' commits are announced with LISTEN/NOTIFY (triggers in migrations.ts). A lost
// connection (a server restart) is one log line when it goes and one when it is back; the pool
// connects again on the next call, the listener with a growing backoff.
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { PlacementBatch } from '../../model.js';
import { claimWriter, describeHolder } from '../claim-writer.js';
import {
  StoreError,
  StoreFailure,
  type SourceClaim,
  type Store,
  type StoreHealth,
  type StoreLog,
  type StoreSession,
  type WriterClaim,
} from '../store.js';
import { asFailure, createConnection, createPool, failureKind, isDriverError, isRetryable, type Queryable } from './connection.js';
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
import { migrateDatabase } from './migrations.js';
import { holdPollerLiveness, type PollerLiveness } from './poller-liveness.js';
import {
  applyPlacements,
  clearPlacements,
  dedupGeneration,
  getDecision,
  linkedItems,
  listItemStories,
  saveAliases,
  type ReadRevision,
} from './placements.js';
import { getLastPollCycle, recordPollCycle } from './poll-cycles.js';
import { getPublishedDocuments, savePublishedDocuments } from './published-documents.js';
import { deleteExpired } from './retention.js';
import {
  claimDueSources,
  enableSource,
  getSourceState,
  listSourceStates,
  releaseSourceLease,
  savePolledSources,
  saveSourceState,
  sourceListFingerprint,
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
import { tryPostgresWriterLock, type PostgresWriterLock } from './writer-lock.js';

/** Where the store tells of outages (the process's log). */
export interface PostgresStoreOptions {
  /** Refuse a database feedmerge has not created its tables in yet (commands that only read). */
  mustExist?: boolean;
  /**
   * Open as the database's one writer (the placer, `run` with every role, `recluster`): the
   * advisory lock is taken first (waiting as the claim says, else WriterBusyError). A lock lost
   * later (the connection dropped) is taken again as soon as it is free; placements are refused
   * in between.
   */
  writer?: WriterClaim;
  /** Connections in the pool (default 8). */
  poolSize?: number;
  log?: StoreLog;
}

/** The notification channel the triggers announce commits on. */
const CHANNEL = 'feedmerge_changes';
/** A burst of commits (a placer's chunks) becomes one call of an `onChange` listener. */
const CHANGE_DELAY_MS = 1_000;
/** Attempts of a transaction that lost a deadlock or a serialization conflict to another process. */
const TRANSACTION_ATTEMPTS = 4;

/** A database URL without its password, for messages. */
export function redactedUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

/** Opens (creating the tables if needed) the PostgreSQL database at `url`. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const location = redactedUrl(url);
  const store = new PostgresStore(url, location, options);
  try {
    const client = await store.pool.connect();
    // A session the server ends now fails the query below; unheard, its 'error' event would end the process.
    const ignore = (): void => undefined;
    client.on('error', ignore);
    try {
      if (options.mustExist) {
        const { rows } = await client.query<{ found: boolean }>("SELECT to_regclass('schema_version') IS NOT NULL AS found");
        if (!rows[0]?.found) {
          throw new StoreError(
            `no feedmerge tables in "${location}" yet: run \`feedmerge poll --once\` (or \`run\`) first, or check "database" in the config`,
          );
        }
      }
      await migrateDatabase(client);
    } finally {
      client.removeListener('error', ignore);
      client.release();
    }
    if (options.writer) {
      const command = options.writer.command;
      store.holdLock(await claimWriter(() => tryPostgresWriterLock(url, command), options.writer, location));
    }
  } catch (error) {
    await store.pool.end().catch(() => undefined);
    if (error instanceof StoreError) throw error;
    throw new StoreError(`Cannot open database "${location}": ${(error as Error).message}`, { cause: error });
  }
  return store;
}

/** How one session reaches the database: a store-level session per call, a transaction's through its one connection. */
interface Access {
  /** One query, or several that need not see one snapshot. */
  read<T>(fn: (db: Queryable) => Promise<T>): Promise<T>;
  /** Several queries that must see one snapshot. */
  snapshot<T>(fn: (db: Queryable) => Promise<T>): Promise<T>;
  /** Writes that must commit together. */
  write<T>(fn: (db: Queryable) => Promise<T>): Promise<T>;
}

class PostgresStore implements Store {
  readonly backend = 'postgres' as const;
  readonly pool: pg.Pool;
  readonly items: StoreSession['items'];
  readonly stories: StoreSession['stories'];
  readonly placements: StoreSession['placements'];
  readonly sources: StoreSession['sources'];
  readonly documents: StoreSession['documents'];
  readonly cycles: StoreSession['cycles'];
  readonly retention: Store['retention'];
  private closed = false;
  /** Since when the database has been unreachable (null: it is reachable). */
  private outageSince: number | null = null;
  /** The revision of each pending item when `pending` read it, and what it showed (see applyPlacements). */
  private readonly revisions = new Map<number, ReadRevision>();
  /** The fingerprint of each source list claimed with (a poller passes the same list to every claim of a round). */
  private readonly fingerprints = new WeakMap<SourceClaim['sources'], string>();
  private readonly listeners = new Set<() => void>();
  private listening: Promise<void> | null = null;
  private listenClient: pg.Client | null = null;
  /** The writer lock while this process holds it (only a store opened as writer ever does). */
  private lock: PostgresWriterLock | null = null;
  /** Each lease owner's liveness lock (poller-liveness.ts), taken at its first claim, again after its connection ended. */
  private readonly liveness = new Map<string, Promise<PollerLiveness>>();

  constructor(
    private readonly url: string,
    readonly location: string,
    private readonly options: PostgresStoreOptions,
  ) {
    this.pool = createPool(url, (error) => this.wentAway(error), options.poolSize ?? 8);
    const outside = this.sessionOf({
      read: (fn) => this.call(() => fn(this.pool)),
      snapshot: (fn) => this.call(() => this.withSnapshot(fn)),
      write: (fn) => this.runTransaction(fn),
    });
    this.items = outside.items;
    this.stories = outside.stories;
    this.placements = outside.placements;
    this.sources = outside.sources;
    this.documents = outside.documents;
    this.cycles = outside.cycles;
    this.retention = { deleteExpired: (request) => this.runTransaction((db) => deleteExpired(db, request)) };
  }

  transaction<T>(fn: (session: StoreSession) => Promise<T>): Promise<T> {
    return this.runTransaction((db) => {
      const direct = <R>(f: (db: Queryable) => Promise<R>) => f(db);
      return fn(this.sessionOf({ read: direct, snapshot: direct, write: direct }));
    });
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    this.listening ??= this.listen();
    return () => {
      this.listeners.delete(listener);
    };
  }

  async check(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, problem: `the database "${this.location}" is closed` };
    try {
      await this.call(() => this.pool.query('SELECT 1'));
      return { ok: true, problem: null };
    } catch (error) {
      return { ok: false, problem: `the database "${this.location}" cannot be reached: ${(error as Error).message}` };
    }
  }

  /** Keeps `lock` as this store's writer lock; when its connection ends, takes the lock again as soon as it is free. */
  holdLock(lock: PostgresWriterLock): void {
    this.lock = lock;
    const command = this.options.writer?.command ?? 'writer';
    lock.connection.once('end', () => {
      if (this.lock !== lock || this.closed) return;
      this.lock = null;
      this.options.log?.warn(
        `lost the writer lock of "${this.location}" (its connection ended); placing waits until this process holds it again`,
      );
      void this.retakeLock(command);
    });
  }

  private async retakeLock(command: string): Promise<void> {
    let backoffMs = 500;
    let waitingFor: string | null = null;
    while (!this.closed && !this.lock) {
      await sleep(backoffMs);
      try {
        const attempt = await tryPostgresWriterLock(this.url, command);
        if ('lock' in attempt) {
          if (this.closed) return void (await attempt.lock.release());
          this.holdLock(attempt.lock);
          this.cameBack();
          this.options.log?.info(`holding the writer lock of "${this.location}" again`);
          return;
        }
        const holder = describeHolder(attempt.holder);
        if (holder !== waitingFor) this.options.log?.info(`waiting for ${holder} to stop writing "${this.location}"`);
        waitingFor = holder;
        backoffMs = 1_000;
      } catch (error) {
        this.wentAway(error as Error);
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
    }
  }

  /**
   * In a placement's transaction: a store opened as writer writes only while it holds the lock
   * and no other process took it over since (the generation it set is still the current one).
   */
  private async fence(db: Queryable): Promise<void> {
    if (!this.options.writer) return;
    const lock = this.lock;
    if (!lock)
      throw new StoreFailure(
        'locked',
        `this process does not hold the writer lock of "${this.location}" (lost with its connection); placing waits until it does`,
      );
    const { rows } = await db.query<{ generation: number }>('SELECT generation FROM dedup_meta WHERE id = 1 FOR UPDATE');
    if (rows[0]?.generation !== lock.generation) {
      throw new StoreFailure('locked', `another process took over writing "${this.location}"; rebuilding before placing again`);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const lock = this.lock;
    this.lock = null;
    await lock?.release();
    this.listeners.clear();
    for (const liveness of this.liveness.values()) await liveness.then((l) => l.release()).catch(() => undefined);
    const listenClient = this.listenClient;
    this.listenClient = null;
    await listenClient?.end().catch(() => undefined);
    await this.pool.end();
  }

  /** The transaction's work on one connection: BEGIN, `fn`, COMMIT; run again when it lost a deadlock to another process. */
  private async runTransaction<T>(fn: (db: Queryable) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.call(() => this.inTransaction(fn));
      } catch (error) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isRetryable((error as { cause?: unknown }).cause ?? error)) throw error;
        await sleep(attempt * 20 * Math.random());
      }
    }
  }

  private async inTransaction<T>(fn: (db: Queryable) => Promise<T>): Promise<T> {
    // A recluster inside the transaction moves the generation the lock fences with; a rollback moves it back.
    const lock = this.lock;
    const generation = lock?.generation;
    try {
      return await this.inBlock('BEGIN', fn);
    } catch (error) {
      if (lock && generation !== undefined) lock.generation = generation;
      throw error;
    }
  }

  private withSnapshot<T>(fn: (db: Queryable) => Promise<T>): Promise<T> {
    return this.inBlock('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', fn);
  }

  /**
   * `fn` between `begin` and COMMIT on one pooled connection. While it is checked out, the
   * connection's own 'error' event (the server ended the session: a restart) is listened to here —
   * the pool listens only while it is idle, and an unheard 'error' would end the process; the
   * failure reaches the caller through the query that was cut, and the connection is dropped.
   */
  private async inBlock<T>(begin: string, fn: (db: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    const onError = (error: Error): void => {
      broken = true;
      this.wentAway(error);
    };
    client.on('error', onError);
    try {
      await client.query(begin);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  /** Runs one call against the database: refused when closed; driver errors become StoreFailures; outages are logged once. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreError(`the database "${this.location}" is closed`);
    try {
      const result = await fn();
      this.cameBack();
      return result;
    } catch (error) {
      if (isDriverError(error) && failureKind(error) === 'io') this.wentAway(error as Error);
      throw asFailure(error);
    }
  }

  /**
   * `owner`'s liveness lock, held before it claims: taken once, and again when its connection
   * ended (calls for one owner wait for each other, so it is never taken twice).
   */
  private fingerprintOf(sources: SourceClaim['sources']): string {
    let fingerprint = this.fingerprints.get(sources);
    if (fingerprint === undefined) this.fingerprints.set(sources, (fingerprint = sourceListFingerprint(sources)));
    return fingerprint;
  }

  private holdLiveness(owner: string): Promise<PollerLiveness> {
    const earlier = this.liveness.get(owner);
    const current = (async () => {
      const held = earlier ? await earlier.catch(() => null) : null;
      if (held?.held) return held;
      return holdPollerLiveness(this.url, owner, (error) => this.wentAway(error));
    })();
    this.liveness.set(owner, current);
    return current;
  }

  private wentAway(error: Error): void {
    if (this.outageSince !== null || this.closed) return;
    this.outageSince = Date.now();
    this.options.log?.warn(`lost the connection to PostgreSQL at "${this.location}": ${error.message}; reconnecting`);
  }

  private cameBack(): void {
    if (this.outageSince === null) return;
    const seconds = Math.round((Date.now() - this.outageSince) / 1000);
    this.outageSince = null;
    this.options.log?.info(`PostgreSQL at "${this.location}" is reachable again (after ${seconds} s)`);
  }

  /** Keeps a LISTEN connection open (reconnecting with backoff) and calls the listeners, a burst of commits once. */
  private async listen(): Promise<void> {
    let backoffMs = 500;
    let timer: NodeJS.Timeout | undefined;
    const notified = (): void => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        for (const listener of this.listeners) listener();
      }, CHANGE_DELAY_MS);
      timer.unref();
    };
    while (!this.closed) {
      const client = createConnection(this.url);
      const ended = new Promise<void>((resolve) => {
        client.on('error', (error) => {
          this.wentAway(error);
          resolve();
        });
        client.on('end', () => resolve());
      });
      try {
        await client.connect();
        if (this.closed) {
          await client.end();
          return;
        }
        this.listenClient = client;
        client.on('notification', notified);
        await client.query(`LISTEN ${CHANNEL}`);
        this.cameBack();
        backoffMs = 500;
        // Changes committed while the connection was down are not announced: assume there were some.
        notified();
        await ended;
      } catch (error) {
        this.wentAway(error as Error);
        await client.end().catch(() => undefined);
      }
      if (this.closed) return;
      await sleep(backoffMs);
      backoffMs = Math.min(backoffMs * 2, 30_000);
    }
  }

  /** The data operations over `access`. */
  private sessionOf(access: Access): StoreSession {
    const { read, snapshot, write } = access;
    return {
      items: {
        ingest: (sourceId, language, items, now) => write((db) => ingestItems(db, sourceId, language, items, now)),
        byIds: (ids) => read((db) => getItems(db, ids)),
        findByReference: (ref, canonical) => read((db) => findItemsByReference(db, ref, canonical ?? null)),
        ofStory: (storyId) => read((db) => getStoryItems(db, storyId)),
        countBySource: () => read((db) => countItemsBySource(db)),
        pending: (limit) =>
          read(async (db) => {
            const items = await pendingItems(db, limit);
            for (const { id, revision, title, summary, url, published } of items) {
              this.revisions.set(id, { revision, placed: { title, summary, url, published } });
            }
            return items.map(({ revision: _revision, ...item }) => item);
          }),
        pendingSummary: () => read((db) => pendingSummary(db)),
        placedSince: (since) => pages((afterId) => read((db) => matchablePage(db, { sinceFirstSeen: since, placedOnly: true, afterId }))),
        all: () => pages((afterId) => read((db) => matchablePage(db, { afterId }))),
      },
      stories: {
        get: (id) => read((db) => getStory(db, id)),
        withItems: (id) => snapshot((db) => getStoryWithItems(db, id)),
        withItemsByIds: (ids) => snapshot((db) => getStoriesWithItems(db, ids)),
        forPlacement: (ids) => read((db) => storiesForPlacement(db, ids)),
        list: (query) => snapshot((db) => listStories(db, query)),
        count: () => read((db) => countStories(db)),
        survivorOf: (id) => read((db) => survivorOf(db, id)),
        absorbedSince: (query) => read((db) => absorbedSince(db, query)),
        aliases: () => read((db) => listAliases(db)),
      },
      placements: {
        linkedItems: (keys) => read((db) => linkedItems(db, keys)),
        apply: (batch: PlacementBatch) =>
          write(async (db) => {
            await this.fence(db);
            await applyPlacements(db, batch, this.revisions);
            for (const p of batch.placements) this.revisions.delete(p.itemId);
          }),
        decision: (itemId) => read((db) => getDecision(db, itemId)),
        itemStories: () => read((db) => listItemStories(db)),
        clear: () =>
          write(async (db) => {
            await this.fence(db);
            const generation = await clearPlacements(db);
            if (this.lock) this.lock.generation = generation;
          }),
        saveAliases: (aliases) =>
          write(async (db) => {
            await this.fence(db);
            await saveAliases(db, aliases);
          }),
        generation: () => read((db) => dedupGeneration(db)),
      },
      sources: {
        get: (sourceId) => read((db) => getSourceState(db, sourceId)),
        all: () => read((db) => listSourceStates(db)),
        save: (state) => write((db) => saveSourceState(db, state)),
        enable: (sourceId) => write((db) => enableSource(db, sourceId)),
        storeFailures: () => read((db) => listStoreFailures(db)),
        recordStoreFailure: (sourceId, failure) => write((db) => recordStoreFailure(db, sourceId, failure)),
        claimDue: async (claim) => {
          const fingerprint = this.fingerprintOf(claim.sources);
          const claimed = () =>
            read(async (db) => {
              await this.holdLiveness(claim.owner);
              return claimDueSources(db, claim, fingerprint);
            });
          const first = await claimed();
          if (first.listCurrent) return first.ids;
          // The rows hold another list (a new config, or this poller's first claim): write this one, claim again.
          await write((db) => savePolledSources(db, claim.sources, fingerprint));
          return (await claimed()).ids;
        },
        releaseLease: (sourceId, owner) => write((db) => releaseSourceLease(db, sourceId, owner)),
      },
      documents: {
        all: () => read((db) => getPublishedDocuments(db)),
        replace: (documents) => write((db) => savePublishedDocuments(db, documents)),
      },
      cycles: {
        record: (cycle) => write((db) => recordPollCycle(db, cycle)),
        last: () => read((db) => getLastPollCycle(db)),
      },
    };
  }
}

/** Rows page by page (keyset on id), each page its own query. */
function pages<T extends { id: number }>(page: (afterId: number) => Promise<T[]>): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      let afterId = 0;
      for (;;) {
        const rows = await page(afterId);
        yield* rows;
        if (rows.length < PAGE_SIZE) return;
        afterId = rows[rows.length - 1]!.id;
      }
    },
  };
}
