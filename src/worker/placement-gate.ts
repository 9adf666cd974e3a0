// When the placer (`run --role place`) places: once the pollers' items stop arriving, so that a
// poll round's items are placed together, in the engine's order, as one process places a cycle.
// Placed as they commit (every second), the items of one round went into the engine in a dozen
// batches in commit order; the stories then depend on which polls happened to commit first
// (BENCHMARKS.md, "Scale-out on PostgreSQL": placing the round at once agreed more with one
// process's stories). Pure: the caller reads what is pending and the clock.
import type { PendingSummary } from '../store/store.js';

/**
 * Items still arriving if what is pending changed within this time. The pollers' commits follow
 * each other within milliseconds while a round runs; gaps of seconds come from slow answers at its
 * end (the benchmark's slow feeds take 2 s). A poller that finds nothing due stores nothing, so idle
 * pollers' looks (every second) do not keep the placer waiting.
 */
export const ITEMS_QUIET_MS = 3_000;
/**
 * The longest the placer waits for quiet after it first saw an item pending: under a continuous
 * stream (many pollers, sources always falling due) it places anyway, so an item reaches the feeds
 * within this time plus one placement.
 */
export const MAX_PLACEMENT_DELAY_MS = 30_000;

export interface GateTimes {
  quietMs: number;
  maxDelayMs: number;
}

export class PlacementGate {
  private last: PendingSummary = { items: 0, newestId: 0 };
  private changedAt = 0;
  private waitingSince: number | null = null;

  constructor(private readonly times: GateTimes = { quietMs: ITEMS_QUIET_MS, maxDelayMs: MAX_PLACEMENT_DELAY_MS }) {}

  /**
   * Whether to place now (`nowMs`), given what is pending: something is, and either nothing came
   * in for the quiet time or the first of it has waited the longest delay.
   */
  ready(pending: PendingSummary, nowMs: number): boolean {
    const changed = pending.items !== this.last.items || pending.newestId !== this.last.newestId;
    this.last = pending;
    if (pending.items === 0) {
      this.waitingSince = null;
      return false;
    }
    if (changed) this.changedAt = nowMs;
    this.waitingSince ??= nowMs;
    return nowMs - this.changedAt >= this.times.quietMs || nowMs - this.waitingSince >= this.times.maxDelayMs;
  }

  /** How long the items about to be placed have waited (since first seen pending), ms. */
  waited(nowMs: number): number {
    return this.waitingSince === null ? 0 : nowMs - this.waitingSince;
  }

  /** After a placement: whatever is pending next (it came in during the placement) waits anew. */
  placed(): void {
    this.last = { items: 0, newestId: 0 };
    this.waitingSince = null;
  }
}
