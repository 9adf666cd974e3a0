// What the matcher knows about an item: normalised tokens, evidence terms, numbers, time and link.
import { futureDateToleranceMs } from '../future-date-tolerance.js';
import type { MatchableItem } from '../model.js';
import { detectLanguage } from './detect-language.js';
import { isCorrection, isLiveCoverage, updateMarker } from './agency-markers.js';
import { evidenceTerms } from './item-evidence.js';
import { feedCountry, homeOf, type Home } from './feed-country.js';
import { figureValue } from './figure-units.js';
import { leadEvidenceTokens, withoutPostFooter } from './filler-lead.js';
import { givenNamesIn, type NamePair } from './given-names.js';
import { matchingLink } from './matching-link.js';
import { md5Digest } from './md5-digest.js';
import { normaliseText } from './normalise-text.js';
import { oppositesNamed } from './opposite-words.js';
import { placeQualifiers } from './namesake-places.js';
import { placesWritten } from './place-names.js';
import { recurringFigures, type RecurringFigures } from './recurring-figures.js';
import { routesNamed } from './route-names.js';
import { acronymsIn, capitalisedRuns, type Acronym } from './spelled-acronyms.js';
import { dotlessIAsI, readsDotlessIAsI } from './fold-word.js';
import { stemWord } from './stem-word.js';
import { POLARITY_WORDS } from './stopwords.js';
import { dayRole } from './forecast-day.js';
import { fixtureOnlyWeekdays } from './fixture-weekdays.js';
import { weekdaysNamed, withoutGenericWeekdays } from './weekday-names.js';
import { isWhenFigure } from './when-figures.js';

export interface ItemFeatures {
  itemId: number;
  sourceId: string;
  itemKey: string;
  /** The item's time for the window (ms since epoch): published when plausible, else first seen. */
  atMs: number;
  language: string | null;
  /** The title's polarity words ("keine"), usually none: a negated title's statement is its other words. */
  titlePolarity: readonly string[];
  /**
   * Content tokens of the lead opening (up to LEAD_TOKENS); 0 when the lead only repeats the title. Only the count is
   * kept: the window holds every item's features, and the tokens themselves are read once, here.
   */
  leadWords: number;
  titleNumbers: string[];
  /** Numbers of the lead opening that are no years, dates or clock times (a daily report's figures), without units. */
  leadNumbers: string[];
  /** A draw's listed numbers, a weather report's temperatures (recurring-figures.ts); usually none. */
  recurring: RecurringFigures;
  /** Distinct evidence terms of title and lead opening (stems and compound parts, item-evidence.ts). */
  terms: string[];
  /** The evidence terms of the title alone. */
  titleTerms: ReadonlySet<string>;
  /** Terms that are only parts of compounds in this item (never counted as a word of their own). */
  partTerms: ReadonlySet<string>;
  /** Words of the title that name a place (place-names.ts). */
  titlePlaces: readonly string[];
  /** Places the title and the lead opening name (the title's first): the route rule compares them (route-names.ts). */
  textPlaces: readonly string[];
  /** The report's home: its feed's country when all the places it names lie there, or it names none (feed-country.ts). */
  home: Home | null;
  /** Road codes the title names ("a1", "m25", route-names.ts); usually none. */
  routes: readonly string[];
  /** Towns the title and lead opening name with a qualifier, as "town qualifier" stems ("neustadt donau", namesake-places.ts). */
  qualifiedPlaces: readonly string[];
  /** The title negates ("keine Einigung"). */
  negated: boolean;
  /**
   * What the title's first negation negates: the stem of the next content word ("Keine Einigung …" → einig), null when
   * nothing follows it or the title does not negate.
   */
  negationScope: string | null;
  /** Given names the title and lead opening write before a surname ("Mark Carney"), usually none (given-names.ts). */
  givenNames: readonly NamePair[];
  /**
   * 64-bit digest (hex) of the normalised title + lead, for the same-title rule; null when too short
   * to be distinctive. A digest, not the text: the window index holds ~100k of these.
   */
  exactKey: string | null;
  /**
   * 64-bit digest (hex) of the lead's evidence tokens, null without a lead: one source writing the same lead under two
   * titles shows it is that source's boilerplate (source-boilerplate-lead.ts).
   */
  leadKey: string | null;
  linkKey: string | null;
  /** Plain-text length of the fullest body, to pick the fuller version. */
  contentLength: number;
  correction: boolean;
  /** The title carries a wire's update tag ("ROUNDUP 2:", "UPDATE 1-", agency-markers.ts): the story re-sent, figures may have moved. */
  wireUpdate: boolean;
  /** The title labels the item as the feed's live coverage of an event ("Live: …", "Ticker: …", agency-markers.ts). */
  liveCoverage: boolean;
  /** Weekdays the title or lead opening names, as a bit mask (bit d = day d, 0 = Sunday); 0 when none. */
  weekdays: number;
  /**
   * Of `weekdays`, those that may date the item's event: all but the days named only for a later fixture ("Im Halbfinale
   * trifft er am Freitag auf …" in Wednesday's result report, fixture-weekdays.ts `fixtureOnlyWeekdays`).
   */
  datedWeekdays: number;
  /** Sides of opposite pairs the title names (opposite-words.ts): "öffnet" against "schließt". */
  opposites: number;
  /** Words of the title and lead opening written in capitals ("EZB"), usually none (spelled-acronyms.ts). */
  acronyms: readonly Acronym[];
  /** Runs of capitalised words of the title and lead opening ("Europäische Zentralbank"), which may spell another side's acronym. */
  capitalisedRuns: readonly string[];
}

