// Whether a feedmerge instance should get traffic: its store answers and its feeds are being
// kept current. Failing sources do not make it unready, not even all of them: it still serves the
// stories it has, and every replica polls the same upstreams, so a readiness probe that failed with
// them would take every replica out of the service at once (a 503 for readers instead of the last
// good feeds) and fix nothing. They are reported here, and alerted on through the per-source metrics.
import type { Readiness } from './http-server.js';
import type { ServiceFacts } from './service-facts.js';

/**
 * Judges the facts at `now`: not ready when no poll cycle was ever recorded, or when the last one
 * finished more than two schedule periods ago (the poller is stopped, stuck or failing to write).
 */
export function judgeReadiness(facts: ServiceFacts, now: Date, periodSeconds: number): Readiness {
  const maxAgeSeconds = 2 * periodSeconds;
  const finishedAt = facts.lastCycle?.finishedAt ?? null;
  const ageSeconds = finishedAt === null ? null : Math.max(0, Math.round((now.getTime() - Date.parse(finishedAt)) / 1000));
  const enabled = facts.sources.filter((s) => s.enabled);
  const failing = enabled.filter((s) => s.consecutiveFailures > 0).map((s) => s.id);
  const summary = {
    lastCycleFinishedAt: finishedAt,
    lastCycleAgeSeconds: ageSeconds,
    maxCycleAgeSeconds: maxAgeSeconds,
    lastCycleSourcesPolled: facts.lastCycle?.sourcesPolled ?? null,
    lastCycleSourcesFailed: facts.lastCycle?.sourcesFailed ?? null,
    sources: facts.sources.length,
    sourcesDisabled: facts.sources.length - enabled.length,
    sourcesEnabled: enabled.length,
    sourcesFailingCount: failing.length,
    sourcesFailing: failing,
    /** Said in words when no source is being kept current: still ready, but nothing new is coming in. */
    warning:
      enabled.length > 0 && failing.length === enabled.length
        ? `every enabled source is failing (${failing.length} of ${enabled.length})`
        : null,
    stories: facts.stories,
  };
  if (ageSeconds === null) return { ready: false, reason: 'no poll cycle recorded yet', facts: summary };
  if (ageSeconds > maxAgeSeconds)
    return {
      ready: false,
      reason: `last poll cycle finished ${ageSeconds} s ago (${finishedAt}), more than two schedule periods (${maxAgeSeconds} s)`,
      facts: summary,
    };
  return { ready: true, reason: null, facts: summary };
}

/**
 * Readiness when the facts could not be read at all. The answer says only "store unavailable": the
 * store's message names the database (a PostgreSQL server's host and port, a file's path) and the
 * driver's own words, which are for the operator's log (`detail`), not for whoever asks /readyz.
 */
export function storeUnavailable(error: unknown): Readiness {
  return { ready: false, reason: 'store unavailable', detail: error instanceof Error ? error.message : String(error), facts: {} };
}
