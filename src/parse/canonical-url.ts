// The form of a link used to recognise the same article across feeds and polls. It is for matching
// only: FeedItem.url keeps the link exactly as published, this is never shown or linked to.
// Decisions:
// - scheme and host lower-cased, default port dropped, percent-encoding normalised (WHATWG URL does it);
// - http is rewritten to https: publishers moved to https over the years and many feeds still say
//   http; no real site serves a different article at the same path over the two schemes;
// - tracking parameters (tracking-parameters.ts) dropped, the rest sorted by name (stable for equal
//   names) so ?b=1&a=2 and ?a=2&b=1 match; an empty "?" is dropped;
// - the fragment is dropped: "#comments" or "#update-3" points into the same page. Live tickers
//   whose entries differ only by #anchor are told apart by the item key (item-keys.ts) and by dedup,
//   not here — for matching, they are the same page. Exception: "#!" (hashbang) URLs, where the
//   fragment is the route of a single-page app;
// - "www." and trailing slashes are kept: they are different URLs on some hosts.
import { isTrackingParameter, parameterName } from './tracking-parameters.js';

/** The matching form of an http(s) URL (see the decisions above), or null for anything else. */
export function canonicalUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  return canonicalUrlOf(parsed);
}

/**
 * canonicalUrl for a URL already parsed (normalise-feed.ts parses each link once to resolve it).
 * The result is assembled from the parsed parts instead of through URL's setters: each setter
 * re-serialises and re-parses the whole URL, and this runs once per item.
 */
export function canonicalUrlOf(parsed: URL): string | null {
  const protocol = parsed.protocol;
  if (protocol !== 'http:' && protocol !== 'https:') return null;
  const hostname = parsed.hostname;
  if (!hostname) return null;
  // URL already drops the scheme's default port. Rewritten from http, an explicit 443 becomes the
  // default; any other explicit port is kept as it was.
  const port = parsed.port;
  const host = port === '' || (protocol === 'http:' && port === '443') ? hostname : `${hostname}:${port}`;
  let search = parsed.search;
  if (search) {
    // Pairs are kept as written (no re-encoding), filtered by their decoded name and sorted by it
    // (stable for repeated names). Cheaper than URLSearchParams, which matters once per item.
    // URL has already percent-encoded what the query may not hold, so they can be joined as they are.
    const kept = search
      .slice(1)
      .split('&')
      .filter((pair) => pair !== '')
      .map((pair) => ({ pair, name: parameterName(pair) }))
      .filter(({ name }) => !isTrackingParameter(name));
    kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    search = kept.length === 0 ? '' : `?${kept.map(({ pair }) => pair).join('&')}`;
  }
  const hash = parsed.hash.startsWith('#!') ? parsed.hash : '';
  // Credentials are dropped: never part of what identifies an article.
  return `https://${host}${parsed.pathname}${search}${hash}`;
}
