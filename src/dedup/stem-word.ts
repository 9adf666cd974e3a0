// The one seam to @orama/stemmers (Snowball-derived stemmers, Apache-2.0). Stems let inflected forms of a word
// meet: "Gefangene"/"Gefangenen", "Verhandlungen"/"Verhandlung", "tapering"/"taper".
// Tokens arrive already folded (fold-word.ts: "Verträge" → "vertraege"). Orama's German is Snowball's classic
// "german", which only knows ä/ö/ü, so folded words would keep "vertraeg" apart from "vertrag". Snowball's
// "german2" variant (merged into "german" in Snowball 3.0) reads ae/oe/ue as umlauts first; germanPrelude below
// is that prelude, so folded German stems as its umlaut spelling does ("vertraege" → "vertrag", like "Verträge").
import { createRequire } from 'node:module';
import { backgroundPrior, type BackgroundPrior } from './background-prior.js';
import { dotlessIAsI, readsDotlessIAsI } from './fold-word.js';

const require = createRequire(import.meta.url);

// ISO 639-1 → the package's export name. Left out: Sanskrit (its stemmer barely strips anything) and Bulgarian
// (3.1.18's stemmer assigns to string indexes and throws on words like "център").
const STEMMERS: Record<string, string> = {
  ar: 'arabic',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hi: 'indian',
  hu: 'hungarian',
  hy: 'armenian',
  id: 'indonesian',
  it: 'italian',
  lt: 'lithuanian',
  ne: 'nepali',
  nl: 'dutch',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  uk: 'ukrainian',
};
// Bokmål and Nynorsk tags name the one Norwegian stemmer.
const ALIASES: Record<string, string> = { nb: 'no', nn: 'no' };

type Stem = (word: string) => string;
// Loaded on first use: a deployment reading two languages never loads the other 25.
const loaded = new Map<string, Stem>();

// Words repeat endlessly in news; each (language, word) is stemmed once. Bounded like fold-word.ts's cache.
const stemCache = new Map<string, Map<string, string>>();
const STEM_CACHE_LIMIT = 100_000;
let lastLanguage: string | null | undefined;
let lastResolved: string | null = null;
let lastCache: Map<string, string> | null = null;
let lastDotless = false;

// The engine passes the same few language codes millions of times: resolve each once.
const resolvedLanguages = new Map<string, string | null>();

/** The stemming language of an ISO 639-1 code or tag ("de-DE" → "de", "nb" → "no"), or null without a stemmer. */
function stemmingLanguage(language: string | null): string | null {
  if (!language) return null;
  let resolved = resolvedLanguages.get(language);
  if (resolved === undefined) {
    const code = language.toLowerCase().split(/[-_]/)[0] ?? '';
    const stemming = ALIASES[code] ?? code;
    resolved = STEMMERS[stemming] === undefined ? null : stemming;
    if (resolvedLanguages.size < 1_000) resolvedLanguages.set(language, resolved);
  }
  return resolved;
}

function stemmerFor(language: string): Stem {
  let stem = loaded.get(language);
  if (stem === undefined) {
    stem = (require(`@orama/stemmers/${STEMMERS[language]}`) as { stemmer: Stem }).stemmer;
    loaded.set(language, stem);
  }
  return stem;
}

const GERMAN_VOWEL = /[aeiouyäöü]/;
const GERMAN_UMLAUTS: Record<string, string> = { ae: 'ä', oe: 'ö', ue: 'ü', qu: 'qu' };

/**
 * Snowball 3's German prelude: u and y between vowels are consonants (marked U/Y, as the stemmer's own prelude
 * would, and before the pairs are read: "bauen" is not "baün"), then ae/oe/ue are umlauts except in "qu".
 * The stemmer's postlude turns U/Y back and drops the umlauts' dots.
 */
function germanPrelude(word: string): string {
  if (!/ae|oe|ue/.test(word)) return word;
  const letters = [...word];
  for (let i = 0; i + 2 < letters.length; i++) {
    const next = letters[i + 1];
    if ((next === 'u' || next === 'y') && GERMAN_VOWEL.test(letters[i]!) && GERMAN_VOWEL.test(letters[i + 2]!)) {
      letters[i + 1] = next.toUpperCase();
      i++;
    }
  }
  return letters.join('').replace(/ae|oe|ue|qu/g, (pair) => GERMAN_UMLAUTS[pair] ?? pair);
}

