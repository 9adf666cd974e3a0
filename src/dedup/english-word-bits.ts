// How informative an English word must be to count as informative in an anchored (strong) retelling. The floor of 7 bits
// (score-story.ts, `titleViewInformativeBits`) was set on German, which closes an event's notions into one rare compound
// ("Spritsteuer", "Gefangenenaustausch") where English writes a phrase of commoner words ("fuel duty", "prisoner
// exchange"): the same share of English running words is less rare. In the shipped priors (background-prior.ts), 56 % of
// German content words carry 7 bits or more, and the same share of English ones 6.3 bits or more.

/** English's equivalent of the German 7-bit informative floor (test/dedup/english-word-bits.test.ts checks it against the priors). */
export const ENGLISH_INFORMATIVE_BITS = 6.3;

/**
 * The floor (bits) a shared word must reach to count as informative in a strong retelling of an item in `language`:
 * `germanBits` for every language but English, English's equivalent for English. Only anchored retellings use it: they
 * already share a place, two names, a precise figure or telling headline words, and the informative words say that the
 * rest is not common words alone. A plain retelling keeps the German floor in English too: a next-day follow-up of a storm
 * ("Power back for most homes after Storm Ada", 20 hours on, calibration-en) shares as many words of 6.3–7 bits with the
 * storm's reports as a retelling does.
 */
export function anchoredInformativeBits(germanBits: number, language: string | null): number {
  return language === 'en' ? Math.min(germanBits, ENGLISH_INFORMATIVE_BITS) : germanBits;
}
