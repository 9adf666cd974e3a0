// What a stopping process still waits for, said once when the stop begins, and again when work begins
// after it (a claim on its way at the signal): a slow feed can hold a stop for up to fetch.timeoutSeconds,
// and a large placement for seconds, and silence for that long looked like a hang. One record for `run`,
// `run --role poll` and `run --role place` alike.
import type { Log, LogFields } from '../log.js';

export class WorkInFlight {
  private readonly sources = new Set<string>();
  private work: { what: string; fields: LogFields } | null = null;
  /** Set by logStopWait: work that begins after it (a claim or a cycle's due list on its way when the stop came) is named as it begins. */
  private stop: { log: Log; timeoutSeconds: number } | null = null;

  /** Sources about to be polled: a cycle's due ones, or a poller's claim. */
  polling(sourceIds: readonly string[]): void {
    for (const id of sourceIds) this.sources.add(id);
    // Before, a claim that came back after the stop began had its sources polled without a word (with nothing
    // else in flight, no record at all): the stop waits for them too.
    if (this.stop && sourceIds.length > 0) this.logSources(this.stop.log, this.stop.timeoutSeconds);
  }

  /** A source's poll is stored (or gave up). */
  polled(sourceId: string): void {
    this.sources.delete(sourceId);
  }

  /** Work other than polling; `what` ends the record's message ("3 items being placed"). */
  doing(what: string, fields: LogFields = {}): void {
    this.work = { what, fields };
    if (this.stop) this.stop.log.info(`stopping: waiting for ${what}`, fields);
  }

  /** The cycle, round or task ended: nothing is in flight. */
  done(): void {
    this.sources.clear();
    this.work = null;
  }

  /**
   * Logs what the stop waits for (nothing when nothing is in flight); `timeoutSeconds` bounds a fetch. Work
   * begun after this call is logged as it begins, the same way.
   */
  logStopWait(log: Log, timeoutSeconds: number): void {
    this.stop = { log, timeoutSeconds };
    if (this.sources.size > 0) this.logSources(log, timeoutSeconds);
    if (this.work) log.info(`stopping: waiting for ${this.work.what}`, this.work.fields);
  }

  /** Every source still polling, by id. */
  private logSources(log: Log, timeoutSeconds: number): void {
    const count = this.sources.size;
    log.info(`stopping: waiting for ${count} ${count === 1 ? 'source' : 'sources'} still polling`, {
      sources: [...this.sources].join(', '),
      timeoutSeconds,
    });
  }
}
