// The link key the engine matches items on: the canonical link (parse/canonical-url.ts, one form and
// one tracking list for the whole product) without its scheme, which is always https there, and
// without a leading "www.": outlets that take an agency's item link the one article both ways, and
// no news site serves another article at the same path on the bare host. The canonical form keeps
// "www." because it is stored and shown as the item's link. Without the scheme a bare homepage
// reads "host/", which place-item.ts refuses as evidence.
import { canonicalUrl } from '../parse/canonical-url.js';

/** The matching key of a link (canonical form without "https://" and "www."), or null when it is not an http(s) link. */
export function matchingLink(url: string | null): string | null {
  const canonical = url === null ? null : canonicalUrl(url);
  return canonical === null ? null : canonical.slice('https://'.length).replace(/^www\./, '');
}