/** The stem of a normalised token (as normaliseText returns it) in `language` (ISO 639-1); the token itself when no stemmer exists for the language or the token is a number. Cached: called for every token of every item. */
export function stemWord(token: string, language: string | null): string {
  // The engine stems item after item in one language: keep that language's cache at hand.
  let cache: Map<string, string> | null;
  let resolved: string | null;
  if (language === lastLanguage) {
    cache = lastCache;
    resolved = lastResolved;
  } else {
    resolved = stemmingLanguage(language);
    cache = resolved === null ? null : (stemCache.get(resolved) ?? null);
    if (resolved !== null && cache === null) {
      cache = new Map();
      stemCache.set(resolved, cache);
    }
    lastLanguage = language;
    lastResolved = resolved;
    lastCache = cache;
    lastDotless = resolved === null && readsDotlessIAsI(language);
  }
  // Azerbaijani has no stemmer; its words still read ı as i, as Turkish stems do ("Istanbul" typed so is "ıstanbul").
  if (cache === null || resolved === null) return lastDotless ? dotlessIAsI(token) : token;
  const hit = cache.get(token);
  if (hit !== undefined) return hit;
  const first = token.charCodeAt(0);
  if (first >= 48 && first <= 57) return token;
  const stem = stemOf(token, resolved);
  if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
  cache.set(token, stem);
  return stem;
}

/** The stem of a word (not a number) in a stemming language, uncached. */
function stemOf(token: string, resolved: string): string {
  try {
    if (resolved !== 'tr') return stemmerFor(resolved)(resolved === 'de' ? germanPrelude(token) : token);
    // Turkish tokens keep ı (suffixes follow vowel harmony: "yaralı" → "yaral"), their stems do not: a feed typed without
    // Turkish capitals writes "Istanbul" ("ıstanbul") for "İstanbul", and the place table has "Isparta", "Iğdır" as "isparta",
    // "igdır". A word's first letter decides no suffix, so it is read as i before stemming, the rest after.
    return dotlessIAsI(stemmerFor(resolved)(token.startsWith('ı') ? `i${token.slice(1)}` : token));
  } catch {
    // A stemmer's bug must not stop placement: the word then matches only itself.
    return token;
  }
}

/**
 * stemWord without its cache, for a word list stemmed once (place-names.ts: 25,000 names a language), which would
 * otherwise fill a third of the cache with words news rarely repeats and clear it early.
 */
export function stemWordUncached(token: string, language: string | null): string {
  const resolved = stemmingLanguage(language);
  if (resolved === null) return readsDotlessIAsI(language) ? dotlessIAsI(token) : token;
  const first = token.charCodeAt(0);
  if (first >= 48 && first <= 57) return token;
  return stemOf(token, resolved);
}

/** Languages with a stemmer. */
export function stemmedLanguages(): readonly string[] {
  return Object.keys(STEMMERS);
}

// German closes compounds ("Gefangenenaustausch", "Bundesregierung") where English writes two words. No maintained
// npm splitter exists, so a compound is split against the German prior's vocabulary, as Koehn & Knight (2003,
// "Empirical Methods for Compound Splitting") do: of the ways to cut the word into two known stems (with a
// linking element between), the one whose parts are commonest (geometric mean of their shares) wins, and only
// if that beats the word as a whole. A common word stays whole ("Kanzlerin" is no "Kanzl|erin"), a rare
// compound of common parts is split.
const COMPOUND_LANGUAGES = new Set(['de']);
/**
 * Letters each part must have: shorter ones are too often a syllable, prefix or suffix that happens to be a known
 * stem ("ver", "hab", "Lind|ner", "Kemp|ter", "Abschieb|ung"). The cost: "Bundes|tag", "Kanzler|amt" stay whole.
 */
const MIN_MODIFIER = 4;
const MIN_HEAD = 4;
/** And so must each part's stem ("Waffen|ruhe" stays whole: "ruh" is too short to tell from a fragment). */
const MIN_PART_STEM = 4;
/** Parts are everyday words: a rare stem that fits is more often a fragment ("garni|son", "ausg|schalt"). */
const MIN_PART_SHARE = 1e-4;
// Endings that are derivational suffixes, not words, though some are also stems the prior knows ("Dung", "Chen"):
// "Weige|rung", "Gefähr|dungen", "ärzt|liches", "Liebhab|erinnen", "sprach|igen", "liberia|nische", "Kupf|ernen".
const SUFFIX_HEAD = /^[^aeiou]?(?:ung|chen|lich|isch|sche|ig|e?rin|innen|ell|ern)/;
// A separable verb prefix with the participle's "ge" ("ange|lernten", "ausge|schalten") or before one ("herunter|gefahren").
const PARTICIPLE_PREFIX = /^(?:ab|an|auf|aus|bei|ein|her|hin|los|mit|nach|vor|weg|zu|zurueck|herunter|hinaus|heraus|durch|unter|ueber)ge$/;
const PARTICIPLE_HEAD = /^ge/;
const SEPARABLE_PREFIX = /^(?:herunter|hinunter|herauf|hinauf|heraus|hinaus|herein|hinein|zurueck|voraus|vorbei|weiter|zusammen)$/;
// Fugenelemente: "Bundes|regierung", "Gefangenen|austausch", "Kinder|garten"; none is tried too.
const LINKING_ELEMENTS = ['', 's', 'es', 'n', 'en', 'er'];
const compoundCache = new Map<string, string[]>();

