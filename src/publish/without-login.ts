// A private feed is configured with its login in the URL: https://user:pass@host/feed (README,
// "Polling etiquette"), or a key in the query, as FreshRSS (?token=), Miniflux and Inoreader hand out
// private feed URLs. The page's source table and RSS <source url="…"> are public: they showed the
// password or key to every reader. What is published names the feed without them.

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
 * `url` without its user, password and credential query parameters (CREDENTIAL_PARAMETERS); anything
 * else (a URL without them, a file path) as it is.
 */
export function withoutLogin(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  // Filtered on the raw query so the parameters that stay keep their exact spelling and order.
  const pairs = parsed.search ? parsed.search.slice(1).split('&') : [];
  const kept = pairs.filter((pair) => !CREDENTIAL_PARAMETERS.has(parameterName(pair).toLowerCase()));
  if (!parsed.username && !parsed.password && kept.length === pairs.length) return url;
  parsed.username = '';
  parsed.password = '';
  parsed.search = kept.length ? `?${kept.join('&')}` : '';
  return parsed.href;
}

/** Whether `url` carries a user, a password or a credential query parameter (what withoutLogin removes). */
export function carriesLogin(url: string): boolean {
  return withoutLogin(url) !== url;
}

/**
 * The item link as published, unless it carries a login (carriesLogin: a user, a password, a
 * credential parameter such as ?token=). Private feeds (FreshRSS, Miniflux, Inoreader token feeds,
 * paid newsletters) may link each item for one subscriber; the merged feed would hand that key to every
 * reader. Unlike enclosures, a source whose own URL carries a login keeps its other links: such feeds
 * mostly relay public articles, whose links are the story's reason to exist.
 */
export function publicLink(url: string | null | undefined): string | null {
  return url && !carriesLogin(url) ? url : null;
}

/** The decoded name of one `name=value` query pair (the raw name if its escapes are malformed). */
function parameterName(pair: string): string {
  const raw = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}
