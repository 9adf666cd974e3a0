// The process's Prometheus metrics, in a registry of our own (not prom-client's global one),
// so tests and several app instances in one process do not collide. Served at GET /metrics.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

const registry = new Registry();

export const metrics = {
  registry,
  /** Fetch attempts by outcome (e.g. fetched, not-modified, error, gone). */
  fetches: new Counter({
    name: 'feedmerge_fetches_total',
    help: 'Feed fetch attempts by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  itemsIngested: new Counter({ name: 'feedmerge_items_ingested_total', help: 'New or updated items stored', registers: [registry] }),
  /** Dedup placements by rule (new-story, same-link, near-duplicate …). */
  dedupDecisions: new Counter({
    name: 'feedmerge_dedup_decisions_total',
    help: 'Dedup decisions by rule',
    labelNames: ['rule'] as const,
    registers: [registry],
  }),
  publishDuration: new Histogram({
    name: 'feedmerge_publish_duration_seconds',
    help: 'Time to render all outputs',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  }),
  /** Unix time (seconds) of each source's last successful fetch. */
  sourceLastSuccess: new Gauge({
    name: 'feedmerge_source_last_success_timestamp_seconds',
    help: 'Unix time of the last successful fetch per source',
    labelNames: ['source'] as const,
    registers: [registry],
  }),
};
