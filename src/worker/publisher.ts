// After a cycle: render every output once, write the files, tell WebSub hubs what changed.
import type { Config } from '../config/schema.js';
import { metrics } from '../metrics.js';
import { carryLastModified, documentValidators } from '../publish/carry-last-modified.js';
import { changedOutputIds, renderPublication, writePublication, type Publication } from '../publish/render-publication.js';
import { notifyHubs, topicUrlsFor } from '../publish/websub.js';
import type { Db } from '../store/database.js';
import { getPublishedDocuments, savePublishedDocuments } from '../store/published-documents.js';

/** Holds the latest rendered publication; the HTTP server reads it, the worker replaces it. */
export class Publisher {
  private latest: Publication | null = null;

  constructor(
    private readonly config: Config,
    private readonly db: Db,
  ) {}

  /** The publication to serve, rendering the first one on demand. */
  current(now: Date = new Date()): Publication {
    this.latest ??= this.render(now);
    return this.latest;
  }

  /** Renders, writes the files atomically and returns the ids of outputs whose content changed. */
  publish(now: Date): string[] {
    const stopTimer = metrics.publishDuration.startTimer();
    const next = this.render(now);
    writePublication(next, this.config.publicDir);
    const changed = changedOutputIds(this.latest, next);
    this.latest = next;
    stopTimer();
    return changed;
  }

  /** Pings the configured hubs for the changed outputs' feed URLs; failures are reported, not thrown. */
  async notify(changed: readonly string[]): Promise<string[]> {
    const hubs = this.config.websub.hubs;
    if (hubs.length === 0 || changed.length === 0) return [];
    const results = await notifyHubs(hubs, topicUrlsFor(this.config, changed));
    return results.filter((r) => !r.ok).map((r) => `WebSub hub ${r.hub}: ${r.error ?? 'failed'}`);
  }

  private render(now: Date): Publication {
    const publication = carryLastModified(renderPublication(this.db, this.config, now), getPublishedDocuments(this.db), now);
    savePublishedDocuments(this.db, documentValidators(publication));
    return publication;
  }
}
