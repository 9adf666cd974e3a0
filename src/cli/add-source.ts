// `feedmerge sources add <url|file>`: finds the feed behind a URL (a feed, or a page that advertises one)
// or a local feed file, and appends it to config.json, validated before the file is replaced atomically.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configJson, readConfigTextToAddSources, resolveSourceLocation } from '../config/load-config.js';
import { schemelessHostProblem, sourceUrlProblem } from '../config/schema.js';
import { discoverFeed, type DiscoveredFeed } from '../fetch/discover-feed.js';
import type { FetchSettings } from '../fetch/fetch-feed.js';
import { slug } from '../publish/opml.js';
import type { WriterHolder } from '../store/store.js';
import { appendSourcesToConfigFile, urlKey } from './sources-file.js';

export interface SourceRequest {
  url: string;
  /** The source id; derived from the feed's title (else its host) when absent. */
  id?: string;
  /** The display title; the feed's own title when absent. */
  title?: string;
}

export interface AddedSource {
  id: string;
  title: string | null;
  feed: DiscoveredFeed;
  /** False when the config file was written anew instead of edited in its layout (appendSourcesToConfigFile). */
  layoutKept: boolean;
  /** True when there was no config file and this add started it. */
  created: boolean;
}

/** Thrown when the source cannot be added (already configured, id taken, neither an http(s) URL nor a file path). */
export class AddSourceError extends Error {
  readonly code = 'CANNOT_ADD_SOURCE';
}

/** Discovers the feed of `request.url` and adds it as a source to the config file. Throws DiscoveryError, AddSourceError or ConfigError. */
export async function addSource(configPath: string, request: SourceRequest, settings: FetchSettings, now: Date): Promise<AddedSource> {
  const http = /^https?:\/\//i.test(request.url);
  if (!http && /^[a-z][a-z0-9+.-]*:/i.test(request.url) && !/^file:\/\//i.test(request.url)) {
    throw new AddSourceError(`"${request.url}" is neither an http(s) URL nor a file path`);
  }
  // A file path is typed relative to the working directory; the config reads it against its own folder.
  const location = http ? request.url : path.resolve(/^file:\/\//i.test(request.url) ? fileURLToPath(request.url) : request.url);
  const configDir = path.dirname(path.resolve(configPath));
  const text = readConfigTextToAddSources(configPath); // as the config is read (a byte order mark is fine); null: none yet
  const raw = (text === null ? {} : configJson(configPath, text)) as { sources?: { id: string; url: string }[] };
  const sources = raw.sources ?? [];
  const keyOf = (url: string) => (/^https?:\/\//i.test(url) ? urlKey(url) : resolveSourceLocation(url, { baseDir: configDir }));
  const configuredAs = (url: string) => sources.find((s) => keyOf(s.url) === keyOf(url))?.id;
  const ids = new Set(sources.map((s) => s.id));
  const already = configuredAs(location);
  if (already !== undefined) throw new AddSourceError(`"${request.url}" is already configured as source "${already}"`);
  if (request.id !== undefined && ids.has(request.id)) throw new AddSourceError(`source id "${request.id}" is already taken`);

  const feed = await discoverFeed(location, settings, now);
  const feedAlready = configuredAs(feed.url);
  if (feedAlready !== undefined) throw new AddSourceError(`its feed ${feed.url} is already configured as source "${feedAlready}"`);
  const title = request.title ?? feed.title;
  let id = request.id;
  if (id === undefined) {
    const base = slug(title ?? '') || slug(http ? new URL(feed.url).hostname.replace(/^www\./, '') : path.parse(feed.url).name) || 'source';
    id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
  }
  const written = appendSourcesToConfigFile(configPath, text, [
    { id, url: http ? feed.url : configRelativePath(feed.url, configDir), ...(title ? { title } : {}) },
  ]);
  return { id, title, feed, ...written };
}

/**
 * A file inside the config's folder as a path relative to it (the config moves with its feeds, as the demo's does); else absolute.
 * A relative path that reads as a URL ("www.example.org/feed.xml", a wget -x mirror) gets "./" in front, so it stays a file.
 */
function configRelativePath(file: string, configDir: string): string {
  const relative = path.relative(configDir, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? asFilePath(relative) : file;
}

/** "./" in front of a relative path that the config would read as a URL or host ("www.x.org/f.xml", "127.0.0.1:9301/f", "news:/f"). */
function asFilePath(relative: string): string {
  return sourceUrlProblem(relative) || schemelessHostProblem(relative) ? `./${relative}` : relative;
}

/** What `sources add` prints: where the feed was found, then what was added. */
export function describeAddedSource(added: AddedSource, requestedUrl: string, configPath: string): string[] {
  const { feed } = added;
  const how =
    feed.via === 'feed'
      ? 'is a feed'
      : feed.via === 'advertised'
        ? `is the feed the page ${requestedUrl} advertises`
        : `is a feed at a common path of ${new URL(feed.url).origin} (the page advertises none)`;
  return [
    `found ${feed.url}: ${how}${feed.title ? `, "${feed.title}"` : ''}, ${feed.items} ${feed.items === 1 ? 'item' : 'items'}`,
    `added source "${added.id}"${added.title ? ` (${added.title})` : ''} to ${configPath}`,
  ];
}

/** The line after an add when a `run` polls the database: the file changed, the running service has not read it. */
export function reloadHint(service: WriterHolder): string {
  return `pid ${service.pid} (${service.command}, since ${service.since}) polls this database and reads the config file only at a reload: \`kill -HUP ${service.pid}\` (under systemd: systemctl reload feedmerge) polls the new source now`;
}