/** Leads are compared over their opening only: a shortened lead is still the same lead. */
export const LEAD_TOKENS = 40;
/** Enough characters for LEAD_TOKENS content words (with stopwords in between). */
const LEAD_CHARS = 1_000;
/** Fewer content tokens than this and an exact title match says little ("Verkehr", "Wetter"). */
const MIN_EXACT_TOKENS = 3;
const HOUR = 3_600_000;

/** 64 bits of a text's MD5 as 16 hex digits (collisions ~2^-64 per pair; no security meaning here). */
function digest64(text: string): string {
  return md5Digest(text, 'hex').slice(0, 16);
}

/**
 * How far back a published time places an item in the placement order (story-engine.ts `orderTimeMs`). An item
 * dated further back (a podcast's or blog's archive on its first poll, a feed that dates everything 2001) is placed
 * in the hour it was first seen, as it was before its date was read for matching: sorted by its date it would come
 * before everything placed and make every first poll of an archive take back and place the window again
 * (`tailOf`), for items that can match nothing by their text (below).
 */
export const BACKLOG_HORIZON_MS = 30 * 24 * HOUR;

/** The window time of an item: its published time, unless missing or later than first sight (beyond clock skew). */
export function itemTimeMs(item: Pick<MatchableItem, 'published' | 'firstSeen'>): number {
  const seen = Date.parse(item.firstSeen);
  const published = item.published ? Date.parse(item.published) : NaN;
  // A published time in the past is trusted however far back: a backlog seen on a first poll (weekly betas,
  // a podcast's ten-year archive) really is days or years apart, and taking first sight for it put it all
  // "0 h apart", where an archive's look-alike episodes ("E3 2017: Nite 2", "E3 2018: Nite 2") merged.
  // An item whose time is already outside the window when placed is matched against the window but never
  // indexed (place-item.ts `assign`; live, on a rebuild and in a replay alike), so an archive never meets
  // itself, and one older than the window matches only by its link. At worst a copy re-dated into the past,
  // or a feed misdating all its items, misses its story (precision first). A time in the future is a wrong
  // clock or time zone beyond the skew parsing and the store allow too: first sight is then the better guess.
  if (Number.isFinite(published) && published <= seen + futureDateToleranceMs) return published;
  return seen;
}

/** An item's language and its title and lead opening as the engine reads them (`explain` shows them). */
export interface NormalisedTexts {
  language: string | null;
  title: ReturnType<typeof normaliseText>;
  lead: ReturnType<typeof normaliseText>;
  /** The lead opening's content tokens (up to LEAD_TOKENS); none when the lead only repeats the title. */
  leadTokens: string[];
}

