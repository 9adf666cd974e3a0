// Text from feeds on our left-to-right pages: each piece is its own bidi isolate, so an Arabic, Hebrew or Persian
// title is laid out right to left and neither it nor the page's words around it move into each other. Without,
// "مرحبا! (3 sources)" or "خبر · 2026-11-26 06:00 UTC" is one run to the Unicode Bidirectional Algorithm (UAX #9):
// the "!", the digits and the brackets resolve by their neighbours and the reader sees them on the wrong side.
// HTML gives every element with a dir attribute, and every <bdi>, "unicode-bidi: isolate" (HTML, Rendering §15.3.5).
// The direction is the text's own first strong letter (dir="auto"), or right to left for a feed that declares a
// right-to-left language and whose text holds letters of such a script: "BBC: …" in an Arabic feed stays one
// Arabic line. A declared language alone never turns text right to left (a wrong tag is common, see decode-feed-bytes).
import { isLanguageTag } from '../language-tag.js';
import { escapeXml as esc } from './xml-text.js';

// Languages written right to left (CLDR character order right-to-left), by primary subtag.
const RIGHT_TO_LEFT_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);
const RIGHT_TO_LEFT_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}]/u;

/** ` lang="…"` for a well-formed language tag from a feed ("pt_BR" → "pt-BR"), else nothing. */
function langAttribute(language: string | null | undefined): string {
  const tag = language?.trim().replace(/_/g, '-');
  return tag && isLanguageTag(tag) ? ` lang="${esc(tag)}"` : '';
}

/** Whether `text` of a feed in `language` is laid out right to left whatever letter it starts with. */
function rightToLeft(text: string, language: string | null | undefined): boolean {
  const primary = language?.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return RIGHT_TO_LEFT_LANGUAGES.has(primary) && RIGHT_TO_LEFT_LETTER.test(text);
}

/**
 * The attributes that make an element holding `text` (and nothing else) a bidi isolate in the text's direction:
 * ` dir="auto"`, or ` dir="rtl"` for right-to-left text of a right-to-left feed, and ` lang="…"` when the feed's
 * language is known (fonts, hyphenation and screen readers follow it).
 */
export function isolateAttributes(text: string, language?: string | null): string {
  return ` dir="${rightToLeft(text, language) ? 'rtl' : 'auto'}"${langAttribute(language)}`;
}

/** `text` escaped inside a `<bdi>` with isolateAttributes (the `dir` is left out where "auto", `<bdi>`'s own default). */
export function bdiHtml(text: string, language?: string | null): string {
  const direction = rightToLeft(text, language) ? ' dir="rtl"' : '';
  return `<bdi${direction}${langAttribute(language)}>${esc(text)}</bdi>`;
}

// Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): reading a feed removes them from its text
// (html-to-plain-text.ts), but a search query or the config may carry them.
const DIRECTION_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Plain text for a place that takes no markup (a page's <title>, an attribute): without direction controls of its
 * own, and wrapped in FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (UAX #9 §2.7), the isolate <bdi> makes,
 * when it holds a right-to-left letter. The pair is then always ours and always balanced.
 */
export function isolatedPlainText(text: string): string {
  const plain = text.replace(DIRECTION_CONTROLS, '');
  return RIGHT_TO_LEFT_LETTER.test(plain) ? `\u2068${plain}\u2069` : plain;
}
