// `feedmerge sources import`: adds OPML feeds to config.json, keeping it valid and readable; and the
// validated, atomic write that `sources add` shares.
import { renameSync, writeFileSync } from 'node:fs';
import { ConfigError, parseConfig, readConfigText } from '../config/load-config.js';
import { literalHostOf, operatorNamedHost } from '../fetch/connect-policy.js';
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
 * Why an OPML entry's URL may not become a source although the config would accept it: a source that
 * names a non-public host literally gets that host:port allowed (fetch/connect-policy.ts), and that is
 * the operator's decision, not a downloaded list's. So an entry may only use a host:port that a
 * configured source already names; loopback and private hosts also pass with fetch.allowPrivateNetworks
 * (they would be allowed anyway); link-local and reserved ones never do.
 */
function networkProblem(url: string, allowPrivateNetworks: boolean, alreadyNamed: ReadonlySet<string>): string | null {
  const literal = literalHostOf(url);
  if (!literal || literal.class.kind === 'public' || alreadyNamed.has(literal.key)) return null;
  const { kind, label } = literal.class;
  if (allowPrivateNetworks && (kind === 'loopback' || kind === 'private')) return null;
  const hint =
    kind === 'loopback' || kind === 'private'
      ? 'set fetch.allowPrivateNetworks, or add it to config.json by hand'
      : 'add it to config.json by hand if it is meant';
  return `url: names a ${label} address (${literal.key}); an imported source gets no private network access (${hint})`;
}

/**
 * Appends the OPML's feeds not yet configured (by URL); an entry the config would reject, or that names
 * a loopback, private or link-local host, is skipped with its reason, never the whole import.
 * Validates the result before writing it.
 */
export function addSourcesFromOpml(configPath: string, opml: string): OpmlImport {
  const raw = JSON.parse(readConfigText(configPath)) as {
    sources?: { id: string; url: string }[];
    fetch?: { allowPrivateNetworks?: unknown };
  };
  const allowPrivateNetworks = raw.fetch?.allowPrivateNetworks === true;
  const sources = raw.sources ?? [];
  // Host:ports the operator's own sources name (relative file paths name none).
  const alreadyNamed = new Set(sources.map((s) => operatorNamedHost(s.url)).filter((key): key is string => key !== null));
  const urls = new Set(sources.map((s) => urlKey(s.url)));
  const ids = new Set(sources.map((s) => s.id));
  const result: OpmlImport = { added: [], skipped: [] };
  for (const entry of opmlToSources(opml)) {
    if (urls.has(urlKey(entry.url))) continue;
    const problem = networkProblem(entry.url, allowPrivateNetworks, alreadyNamed);
    if (problem) {
      result.skipped.push({ url: entry.url, reason: problem });
      continue;
    }
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
