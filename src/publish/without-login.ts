// A private feed is configured with its login in the URL (https://user:pass@host/feed; README,
// "Polling etiquette"). The page's source table and RSS <source url="…"> are public: they showed the
// password to every reader. What is published names the feed without it.

/** `url` without its user and password; anything else (a URL without them, a file path) as it is. */
export function withoutLogin(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!parsed.username && !parsed.password) return url;
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}
