// Query parameters that only track where a click came from. Kept as data with where each came from,
// as Miniflux's urlcleaner does, so adding one is a one-line change with a reason.
// Two uses, two strictnesses:
// - matching (canonicalUrl, isTrackingParameter) drops every entry, names compared case-insensitively:
//   it only compares links, so a wrongly dropped parameter at worst makes two links match;
// - a published link (withoutTrackingParameters), one a reader clicks, drops only the entries marked
//   `published: 'dropped'`: exact names that no site reads as content, compared as spelled here (case
//   matters: a site's server reads `Ref` and `ref`, `UTM_SOURCE` and `utm_source` as different parameters,
//   and the trackers set the spelling listed). Common words (`ref`, `track`) and broad prefixes (`at_`,
//   `pk_`, `wt_`) stay in published links: on some site they pick the content.

export interface TrackingParameter {
  /** Exact parameter name, or a prefix when `prefix` is true. */
  name: string;
  prefix?: boolean;
  /** Who sets it: the reason it may be dropped. */
  source: string;
  /**
   * Whether a published link drops it ('dropped': no site reads it as content) or keeps it ('kept', with
   * `keptBecause`: some site does, so it is only ignored when links are compared).
   */
  published: 'dropped' | 'kept';
  keptBecause?: string;
}

const BROAD_PREFIX = 'a prefix: any name starting so, some of them a site’s own';

