// The headline of a story whose representative has no title: the opening of its lead. Microblog feeds
// (Mastodon's RSS, JSON Feed notes) send items with text and no title; titled "(untitled)", every one of
// them read the same in a feed reader's list. Miniflux titles such entries from their content too.

/** Longest headline taken from a lead, in characters, before it is cut at a word with "…". */
const headlineMaxLength = 100;

/** The lead's opening as a headline (plain text in, plain text out), or "" when the lead is empty. */
export function headlineFromLead(lead: string): string {
  const text = lead.trim();
  if (text.length <= headlineMaxLength) return text;
  let cut = text.slice(0, headlineMaxLength);
  // Never leave half a surrogate pair (an emoji) at the end.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const lastSpace = cut.lastIndexOf(' ');
  const base = lastSpace > headlineMaxLength * 0.6 ? cut.slice(0, lastSpace) : cut;
  return `${base.replace(/[\s,;:.–-]+$/, '')}…`;
}