/** The item's language and its title and lead opening, normalised. */
export function normalisedTexts(
  item: Pick<MatchableItem, 'title' | 'summary' | 'language'>,
  declaredLanguage: string | null,
): NormalisedTexts {
  const language = detectLanguage(item.language ?? declaredLanguage, `${item.title} ${item.summary.slice(0, 300)}`);
  const title = normaliseText(withoutGenericWeekdays(item.title, language), language);
  // Only the lead's opening is compared; some feeds put the whole article in the description.
  // Tokens past LEAD_TOKENS are cut below anyway; stop there (full-text descriptions run to 1,000 characters).
  const opening = item.summary.length > LEAD_CHARS ? item.summary.slice(0, LEAD_CHARS) : item.summary;
  const lead = normaliseText(withoutGenericWeekdays(withoutPostFooter(opening), language), language, LEAD_TOKENS);
  // Feeds that put the title in the description too, or only "Read more…": that lead adds nothing (filler-lead.ts).
  const leadTokens = leadEvidenceTokens(lead.tokens.slice(0, LEAD_TOKENS), title.tokens);
  return { language, title, lead, leadTokens };
}

/**
 * An item's features on its title alone, as if it had no lead, its lead key kept (a lead that is its site's boilerplate:
 * source-boilerplate-lead.ts). `f`: its features with the lead, whose language (read from title and lead) is kept, the
 * title alone being a weaker guess.
 */
export function titleOnlyFeatures(item: MatchableItem, f: ItemFeatures): ItemFeatures {
  return { ...itemFeatures({ ...item, summary: '' }, f.language), leadKey: f.leadKey };
}

/**
 * `titleOnlyFeatures` of an item indexed with `f`, from its title and declared language alone (window-index.ts `LeadCarrier`):
 * the rest of what they read is in `f` (id, source, key, time, length, link key), so the window need not keep the item.
 */
export function carrierTitleOnlyFeatures(carrier: { title: string; language: string | null }, f: ItemFeatures): ItemFeatures {
  // Published and first seen at `f.atMs`: `itemTimeMs` gives it back; a time that did not parse stays one.
  const at = Number.isFinite(f.atMs) ? new Date(f.atMs).toISOString() : '';
  const item: MatchableItem = {
    id: f.itemId,
    sourceId: f.sourceId,
    key: f.itemKey,
    url: null,
    canonicalUrl: null,
    title: carrier.title,
    summary: '',
    language: carrier.language,
    published: at || null,
    firstSeen: at,
    storyId: null,
    contentLength: f.contentLength,
  };
  // The link key is read from the URL alone, not from the lead: the one `f` has.
  return { ...titleOnlyFeatures(item, f), linkKey: f.linkKey };
}

/**
 * Computes the matching features of a stored item; `declaredLanguage` is the feed's when the item has none. `texts`: the
 * item's `normalisedTexts`, when the caller has them already.
 */
