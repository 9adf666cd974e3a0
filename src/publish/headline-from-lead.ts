// The headline of a story whose representative has no title: the opening of its lead. Microblog feeds
// (Mastodon's RSS, JSON Feed notes) send items with text and no title; titled "(untitled)", every one of
// them read the same in a feed reader's list. Miniflux titles such entries from their content too.
import { withoutTagsThatAct } from '../parse/html-to-plain-text.js';

/** The headline of an item or story that has neither a title nor a lead to take one from. */
export const UNTITLED = '(untitled)';

/**
 * The headline people read for an item or a story (its representative's title and lead): the title,
 * else the lead's opening, else "(untitled)". The one rule for the feeds, the pages and the CLI.
 */
export function headlineOf(title: string, lead: string): string {
  return title.trim() || headlineFromLead(lead) || UNTITLED;
}

/** Longest headline taken from a lead, in characters as a reader sees them (graphemes), before it is cut with "…". */
const headlineMaxLength = 100;

// Counted and cut with Intl.Segmenter: by UTF-16 unit and at ASCII spaces, a ZWJ family emoji was cut to
// "👨…", a flag split into a lone regional indicator, and Thai and Japanese, written without spaces, cut
// mid-word (Thai ended on a lone leading vowel). ICU's word boundaries know those scripts' words.
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/** The lead's opening as a headline (plain text in, plain text out), or "" when the lead is empty. */
export function headlineFromLead(lead: string): string {
  const text = lead.trim();
  // Where the grapheme after the first headlineMaxLength begins; -1 when the text has no more than that.
  let limit = -1;
  let count = 0;
  for (const { index } of graphemes.segment(text)) {
    if (++count > headlineMaxLength) {
      limit = index;
      break;
    }
  }
  if (limit === -1) return text;
  let lastWord = 0;
  // The whole text is segmented (lazily, up to the limit): cut off first, a dictionary script's last word is misread.
  for (const { index } of words.segment(text)) {
    if (index > limit) break;
    lastWord = index;
  }
  // A word boundary late enough keeps the headline long; else the last whole grapheme.
  const cut = lastWord > limit * 0.6 ? lastWord : limit;
  // Cut inside a tag ("<Wort>" of a lead, or between the characters of a long one), its "<" would be left open.
  return withoutTagsThatAct(`${text.slice(0, cut).replace(/[\s,;:.–\-、。，]+$/u, '')}…`);
}
