// Leads that carry nothing of their item: a feed's "Read more…", "Weiterlesen", "[…]", WordPress's "The post … appeared
// first on …" footer, a teaser that only repeats words of the title. Counted as evidence, such a lead made two unrelated
// items of feeds writing it look alike: in a small window (a new deployment's first poll) the rarity weights cannot know
// it is filler, and the background prior (prior/) does not know a site's wording. A filler lead counts as no lead.
// A site's own fixed teaser, which no list can know, is found by its repetition (source-boilerplate-lead.ts).
import { isEvidenceToken } from './item-evidence.js';
import { normaliseText } from './normalise-text.js';

/**
 * The "read more" phrases of feeds, as written (English and German). Their tokens are the filler words; stopwords among
 * them ("more", "hier", "zum") are dropped by normalising anyway.
 */
const READ_MORE_PHRASES = [
  'Read more',
  'Read on',
  'Continue reading',
  'Keep reading',
  'Click here to continue reading',
  'Click here to read more',
  'Read the full story',
  'Read the full article',
  'Full story',
  'Learn more',
  'Weiterlesen',
  'Hier weiterlesen',
  'Mehr lesen',
  'Lesen Sie mehr',
  'Lesen Sie weiter',
  'Jetzt lesen',
  'Artikel lesen',
  'Zum vollständigen Artikel',
  'Mehr erfahren',
];

/** Filler words as normalised tokens, from both languages' normalising (a German feed may write "Read more"). */
const FILLER_WORDS: ReadonlySet<string> = new Set(
  ['en', 'de'].flatMap((language) => READ_MORE_PHRASES.flatMap((phrase) => normaliseText(phrase, language).tokens)),
);

/**
 * Blog software's footer naming the post and the site (WordPress: "The post <title> appeared first on <site>.", German
 * "Der Beitrag <title> erschien zuerst auf <site>."): every item of the blog carries the site's name in it.
 */
const POST_FOOTER = /\b(?:The post\s[\s\S]*?\sappeared first on|Der Beitrag\s[\s\S]*?\serschien zuerst auf)\s[\s\S]*$/i;

/** The lead's text without a blog footer (`POST_FOOTER`); the text itself when it has none. */
export function withoutPostFooter(lead: string): string {
  return POST_FOOTER.test(lead) ? lead.replace(POST_FOOTER, '') : lead;
}

/**
 * The lead's content tokens as evidence: without trailing filler words ("… beschlossen. Weiterlesen"), and none at all when
 * what is left names nothing the title does not (only filler words, numbers that are no evidence, words of the title).
 */
export function leadEvidenceTokens(leadTokens: readonly string[], titleTokens: readonly string[]): string[] {
  let end = leadTokens.length;
  while (end > 0 && FILLER_WORDS.has(leadTokens[end - 1]!)) end--;
  const kept = end === leadTokens.length ? [...leadTokens] : leadTokens.slice(0, end);
  const title = new Set(titleTokens);
  const informative = kept.some((t) => isEvidenceToken(t) && !FILLER_WORDS.has(t) && !title.has(t));
  return informative ? kept : [];
}
