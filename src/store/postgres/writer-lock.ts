// One writer (the process that places items in stories, and recluster) per PostgreSQL database:
// a session advisory lock held on a connection of its own. PostgreSQL releases it when that
// session ends in any way (kill -9 of the process included, as soon as the server sees the socket
// close), so a dead holder never needs to be detected. The holder's pid, host and command are
// written in writer_holder, so that another process can say who is writing.
//
// Taking the lock also bumps the dedup generation, and the store checks that generation in every
// placement it applies (a fencing token): a process that lost the lock (its connection dropped)
// and has not noticed yet cannot write after another has taken over, and every engine window
// built before the takeover is rebuilt.
import { hostname } from 'node:os';
import type { WriterAttempt } from '../claim-writer.js';
import type { WriterHolder } from '../store.js';
import { createConnection, type Connection } from './connection.js';

/**
 * The advisory lock of the writer: (this constant, a hash of the schema), so that deployments in
 * two schemas of one database do not share it. Migrations use another constant.
 */
export const WRITER_LOCK = 742_819;

/** A writer lock this process holds: the connection that holds it, and the generation it took it at. */
export class PostgresWriterLock {
  constructor(
    readonly connection: Connection,
    /** The dedup generation this holder set when it took the lock. */
    public generation: number,
  ) {}

  /** Ends the session, which releases the lock. */
  async release(): Promise<void> {
    await this.connection.end().catch(() => undefined);
  }
}

/** Tries once to take the writer lock of the database at `url` for `command`. */
export async function tryPostgresWriterLock(
  url: string,
  command: string,
  now: () => Date = () => new Date(),
): Promise<WriterAttempt<PostgresWriterLock>> {
  const connection = createConnection(url);
  // Errors of an idle connection (the server restarted) must not crash the process: the store watches 'end'.
  connection.on('error', () => undefined);
  await connection.connect();
  try {
    const { rows } = await connection.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext(current_schema())) AS locked', [
      WRITER_LOCK,
    ]);
    if (!rows[0]?.locked) {
      const holder = await connection.query<WriterHolder>('SELECT pid, host, command, since FROM writer_holder WHERE id = 1');
      await connection.end();
      return { holder: holder.rows[0] ?? null };
    }
    await connection.query('BEGIN');
    await connection.query(
      `INSERT INTO writer_holder (id, pid, host, command, since) VALUES (1, $1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, host = excluded.host, command = excluded.command, since = excluded.since`,
      [process.pid, hostname(), command, now().toISOString()],
    );
    const bumped = await connection.query<{ generation: number }>(
      'UPDATE dedup_meta SET generation = generation + 1 WHERE id = 1 RETURNING generation',
    );
    await connection.query('COMMIT');
    return { lock: new PostgresWriterLock(connection, bumped.rows[0]!.generation) };
  } catch (error) {
    await connection.end().catch(() => undefined);
    throw error;
  }
}
