// `feedmerge sources remove <id|url>`: takes a source out of config.json, the counterpart of `sources add`.
// Its stored items and stories stay: a removed source is one no longer polled, and retention ages its
// stories out as it does after a SIGHUP that dropped the source (README, "Reloading the config").
import path from 'node:path';
import { configJson, readConfigText, resolveSourceLocation } from '../config/load-config.js';
import { removeSourceFromConfigFile, urlKey } from './sources-file.js';
import { UsageError } from './usage-error.js';

/** Thrown when the source may not go yet: an output still names it, or it is the config's only source. */
export class RemoveSourceError extends Error {
  readonly code = 'CANNOT_REMOVE_SOURCE';
}

export interface RemovedSource {
  id: string;
  url: string;
  /** False when the config file was written anew instead of edited in its layout (removeSourceFromConfigFile). */
  layoutKept: boolean;
}

/**
 * Removes the source whose id is `ref`, or else whose URL or file path is `ref` (compared as `sources add`
 * compares them), from the config file. Throws UsageError (no such source), RemoveSourceError or ConfigError.
 */
export function removeSource(configPath: string, ref: string): RemovedSource {
  const text = readConfigText(configPath);
  const raw = configJson(configPath, text) as { sources?: { id: string; url: string }[]; outputs?: { id: string; sources?: string[] }[] };
  const sources = raw.sources ?? [];
  const configDir = path.dirname(path.resolve(configPath));
  // A path typed here is relative to the working directory; the config reads its own against its folder.
  const keyOf = (url: string, baseDir: string) => (/^https?:\/\//i.test(url) ? urlKey(url) : resolveSourceLocation(url, { baseDir }));
  let index = sources.findIndex((s) => s.id === ref);
  if (index < 0) index = sources.findIndex((s) => keyOf(s.url, configDir) === keyOf(ref, process.cwd()));
  const source = sources[index];
  if (!source) {
    throw new UsageError(
      `no source "${ref}" in ${configPath}, by id or URL (config has: ${sources.map((s) => s.id).join(', ') || 'none'})`,
    );
  }
  const namedBy = (raw.outputs ?? []).filter((o) => o.sources?.includes(source.id)).map((o) => `"${o.id}"`);
  if (namedBy.length > 0) {
    throw new RemoveSourceError(
      `source "${source.id}" is still named by ${namedBy.length === 1 ? 'output' : 'outputs'} ${namedBy.join(', ')} (outputs[].sources); take it out there first`,
    );
  }
  if (sources.length === 1) throw new RemoveSourceError(`source "${source.id}" is the only source; a config must list at least one`);
  return { id: source.id, url: source.url, ...removeSourceFromConfigFile(configPath, text, index) };
}
