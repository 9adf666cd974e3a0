// SIGHUP: config.json read again while the service runs. Pure apart from reading the file: the
// service decides when to apply what this returns.
import { isDeepStrictEqual } from 'node:util';
import { defaultBaseUrl, loadConfigNoting, type Environment } from './load-config.js';
import type { Config } from './schema.js';

export interface ReloadedConfig {
  /** The new config, with the keys that need a restart kept at their running values (frozen). */
  config: Config;
  /** What changed, one line each ("sources added: b, c"); empty when nothing did. */
  changes: string[];
  /** Changes to keys that need a restart, one line each, naming the running value that stays. */
  needsRestart: string[];
}

/**
 * The keys a running service cannot change: the database it holds open (and whose writer lock it
 * holds), and the address its sockets are bound to. HTTP worker processes (`--workers`) are a
 * command-line flag, not a key, and need a restart too.
 */
const RESTART_KEYS: readonly { path: string; read(config: Config): unknown }[] = [
  { path: 'database', read: (c) => c.database },
  { path: 'server.host', read: (c) => c.server.host },
  { path: 'server.port', read: (c) => c.server.port },
];

/**
 * Reads `running.path` again (with the overrides of `env`, as at start) and compares it with the
 * running config. Throws ConfigError, with every problem, when the file cannot be read or is invalid.
 * `text` is the file's text when the caller has read it already (serve compares it with what it last read).
 */
export function reloadConfig(running: Config, env?: Environment, text?: string): ReloadedConfig {
  const { config: next, baseUrlWritten } = loadConfigNoting(running.path, env, text);
  const needsRestart = RESTART_KEYS.filter((key) => !isDeepStrictEqual(key.read(running), key.read(next))).map(
    (key) => `${key.path}: ${JSON.stringify(key.read(next))} needs a restart; still ${JSON.stringify(key.read(running))}`,
  );
  // A baseUrl that follows the port (none in the file) follows the port still served until the restart;
  // one written, even if it equals the new port's default, is kept as written.
  const baseUrl = baseUrlWritten ? next.server.baseUrl : defaultBaseUrl(running.server.port);
  const config: Config = Object.freeze({
    ...next,
    database: running.database,
    server: Object.freeze({ ...next.server, host: running.server.host, port: running.server.port, baseUrl }),
  });
  return { config, changes: describeChanges(running, config), needsRestart };
}

/** One line per kind of change between two configs: sources and outputs by id, other keys by name. */
export function describeChanges(before: Config, after: Config): string[] {
  const lines: string[] = [];
  for (const key of ['sources', 'outputs'] as const) {
    const old = new Map<string, unknown>(before[key].map((entry) => [entry.id, entry]));
    const now = new Map<string, unknown>(after[key].map((entry) => [entry.id, entry]));
    const added = [...now.keys()].filter((id) => !old.has(id));
    const removed = [...old.keys()].filter((id) => !now.has(id));
    const changed = [...now.keys()].filter((id) => old.has(id) && !isDeepStrictEqual(old.get(id), now.get(id)));
    if (added.length) lines.push(`${key} added: ${added.join(', ')}`);
    if (removed.length) lines.push(`${key} removed: ${removed.join(', ')}`);
    if (changed.length) lines.push(`${key} changed: ${changed.join(', ')}`);
  }
  const others = (Object.keys(after) as (keyof Config)[])
    .filter((key) => key !== 'sources' && key !== 'outputs' && key !== '$schema')
    .flatMap((key) => changedPaths(key, before[key], after[key]));
  if (others.length) lines.push(`settings changed: ${others.join(', ')}`);
  return lines;
}

/** `path` when the values differ; for two objects, the paths of the keys that differ ("fetch.timeoutSeconds"). */
function changedPaths(path: string, before: unknown, after: unknown): string[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (!isPlainObject(before) || !isPlainObject(after)) return [path];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.flatMap((key) => changedPaths(`${path}.${key}`, before[key], after[key]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
