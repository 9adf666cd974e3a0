// The Prometheus metrics, served at GET /metrics. Two kinds:
// - from the store, read at scrape time: per-source state and items, the last poll cycle. Every
//   process on the database reports the same values (`serve` beside a `poll --once` from cron too);
// - process-local: counters only the polling process can know (fetches by outcome, items ingested,
//   dedup decisions, publish time), searches the serving process refused, and the default process
//   metrics (CPU, memory, event loop, GC). Under `serve` alone the poller counters stay 0: the poller
//   is another process.
// With HTTP workers (node:cluster) the primary sums every process's local metrics with
// prom-client's aggregator. The registries are our own, not prom-client's global one, so tests
// and several instances in one process do not collide.
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ServiceFacts } from './publish/service-facts.js';

const registry = new Registry();

/** This process's own metrics. */
export const metrics = {
  registry,
  /** Fetch attempts by outcome (ingested, unchanged, not-modified, failed …), by this process. */
  fetches: new Counter({
    name: 'feedmerge_fetches_total',
    help: 'Feed fetch attempts by outcome, counted by the polling process since it started',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  itemsIngested: new Counter({
    name: 'feedmerge_items_ingested_total',
    help: 'New items stored by the polling process since it started',
    registers: [registry],
  }),
  /** Polls whose feed was stored though not whole (cut off); `feedmerge sources` names the source. */
  feedWarnings: new Counter({
    name: 'feedmerge_feed_warnings_total',
    help: 'Polls whose feed was cut off (its whole items stored), by the polling process since it started',
    registers: [registry],
  }),
  /** Dedup placements by rule (new-story, same-link, near-duplicate …). */
  dedupDecisions: new Counter({
    name: 'feedmerge_dedup_decisions_total',
    help: 'Dedup decisions by rule, by the polling process since it started',
    labelNames: ['rule'] as const,
    registers: [registry],
  }),
  /** Store operations that failed, by kind (full, locked, corrupt, read-only, io, other). */
  storeFailures: new Counter({
    name: 'feedmerge_store_failures_total',
    help: 'Failed store operations (a poll not stored, a placement, publishing, retention) by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  }),
  /**
   * Searches answered 503 because as many as allowed were running (service-status.ts). Counted, not
   * logged: a line per refusal would let any client write to the log at will (http-server.ts).
   */
  searchesRefused: new Counter({
    name: 'feedmerge_searches_refused_total',
    help: 'Searches answered 503 (too many at once), by the serving process since it started',
    registers: [registry],
  }),
  publishDuration: new Histogram({
    name: 'feedmerge_publish_duration_seconds',
    help: 'Time to render and write all outputs',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  }),
};

let collectingProcessMetrics = false;

/** Adds the default process metrics (CPU, memory, event loop lag, GC) to this process's registry, once. */
export function collectProcessMetrics(): void {
  if (collectingProcessMetrics) return;
  collectingProcessMetrics = true;
  collectDefaultMetrics({ register: registry });
}

/** This process's metrics in prom-client's JSON form, for the cluster primary to add up. */
export function processMetricsJson(): Promise<object[]> {
  return registry.getMetricsAsJSON();
}

function storeRegistry(facts: ServiceFacts | null, httpWorkers: number): Registry {
  const store = new Registry();
  // Only the primary (or the single process) reports these: "first" keeps the value as it is.
  const gauge = (name: string, help: string, labelNames: readonly string[] = []): Gauge =>
    new Gauge({ name, help, labelNames, registers: [store], aggregator: 'first' });
  gauge('feedmerge_store_up', 'Whether the store could be read at this scrape (1) or not (0)').set(facts ? 1 : 0);
  gauge('feedmerge_http_workers', 'HTTP worker processes serving (0: the process itself serves)').set(httpWorkers);
  if (!facts) return store;
  const lastCycle = gauge('feedmerge_last_poll_cycle_timestamp_seconds', 'Unix time at which the last poll cycle finished (any process)');
  if (facts.lastCycle) lastCycle.set(Date.parse(facts.lastCycle.finishedAt) / 1000);
  gauge('feedmerge_stories', 'Stories stored').set(facts.stories);
  const enabled = gauge('feedmerge_source_enabled', 'Whether a source is polled (0: disabled in the config or by HTTP 410)', ['source']);
  const failures = gauge('feedmerge_source_consecutive_failures', 'Failed polls in a row per source (0 after a success)', ['source']);
  const lastSuccess = gauge('feedmerge_source_last_success_timestamp_seconds', 'Unix time of the last successful poll per source', [
    'source',
  ]);
  const items = gauge('feedmerge_source_items', 'Items stored per source', ['source']);
  const warning = gauge(
    'feedmerge_source_feed_warning',
    'Whether the last feed parsed from a source was not whole (cut off; `feedmerge sources` says how): 1, else 0',
    ['source'],
  );
  for (const source of facts.sources) {
    const labels = { source: source.id };
    enabled.set(labels, source.enabled ? 1 : 0);
    failures.set(labels, source.consecutiveFailures);
    if (source.lastSuccessAt) lastSuccess.set(labels, Date.parse(source.lastSuccessAt) / 1000);
    items.set(labels, source.items);
    warning.set(labels, source.warning ? 1 : 0);
  }
  return store;
}

/**
 * The text exposition: the store's facts (null when the store could not be read) as gauges, this
 * process's metrics and, under node:cluster, the HTTP workers' (`workers`, from processMetricsJson),
 * summed per metric and labels (prom-client's aggregators; e.g. process CPU is the sum of all processes).
 */
export async function metricsExposition(
  facts: ServiceFacts | null,
  workers: readonly object[][] = [],
): Promise<{ contentType: string; text: string }> {
  const store = storeRegistry(facts, workers.length);
  const combined =
    workers.length === 0
      ? Registry.merge([store, registry])
      : AggregatorRegistry.aggregate([await store.getMetricsAsJSON(), await registry.getMetricsAsJSON(), ...workers]);
  // prom-client prints NaN as "Nan" (e.g. the event-loop lag before its first sample); the text
  // format spells it "NaN", and strict parsers reject the other spelling.
  const text = (await combined.metrics()).replace(/ Nan$/gm, ' NaN');
  return { contentType: combined.contentType, text };
}
