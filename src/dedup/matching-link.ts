// The link as the matcher compares it: same article, whatever tracking or fragment was added.

/** Query parameters that only say who sent the reader, never which article (Miniflux urlcleaner list, trimmed). */
export const TRACKING_PARAMETERS: readonly RegExp[] = [
  /^utm_/i,
  /^mtm_/i,
  /^pk_/i,
  /^piwik_/i,
  /^at_/i,
  /^wt_/i,
  /^wt\.mc_id$/i,
  /^fbclid$/i,
  /^gclid$/i,
  /^dclid$/i,
  /^msclkid$/i,
  /^mc_cid$/i,
  /^mc_eid$/i,
  /^_hs(enc|mi)$/i,
  /^igshid$/i,
  /^yclid$/i,
  /^ref$/i,
  /^ref_src$/i,
  /^referrer$/i,
  /^source$/i,
  /^ito$/i,
  /^cid$/i,
  /^icid$/i,
  /^ns_(mchannel|source|campaign|linkname|fee)$/i,
  /^xtor$/i,
  /^maca$/i,
  /^r$/i,
  /^feed$/i,
  /^rss$/i,
  /^track$/i,
  /^smid$/i,
  /^sara_ecid$/i,
  /^dicbo$/i,
  /^ncid$/i,
  /^taid$/i,
  /^ocid$/i,
  /^cmpid$/i,
];

/** A comparable form of an article link: host without "www.", no fragment, no tracking parameters, sorted query. */
export function matchingLink(url: string | null): string | null {
  if (!url) return null;
  // A regular expression, not new URL(): this runs for every item and URL parsing costs ~10× more;
  // links reach us absolute and already validated by the parse stage.
  const match = /^https?:\/\/([^/?#\\]+)([^?#\\]*)(?:\\?\?([^#]*))?/i.exec(url.trim());
  if (!match) return null;
  const host = match[1]!
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/:(80|443)$/, '');
  const pathname = match[2]!.replace(/\/+$/, '') || '/';
  const kept = (match[3] ?? '')
    .split('&')
    .filter((pair) => pair !== '' && !TRACKING_PARAMETERS.some((p) => p.test(decodeName(pair))))
    .sort();
  // http and https of one page are one article; the scheme is dropped.
  return `${host}${pathname}${kept.length ? `?${kept.join('&')}` : ''}`;
}

function decodeName(pair: string): string {
  const name = pair.split('=', 1)[0]!;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
