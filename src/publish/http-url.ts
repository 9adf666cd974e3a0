// Links feedmerge republishes are absolute http(s) URLs: a relative, javascript: or data: one never goes out.

/** An absolute http(s) URL, normalised by WHATWG URL parsing, or null. */
export function httpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
