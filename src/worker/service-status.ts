// /readyz and /metrics of a running service, read from the store at request time.
import type { Config } from '../config/schema.js';
import { collectProcessMetrics, metricsExposition } from '../metrics.js';
import { judgeReadiness, storeUnavailable } from '../publish/readiness.js';
import { schedulePeriodSeconds } from '../cron-schedule.js';
import { readServiceFacts, type ServiceFacts } from '../publish/service-facts.js';
import type { Store } from '../store/store.js';
import type { PrimaryStatus } from './http-workers.js';

/** Readiness and metrics of the service on `store`; `metrics` takes the HTTP workers' process metrics, if any. */
export function createServiceStatus(config: Config, store: Store): PrimaryStatus {
  const periodSeconds = schedulePeriodSeconds(config.schedule);
  collectProcessMetrics();
  return {
    async readiness() {
      try {
        return judgeReadiness(await readServiceFacts(store, config), new Date(), periodSeconds);
      } catch (error) {
        return storeUnavailable(error);
      }
    },
    async metrics(workers = []) {
      let facts: ServiceFacts | null = null;
      try {
        facts = await readServiceFacts(store, config);
      } catch {
        // Reported as feedmerge_store_up 0; the process metrics still matter then.
      }
      return metricsExposition(facts, workers);
    },
  };
}
