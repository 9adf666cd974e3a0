// Which backend a `database` setting names: a file path (or ":memory:") is SQLite, the embedded
// default; a postgres:// URL is PostgreSQL.
import { openPostgresStore } from './postgres/postgres-store.js';
import { hostname } from 'node:os';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import { recordedWriter } from './sqlite/writer-lock.js';
import type { Store, StoreLog, WriterClaim, WriterHolder } from './store.js';

export interface OpenStoreOptions {
  /** Refuse to create the database when it does not exist yet (commands that only read stored data). */
  mustExist?: boolean;
  /**
   * Open as the database's one writer (`run` with polling, `poll --once`, `recluster`): the writer
   * lock is taken first (waiting as the claim says, else WriterBusyError), then the integrity check
   * must pass (else StoreError), then the schema is migrated.
   */
  writer?: WriterClaim;
  /** A reader that runs for long (`serve`): check integrity at open too, and report a damage through `check()` instead of refusing. */
  checkIntegrity?: boolean;
  /**
   * Where a store that can lose its server (PostgreSQL) tells of an outage and of its end, one line each,
   * and SQLite of a last checkpoint that failed at close.
   */
  log?: StoreLog;
}

/**
 * Opens the store that `database` names, migrating its schema. Throws StoreError when it cannot,
 * WriterBusyError when another process is writing.
 */
export async function openStore(database: string, options: OpenStoreOptions = {}): Promise<Store> {
  // PostgreSQL: the writer lock is an advisory lock; pollers (role poll) open without it and share
  // the sources through leases. Integrity is the server's business.
  if (isPostgresUrl(database))
    return openPostgresStore(database, { mustExist: options.mustExist, writer: options.writer, log: options.log });
  return openSqliteStore(database, options);
}

/** Whether a `database` setting names a PostgreSQL database. */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

/**
 * The `run` that polls this SQLite database on this host now, or null: what `sources add` names so that
 * the operator reloads it (a config edit reaches a running service only at SIGHUP). A hint, read from the
 * writer lock's record and whether its pid lives; PostgreSQL roles run anywhere, so null for them.
 */
export function runningService(database: string): WriterHolder | null {
  if (isPostgresUrl(database) || database === ':memory:') return null;
  const holder = recordedWriter(database);
  if (!holder || !holder.command.startsWith('run') || holder.host !== hostname() || holder.pid === process.pid) return null;
  try {
    process.kill(holder.pid, 0);
    return holder;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? holder : null; // EPERM: alive, another user's
  }
}
