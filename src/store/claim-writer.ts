// Waiting for the writer lock, the same for every backend: each backend only says how to try once
// (SQLite: a lock held on a file beside the database; PostgreSQL: an advisory lock).
import { setTimeout as sleep } from 'node:timers/promises';
import { WriterBusyError, type WriterClaim, type WriterHolder } from './store.js';

/** One attempt: the lock, or who holds it (null when that is not known yet, e.g. it is just starting). */
export type WriterAttempt<L> = { lock: L } | { holder: WriterHolder | null };

/** How often a waiting process tries again. */
const RETRY_MS = 250;

/**
 * Tries `tryTake` until it yields the lock or the claim's wait for the current holder has run out
 * (then WriterBusyError, naming the holder). `location` names the database in messages.
 */
export async function claimWriter<L>(
  tryTake: () => WriterAttempt<L> | Promise<WriterAttempt<L>>,
  claim: WriterClaim,
  location: string,
): Promise<L> {
  const started = Date.now();
  let announced = false;
  for (;;) {
    const attempt = await tryTake();
    if ('lock' in attempt) return attempt.lock;
    const waitMs = claim.waitMs(attempt.holder);
    const waited = Date.now() - started;
    if (waited >= waitMs) {
      const gaveUp = waitMs > 0 ? ` (waited ${Math.round(waited / 1000)} s)` : '';
      // "When it has finished" would be never for `run`, which ends only when stopped (and polls the sources itself).
      const then = attempt.holder?.command.startsWith('run')
        ? 'it runs until stopped and polls the sources itself; stop it first to run this'
        : 'run this again when it has finished';
      throw new WriterBusyError(
        attempt.holder,
        `another process is writing "${location}": ${describeHolder(attempt.holder)}${gaveUp}; ${then}`,
      );
    }
    if (!announced) {
      announced = true;
      const upTo = Number.isFinite(waitMs) ? ` up to ${Math.round(waitMs / 1000)} s` : '';
      // Only a `run` waits for a `run`, meant for a restart's old process finishing its cycle; a second
      // `npm start` beside a running one otherwise waited the full time with nothing saying it never ends.
      const never = attempt.holder?.command.startsWith('run')
        ? ' (a run writes until it is stopped: if that one is not stopping, stop it or this one)'
        : '';
      claim.onWait?.(`waiting${upTo} for ${describeHolder(attempt.holder)} to finish writing "${location}"${never}`);
    }
    await sleep(Math.min(RETRY_MS, waitMs - waited));
  }
}

/** "pid 4711 (poll --once on host nas, since 2026-03-01T12:00:00.000Z)". */
export function describeHolder(holder: WriterHolder | null): string {
  if (!holder) return 'a process that is just starting';
  return `pid ${holder.pid} (${holder.command} on host ${holder.host}, since ${holder.since})`;
}
