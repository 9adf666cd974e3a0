// The one seam to sanitize-html: publisher HTML becomes HTML that is safe to hand to any reader.
import sanitizeHtml from 'sanitize-html';
import { withoutTrackingParameters } from '../parse/tracking-parameters.js';
import { withoutLoginsInHtml } from './logins-in-text.js';
import { carriesLogin } from './without-login.js';
import { stripXmlIllegal } from './xml-text.js';

const ALLOWED_TAGS = [
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'caption',
  'cite',
  'code',
  'dd',
  'del',
  'dfn',
  'div',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'time',
  'tr',
  'u',
  'ul',
];

/**
 * Resolves a relative reference against the item's link; unparseable ones are dropped, and so are
 * those carrying a login (carriesLogin: a user, a password, ?token= or another credential parameter).
 * A private feed's body may link or embed a page for its one subscriber (a "read online" link with
 * the reader's key, a tracking pixel with a session); republished, every reader of the merged feed
 * would get that key, as with item links (published-entry.ts, publicLink).
 */
function absolute(value: string | undefined, base: string | null): string | undefined {
  if (value === undefined) return undefined;
  let resolved: string;
  try {
    resolved = base ? new URL(value.trim(), base).href : new URL(value.trim()).href;
  } catch {
    return undefined;
  }
  // "https:/u:pw@host/" resolves against an https: item link as a path ("https://site/u:pw@host/"), but
  // against an http: one, or read alone as a reader without the base reads it, it is a login (WHATWG URL,
  // special relative or authority state): judged both ways.
  const alone = SCHEME_WITHOUT_TWO_SLASHES.test(value) && base ? carriesLogin(value.trim()) : false;
  return alone || carriesLogin(resolved) ? undefined : resolved;
}

// An http(s) scheme not followed by "//", which a URL parser reads as a path or as an authority
// depending on the base it resolves against.
const SCHEME_WITHOUT_TWO_SLASHES = /^\s*https?:(?!\/\/)/i;

function absolutize(attribute: string, base: string | null): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const out = { ...attribs };
    const resolved = absolute(attribs[attribute], base);
    if (resolved === undefined) delete out[attribute];
    // A link goes without its campaign tags, as the item's own link does (publicLink). An image keeps its
    // URL: a CDN may read any parameter, and a reader never sees or shares an image's address.
    else out[attribute] = tagName === 'a' ? withoutTrackingParameters(resolved) : resolved;
    return { tagName, attribs: out };
  };
}

/**
 * Sanitises untrusted publisher HTML with an allowlist: no script/style/iframe/object/embed/form,
 * no event handlers or style attributes, only http(s)/mailto links and http(s) images, and relative
 * links and images made absolute against `baseUrl` (the item's link) so they work in any reader.
 * A link carrying a login loses its href (its text stays); an image carrying one is left out; a URL
 * carrying one written in the text or an attribute loses the login (withoutLoginsInHtml).
 */
export function safeHtml(html: string, baseUrl: string | null): string {
  const clean = sanitizeHtml(stripXmlIllegal(html), {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      abbr: ['title'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
      time: ['datetime'],
      ol: ['start'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    // script/style/textarea/noscript bodies are dropped with their tags, not shown as text.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'iframe', 'object', 'embed', 'template', 'svg', 'math'],
    transformTags: { a: absolutize('href', baseUrl), img: absolutize('src', baseUrl) },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs['src'],
  });
  // Sanitised output escapes ">" in text and attributes, so "]]>" cannot survive; belt and braces
  // because this HTML is later embedded in XML. A login written out in the text (a link whose text is
  // its own URL) goes as its href did; on the serialised output, as the parser splits text at entities.
  return withoutLoginsInHtml(stripXmlIllegal(clean)).replaceAll(']]>', ']]&gt;');
}