export const trackingParameters: readonly TrackingParameter[] = [
  { name: 'utm_', prefix: true, source: 'Google Analytics / Urchin campaign tags (utm_source, utm_medium …)', published: 'dropped' },
  { name: 'fbclid', source: 'Facebook click id', published: 'dropped' },
  { name: 'gclid', source: 'Google Ads click id', published: 'dropped' },
  { name: 'gclsrc', source: 'Google Ads click source', published: 'dropped' },
  { name: 'dclid', source: 'Google Display & Video 360 click id', published: 'dropped' },
  { name: 'gbraid', source: 'Google Ads (iOS) click id', published: 'dropped' },
  { name: 'wbraid', source: 'Google Ads (web-to-app) click id', published: 'dropped' },
  { name: 'msclkid', source: 'Microsoft Advertising click id', published: 'dropped' },
  { name: 'yclid', source: 'Yandex click id', published: 'dropped' },
  { name: 'igshid', source: 'Instagram share id', published: 'dropped' },
  { name: 'mc_cid', source: 'Mailchimp campaign id', published: 'dropped' },
  { name: 'mc_eid', source: 'Mailchimp subscriber id', published: 'dropped' },
  { name: '_hsenc', source: 'HubSpot email tracking', published: 'dropped' },
  { name: '_hsmi', source: 'HubSpot email tracking', published: 'dropped' },
  { name: 'mkt_tok', source: 'Marketo email tracking', published: 'dropped' },
  { name: 'wt_mc', source: 'Webtrekk/Mapp campaign (SPIEGEL, FAZ: ?wt_mc=rss.feed)', published: 'dropped' },
  { name: 'wt_zmc', source: 'Webtrekk/Mapp campaign (ZEIT ONLINE)', published: 'dropped' },
  { name: 'wt_', prefix: true, source: 'Webtrekk/Mapp, other wt_* tags (wt_cc1 …)', published: 'kept', keptBecause: BROAD_PREFIX },
  { name: 'wtmc', source: 'Webtrekk/Mapp campaign, alternative spelling', published: 'dropped' },
  { name: 'mtm_campaign', source: 'Matomo campaign tag', published: 'dropped' },
  { name: 'mtm_source', source: 'Matomo campaign tag', published: 'dropped' },
  { name: 'mtm_medium', source: 'Matomo campaign tag', published: 'dropped' },
  { name: 'mtm_content', source: 'Matomo campaign tag', published: 'dropped' },
  { name: 'mtm_keyword', source: 'Matomo campaign tag', published: 'dropped' },
  { name: 'mtm_cid', source: 'Matomo campaign tag', published: 'dropped' },
  { name: 'mtm_group', source: 'Matomo campaign tag', published: 'dropped' },
  { name: 'mtm_placement', source: 'Matomo campaign tag', published: 'dropped' },
  { name: 'mtm_', prefix: true, source: 'Matomo, other mtm_* tags', published: 'kept', keptBecause: BROAD_PREFIX },
  { name: 'pk_campaign', source: 'Piwik/Matomo legacy campaign tag', published: 'dropped' },
  { name: 'pk_kwd', source: 'Piwik/Matomo legacy campaign keyword', published: 'dropped' },
  { name: 'pk_keyword', source: 'Piwik/Matomo legacy campaign keyword', published: 'dropped' },
  { name: 'pk_source', source: 'Piwik/Matomo legacy campaign tag', published: 'dropped' },
  { name: 'pk_medium', source: 'Piwik/Matomo legacy campaign tag', published: 'dropped' },
  { name: 'pk_content', source: 'Piwik/Matomo legacy campaign tag', published: 'dropped' },
  {
    name: 'pk_',
    prefix: true,
    source: 'Piwik/Matomo, other pk_* tags',
    published: 'kept',
    keptBecause: `${BROAD_PREFIX} (pk_id, a primary key)`,
  },
  { name: 'piwik_campaign', source: 'Piwik campaign tag', published: 'dropped' },
  { name: 'piwik_kwd', source: 'Piwik campaign keyword', published: 'dropped' },
  { name: 'piwik_keyword', source: 'Piwik campaign keyword', published: 'dropped' },
  { name: 'piwik_', prefix: true, source: 'Piwik, other piwik_* tags', published: 'kept', keptBecause: BROAD_PREFIX },
  {
    name: 'maca',
    source: 'Deutsche Welle RSS links (?maca=de-rss-de-all-1119-rdf)',
    published: 'kept',
    keptBecause: 'a plain word; only DW’s use is known',
  },
  {
    name: 'track',
    source: 'Tribune / Los Angeles Times RSS links (?track=rss)',
    published: 'kept',
    keptBecause: 'a plain word: /album/x?track=3, /schedule?track=security',
  },
  {
    name: 'ref',
    source: 'Referral tag added to shared and RSS links (?ref=rss, ?ref=twitter)',
    published: 'kept',
    keptBecause: 'picks a branch: GitLab …/-/pipelines?ref=main, GitHub API contents/…?ref=v2',
  },
  {
    name: 'smid',
    source: 'New York Times share id',
    published: 'kept',
    keptBecause: 'a short id a site may use for its own (member, session)',
  },
  { name: 'ncid', source: 'Yahoo / AOL syndication id', published: 'kept', keptBecause: 'a short id a site may use for its own' },
  { name: 'at_medium', source: 'AT Internet / Piano Analytics (ntv, SPIEGEL)', published: 'dropped' },
  { name: 'at_campaign', source: 'AT Internet / Piano Analytics', published: 'dropped' },
  {
    name: 'at_',
    prefix: true,
    source: 'AT Internet / Piano Analytics, other at_* tags (at_custom1 …)',
    published: 'kept',
    keptBecause: `${BROAD_PREFIX} (?at_date=2024-01-01)`,
  },
  { name: 'xtor', source: 'AT Internet XiTi campaign (Le Monde, BR, Deutsche Welle)', published: 'dropped' },
  { name: 'ref_src', source: 'Twitter/X share source', published: 'kept', keptBecause: 'a referrer name a site may read' },
  { name: 'ref_url', source: 'Twitter/X share source', published: 'kept', keptBecause: 'a return address on some sites (?ref_url=/back)' },
  {
    name: 'cmpid',
    source: 'Campaign id (Axel Springer, Tagesspiegel, many CMS)',
    published: 'kept',
    keptBecause: 'also a component or company id',
  },
  { name: 'ns_campaign', source: 'comScore / BBC campaign', published: 'dropped' },
  { name: 'ns_mchannel', source: 'comScore / BBC channel', published: 'dropped' },
  { name: 'ns_source', source: 'comScore / BBC source', published: 'dropped' },
  { name: 'ns_linkname', source: 'comScore / BBC link name', published: 'dropped' },
  { name: 'ns_fee', source: 'comScore / BBC', published: 'dropped' },
  { name: 'ito', source: 'BBC internal traffic origin', published: 'kept', keptBecause: 'a three-letter name a site may use for its own' },
  { name: 'intcmp', source: 'Guardian / Adobe internal campaign', published: 'dropped' },
  { name: 'ocid', source: 'MSN / Microsoft Start syndication', published: 'kept', keptBecause: 'also a resource id (Oracle Cloud OCIDs)' },
  { name: 's_cid', source: 'Adobe Analytics campaign id', published: 'dropped' },
  { name: 'icid', source: 'Adobe internal campaign id', published: 'kept', keptBecause: 'a short id a site may use for its own' },
  { name: 'soc_src', source: 'Social share source', published: 'dropped' },
  { name: 'soc_trk', source: 'Social share tracking', published: 'dropped' },
  { name: 'WT.mc_id', source: 'Webtrends campaign id (Microsoft Learn links: ?WT.mc_id=…)', published: 'dropped' },
  { name: '__twitter_impression', source: 'Twitter embed impression', published: 'dropped' },
  {
    name: 'spm',
    source: 'Alibaba super position model tracking',
    published: 'kept',
    keptBecause: 'a three-letter name a site may use for its own',
  },
  { name: 'vero_id', source: 'Vero email tracking', published: 'dropped' },
  { name: 'oly_enc_id', source: 'Omeda email tracking', published: 'dropped' },
  { name: 'oly_anon_id', source: 'Omeda email tracking', published: 'dropped' },
  { name: '_ga', source: 'Google Analytics cross-domain linker', published: 'dropped' },
  { name: '_gl', source: 'Google Analytics cross-domain linker', published: 'dropped' },
];

