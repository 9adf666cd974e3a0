// Translates the config into each stage's own settings, so stages never read the config shape.
import type { Config } from '../config/schema.js';
import type { EngineSettings } from '../dedup/story-engine.js';
import { defaultUserAgent, type FetchSettings } from '../fetch/fetch-feed.js';
import type { PollPolicy } from '../fetch/next-source-state.js';

const minute = 60_000;
const hour = 60 * minute;

/** HTTP limits and identity for fetchFeed. */
export function fetchSettings(config: Config): FetchSettings {
  const f = config.fetch;
  return {
    timeoutMs: f.timeoutSeconds * 1000,
    connectTimeoutMs: f.connectTimeoutSeconds * 1000,
    maxBodyBytes: f.maxBodyBytes,
    maxRedirects: f.maxRedirects,
    userAgent: f.userAgent ?? defaultUserAgent,
  };
}

/** Next-poll bounds and redirect policy for nextSourceState. */
export function pollPolicy(config: Config): PollPolicy {
  const f = config.fetch;
  return {
    minIntervalMs: f.minIntervalMinutes * minute,
    maxIntervalMs: f.maxIntervalHours * hour,
    maxBackoffMs: f.maxBackoffHours * hour,
    redirectConfirmations: f.redirectConfirmations,
  };
}

/** What the story engine needs of the config: each source's priority, opt-out and language, threshold and window. */
export function engineSettings(config: Config): EngineSettings {
  return {
    sources: new Map(config.sources.map((s) => [s.id, { priority: s.priority, dedup: s.dedup, language: s.language }])),
    threshold: config.dedup.threshold,
    windowHours: config.dedup.windowHours,
  };
}
