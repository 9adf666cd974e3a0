// A private feed is configured with its login in the URL: https://user:pass@host/feed (README,
// "Polling etiquette"), or a key in the query, as FreshRSS (?token=), Miniflux and Inoreader hand out
// private feed URLs. The page's source table and RSS <source url="…"> are public: they showed the
// password or key to every reader. What is published names the feed without them.

import { parameterName, withoutTrackingParameters } from '../parse/tracking-parameters.js';

/**
 * Query parameter names (compared case-insensitively) that carry a secret rather than select content:
 * API keys and tokens (token, access_token, key, apikey, api_key, auth), passwords (secret, password,
 * passwd), signed-URL signatures (sig, signature) and session ids (session, sid). Any other parameter
 * stays, since it may pick which feed the URL names (?cat=, ?lang=).
 */
export const CREDENTIAL_PARAMETERS: ReadonlySet<string> = new Set([
  'token',
  'access_token',
  'key',
  'apikey',
  'api_key',
  'auth',
  'secret',
  'password',
  'passwd',
  'sig',
  'signature',
  'session',
  'sid',
]);

/**
 * A source's feed URL as published (RSS <source url>, the page's source table): withoutLogin, and where it
 * still shows a sign of a login (mayHideLogin: ";token=", "#access_token=", an escaped or deeper nested
 * one) only the part that shows it is cut (publishedParts). Judged as the URL parser reads it
 * ("https://example.com?author=a@b.de" has its "/" before the "?"). A file path stays as it is; a URL the
 * parser rejects is cut to its scheme and host.
 */
export function publishedFeedUrl(url: string): string {
  const published = withoutLogin(url);
  let parsed: URL;
  try {
    parsed = new URL(published);
  } catch {
    return /^[a-z][a-z0-9+.-]*:/i.test(published) && mayHideLogin(published) ? unparsedHost(published) : published;
  }
  if (!mayHideLogin(parsed.href)) return published;
  return publishedParts(parsed);
}

/**
 * `url` cut after the last path segment, query pair and fragment that show no sign of a login, each judged
 * with what comes before it: a segment that shows one ends the path and drops the query and fragment; a
 * query pair that does is left out; so is a fragment. "https://host/private/feed;token=k" is
 * "https://host/private/", "?lang=de&q=a%26key%3Db" keeps "?lang=de".
 */
function publishedParts(url: URL): string {
  // Not url.origin, which is "null" for a file: URL.
  const origin = `${url.protocol}//${url.host}`;
  const segments = url.pathname.split('/').slice(1);
  let path = '';
  for (const segment of segments) {
    if (mayHideLogin(`${origin}${path}/${segment}`)) return `${origin}${path}/`;
    path += `/${segment}`;
  }
  const base = origin + (path || '/');
  const pairs = url.search ? url.search.slice(1).split('&') : [];
  const kept: string[] = [];
  for (const pair of pairs) if (!mayHideLogin(`${base}?${[...kept, pair].join('&')}`)) kept.push(pair);
  const withQuery = kept.length ? `${base}?${kept.join('&')}` : base;
  return url.hash && !mayHideLogin(withQuery + url.hash) ? withQuery + url.hash : withQuery;
}

/** The scheme and host of an unparsed URL: what follows its last "@" up to a path, query or fragment. */
function unparsedHost(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:[/\\]*/i.exec(url)?.[0] ?? '';
  const authority = /^[^/\\?#]*/.exec(url.slice(scheme.length))?.[0] ?? '';
  return scheme.toLowerCase() + authority.slice(authority.lastIndexOf('@') + 1);
}

/**
 * `url` without its user, password and credential query parameters (CREDENTIAL_PARAMETERS), also those of
 * a URL that is a parameter's value (?next=https://user:pass@host/); anything else (a URL without them, a
 * file path) as it is.
 */
export function withoutLogin(url: string): string {
  return withoutLoginAt(url, 0);
}

// How deep URLs nested as parameter values are looked into; a deeper one is left to mayHideLogin.
const NESTED_URLS = 2;

function withoutLoginAt(url: string, depth: number): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  // Filtered on the raw query so the parameters that stay keep their exact spelling and order.
  const pairs = parsed.search ? parsed.search.slice(1).split('&') : [];
  const kept = pairs.filter((pair) => !CREDENTIAL_PARAMETERS.has(parameterName(pair).toLowerCase()));
  const published = depth < NESTED_URLS ? kept.map((pair) => withoutNestedLogin(pair, depth)) : kept;
  const unchanged = kept.length === pairs.length && published.every((pair, i) => pair === pairs[i]);
  if (!parsed.username && !parsed.password && unchanged) return url;
  parsed.username = '';
  parsed.password = '';
  parsed.search = published.length ? `?${published.join('&')}` : '';
  return parsed.href;
}

