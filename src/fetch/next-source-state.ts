// What one poll does to a source's state: validators, errors, backoff, redirects and when to poll next.
// Pure: the clock, the cron tick (cron-schedule.ts, in the source's time zone) and randomness come in through `context`.
import type { PublisherHints, SourceState } from '../model.js';
import type { FailureCause } from './failure-cause.js';
import type { CacheHints, FetchOutcome } from './fetch-feed.js';

export interface PollPolicy {
  /** Never poll a source more often than this, whatever the schedule or a publisher says. */
  minIntervalMs: number;
  /** A publisher's hints may lengthen the schedule up to this much, no further. */
  maxIntervalMs: number;
  /** Failure backoff (and Retry-After) stops growing here. */
  maxBackoffMs: number;
  /** Polls in a row that must see the same permanent redirect before currentUrl moves. */
  redirectConfirmations: number;
}

/** A fetch outcome, or a fetched body that could not be parsed as a feed. */
export type PollResult = FetchOutcome | { kind: 'parse-failed'; status: number; cause: FailureCause; error: string };

export interface PollContext {
  now: Date;
  /**
   * The scheduler's minute tick that started this poll's cycle, when one did (`run`'s cycle at the
   * start of a minute, not queued behind another): waits count from it. Absent for every other poll
   * (the cycle at start or after a reload, one queued behind a long cycle, `run --role poll`,
   * `poll --once`): waits count from `now`, so none of them comes sooner than the minimum interval.
   */
  tick?: Date;
  /** The next tick of the source's cron schedule after `now`. */
  scheduledNext: Date;
  /** Hints from the feed just parsed; null when nothing was parsed (304, unchanged body, failure). */
  hints: PublisherHints | null;
  policy: PollPolicy;
  /** In [0, 1): spreads the backoff of sources that failed together. */
  random: () => number;
  /** Hash of the body now stored (the new one after an ingest, else the previous one). */
  bodyHash: string | null;
  /**
   * The warning of the feed just parsed (null: it was whole). Undefined when nothing was parsed (304,
   * unchanged body, failure): the warning of the last parsed body stands, as its items do.
   */
  warning?: string | null;
}

/**
 * The state after one poll. Success stores the new validators and clears errors (and a warning, when
 * the body parsed was whole); failures back off;
 * 410 disables the source until the operator re-enables it (`feedmerge sources enable <id>` clears
 * disabledReason); a permanent redirect moves currentUrl only after `redirectConfirmations` polls in a row.
 */
export function nextSourceState(state: SourceState, result: PollResult, context: PollContext): SourceState {
  const { now, policy } = context;
  const base: SourceState = { ...state, lastFetchAt: now.toISOString(), lastStatus: result.status };

  switch (result.kind) {
    case 'fetched':
    case 'not-modified': {
      // A 304 or an unchanged body is not parsed: the hints of the last parsed body still hold.
      const hints = context.hints ?? state.publisherHints;
      const hintedMs = publisherWish(hints, result.cache, context);
      const next = scheduleAfterSuccess(context, hintedMs, hints);
      return {
        ...base,
        publisherHints: hints,
        ...followRedirect(state, result.permanentRedirect, policy.redirectConfirmations),
        etag: result.kind === 'fetched' ? result.etag : (result.etag ?? state.etag),
        lastModified: result.kind === 'fetched' ? result.lastModified : (result.lastModified ?? state.lastModified),
        bodyHash: result.kind === 'fetched' ? (context.bodyHash ?? state.bodyHash) : state.bodyHash,
        warning: context.warning === undefined ? state.warning : context.warning,
        lastSuccessAt: now.toISOString(),
        lastError: null,
        lastErrorCause: null,
        consecutiveFailures: 0,
        nextPollAt: new Date(next).toISOString(),
      };
    }
    case 'gone':
      // No next poll: the source waits for the operator, and polls at once when re-enabled.
      return {
        ...base,
        lastError: oneLine(result.error),
        lastErrorCause: result.cause,
        consecutiveFailures: state.consecutiveFailures + 1,
        disabledReason: 'HTTP 410 Gone',
        nextPollAt: null,
      };
    case 'retry-later': {
      const failures = state.consecutiveFailures + 1;
      const next =
        result.retryAt !== null && Number.isFinite(Date.parse(result.retryAt))
          ? honourRetryAfter(context, Date.parse(result.retryAt))
          : backoff(context, failures);
      return failedState(base, result, failures, next);
    }
    case 'failed':
    case 'parse-failed': {
      // Failures neither confirm nor reset a pending redirect: they say nothing about where the feed lives.
      const failures = state.consecutiveFailures + 1;
      const next = backoff(context, failures);
      return failedState(base, result, failures, next);
    }
  }
}

const minuteMs = 60_000;

/**
 * Where waits (the minimum interval, a publisher's ttl or max-age, backoff) count from: the tick that
 * started the cycle, else the poll's own time. A cycle starts a few milliseconds after its tick, and
 * "poll time + 5 min" then lands just after the tick 5 min later, which the cycle there does not see
 * as due, so `*\/5` with the default 5-minute minimum (or a 1-minute schedule with `max-age=60`)
 * polled every other tick. Only a cycle the tick started may count from it: any other poll can run
 * anywhere in its minute, and counted from the minute's start, 59 s of a 1-minute minimum were lost.
 * (max-age is a time the response gives, cache-hints.ts; it moves back by the same lead.)
 */
function waitsFrom(context: PollContext): number {
  const nowMs = context.now.getTime();
  return context.tick ? Math.min(context.tick.getTime(), nowMs) : nowMs;
}

