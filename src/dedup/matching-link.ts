// The link as the matcher compares it: same article, whatever tracking or fragment was added.

/** Query parameters that only say who sent the reader, never which article (Miniflux urlcleaner list, trimmed). */
export const TRACKING_PARAMETERS: readonly RegExp[] = [
  /^utm_/i, /^mtm_/i, /^pk_/i, /^piwik_/i, /^at_/i, /^wt_/i, /^wt\.mc_id$/i, /^fbclid$/i, /^gclid$/i, /^dclid$/i, /^msclkid$/i,
  /^mc_cid$/i, /^mc_eid$/i, /^_hs(enc|mi)$/i, /^igshid$/i, /^yclid$/i, /^ref$/i, /^ref_src$/i, /^referrer$/i, /^source$/i,
  /^ito$/i, /^cid$/i, /^icid$/i, /^ns_(mchannel|source|campaign|linkname|fee)$/i, /^xtor$/i, /^maca$/i, /^r$/i, /^feed$/i,
  /^rss$/i, /^track$/i, /^smid$/i, /^sara_ecid$/i, /^dicbo$/i, /^ncid$/i, /^taid$/i, /^ocid$/i, /^cmpid$/i,
];

/** A comparable form of an article link: host without "www.", no fragment, no tracking parameters, sorted query. */
export function matchingLink(url: string | null): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/\\\?/g, '?'));
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const kept = [...parsed.searchParams.entries()]
    .filter(([name]) => !TRACKING_PARAMETERS.some((p) => p.test(name)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = kept.length ? `?${new URLSearchParams(kept).toString()}` : '';
  const host = parsed.hostname.toLowerCase().replace(/^www\./, '');
  const pathname = parsed.pathname.replace(/\/+$/, '') || '/';
  // http and https of one page are one article; the scheme is dropped.
  return `${host}${parsed.port ? `:${parsed.port}` : ''}${pathname}${query}`;
}
