// Shared set-up for the story engine's tests: a real in-memory SQLite store, items through the
// real ingest path and the placer (store + engine), sources configured as the schema would.
import type { SourceConfig } from '../../src/config/schema.js';
import { Placer } from '../../src/dedup/placer.js';
import { StoryEngine, type EngineSettings } from '../../src/dedup/story-engine.js';
import type { DedupDecision, FeedItem, StoredItem, Story } from '../../src/model.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { feedItem as baseItem } from '../support/feed-item.js';

/** A feed item with sensible defaults; key defaults to the guid, else the link, else the title. */
export function feedItem(fields: Partial<FeedItem> & { title: string }): FeedItem {
  const guid = fields.guid ?? null;
  const url = fields.url ?? null;
  return baseItem({
    ...fields,
    key: fields.key ?? guid ?? url ?? `title:${fields.title}`,
    guid,
    url,
    canonicalUrl: fields.canonicalUrl ?? url,
  });
}

export interface Harness {
  store: Store;
  placer: Placer;
  sources: Map<string, SourceConfig>;
  settings: EngineSettings;
  /** Ingests one fetch of `sourceId` at `now` and places every pending item; returns the decisions. */
  poll(sourceId: string, items: FeedItem[], now: string): Promise<DedupDecision[]>;
  item(id: number): Promise<StoredItem | undefined>;
  story(id: string): Promise<Story | undefined>;
}

/** A source as the config schema fills it in. */
export function source(id: string, overrides: Partial<SourceConfig> = {}): SourceConfig {
  return { id, url: `https://${id}.example/feed.xml`, priority: 0, dedup: true, enabled: true, language: 'de', ...overrides };
}

/** The engine settings for `sources`; threshold and window default to the config schema's defaults. */
export function settingsFor(
  sources: SourceConfig[],
  dedup: { threshold: number; windowHours: number } = { threshold: 0.5, windowHours: 72 },
): EngineSettings {
  return { sources: new Map(sources.map((s) => [s.id, s])), ...dedup };
}

/** A fresh store (in memory, or the empty `database` given), engine and placer for `sources`. */
export async function harness(
  sources: SourceConfig[],
  dedup?: { threshold: number; windowHours: number },
  database = ':memory:',
): Promise<Harness> {
  const store = await openStore(database);
  const settings = settingsFor(sources, dedup);
  const placer = new Placer(store, new StoryEngine(settings));
  const map = new Map(sources.map((s) => [s.id, s]));
  return {
    store,
    placer,
    sources: map,
    settings,
    async poll(sourceId, items, now) {
      await store.transaction((session) => session.items.ingest(sourceId, map.get(sourceId)?.language ?? null, items, now));
      return placer.placePending(now);
    },
    item: async (id) => (await store.items.byIds([id]))[0],
    story: (id) => store.stories.get(id),
  };
}