/**
 * How far max-age's end moves back to stay on the tick's grid: the time from the tick that started the
 * cycle to the request, up to a minute. A `*\/5` schedule with `max-age=300` then polls at the next tick, not
 * just after it (waitsFrom); a request that waited longer (behind the per-host limit) keeps the rest of its
 * wait, where counting from the tick, as before, polled again that much too early. No tick: no lead.
 */
function tickLead(context: PollContext, requestSentAt: string | null): number {
  const sentMs = requestSentAt ? Date.parse(requestSentAt) : NaN;
  if (!context.tick || !Number.isFinite(sentMs)) return context.now.getTime() - waitsFrom(context);
  return Math.min(Math.max(0, sentMs - context.tick.getTime()), minuteMs);
}

const dayNames = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** The latest time any freshness hint asks us to wait until, or null. */
function publisherWish(hints: PublisherHints | null, cache: CacheHints, context: PollContext): number | null {
  const fromMs = waitsFrom(context);
  const wishes: number[] = [];
  if (hints?.ttlMinutes) wishes.push(fromMs + hints.ttlMinutes * minuteMs);
  if (hints?.updateIntervalMinutes) wishes.push(fromMs + hints.updateIntervalMinutes * minuteMs);
  const freshUntil = cache.freshUntil ? Date.parse(cache.freshUntil) : NaN;
  if (Number.isFinite(freshUntil)) wishes.push(freshUntil - tickLead(context, cache.requestSentAt));
  if (cache.expires) {
    const expires = Date.parse(cache.expires);
    if (Number.isFinite(expires)) wishes.push(expires);
  }
  return wishes.length === 0 ? null : Math.max(...wishes);
}

/**
 * The configured schedule, lengthened (never shortened) by the publisher's wish and skipHours/skipDays;
 * the lengthening is capped at maxInterval, and nothing comes sooner than minInterval.
 */
function scheduleAfterSuccess(context: PollContext, wishMs: number | null, hints: PublisherHints | null): number {
  const { policy } = context;
  const fromMs = waitsFrom(context);
  const scheduled = context.scheduledNext.getTime();
  let wanted = Math.max(scheduled, wishMs ?? scheduled);
  if (hints) wanted = skipForbidden(wanted, hints);
  const capped = Math.min(wanted, fromMs + policy.maxIntervalMs);
  // An operator's schedule longer than maxInterval is respected: maxInterval limits only the publisher.
  return Math.max(scheduled, capped, fromMs + policy.minIntervalMs);
}

/** Moves `ms` forward to the first hour not in skipHours on a day not in skipDays (RSS 2.0: hours in GMT). */
function skipForbidden(ms: number, hints: PublisherHints): number {
  // Some feeds write 24 for midnight.
  const skipHours = new Set(hints.skipHours.map((h) => h % 24));
  const skipDays = new Set(hints.skipDays.map((d) => d.trim().toLowerCase()));
  if (skipHours.size >= 24 || dayNames.every((d) => skipDays.has(d))) return ms; // asks never to be polled: ignore
  let at = ms;
  for (let i = 0; i < 8 * 24; i++) {
    const date = new Date(at);
    if (skipDays.has(dayNames[date.getUTCDay()]!)) {
      at = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
    } else if (skipHours.has(date.getUTCHours())) {
      at = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours() + 1);
    } else {
      return at;
    }
  }
  return ms;
}

/** Exponential backoff from the schedule's own interval, with jitter, capped at maxBackoff. */
function backoff(context: PollContext, failures: number): number {
  const { policy } = context;
  const fromMs = waitsFrom(context);
  const scheduled = context.scheduledNext.getTime();
  const interval = Math.max(policy.minIntervalMs, scheduled - fromMs);
  const exponential = Math.min(policy.maxBackoffMs, interval * 2 ** Math.min(failures - 1, 40));
  // Jitter only downwards (to 80 %) so the cap holds; doubling still outgrows it, so delays keep growing.
  const delay = exponential * (0.8 + 0.2 * clampUnit(context.random()));
  return Math.max(scheduled, fromMs + policy.minIntervalMs, fromMs + delay);
}

/**
 * Retry-After as asked (its seconds, or its date less the response's Date, counted from the response's receipt by
 * the fetch, RFC 9110 §10.2.3), but
 * within [minInterval, maxBackoff] and never before the schedule.
 */
function honourRetryAfter(context: PollContext, retryAtMs: number): number {
  const { policy } = context;
  const fromMs = waitsFrom(context);
  return Math.max(context.scheduledNext.getTime(), fromMs + policy.minIntervalMs, Math.min(retryAtMs, fromMs + policy.maxBackoffMs));
}

/** Counts sightings of a permanent redirect; moves currentUrl once confirmed. */
function followRedirect(
  state: SourceState,
  target: string | null,
  confirmations: number,
): Pick<SourceState, 'currentUrl' | 'redirectTarget' | 'redirectSeen'> {
  if (target === null || target === state.currentUrl) return { currentUrl: state.currentUrl, redirectTarget: null, redirectSeen: 0 };
  const seen = target === state.redirectTarget ? state.redirectSeen + 1 : 1;
  if (seen >= confirmations) return { currentUrl: target, redirectTarget: null, redirectSeen: 0 };
  return { currentUrl: state.currentUrl, redirectTarget: target, redirectSeen: seen };
}

function clampUnit(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0.5;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

/** A failed poll's state: its error line and cause, the failures in a row, and when to try again (ms). */
function failedState(base: SourceState, result: { error: string; cause: FailureCause }, failures: number, next: number): SourceState {
  return {
    ...base,
    lastError: oneLine(result.error),
    lastErrorCause: result.cause,
    consecutiveFailures: failures,
    nextPollAt: new Date(next).toISOString(),
  };
}
