// Shared set-up for the story engine's tests: a real in-memory SQLite, items through the real
// ingest path (ingestItems) and collapseItems, sources configured as the schema would.
import type { SourceConfig } from '../../src/config/schema.js';
import { collapseItems, type DedupContext } from '../../src/dedup/collapse-items.js';
import type { DedupDecision, FeedItem } from '../../src/model.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { ingestItems } from '../../src/store/items.js';

export interface Harness {
  db: Db;
  sources: Map<string, SourceConfig>;
  /** Ingests one fetch of `sourceId` at `now` and collapses it. */
  poll(sourceId: string, items: FeedItem[], now: string): DedupDecision[];
  context(now: string): DedupContext;
}

/** A source as the config schema fills it in. */
export function source(id: string, overrides: Partial<SourceConfig> = {}): SourceConfig {
  return { id, url: `https://${id}.example/feed.xml`, priority: 0, dedup: true, enabled: true, language: 'de', ...overrides };
}

/** A feed item with sensible defaults; key defaults to the guid, else the link. */
export function feedItem(fields: Partial<FeedItem> & { title: string }): FeedItem {
  const guid = fields.guid ?? null;
  const url = fields.url ?? null;
  return {
    key: fields.key ?? guid ?? url ?? `title:${fields.title}`,
    guid,
    url,
    canonicalUrl: fields.canonicalUrl ?? url,
    title: fields.title,
    summary: fields.summary ?? '',
    contentHtml: fields.contentHtml ?? null,
    author: fields.author ?? null,
    categories: fields.categories ?? [],
    published: fields.published ?? null,
    updated: fields.updated ?? null,
    enclosures: fields.enclosures ?? [],
  };
}

/** A fresh database and sources; threshold and window default to the config schema's defaults. */
export function harness(sources: SourceConfig[], settings: DedupContext['settings'] = { threshold: 0.62, windowHours: 72 }): Harness {
  const db = openDatabase(':memory:');
  const map = new Map(sources.map((s) => [s.id, s]));
  const context = (now: string): DedupContext => ({ sources: map, settings, now });
  return {
    db,
    sources: map,
    context,
    poll(sourceId, items, now) {
      const ingest = ingestItems(db, sourceId, map.get(sourceId)?.language ?? null, items, now);
      return collapseItems(db, ingest, context(now));
    },
  };
}
