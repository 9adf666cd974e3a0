// Finding the feed behind a web page, as Miniflux, FreshRSS and Feedly do: the feed the page
// advertises (<link rel="alternate" type="application/rss+xml" …>), else the common feed paths of
// its site. Discovery is fetching plus a look at what came back, so it is the one fetch module that
// calls into parse/ (to tell a feed from a page, and to read a page's <link> elements).
import { decodeFeedBytes } from '../parse/decode-feed-bytes.js';
import { findFeedLink } from '../parse/find-feed-link.js';
import { parseFeed, ParseError } from '../parse/parse-feed.js';
import { sniffDocument } from '../parse/sniff-document.js';
import { fetchFeed, type FetchOutcome, type FetchSettings } from './fetch-feed.js';

/** Where a site's feed usually lives when its pages do not say (WordPress, Hugo, Jekyll, Ghost, Blogger…). */
export const commonFeedPaths = ['/feed', '/rss', '/rss.xml', '/atom.xml', '/index.xml', '/feed.xml'] as const;

/** A feed found for a URL. */
export interface DiscoveredFeed {
  /** The URL to poll. */
  url: string;
  /** The URL itself is a feed, the page advertises it, or it sits at a common path of the page's site. */
  via: 'feed' | 'advertised' | 'common-path';
  /** The feed's own title, when it has one. */
  title: string | null;
  items: number;
}

/** Thrown when no feed is found for a URL; the message names the URL and what was tried. */
export class DiscoveryError extends Error {
  readonly code = 'NO_FEED_FOUND';
}

/**
 * The feed for `url`: the URL itself when it is a feed; else, for a page, the feed it advertises, then
 * the common feed paths on the page's origin (first one that parses as a feed). Throws DiscoveryError.
 */
export async function discoverFeed(url: string, settings: FetchSettings, now: Date): Promise<DiscoveredFeed> {
  const page = await fetchFeed({ url, etag: null, lastModified: null }, settings, now);
  if (page.kind !== 'fetched') throw new DiscoveryError(`Cannot fetch "${url}": ${describeFailure(page)}`);
  const read = await readFeed(page, now);
  if (read.feed) return { url, via: 'feed', ...read.feed };
  if (read.error.code !== 'NOT_A_FEED') throw new DiscoveryError(`"${url}" is not a readable feed: ${read.error.message}`);

  const tried: string[] = [];
  const seen = new Set([url, page.finalUrl]);
  const candidates: { url: string; via: DiscoveredFeed['via'] }[] = [];
  if (read.error.feedUrl) candidates.push({ url: read.error.feedUrl, via: 'advertised' });
  const origin = httpOrigin(page.finalUrl);
  if (origin) for (const path of commonFeedPaths) candidates.push({ url: `${origin}${path}`, via: 'common-path' });
  for (const candidate of candidates) {
    if (seen.has(candidate.url)) continue;
    seen.add(candidate.url);
    const outcome = await fetchFeed({ url: candidate.url, etag: null, lastModified: null }, settings, now);
    if (outcome.kind !== 'fetched') {
      tried.push(`${candidate.url} (${describeFailure(outcome)})`);
      continue;
    }
    const found = await readFeed(outcome, now);
    if (found.feed) return { url: candidate.url, via: candidate.via, ...found.feed };
    tried.push(`${candidate.url} (${found.error.message})`);
  }
  const advertised = read.error.feedUrl ? 'the feed it advertises is not readable' : 'it advertises no feed';
  throw new DiscoveryError(`No feed found for "${url}": ${read.error.message}; ${advertised}; tried ${tried.join(', ') || 'nothing else'}`);
}

/**
 * When a fetched body is an HTML page that advertises a feed, fetches that feed: the poll cycle's
 * hook for a source configured by its page. Null when the body is not such a page.
 */
export async function fetchAdvertisedFeed(
  outcome: FetchOutcome,
  settings: FetchSettings,
  now: Date,
): Promise<{ url: string; outcome: FetchOutcome } | null> {
  if (outcome.kind !== 'fetched' || !mayBeHtml(outcome.body, outcome.contentType)) return null;
  const { text } = decodeFeedBytes(outcome.body, outcome.contentType);
  if (sniffDocument(text).kind !== 'html') return null;
  const feedUrl = findFeedLink(text, outcome.finalUrl);
  if (!feedUrl || feedUrl === outcome.finalUrl) return null;
  const feed = await fetchFeed({ url: feedUrl, etag: null, lastModified: null }, settings, now);
  if ('error' in feed) return { url: feedUrl, outcome: { ...feed, error: `the page's feed ${feedUrl}: ${feed.error}` } };
  return { url: feedUrl, outcome: feed };
}

/** A cheap first look, so that feeds (nearly every body) are not decoded twice per poll. */
function mayBeHtml(body: Uint8Array, contentType: string | null): boolean {
  if (contentType && /html/i.test(contentType)) return true;
  const start = Buffer.from(body.subarray(0, 1024)).toString('latin1').toLowerCase();
  return start.includes('<html') || start.includes('<!doctype html');
}

async function readFeed(
  outcome: Extract<FetchOutcome, { kind: 'fetched' }>,
  now: Date,
): Promise<{ feed: { title: string | null; items: number }; error?: never } | { feed?: never; error: ParseError }> {
  try {
    const feed = await parseFeed(outcome.body, { contentType: outcome.contentType, url: outcome.finalUrl, fetchedAt: now.toISOString() });
    return { feed: { title: feed.title || null, items: feed.items.length } };
  } catch (error) {
    if (error instanceof ParseError) return { error };
    return { error: new ParseError('INVALID_FEED', (error as Error).message, { cause: error }) };
  }
}

function describeFailure(outcome: FetchOutcome): string {
  return 'error' in outcome ? outcome.error : `HTTP ${outcome.status}`;
}

function httpOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}
