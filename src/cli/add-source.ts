// `feedmerge sources add <url>`: finds the feed behind a URL (a feed, or a page that advertises one)
// and appends it to config.json, validated before the file is replaced atomically.
import { readConfigText } from '../config/load-config.js';
import { discoverFeed, type DiscoveredFeed } from '../fetch/discover-feed.js';
import type { FetchSettings } from '../fetch/fetch-feed.js';
import { slug } from '../publish/opml.js';
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
}

/** Thrown when the source cannot be added (already configured, id taken, not an http(s) URL). */
export class AddSourceError extends Error {
  readonly code = 'CANNOT_ADD_SOURCE';
}

/** Discovers the feed of `request.url` and adds it as a source to the config file. Throws DiscoveryError, AddSourceError or ConfigError. */
export async function addSource(configPath: string, request: SourceRequest, settings: FetchSettings, now: Date): Promise<AddedSource> {
  if (!/^https?:\/\//i.test(request.url)) {
    throw new AddSourceError(`"${request.url}" is not an http(s) URL (add a local file to the config file's "sources" by hand)`);
  }
  const text = readConfigText(configPath); // as the config is read: a byte order mark is fine
  const raw = JSON.parse(text) as { sources?: { id: string; url: string }[] };
  const sources = raw.sources ?? [];
  const configuredAs = (url: string) => sources.find((s) => urlKey(s.url) === urlKey(url))?.id;
  const ids = new Set(sources.map((s) => s.id));
  const already = configuredAs(request.url);
  if (already !== undefined) throw new AddSourceError(`"${request.url}" is already configured as source "${already}"`);
  if (request.id !== undefined && ids.has(request.id)) throw new AddSourceError(`source id "${request.id}" is already taken`);

  const feed = await discoverFeed(request.url, settings, now);
  const feedAlready = configuredAs(feed.url);
  if (feedAlready !== undefined) throw new AddSourceError(`its feed ${feed.url} is already configured as source "${feedAlready}"`);
  const title = request.title ?? feed.title;
  let id = request.id;
  if (id === undefined) {
    const base = slug(title ?? '') || slug(new URL(feed.url).hostname.replace(/^www\./, '')) || 'source';
    id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
  }
  appendSourcesToConfigFile(configPath, text, [{ id, url: feed.url, ...(title ? { title } : {}) }]);
  return { id, title, feed };
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
    `found ${feed.url}: ${how}${feed.title ? `, "${feed.title}"` : ''}, ${feed.items} item(s)`,
    `added source "${added.id}"${added.title ? ` (${added.title})` : ''} to ${configPath}`,
  ];
}
