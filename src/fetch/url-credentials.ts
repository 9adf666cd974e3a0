// Private feeds are configured as https://user:pass@host/feed. undici ignores URL credentials, so they
// become a Basic Authorization header, sent to that origin only (never along a cross-origin redirect),
// and are kept out of finalUrl, which the parser resolves item links against.

export interface Login {
  origin: string;
  /** The Authorization header value. */
  header: string;
}

/** The Basic login a URL carries, or null. */
export function credentialsOf(url: URL): Login | null {
  if (!url.username && !url.password) return null;
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  return { origin: url.origin, header: `Basic ${Buffer.from(`${decode(url.username)}:${decode(url.password)}`).toString('base64')}` };
}

/** The URL without user and password. */
export function withoutCredentials(url: URL): URL {
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  return bare;
}

/** `url` with the user and password of `from` (the stored URL keeps them when a feed moved within its origin). */
export function withCredentials(url: URL, from: URL): string {
  const copy = new URL(url.href);
  copy.username = from.username;
  copy.password = from.password;
  return copy.href;
}