const exactNames = new Set(trackingParameters.filter((p) => !p.prefix).map((p) => p.name.toLowerCase()));
const prefixes = trackingParameters.filter((p) => p.prefix).map((p) => p.name.toLowerCase());
const droppedFromPublished = trackingParameters.filter((p) => p.published === 'dropped');
const exactNamesDroppedFromPublished = new Set(droppedFromPublished.filter((p) => !p.prefix).map((p) => p.name));
const prefixesDroppedFromPublished = droppedFromPublished.filter((p) => p.prefix).map((p) => p.name);

/** True when a query parameter name is on the tracking list (any entry, any case): for matching links. */
export function isTrackingParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return exactNames.has(lower) || prefixes.some((prefix) => lower.startsWith(prefix));
}

/** True when a published link drops this parameter: an entry marked 'dropped', spelled as listed. */
export function isDroppedFromPublishedLinks(name: string): boolean {
  return exactNamesDroppedFromPublished.has(name) || prefixesDroppedFromPublished.some((prefix) => name.startsWith(prefix));
}

/**
 * An http(s) `url` without the tracking parameters a published link drops (isDroppedFromPublishedLinks),
 * as Miniflux's urlcleaner does for its entries. Unlike canonicalUrl, everything else stays byte for byte:
 * the scheme, the other parameters in their order, a "?" inside a value, the fragment (a live ticker's
 * #anchor). `url` itself when it carries none, or is no http(s) URL (mailto:, magnet:, a relative one).
 */
export function withoutTrackingParameters(url: string): string {
  if (!HTTP_URL.test(url)) return url;
  const hashAt = url.indexOf('#');
  const end = hashAt < 0 ? url.length : hashAt;
  // The query starts at the first "?" (RFC 3986 §3.4): a later one is part of a value (?next=/p?id=1);
  // one after the "#" ("#!/page?utm_source=x", a hashbang route) is the app's, not the query.
  const question = url.indexOf('?');
  if (question < 0 || question > end) return url;
  const pairs = url.slice(question + 1, end).split('&');
  const kept = pairs.filter((pair) => !isDroppedPair(pair));
  if (kept.length === pairs.length) return url;
  const query = kept.filter((pair) => pair !== '').join('&');
  return `${url.slice(0, question)}${query ? `?${query}` : ''}${url.slice(end)}`;
}

const HTTP_URL = /^https?:\/\//i;

// A pair with a ";" may hold more than one (legacy CGI "?utm_source=x;id=7"): where it ends is unknown, so it stays.
function isDroppedPair(pair: string): boolean {
  return !pair.includes(';') && isDroppedFromPublishedLinks(parameterName(pair));
}

/** The decoded name of one `name=value` query pair (the raw name if its escapes are malformed). */
export function parameterName(pair: string): string {
  const equals = pair.indexOf('=');
  const raw = (equals < 0 ? pair : pair.slice(0, equals)).replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
