// After a cycle: render every output once, write the files, tell WebSub hubs what changed.
import type { Config } from '../config/schema.js';
import { metrics } from '../metrics.js';
import { carryLastModified, documentValidators } from '../publish/carry-last-modified.js';
import { changedOutputIds, renderPublication, writePublication, type Publication } from '../publish/render-publication.js';
import { notifyHubs, topicUrlsFor } from '../publish/websub.js';
import type { Store } from '../store/store.js';

/** Holds the latest rendered publication; the HTTP server reads it, the worker replaces it. */
export class Publisher {
  private latest: Publication | null = null;
  private rendering: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: Config,
    private readonly store: Store,
  ) {}

  /** The publication to serve; `publish` (or `ready`) must have run once. */
  current(): Publication {
    if (!this.latest) throw new Error('nothing published yet');
    return this.latest;
  }

  /** Renders the first publication if there is none yet (without writing files). */
  async ready(now: Date = new Date()): Promise<Publication> {
    if (!this.latest) await this.serialised(async () => (this.latest ??= await this.render(now)));
    return this.latest!;
  }

  /** Renders, writes the files atomically and returns the ids of outputs whose content changed. One publish at a time. */
  publish(now: Date): Promise<string[]> {
    return this.serialised(async () => {
      const stopTimer = metrics.publishDuration.startTimer();
      const next = await this.render(now);
      writePublication(next, this.config.publicDir);
      const changed = changedOutputIds(this.latest, next);
      this.latest = next;
      stopTimer();
      return changed;
    });
  }

  /** Pings the configured hubs for the changed outputs' feed URLs; failures are reported, not thrown. */
  async notify(changed: readonly string[]): Promise<string[]> {
    const hubs = this.config.websub.hubs;
    if (hubs.length === 0 || changed.length === 0) return [];
    const results = await notifyHubs(hubs, topicUrlsFor(this.config, changed));
    return results.filter((r) => !r.ok).map((r) => `WebSub hub ${r.hub}: ${r.error ?? 'failed'}`);
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.rendering.then(task);
    this.rendering = run.catch(() => undefined);
    return run;
  }

  private async render(now: Date): Promise<Publication> {
    const publication = carryLastModified(await renderPublication(this.store, this.config, now), await this.store.documents.all(), now);
    await this.store.documents.replace(documentValidators(publication));
    return publication;
  }
}
