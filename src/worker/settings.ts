// Translates the config into each stage's own settings, so stages never read the config shape.
import { resolveSourceLocation } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import type { EngineSettings } from '../dedup/story-engine.js';
import { operatorNamedHost } from '../fetch/connect-policy.js';
import { defaultUserAgent, type FetchSettings } from '../fetch/fetch-feed.js';
import type { PollPolicy } from '../fetch/next-source-state.js';

const minute = 60_000;
const hour = 60 * minute;

/**
 * HTTP limits, identity and SSRF policy for fetchFeed. The hosts the operator named literally are the
 * configured sources' (plus `namedUrls`, URLs typed on the command line): a request starting at one of
 * them may reach that host:port even when it is loopback or private.
 */
export function fetchSettings(config: Config, namedUrls: readonly string[] = []): FetchSettings {
  const f = config.fetch;
  const named = namedUrls.length === 0 ? namedHostsOf(config) : [...new Set([...namedHostsOf(config), ...namedHosts(namedUrls)])];
  return {
    timeoutMs: f.timeoutSeconds * 1000,
    connectTimeoutMs: f.connectTimeoutSeconds * 1000,
    maxBodyBytes: f.maxBodyBytes,
    maxRedirects: f.maxRedirects,
    userAgent: f.userAgent ?? defaultUserAgent,
    privateNetworks: {
      allowPrivateNetworks: f.allowPrivateNetworks,
      operatorNamedHosts: named,
    },
  };
}

// The worker asks for settings once per source and poll; the config is frozen, so its hosts are read once.
const namedHostsByConfig = new WeakMap<Config, readonly string[]>();

function namedHostsOf(config: Config): readonly string[] {
  let named = namedHostsByConfig.get(config);
  if (!named) {
    named = Object.freeze(namedHosts(config.sources.map((s) => resolveSourceLocation(s.url, config))));
    namedHostsByConfig.set(config, named);
  }
  return named;
}

function namedHosts(urls: readonly string[]): string[] {
  return [...new Set(urls.map(operatorNamedHost).filter((key): key is string => key !== null))];
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

/** What the story engine needs of the config: each source's priority, opt-out and language, threshold, window and how far back late items are put in place. */
export function engineSettings(config: Config): EngineSettings {
  return {
    sources: new Map(config.sources.map((s) => [s.id, { priority: s.priority, dedup: s.dedup, language: s.language }])),
    threshold: config.dedup.threshold,
    windowHours: config.dedup.windowHours,
    maxReplaced: config.dedup.maxReplacedItems,
  };
}
