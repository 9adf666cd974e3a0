// A poller's sign of life: a session advisory lock on its lease owner name, held on a connection
// of its own. PostgreSQL drops the lock when that session ends in any way — kill -9 of the process
// included: the kernel closes the socket and the server ends the backend at once — so
// claimDueSources takes a dead poller's leased sources right away instead of waiting for the
// lease to run out (issue 11: "takeover within the lease").
//
// The lease stays the upper bound: a poller cut off without its socket closing (a machine that
// lost power, a network partition) keeps its lock until the server's TCP keepalive gives up, and
// until then its sources wait for their leases to end.
import { StoreFailure } from '../store.js';
import { createConnection, type Connection } from './connection.js';

/**
 * The advisory lock space of pollers: (this constant, hashtext(owner)). The writer lock uses
 * 742_819; owner names are unique per process, so a hash collision only makes a dead poller's
 * lease look alive (it then runs out as before).
 */
export const POLLER_LOCK = 742_820;

/** One poller's liveness lock; `held` turns false when its connection ends. */
export class PollerLiveness {
  held = true;

  constructor(
    readonly owner: string,
    private readonly connection: Connection,
  ) {
    connection.once('end', () => (this.held = false));
  }

  /** Ends the session, which releases the lock (and makes this poller's leases free at once). */
  async release(): Promise<void> {
    this.held = false;
    await this.connection.end().catch(() => undefined);
  }
}

/**
 * Takes `owner`'s liveness lock on a new connection of the database at `url`. Errors of that
 * connection once idle (a server restart) go to `onError` instead of crashing the process.
 */
export async function holdPollerLiveness(url: string, owner: string, onError: (error: Error) => void): Promise<PollerLiveness> {
  const connection = createConnection(url);
  connection.on('error', onError);
  try {
    await connection.connect();
    const { rows } = await connection.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [
      POLLER_LOCK,
      owner,
    ]);
    // Only a session of this same owner from before a lost connection, not yet ended by the server, can hold it.
    if (!rows[0]?.locked) throw new StoreFailure('locked', `the liveness lock of poller ${owner} is still held by an earlier session`);
  } catch (error) {
    await connection.end().catch(() => undefined);
    throw error;
  }
  return new PollerLiveness(owner, connection);
}
