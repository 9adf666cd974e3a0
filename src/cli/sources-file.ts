// `feedmerge sources import`: adds OPML feeds to config.json, keeping it valid and readable.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseConfig } from '../config/load-config.js';
import { opmlToSources } from '../publish/opml.js';

/** Appends the OPML's feeds not yet configured (by URL); returns the new ids. Validates before writing. */
export function addSourcesFromOpml(configPath: string, opml: string): string[] {
  const raw = JSON.parse(readFileSync(configPath, 'utf8')) as { sources?: { id: string; url: string }[] };
  const sources = raw.sources ?? [];
  const urls = new Set(sources.map((s) => s.url));
  const ids = new Set(sources.map((s) => s.id));
  const added: string[] = [];
  for (const entry of opmlToSources(opml)) {
    if (urls.has(entry.url)) continue;
    let id = entry.id;
    for (let n = 2; ids.has(id); n++) id = `${entry.id}-${n}`;
    sources.push({ ...entry, id });
    ids.add(id);
    urls.add(entry.url);
    added.push(id);
  }
  raw.sources = sources;
  parseConfig(raw, configPath); // throws ConfigError, leaving the file untouched
  const temp = `${configPath}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(raw, null, 2)}\n`);
  renameSync(temp, configPath);
  return added;
}