/**
 * The first MIN_PART_STEM letters of every stem the prior would take as a part (known, share ≥ MIN_PART_SHARE), per
 * language: a piece whose stem cannot start with one of them is no part, and is not stemmed at all. Most pieces of a
 * first-seen word are not (a 16-letter word has 9 heads to try, and a modifier for each head that fits), and stemming
 * each was most of a new word's cost; the stems also filled the stem cache with pieces, pushing out the words.
 */
const partOpenings = new Map<string, ReadonlySet<string>>();

function partOpeningsOf(language: string, prior: BackgroundPrior): ReadonlySet<string> {
  let openings = partOpenings.get(language);
  if (openings === undefined) {
    const found = new Set<string>();
    for (const [stem, share] of prior.entries())
      if (stem.length >= MIN_PART_STEM && share >= MIN_PART_SHARE) found.add(stem.slice(0, MIN_PART_STEM));
    openings = found;
    partOpenings.set(language, openings);
  }
  return openings;
}

const UNDOTTED: Record<string, string> = { ä: 'a', ö: 'o', ü: 'u', U: 'u', Y: 'y', ß: 'ss' };
const UNDOTTED_LETTER = /[äöüUYß]/;

/**
 * Whether a German piece's stem can start with one of `openings`. Snowball's German only deletes endings, after its
 * prelude (ß → ss, u/y between vowels marked, and here ae/oe/ue read as umlauts) and before its postlude (marks and
 * umlaut dots dropped): so a stem is a prefix of the piece with that prelude and postlude applied, and starts as it does.
 * The piece as it is counts too: it is what stemOf returns when a stemmer fails.
 */
function mayBePart(piece: string, openings: ReadonlySet<string>): boolean {
  if (piece.length < MIN_PART_STEM) return false;
  if (openings.has(piece.slice(0, MIN_PART_STEM))) return true;
  const opening = piece.slice(0, 3 * MIN_PART_STEM);
  const preluded = germanPrelude(opening);
  // Most pieces have nothing the prelude or postlude would change: they were just looked up as they are.
  if (preluded === opening && !UNDOTTED_LETTER.test(opening)) return false;
  const read = preluded.replace(/[äöüUYß]/g, (c) => UNDOTTED[c] ?? c);
  return openings.has(read.slice(0, MIN_PART_STEM));
}

/**
 * The two parts of a closed German compound, as stems ("gefangenenaustausch" → ["gefang", "austausch"],
 * "bundesregierung" → ["bund", "regier"]); [] for a word it does not split and for other languages. Cached.
 * About one split in twenty is wrong (mostly names read as compounds: "Klingbeil" → "kling", "beil"), so the
 * parts are extra, weaker evidence beside the whole word, not a replacement for it.
 */
export function compoundParts(token: string, language: string | null): string[] {
  const resolved = stemmingLanguage(language);
  if (resolved === null || !COMPOUND_LANGUAGES.has(resolved) || token.length < MIN_MODIFIER + MIN_HEAD || /^\d/.test(token)) return [];
  const hit = compoundCache.get(token);
  if (hit !== undefined) return hit;
  const prior = backgroundPrior(resolved);
  let parts: string[] = [];
  if (prior !== null) {
    const openings = partOpeningsOf(resolved, prior);
    let best = prior.share(stemWord(token, resolved));
    for (let split = MIN_MODIFIER; split <= token.length - MIN_HEAD; split++) {
      const tail = token.slice(split);
      const modifier = token.slice(0, split);
      if (SUFFIX_HEAD.test(tail) || PARTICIPLE_PREFIX.test(modifier) || (PARTICIPLE_HEAD.test(tail) && SEPARABLE_PREFIX.test(modifier)))
        continue;
      if (!mayBePart(tail, openings)) continue;
      const head = stemWord(tail, resolved);
      if (head.length < MIN_PART_STEM || !(prior.knows(head) && prior.share(head) >= MIN_PART_SHARE)) continue;
      for (const link of LINKING_ELEMENTS) {
        if (!modifier.endsWith(link) || modifier.length - link.length < MIN_MODIFIER) continue;
        const base = modifier.slice(0, modifier.length - link.length);
        if (!mayBePart(base, openings)) continue;
        const first = stemWord(base, resolved);
        if (first.length < MIN_PART_STEM || !(prior.knows(first) && prior.share(first) >= MIN_PART_SHARE)) continue;
        const score = Math.sqrt(prior.share(first) * prior.share(head));
        if (score > best) {
          best = score;
          parts = [first, head];
        }
      }
    }
  }
  if (compoundCache.size >= STEM_CACHE_LIMIT) compoundCache.clear();
  compoundCache.set(token, parts);
  return parts;
}
