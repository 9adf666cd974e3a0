// /readyz and /metrics of a running service, read from the store at request time.
import type { Config } from '../config/schema.js';
import { collectProcessMetrics, metrics, metricsExposition } from '../metrics.js';
import { SEARCH_BUSY } from '../publish/http-server.js';
import { judgeReadiness, storeUnavailable } from '../publish/readiness.js';
import { renderSearchPage } from '../publish/search-page.js';
import { searchStories } from '../publish/search-stories.js';
import { schedulePeriodSeconds } from '../cron-schedule.js';
import { readServiceFacts, type ServiceFacts } from '../publish/service-facts.js';
import type { Store } from '../store/store.js';
import type { PrimaryStatus } from './http-workers.js';

const MAX_CONCURRENT_SEARCHES = 2;

/**
 * Readiness, metrics and search of the service on `store`; `metrics` takes the HTTP workers' process
 * metrics, if any. `currentConfig` is asked at each request: a reload (SIGHUP) changes sources and schedule.
 * `filesProblem` says why the last publish could not write the files to publicDir (Publisher.filesProblem).
 */
export function createServiceStatus(
  currentConfig: () => Config,
  store: Store,
  filesProblem: () => string | null = () => null,
): PrimaryStatus {
  collectProcessMetrics();
  // A search reads up to thousands of stories: a few at a time, so searches cannot crowd out polling.
  let searching = 0;
  return {
    async search(query) {
      if (!query.trim()) return renderSearchPage(query, null);
      if (searching >= MAX_CONCURRENT_SEARCHES) {
        metrics.searchesRefused.inc();
        throw new Error(SEARCH_BUSY);
      }
      searching++;
      try {
        return renderSearchPage(query, await searchStories(store, currentConfig(), query));
      } finally {
        searching--;
      }
    },
    async readiness() {
      try {
        // A damaged (or read-only, full) store may still read: it is not ready to be trusted with traffic.
        const health = await store.check();
        if (!health.ok) return storeUnavailable(new Error(health.problem ?? 'the store is not usable'));
        const config = currentConfig();
        const judged = judgeReadiness(await readServiceFacts(store, config), new Date(), schedulePeriodSeconds(config.schedule));
        // The cycles run and this process serves the new feeds, but the files on disk (nginx's) are stale.
        const problem = filesProblem();
        return problem ? { ...judged, ready: false, reason: 'writing the feed files failed', detail: problem } : judged;
      } catch (error) {
        return storeUnavailable(error);
      }
    },
    async metrics(workers = []) {
      let facts: ServiceFacts | null = null;
      try {
        facts = await readServiceFacts(store, currentConfig());
      } catch {
        // Reported as feedmerge_store_up 0; the process metrics still matter then.
      }
      return metricsExposition(facts, workers);
    },
  };
}
