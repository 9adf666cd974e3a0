// What the store says about the service's health: the latest poll cycle, each source's state and
// how many items it has. Read at request time by /readyz and /metrics, so every process on the
// database (`run`, or `serve` beside a `poll --once` from cron) reports the same values.
import type { Config } from '../config/schema.js';
import type { PollCycleRecord } from '../model.js';
import type { Store } from '../store/store.js';

export interface SourceFacts {
  id: string;
  /** Enabled in the config and not disabled by the poller (HTTP 410). */
  enabled: boolean;
  consecutiveFailures: number;
  lastSuccessAt: string | null;
  items: number;
  /** The last parsed feed's warning (cut off), else null. */
  warning: string | null;
}

export interface ServiceFacts {
  lastCycle: PollCycleRecord | null;
  /** The configured sources, in config order. */
  sources: SourceFacts[];
  stories: number;
}

/** Reads the facts; throws when the store cannot be read (closed, corrupt, locked past the busy timeout). */
export async function readServiceFacts(store: Store, config: Pick<Config, 'sources'>): Promise<ServiceFacts> {
  const states = await store.sources.all();
  const items = await store.items.countBySource();
  return {
    lastCycle: await store.cycles.last(),
    sources: config.sources.map((source) => {
      const state = states.get(source.id);
      return {
        id: source.id,
        enabled: source.enabled && !state?.disabledReason,
        consecutiveFailures: state?.consecutiveFailures ?? 0,
        lastSuccessAt: state?.lastSuccessAt ?? null,
        items: items.get(source.id) ?? 0,
        warning: state?.warning ?? null,
      };
    }),
    stories: await store.stories.count(),
  };
}
