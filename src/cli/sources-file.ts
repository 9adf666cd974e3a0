// `feedmerge sources import`: adds OPML feeds to config.json, keeping it valid and readable; and the
// validated, atomic write that `sources add` shares.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ConfigError, parseConfig } from '../config/load-config.js';
import { opmlToSources } from '../publish/opml.js';

export interface OpmlImport {
  /** Ids of the sources appended to the config. */
  added: string[];
  /** OPML entries left out because the config would reject them, each with the reason. */
  skipped: { url: string; reason: string }[];
}

/** A feed URL as compared for "already configured": scheme and host are case-insensitive ("HTTP://X.example/rss"). */
export function urlKey(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/**
 * Appends the OPML's feeds not yet configured (by URL); an entry the config would reject is skipped
 * with its reason, never the whole import. Validates the result before writing it.
 */
export function addSourcesFromOpml(configPath: string, opml: string): OpmlImport {
  const raw = JSON.parse(readFileSync(configPath, 'utf8')) as { sources?: { id: string; url: string }[] };
  const sources = raw.sources ?? [];
  const urls = new Set(sources.map((s) => urlKey(s.url)));
  const ids = new Set(sources.map((s) => s.id));
  const result: OpmlImport = { added: [], skipped: [] };
  for (const entry of opmlToSources(opml)) {
    if (urls.has(urlKey(entry.url))) continue;
    let id = entry.id;
    for (let n = 2; ids.has(id); n++) id = `${entry.id}-${n}`;
    const source = { ...entry, id };
    try {
      parseConfig({ sources: [source] }, configPath); // this entry alone: its problem, not an index into the merged list
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      result.skipped.push({ url: entry.url, reason: error.problems.map((p) => p.replace(/^sources\[0\]\./, '')).join('; ') });
      continue;
    }
    sources.push(source);
    ids.add(id);
    urls.add(urlKey(entry.url));
    result.added.push(id);
  }
  raw.sources = sources;
  writeConfigFile(configPath, raw);
  return result;
}

/** Validates an edited config and replaces the file atomically; throws ConfigError, leaving the file untouched. */
export function writeConfigFile(configPath: string, raw: unknown): void {
  parseConfig(raw, configPath);
  const temp = `${configPath}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(raw, null, 2)}\n`);
  renameSync(temp, configPath);
}
