// Reaching PostgreSQL: the pool, how rows' types come back, and what a driver error means.
// Only store/postgres imports pg.
import pg from 'pg';
import { StoreFailure, type StoreFailureKind } from '../store.js';

/** A pool or one checked-out connection: what every table module's functions take. */
export type Queryable = pg.Pool | pg.PoolClient;

/** A connection of its own (LISTEN needs one that stays open). */
export type Connection = pg.Client;

// bigint (item ids, counts) as a JS number: ids stay far below 2^53, and our types say number.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A pool on `url`; errors of idle connections (a server restart) are handed to `onIdleError` instead of crashing the process. */
export function createPool(url: string, onIdleError: (error: Error) => void, max = 8): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
  pool.on('error', onIdleError);
  return pool;
}

/** One connection outside the pool (for LISTEN). */
export function createConnection(url: string): Connection {
  return new pg.Client({ connectionString: url, types });
}

/** The SQLSTATE code of a server error, or the system code (ECONNREFUSED …) of a connection error. */
function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** Whether `error` came from the driver or the server (rather than our own code). */
export function isDriverError(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) return true;
  const code = errorCode(error);
  if (code && /^E[A-Z]+$/.test(code)) return true;
  return (
    error instanceof Error && /Connection terminated|connection timeout|Client has encountered a connection error/i.test(error.message)
  );
}

/** What kind of failure a driver error means (SQLSTATE classes, PostgreSQL manual appendix A). */
export function failureKind(error: unknown): StoreFailureKind {
  const code = errorCode(error) ?? '';
  if (code === '53100') return 'full'; // disk_full
  if (code === '40P01' || code === '40001' || code === '55P03') return 'locked'; // deadlock, serialization, lock not available
  if (code === 'XX001' || code === 'XX002') return 'corrupt'; // data_corrupted, index_corrupted
  if (code === '25006') return 'read-only';
  if (code.startsWith('08') || code.startsWith('57P') || code.startsWith('53') || /^E[A-Z]+$/.test(code) || !code) return 'io';
  return 'other';
}

/** A driver error as a StoreFailure with its kind; anything else unchanged. */
export function asFailure(error: unknown): unknown {
  if (error instanceof StoreFailure || !isDriverError(error)) return error;
  return new StoreFailure(failureKind(error), (error as Error).message, { cause: error });
}

/** Whether a transaction failed only because of another one (deadlock, serialization): worth running again. */
export function isRetryable(error: unknown): boolean {
  const code = errorCode(error);
  return code === '40P01' || code === '40001';
}