export function itemFeatures(
  item: MatchableItem,
  declaredLanguage: string | null,
  texts: NormalisedTexts = normalisedTexts(item, declaredLanguage),
): ItemFeatures {
  const { language, title, lead, leadTokens } = texts;
  const parts = new Set<string>();
  // Each token stemmed once for its terms and its places: the stem tables are large, and a look-up in them is no cheaper than a stemming.
  const titleStems = title.tokens.map((token) => stemWord(token, language));
  const leadStems = leadTokens.map((token) => stemWord(token, language));
  const titleTerms = evidenceTerms(title.tokens, language, new Set(), parts, titleStems);
  const terms = evidenceTerms(leadTokens, language, new Set(titleTerms), parts, leadStems);
  const titlePlaces = placesWritten(title.tokens, item.title, language, titleStems);
  const opening = item.summary.slice(0, LEAD_CHARS);
  const leadPlaces = leadTokens.length > 0 ? placesWritten(leadTokens, opening, language, leadStems) : titlePlaces;
  const written = leadTokens.length > 0 ? [item.title, opening] : [item.title];
  const textPlaces = leadPlaces.every((p) => titlePlaces.includes(p)) ? titlePlaces : [...new Set([...titlePlaces, ...leadPlaces])];
  const atMs = itemTimeMs(item);
  const weekdays = weekdaysNamed(title.tokens, language) | weekdaysNamed(leadTokens, language);
  // A fixture clause naming the item's own day dates its event ("trifft am Mittwoch" in Wednesday's report).
  const fixtureOnly =
    weekdays === 0 ? 0 : fixtureOnlyWeekdays(`${item.title}\n${opening}`, language, (day) => dayRole(atMs, day) === 'same');
  return {
    itemId: item.id,
    sourceId: item.sourceId,
    itemKey: item.key,
    atMs,
    language,
    titlePolarity: polarityOf(title.tokens),
    leadWords: leadTokens.length,
    titleNumbers: [...new Set(title.numbers)],
    leadNumbers: [...new Set(lead.numbers.filter((n) => !isWhenFigure(n)).map(figureValue))],
    recurring: recurringFigures(item.title, opening),
    terms: [...terms],
    titleTerms,
    partTerms: parts,
    titlePlaces,
    textPlaces,
    // Without a lead there is no home (homeOf), and the feed's country (a URL parsed) is not needed.
    home:
      leadTokens.length > 0
        ? homeOf(feedCountry([item.language, declaredLanguage], item.url), leadTokens.length, textPlaces, language)
        : null,
    routes: routesNamed(item.title),
    qualifiedPlaces: placeQualifiers(`${item.title}\n${opening}`, language),
    negated: title.tokens.some((t) => POLARITY_WORDS.has(t)),
    negationScope: negationScopeOf(title.tokens, language),
    givenNames: givenNamesIn(`${item.title}\n${opening}`, language),
    exactKey: title.tokens.length >= MIN_EXACT_TOKENS ? digest64(exactText(title.tokens, leadTokens, language)) : null,
    leadKey: leadTokens.length > 0 ? digest64(leadTokens.join(' ')) : null,
    linkKey: matchingLink(item.canonicalUrl ?? item.url),
    contentLength: item.contentLength,
    correction: isCorrection(item.title) || isCorrection(item.summary.slice(0, 200)),
    wireUpdate: updateMarker(item.title) !== null,
    liveCoverage: isLiveCoverage(item.title),
    weekdays,
    datedWeekdays: weekdays & ~fixtureOnly,
    opposites: oppositesNamed(title.tokens),
    acronyms: acronymsIn(written, language, terms, parts),
    capitalisedRuns: capitalisedRuns(written, language),
  };
}

const NO_WORDS: readonly string[] = Object.freeze([]);

/** The text the same-title digest is taken of: the title's tokens, "|", the lead's, joined by spaces. */
function exactText(titleTokens: readonly string[], leadTokens: readonly string[], language: string | null): string {
  const title = titleTokens.join(' ');
  const text = `${title}${titleTokens.length > 0 ? ' ' : ''}|${leadTokens.length > 0 ? ' ' : ''}${leadTokens.join(' ')}`;
  // Turkish "Istanbul" ("ıstanbul") and "İstanbul" ("istanbul") are one word, as their stems are (stem-word.ts); in
  // Turkish and Azerbaijani only: elsewhere ı is a letter of its own.
  return readsDotlessIAsI(language) ? dotlessIAsI(text) : text;
}

/** The stem of the first content word after the title's first polarity word, if any. */
function negationScopeOf(tokens: readonly string[], language: string | null): string | null {
  const at = tokens.findIndex((t) => POLARITY_WORDS.has(t));
  if (at < 0) return null;
  for (let i = at + 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!POLARITY_WORDS.has(token) && !/^\d/.test(token)) return stemWord(token, language);
  }
  return null;
}

/** The polarity words among a title's tokens; a shared empty array for the many titles without one. */
function polarityOf(tokens: readonly string[]): readonly string[] {
  const found = tokens.filter((t) => POLARITY_WORDS.has(t));
  return found.length > 0 ? found : NO_WORDS;
}
