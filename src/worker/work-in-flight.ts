// What a stopping process still waits for, said once when the stop begins: a slow feed can hold a stop
// for up to fetch.timeoutSeconds, and a large placement for seconds, and silence for that long looked
// like a hang. One record for `run`, `run --role poll` and `run --role place` alike.
import type { Log, LogFields } from '../log.js';

export class WorkInFlight {
  private readonly sources = new Set<string>();
  private work: { what: string; fields: LogFields } | null = null;

  /** Sources about to be polled: a cycle's due ones, or a poller's claim. */
  polling(sourceIds: readonly string[]): void {
    for (const id of sourceIds) this.sources.add(id);
  }

  /** A source's poll is stored (or gave up). */
  polled(sourceId: string): void {
    this.sources.delete(sourceId);
  }

  /** Work other than polling; `what` ends the record's message ("3 items being placed"). */
  doing(what: string, fields: LogFields = {}): void {
    this.work = { what, fields };
  }

  /** The cycle, round or task ended: nothing is in flight. */
  done(): void {
    this.sources.clear();
    this.work = null;
  }

  /** Logs what the stop waits for (nothing when nothing is in flight); `timeoutSeconds` bounds a fetch. */
  logStopWait(log: Log, timeoutSeconds: number): void {
    const count = this.sources.size;
    if (count > 0) {
      log.info(`stopping: waiting for ${count} ${count === 1 ? 'source' : 'sources'} still polling`, {
        sources: [...this.sources].join(', '),
        timeoutSeconds,
      });
    }
    if (this.work) log.info(`stopping: waiting for ${this.work.what}`, this.work.fields);
  }
}