/**
 * A `name=value` query pair whose value is an http(s) URL (a redirect's ?next=, ?url=) with that URL's
 * login taken out; written back as it came, escaped or not.
 */
function withoutNestedLogin(pair: string, depth: number): string {
  const equals = pair.indexOf('=');
  if (equals < 0) return pair;
  const raw = pair.slice(equals + 1);
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return pair;
  }
  // Any http(s) URL a browser reads: "https:/u:pw@host" and "https:\\\\u:pw@host" are "https://u:pw@host" to it.
  if (!/^https?:/i.test(value)) return pair;
  const published = withoutLoginAt(value, depth + 1);
  if (published === value) return pair;
  return `${pair.slice(0, equals + 1)}${raw === value ? published : encodeURIComponent(published)}`;
}

/**
 * Whether `url` carries a user, a password or a credential query parameter (what withoutLogin removes),
 * or may hide one where withoutLogin does not look (mayHideLogin).
 */
export function carriesLogin(url: string): boolean {
  const published = withoutLogin(url);
  return published !== url || mayHideLogin(published);
}

// A credential name as a parameter after any separator: ";token=", "#access_token=" (OAuth puts it in the
// fragment), "/?token=" of a URL nested in another parameter, "?token%3D" once escapes are undone.
const CREDENTIAL_NAME = new RegExp(`[?&;#/](?:${[...CREDENTIAL_PARAMETERS].join('|')})=`, 'i');
// A login before a host, also of a nested URL (?next=https://u:p@host/, /go/https:///u:p@host): after "://"
// or an http(s) scheme's run of slashes, an "@" before the next "/", and before a "?" or "#" unless a ":"
// comes first (a password with a "#" or "?", "u:55#pa@host", which a URL parser reads as a port and a
// fragment; "https://example.com?author=a@b.de" has none). After an http(s) scheme with no slash
// ("#next=https:u:p@host"), userinfo as a browser reads it (no "/", "?", "#", nor "&", where a nested
// value ends) and an "@" with a host after it. Read once each "\\" is a "/" (SLASHES_OF_SPECIAL_SCHEMES).
// Linear: a try with slashes stops at the next "/", one without at the next "/" or http(s) scheme.
const LOGIN_BEFORE_HOST = /(?::\/\/|https?:\/+)(?:[^/?#:]*:[^/]*|[^/?#]*)@|https?:(?:(?!https?:)[^/?#&\s])*@(?=[a-z0-9[\u0080-\uffff])/i;
// A browser reads "\\" in an http(s) URL as "/" (WHATWG URL, special schemes): "https:\\\\u:pw@host".
const SLASHES_OF_SPECIAL_SCHEMES = /\\/g;
// Invisible to a reader, so "to\u00ADken=" reads as "token=".
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
// The escapes of the separators above, undone once ("%3A%2F%2F", "%3D", "%5C" read as "/").
const ESCAPED_SEPARATOR = /%(?:2[36F]|3[ABDF]|40|5C)/gi;

/**
 * Whether `url` shows a sign of a login that withoutLogin does not take out (it removes only the URL's own
 * user, password and "&"-separated credential parameters): see CREDENTIAL_NAME and LOGIN_BEFORE_HOST.
 * Linear in the length of `url`.
 */
export function mayHideLogin(url: string): boolean {
  const visible = url.replace(INVISIBLE, '').replace(SLASHES_OF_SPECIAL_SCHEMES, '/');
  // Without the URL's own scheme: an escaped "@" in its query ("?q=%40user") is no login, one in a nested
  // URL ("?next=https%3A%2F%2Fu%40host") is.
  const unescaped = visible
    .replace(/^https?:\/*/i, '')
    .replace(ESCAPED_SEPARATOR, (escape) => String.fromCharCode(parseInt(escape.slice(1), 16)))
    .replace(SLASHES_OF_SPECIAL_SCHEMES, '/');
  return [visible, unescaped].some((text) => CREDENTIAL_NAME.test(text) || LOGIN_BEFORE_HOST.test(text));
}

/**
 * The item link as published, without tracking parameters (withoutTrackingParameters), unless it carries a
 * login (carriesLogin: a user, a password, a credential parameter such as ?token=). Private feeds (FreshRSS,
 * Miniflux, Inoreader token feeds, paid newsletters) may link each item for one subscriber; the merged feed
 * would hand that key to every reader. Unlike enclosures, a source whose own URL carries a login keeps its
 * other links: such feeds mostly relay public articles, whose links are the story's reason to exist.
 */
export function publicLink(url: string | null | undefined): string | null {
  return url && !carriesLogin(url) ? withoutTrackingParameters(url) : null;
}
