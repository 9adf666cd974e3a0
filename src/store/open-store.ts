// Which backend a `database` setting names: a file path (or ":memory:") is SQLite, the embedded
// default; a postgres:// URL is PostgreSQL.
import { openSqliteStore } from './sqlite/sqlite-store.js';
import { StoreError, type Store, type WriterClaim } from './store.js';

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
}

/**
 * Opens the store that `database` names, migrating its schema. Throws StoreError when it cannot,
 * WriterBusyError when another process is writing.
 */
export async function openStore(database: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(database)) {
    throw new StoreError(`Cannot open "${redactedUrl(database)}": the PostgreSQL store is not available in this version`);
  }
  return openSqliteStore(database, options);
}

/** A database URL without its password, for messages. */
export function redactedUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
