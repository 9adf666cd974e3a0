// After a cycle: render every output once, write the files, tell WebSub hubs what changed.
import type { Config } from '../config/schema.js';
import { metrics } from '../metrics.js';
import { carryLastModified, documentValidators } from '../publish/carry-last-modified.js';
import { changedOutputIds, renderPublication, writePublication, type Publication } from '../publish/render-publication.js';
import { notifyHubs, topicUrlsFor } from '../publish/websub.js';
import { writeUnlessNewer } from '../store/sqlite/write-unless-newer.js';
import { storeFailureKind, type Store } from '../store/store.js';

export interface PublisherOptions {
  /** Told (once per distinct message) when the validators of the documents could not be saved. */
  warn?: (message: string) => void;
  /** Told when the files are written again after a write failed. */
  info?: (message: string) => void;
  /**
   * With it (the service), a write of publicDir that failed is tried again this often until one succeeds,
   * not only at the next publish: readiness (filesProblem) recovers soon after the folder is writable again.
   */
  filesRetryMs?: number;
  /** The clock that versions publications (when a render began to read the store); the system clock by default. */
  clock?: () => Date;
}

/** Holds the latest rendered publication; the HTTP server reads it, the worker replaces it. */
export class Publisher {
  private latest: Publication | null = null;
  /** The config `latest` was rendered under: a retry writes it only while that is still the config. */
  private latestConfig: Config | null = null;
  /** When the render of `latest` began to read the store (ISO UTC): which of two publications is newer. */
  private latestVersion = '';
  private rendering: Promise<unknown> = Promise.resolve();
  /** Why the last render failed, while nothing could be published yet. */
  private lastFailure: string | null = null;
  private lastWarning: string | null = null;
  /** The last warning about publicDir's mark file (writes without a turn), said once until a write needs none. */
  private markWarning: string | null = null;
  /** Why the last publish could not write the files to publicDir (nginx serves them), null once a write succeeds. */
  private filesFailure: string | null = null;
  /** When this publisher first rendered: the date of an output with no stories yet (unless stored empty before). */
  private emptySince: Date | null = null;
  /** The next try of a failed write (filesRetryMs); cleared by `stop`. */
  private filesRetry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private config: Config,
    private readonly store: Store,
    private readonly options: PublisherOptions = {},
  ) {}

  /**
   * A reloaded config: outputs, base URL, hubs and publicDir apply from the next render on. A pending retry of a
   * failed write is dropped: it would write what the old config rendered (into the new publicDir too) and make
   * readiness report the files written before the new config's first publish (which the reload triggers) writes them.
   */
  configure(config: Config): void {
    this.config = config;
    clearTimeout(this.filesRetry);
    this.filesRetry = undefined;
  }

  /** The publication to serve; `publish` (or `ready`) must have run once. */
  current(): Publication {
    if (!this.latest) throw new Error(`nothing published yet${this.lastFailure ? `: ${this.lastFailure}` : ''}`);
    return this.latest;
  }

  /**
   * Why the files in publicDir are stale, or null: the last write (a publish's or its retry's) failed. Readiness
   * reports it, since whoever serves those files (nginx) serves the old ones meanwhile.
   */
  filesProblem(): string | null {
    return this.filesFailure;
  }

  /** Whether there is a publication to serve. */
  hasPublication(): boolean {
    return this.latest !== null;
  }

  /** Renders the first publication if there is none yet (without writing files). */
  async ready(now: Date = new Date()): Promise<Publication> {
    if (!this.latest)
      await this.serialised(async () => {
        if (this.latest) return;
        const config = this.config;
        const version = this.clock().toISOString();
        this.latest = await this.render(now, config);
        this.latestConfig = config;
        this.latestVersion = version;
      });
    return this.latest!;
  }

  /** Renders, writes the files atomically and returns the ids of outputs whose content changed. One publish at a time. */
  publish(now: Date): Promise<string[]> {
    return this.serialised(async () => {
      const stopTimer = metrics.publishDuration.startTimer();
      // One config for the whole publish, even when a reload arrives while it renders.
      const config = this.config;
      // Taken before the render reads the store. Not a snapshot: a render that begins later while this one runs
      // can miss a commit this one reads, and win for a while; the render that follows every commit corrects it.
      const version = this.clock().toISOString();
      const next = await this.render(now, config);
      const changed = changedOutputIds(this.latest, next);
      // Served from memory before the files are written: a publicDir that cannot be written (full disk,
      // permissions) stales nginx's copies, not what this process serves.
      this.latest = next;
      this.latestConfig = config;
      this.latestVersion = version;
      await this.writeFiles(next, version, config.publicDir);
      stopTimer();
      return changed;
    });
  }

  /** Stops trying failed writes again; a publish in flight finishes. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.filesRetry);
  }

  private clock(): Date {
    return this.options.clock?.() ?? new Date();
  }

  /**
   * Writes the files in publicDir's turn, unless another process sharing it wrote a newer publication's
   * (writeUnlessNewer): then those stay, and are not stale. A failure is kept for readiness (and thrown)
   * until a write succeeds or a newer publication's files are there, which is said once.
   */
  private async writeFiles(publication: Publication, version: string, publicDir: string): Promise<void> {
    let outcome;
    try {
      let warned = false;
      const warn = (message: string): void => {
        warned = true;
        if (message !== this.markWarning) this.options.warn?.(message);
        this.markWarning = message;
      };
      outcome = await writeUnlessNewer(publicDir, version, () => writePublication(publication, publicDir), {
        now: () => this.clock(),
        warn,
      });
      if (!warned) this.markWarning = null;
    } catch (error) {
      this.filesFailure = (error as Error).message.split('\n')[0]!;
      this.retryFilesLater();
      throw error;
    }
    if (this.filesFailure !== null)
      this.options.info?.(
        outcome === 'written'
          ? 'writing the feed files works again'
          : 'the feed files are a newer publication now, written by another process',
      );
    this.filesFailure = null;
  }

  /**
   * A full disk or a wrong owner is often put right within minutes; under `run` the next publish may be a
   * schedule period away, and /readyz said 503 until then. So the publication in hand (the latest) is
   * written again every filesRetryMs, one publish or write at a time, until it is written.
   */
  private retryFilesLater(): void {
    const every = this.options.filesRetryMs;
    if (!every || this.filesRetry || this.stopped) return;
    this.filesRetry = setTimeout(() => {
      this.filesRetry = undefined;
      void this.serialised(async () => {
        // A publish meanwhile wrote them, or is stopping: nothing to try. Nor after a reload (configure): what is
        // in hand was rendered under the old config; the new one's publish writes the files.
        if (this.filesFailure === null || !this.latest || this.stopped || this.latestConfig !== this.config) return;
        try {
          await this.writeFiles(this.latest, this.latestVersion, this.config.publicDir);
        } catch {
          // Still failing: kept in filesProblem, tried again (writeFiles).
        }
      });
    }, every).unref();
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
    this.rendering = run.catch((error: unknown) => {
      this.lastFailure = (error as Error).message?.split('\n')[0] ?? String(error);
    });
    return run;
  }

  private async render(now: Date, config: Config): Promise<Publication> {
    this.emptySince ??= now;
    // The stored validators also keep an already empty output's date across processes (cron's `poll --once`).
    const previous = await this.store.documents.all();
    const publication = carryLastModified(await renderPublication(this.store, config, now, this.emptySince, previous), previous, now);
    try {
      await this.store.documents.replace(documentValidators(publication));
      this.lastWarning = null;
    } catch (error) {
      // A full disk, or a database this process may only read: the documents are still served and
      // written; only their Last-Modified may move once more after a restart.
      metrics.storeFailures.inc({ kind: storeFailureKind(error) });
      const warning = `could not save the validators of the published documents: ${(error as Error).message}`;
      if (warning !== this.lastWarning) this.options.warn?.(warning);
      this.lastWarning = warning;
    }
    this.lastFailure = null;
    return publication;
  }
}
