// The feed an HTML page advertises (<link rel="alternate" type="application/rss+xml" href="…">), so a
// NOT_A_FEED error can tell the user which URL to configure instead of the page.
import { decodeHTML } from 'entities';
import { readAttributes } from './sniff-document.js';

const feedTypes = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/feed+json',
  'application/json+feed',
  'application/rdf+xml',
]);

/** The first advertised feed URL in an HTML page, absolute (resolved against baseUrl) and http(s) only; else null. */
export function findFeedLink(html: string, baseUrl: string | null): string | null {
  // Feeds are advertised in <head>; looking at the first 512 KB bounds the work on huge pages.
  const head = html.slice(0, 512 * 1024);
  // The first <base> with an href counts (HTML Living Standard 4.2.3).
  let baseHref: string | null = null;
  for (const m of head.matchAll(/<base\b([^>]*)>/gi)) {
    const href = readAttributes(m[1] ?? '').get('href');
    if (href) {
      baseHref = decodeHTML(href);
      break;
    }
  }
  const base = resolveUrl(baseHref, baseUrl) ?? baseUrl;
  for (const m of head.matchAll(/<link\b([^>]*)>/gi)) {
    const attributes = readAttributes(m[1] ?? '');
    const rel = (attributes.get('rel') ?? '').toLowerCase().split(/\s+/);
    const type = (attributes.get('type') ?? '').toLowerCase().split(';')[0]!.trim();
    const href = attributes.get('href');
    if (!rel.includes('alternate') || !feedTypes.has(type) || !href) continue;
    const resolved = resolveUrl(decodeHTML(href.trim()), base);
    if (resolved) return resolved;
  }
  return null;
}

/**
 * Resolves a link against a base; null unless the result is http(s). An absolute http(s) link is kept
 * exactly as published (only trimmed): rewriting it would make it differ from the publisher's own.
 */
export function resolveUrl(link: string | null, base: string | null): string | null {
  return resolveHttpUrl(link, base)?.href ?? null;
}

/** resolveUrl, also handing back the parsed URL so callers need not parse the same link again. */
export function resolveHttpUrl(link: string | null, base: string | null): { href: string; parsed: URL } | null {
  if (!link) return null;
  const trimmed = link.trim();
  if (!trimmed) return null;
  try {
    // Fast path for links already in URL syntax; anything the URL parser would percent-encode
    // (quotes, angle brackets…) goes through it, so no link carries markup into a published document.
    if (/^https?:\/\/[^\s"'<>\\^`{|}]+$/i.test(trimmed)) return { href: trimmed, parsed: new URL(trimmed) };
    const url = base ? new URL(trimmed, base) : new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? { href: url.href, parsed: url } : null;
  } catch {
    return null;
  }
}
