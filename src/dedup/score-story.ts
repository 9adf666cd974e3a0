// THE score of an item against a story: chance-corrected shared information between the item's
// evidence and the story's core (0–1), one threshold for every set (config dedup.threshold).
//   S = Σ w_t over shared terms                    (bits, term-weights.ts)
//   M = total information of the smaller side      (the most S can be)
//   E = Σ q_t · w_t over the smaller side's terms  (what a random story of the other side's size shares:
//       q_t = p_t × the other side's size in average items)
//   score = (S − E) / (M − E), clipped to [0, 1]
// Two unrelated items score near 0 whatever their length, language or the window's size; a copy
// scores near 1. One shared word never suffices (MIN_SHARED_BITS). Conflicts veto; time and a shared
// source cost a little. Every part is returned for `feedmerge explain`.
import { callsOff } from './cancellation-words.js';
import { creditCompoundPhrases, PART_OF_A, PART_OF_B } from './compound-phrases.js';
import { negationReadAsStatement } from './english-headline-style.js';
import { anchoredInformativeBits } from './english-word-bits.js';
import { forecastAndDayApart } from './forecast-day.js';
import type { ItemFeatures } from './item-features.js';
import { namesakesApart } from './namesake-places.js';
import { oppositesConflict } from './opposite-words.js';
import { routePlacesApart } from './route-names.js';
import { homesApart } from './feed-country.js';
import { mentionsPlace, placeStems } from './place-names.js';
import { recurringFiguresApart } from './recurring-figures.js';
import { creditSharedSynonyms } from './shared-synonyms.js';
import { creditSpelledAcronyms, type SpelledAcronym } from './spelled-acronyms.js';
import { stemWord } from './stem-word.js';
import { POLARITY_WORDS } from './stopwords.js';
import type { CoreView } from './story-core.js';
import { termIdOf, type ItemTermIds, type TermIds } from './term-ids.js';
import type { TermWeights } from './term-weights.js';
import { figureKind, isWhenFigure, type FigureKind } from './when-figures.js';
import { figureUnit, figureValue } from './figure-units.js';

export const SCORE_SETTINGS = {
  /** Less shared information than this (bits) is no evidence, whatever the ratio. */
  minSharedBits: 8,
  /** And fewer shared terms than this: one shared word is never enough, however rare. */
  minSharedTerms: 2,
  /**
   * How much the larger side's own information counts in the normaliser (0: the smaller side alone, so
   * a text contained in the other scores 1; 1: the larger side, so any extra text lowers the score).
   */
  largerShare: 0.3,
  /**
   * The same share against the core of a story of three or more members, when the item carries at least two thirds of the
   * core's words: such a core keeps only what most members carry, so it is shorter than any report of it, and an item
   * telling it all plus details of its own is a report of the story (one sharing a topic word or two with it is not). With
   * one or two members the core is every term of either, no shorter than a report.
   */
  coreLargerShare: 0,
  /** A title view (one headline told in the other's text) counts this share of its score: a headline says less than a whole text. */
  titleViewShare: 0.9,
  /**
   * A title view counts only when the whole texts also share more than chance (the first view's score at
   * least this) and the title shares at least `titleViewMinTerms` terms: a two-word headline found in a
   * candidate's text is what candidates are picked for, not evidence (the null model merged 20 % that way).
   */
  titleViewAllFloor: 0.15,
  titleViewMinTerms: 3,
  /** …and at least `titleViewInformativeTerms` of the shared terms carry this much information (bits) each (a part only when its compound is not shared too). */
  titleViewInformativeBits: 7,
  titleViewInformativeTerms: 2,
  /**
   * …or the headline is told word for word: this many of its words are in the story's headline, however common each
   * is and however unrelated the leads (a window full of one day's news makes every word of it common; outlets write leads of
   * their own). Titles of up to four content words never reach it.
   */
  titleViewRetoldWords: 5,
  /**
   * Title views only within this many hours of the story's nearest member: outlets re-tell a headline within hours,
   * while a column's fixed title or a follow-up's comes back the next day over another lead.
   */
  titleViewWithinHours: 12,
  /**
   * Names corroborate: with leads on both sides (`namesCorroborate`) and within `namesWithinHours`, when at least
   * `namesShared` shared words each carry `nameBits` of information (weighed without the story's own members,
   * place-item.ts: names and rare compounds, "Gutjahr", "Rentenreform", "Neujahrsansprache"), the item is measured
   * against the smaller side alone (`namesLargerShare`).
   * Two outlets telling one event in their own words share its names, not their wording; the rest of each lead is
   * description, and must not outweigh them.
   */
  nameBits: 11,
  namesShared: 3,
  namesLargerShare: 0,
  namesWithinHours: 12,
  /**
   * A retelling: another outlet's report with leads on both sides, within `retellingWithinHours` of the story's nearest member,
   * the whole texts sharing at least `retellingSharedWords` words. Two outlets telling one event in their own words share
   * its names and several of its facts, never most of their wording: such pairs score 0.26–0.5 where a copy scores ~1
   * (calibration-de), so a retelling's score is raised, `retellingEven` counting as 0.5 (`retellingScore`). At 0.25 the
   * synthetic unrelated headlines of test/dedup/headline-found-by-chance.test.ts began to join; every different-event pair
   * of calibration-de in this range was told apart by a place or its figures (`leadFiguresApart`), not by its score.
   * Fewer shared words are a topic (the same people, another event); further apart, a follow-up; whole texts that share less than
   * `retellingAllFloor` are a headline found in an unrelated text.
   */
  retellingEven: 0.3,
  retellingSharedWords: 6,
  /**
   * …of which at least this many are informative (`titleViewInformativeBits` each): six words an unrelated text shares by
   * chance are mostly common ones (the null model's 100,000 unrelated items merged 20 such pairs with one name among them).
   */
  retellingInformativeWords: 2,
  retellingAllFloor: 0.25,
  retellingWithinHours: 24,
  /**
   * A strong retelling (another outlet's) raises its whole-text score with `retellingStrongEven` counting as 0.5, from
   * `retellingStrongFloor`: the whole texts share at least `retellingStrongBits` beyond chance, spread over at least
   * `retellingStrongWords` words of `retellingStrongWordBits` each, `retellingStrongPlaces` of them naming a place. Long
   * leads told in an outlet's own words share a small part of their information (0.2–0.3 in calibration-de) but many of
   * the event's names and facts, its place among them. An unrelated text reaches as many bits by chance through one or
   * two rare words (the null model's pairs of 30–38 bits), or, in a flat vocabulary of moderately rare words, through ten
   * words of 5–7 bits (test/dedup/retold-headline.test.ts): neither names a place. Two names (`nameBits` each: a
   * minister's name and office) count as the place does: political news often names no place (calibration-de: three of
   * its missed retellings shared 39–53 bits beyond chance with two names, none a place). A strong retelling needs
   * `retellingStrongSharedWords` shared words, not `retellingSharedWords`; with four, two names are a topic again (the
   * same people in another event: test/dedup/names-corroborate.test.ts).
   */
  retellingStrongBits: 32,
  retellingStrongEven: 0.2,
  retellingStrongWords: 4,
  retellingStrongWordBits: 5,
  retellingStrongFloor: 0.2,
  retellingStrongPlaces: 1,
  retellingStrongNames: 2,
  /** …or this many shared precise figures (`preciseFiguresShared`) count as the place does: an event's own figure names it. */
  retellingStrongFigures: 1,
  retellingStrongSharedWords: 5,
  /**
   * …or this many shared words of `retellingStrongHeadlineWordBits` or more in both headlines count as the place does,
   * within `retellingStrongPlaceWithinHours`, and with them `retellingStrongPlaceSharedWords` shared words suffice: two
   * outlets headlining one event name it with the same words ("Lufthansa … Piloten … Streik", "Erdbeben … Kreta",
   * "fuel duty freeze") and tell the rest in their own. An unrelated text of the same hours shares a headline word by chance,
   * rarely two telling ones together with 32 bits beyond chance (calibration-de-2, -de-3 and -en: no pair of two events).
   * Topic words of 5–6 bits ("EU", "Gipfel" in a small window) do not count: the same summit's talks and its deal are told
   * with them.
   */
  retellingStrongHeadlineWords: 2,
  retellingStrongHeadlineWordBits: 6,
  /**
   * …or one such word in both headlines within this many hours of the story's nearest member, with the
   * `retellingStrongSharedWords` of a strong retelling: outlets report an event within the first hours, each headlining it
   * with its own name for it and one of the story's words ("Polzin … HSV", "Verfassungsschutz", "Ulm … Bayern"), while
   * the next report sharing one headline word and a topic's names comes later (a follow-up) or tells another event
   * (calibration-de, -de-2, -de-3, -en: no pair of two events within three hours met the strong retelling's bits with it).
   */
  retellingStrongHeadlineSoonHours: 3,
  /**
   * …or this many when the shared place is backed by a telling word (`retellingStrongWordBits`) in both headlines: a
   * short wire report and a broadcaster's retelling of a rockfall share "Felssturz", the town and two facts, no more
   * (calibration-de-2). An unrelated lead holds a place-like word and a few rare words by chance, rarely one of the
   * other's headline too (test/dedup/headline-found-by-chance.test.ts merged such a pair without it).
   */
  retellingStrongPlaceSharedWords: 4,
  /** …and only within this many hours: the next day's story of the same place and thing shares as much ("Glastonbury tickets sell out" / "coach tickets sold out" 21 hours later, calibration-en). */
  retellingStrongPlaceWithinHours: 12,
  /** A compound's part (stem-word.ts) weighs this share of its information: extra evidence, often wrong for names. */
  partWeight: 0.3,
  /**
   * A synonym pair (shared-synonyms.ts) counts this share of the lesser information of its two words (0.3–0.7 joined
   * alike on the calibration sets; the whole of it joined two ski races of calibration-de-4 by "Piste" / "Abfahrt")…
   */
  synonymShare: 0.5,
  /** …as this many shared words… */
  synonymWord: 1,
  /** …once the texts share this many words of their own. */
  synonymsAfterWords: 2,
  /**
   * An acronym spelled out on the other side (spelled-acronyms.ts) counts as a shared word worth this share of the acronym's
   * information (1 joined 4 fewer UCI-cal pairs than 0.5, the calibration sets alike)…
   */
  acronymShare: 0.5,
  /**
   * …once the texts share this many words of their own (0, letting a pair found a match, joined 130 more UCI-cal pairs, none
   * false, and nothing on the news sets; kept at 2 as for synonyms: initials are weaker evidence than a word).
   */
  acronymsAfterWords: 2,
  /** Full time penalty from this many hours apart (to the nearest member), growing linearly from `timeFreeHours`. */
  timeFreeHours: 6,
  timeFullHours: 48,
  timePenalty: 0.15,
  /** The story already holds an item of the same feed: two items of one feed that look alike are usually two events. */
  sameSourcePenalty: 0.3,
  /**
   * A wire's update of a story (`updatesStory`) within this many hours of the story's nearest member may change its figures
   * and pays no same-feed penalty: "ROUNDUP 2: Zahl der Toten steigt auf sieben" re-sends the morning's "vier Tote".
   */
  updateWithinHours: 12,
  /** Figures in both leads and none shared count as a conflict only this many hours apart (a daily report), or at once for a wire update. */
  leadNumberConflictHours: 12,
  /** A title word swapped for another counts as a conflict when each weighs at least this (names, not words). */
  swapBits: 9,
  /** A negated title conflicts when at least this share of its other words are in the other side's title (`deniesStatement`). */
  polarityStatementShare: 0.5,
  /**
   * …or whatever it negates, this many hours apart or more: the next day's news after "Keine Einigung im Tarifstreit" is the
   * agreement ("Lokführer bekommen mehr Geld"), another event told with the same names, while outlets that word one event's
   * report with and without a negation do so within hours ("Keine Starts und Landungen" / "Flugbetrieb unterbrochen").
   */
  polarityAnyHours: 12,
} as const;

/**
 * The item against the story: the best of three views, each chance-corrected — all the item's
 * evidence against the core, the item's title against the core, and the core's title against the
 * item. A headline another outlet re-tells in its own lead is one event even when the leads go on
 * about other things ("Kiewer Verhandlungschef: Gespräche «produktiv»" / "Kiewer Seite nennt
 * Gespräche in Abu Dhabi produktiv"); chance correction keeps a short title from matching by luck.
 */
export function itemAgainstStory(
  f: ItemFeatures,
  /** The item's terms as the window's ids (`itemTermIds`). */
  item: ItemTermIds,
  view: CoreView,
  weights: TermWeights,
  hoursApart = 0,
  memberInformation = 0,
  coreMembers = 1,
  namesCorroborate = false,
  wholeTextWeights: TermWeights = weights,
  /** Acronyms one side writes and the other spells out (spelled-acronyms.ts `spelledAcronyms`): whole texts only. */
  acronyms: readonly SpelledAcronym[] = NO_ACRONYMS,
): Evidence & { view: EvidenceView } & WholeTexts {
  const coreTitle = view.titleTerms;
  const sums = sharedSums(item.terms, view.termIds, view.size, wholeTextWeights, memberInformation, acronyms);
  let all = evidenceAt(sums, SCORE_SETTINGS.largerShare);
  let allView: EvidenceView = 'all';
  if (coreMembers >= 3) {
    const contained = evidenceAt(sums, SCORE_SETTINGS.coreLargerShare);
    let coreWords = 0;
    for (const t of view.termIds) if (t >= 0) coreWords++;
    if (contained.sharedWords * 3 >= coreWords * 2 && contained.score > all.score) all = contained;
  }
  if (namesCorroborate && hoursApart < SCORE_SETTINGS.namesWithinHours) {
    const names = sums.sharedTerms.filter((t) => !t.part && t.information >= SCORE_SETTINGS.nameBits).length;
    const named = names >= SCORE_SETTINGS.namesShared ? evidenceAt(sums, SCORE_SETTINGS.namesLargerShare) : undefined;
    if (named !== undefined && named.score > all.score) {
      all = named;
      allView = 'names';
    }
  }
  const informativeWords = informativeShared(all);
  // The anchored floor is the plain one but in English: counted again only where it differs.
  const anchoredBits = anchoredInformativeBits(SCORE_SETTINGS.titleViewInformativeBits, f.language);
  const whole: WholeTexts = {
    allScore: all.score,
    allSharedWords: all.sharedWords,
    allInformativeWords: informativeWords,
    allAnchoredInformativeWords:
      anchoredBits === SCORE_SETTINGS.titleViewInformativeBits ? informativeWords : informativeShared(all, anchoredBits),
    allExcessBits: all.shared - all.expected,
    allTellingWords: informativeShared(all, SCORE_SETTINGS.retellingStrongWordBits),
    allPlaces: placesShared(all, f.language),
    allNames: informativeShared(all, SCORE_SETTINGS.nameBits),
    allHeadlineWords: headlinesShare(all, f.titleTerms, coreTitle),
    allHeadlineAnchors: headlinesShare(all, f.titleTerms, coreTitle, SCORE_SETTINGS.retellingStrongHeadlineWordBits),
    allFigures: preciseFiguresShared(all),
  };
  let best: Evidence & { view: EvidenceView } & WholeTexts = viewed(all, allView, whole);
  // A title view only where there is more than the title (else it is the first view again), measured
  // against the smaller side alone: the headline is told in the other's words, the rest may differ.
  // A headline told word for word (in the other's headline) needs neither: see titleViewRetoldWords.
  // And only within hours (titleViewWithinHours); `hoursApart` is to the story's nearest member.
  if (hoursApart >= SCORE_SETTINGS.titleViewWithinHours) return best;
  const aboveFloor = all.score >= SCORE_SETTINGS.titleViewAllFloor;
  const retold = titleWordsShared(f, coreTitle) >= SCORE_SETTINGS.titleViewRetoldWords;
  if (!aboveFloor && !retold) return best;
  const counts = (e: Evidence): boolean =>
    enoughShared(e) &&
    e.sharedWords >= SCORE_SETTINGS.titleViewMinTerms &&
    (retold || (aboveFloor && informativeShared(e) >= SCORE_SETTINGS.titleViewInformativeTerms));
  // The floor above counts the headline's own words, which are what the view found in the other text: beyond
  // them the texts must still share evidence (minSharedBits), or any headline whose words turn up in an
  // unrelated text by chance would pass (the null model's 100,000 items: every false merge but one).
  const beyond = (headline: ReadonlySet<string>): boolean => retold || sharedBeyond(all, headline) >= SCORE_SETTINGS.minSharedBits;
  if (f.titleTerms.size < f.terms.length && beyond(f.titleTerms)) {
    const itemTitle = discounted(evidenceAt(sharedSums(item.titleTerms, view.termIds, view.size, weights, 0), 0));
    if (counts(itemTitle) && itemTitle.score > best.score && namesTold(f.titleTerms, f.partTerms, itemTitle, weights))
      best = viewed(itemTitle, 'item-title', whole);
  }
  if (coreTitle.length < view.size && beyond(new Set(coreTitle))) {
    const storyTitle = discounted(evidenceAt(sharedSums(view.titleTermIds, item.terms, f.terms.length, weights, 0), 0));
    if (counts(storyTitle) && storyTitle.score > best.score && namesTold(coreTitle, view.parts, storyTitle, weights))
      best = viewed(storyTitle, 'story-title', whole);
  }
  return best;
}

/**
 * The score of a retelling (`retellingEven`): another outlet's report (or the wire's update of its own story), with leads
 * on both sides, within hours, the whole texts sharing several words, two of them informative, and the leads not giving
 * figures that all differ (`leadFiguresApart`: two outlets' reports of one event share its figures; the same day's reports
 * of two markets, two matches, two fires share none). Else the evidence's own score. `feed`: whether the item comes from
 * a feed the story does not hold, is the wire's update of its own story, or is another report of a feed the story holds
 * (never a retelling). A strong retelling (`retellingStrongBits`) is another outlet's only: a wire tells the same kind of
 * event in the same words every day ("… teilte mit", "getötet"), so its own two reports share many telling words. A figure
 * one headline names and the other side gives (`headlineFiguresShared`) is a shared figure and counts as one informative
 * word; another outlet's lead listing the same drawn numbers within hours (`listShared`) is a retelling of that draw.
 */
export function retellingScore(
  e: { score: number } & WholeTexts,
  hoursApart: number,
  leadsCompared: boolean,
  feed: 'other' | 'update' | 'same',
  figuresApart: boolean,
  /** Both leads list the same drawn numbers (recurring-figures.ts `recurringListsShared`). */
  listShared = false,
  /** Figures of one headline the other side's text gives (`headlineFiguresShared`), counted as informative words. */
  headlineFigures = 0,
): { score: number; retelling: boolean } {
  const s = SCORE_SETTINGS;
  // Both headlines name the event with the same telling words (`retellingStrongHeadlineWords`), within hours.
  const headlinesAgree = e.allHeadlineAnchors >= s.retellingStrongHeadlineWords && hoursApart < s.retellingStrongPlaceWithinHours;
  // …or one such word within the first hours (`retellingStrongHeadlineSoonHours`), with a strong retelling's shared words.
  const headlineSoon = e.allHeadlineAnchors >= 1 && hoursApart < s.retellingStrongHeadlineSoonHours;
  const strong =
    feed === 'other' &&
    e.allScore >= s.retellingStrongFloor &&
    e.allExcessBits >= s.retellingStrongBits &&
    e.allTellingWords >= s.retellingStrongWords &&
    (e.allPlaces >= s.retellingStrongPlaces ||
      e.allNames >= s.retellingStrongNames ||
      e.allFigures >= s.retellingStrongFigures ||
      headlinesAgree ||
      headlineSoon);
  const retelling =
    leadsCompared &&
    feed !== 'same' &&
    !figuresApart &&
    hoursApart < s.retellingWithinHours &&
    e.allSharedWords >=
      (strong
        ? ((e.allPlaces >= s.retellingStrongPlaces || e.allFigures >= s.retellingStrongFigures) &&
            e.allHeadlineWords >= 1 &&
            hoursApart < s.retellingStrongPlaceWithinHours) ||
          headlinesAgree
          ? s.retellingStrongPlaceSharedWords
          : s.retellingStrongSharedWords
        : s.retellingSharedWords) &&
    (strong ? e.allAnchoredInformativeWords : e.allInformativeWords) + Math.min(1, headlineFigures) >= s.retellingInformativeWords &&
    (e.allScore >= s.retellingAllFloor || strong);
  // Another outlet's report listing the same drawn numbers within hours tells the same draw, in however few words of its own
  // ("Lottozahlen" over the numbers): the list is the report, and another draw gives it only by chance.
  const sameDraw = listShared && leadsCompared && feed !== 'same' && hoursApart < s.retellingStrongPlaceWithinHours;
  if (!retelling && !sameDraw) return { score: e.score, retelling };
  // 1 − (1 − score)^k, k such that `even` maps to 0.5: 0 and 1 stay put, the order of scores is kept, a copy still scores above a retelling.
  const raised = (score: number, even: number) => 1 - (1 - score) ** (Math.log(0.5) / Math.log(1 - even));
  // A strong retelling raises what the whole texts share; a headline view's score is raised as any retelling's.
  const score = raised(e.score, s.retellingEven);
  return { score: strong && retelling ? Math.max(score, raised(e.allScore, s.retellingStrongEven)) : score, retelling: true };
}

/** What the whole texts share (the first view), whichever view gave the score. */
export interface WholeTexts {
  allScore: number;
  /** Shared words (not parts of compounds). */
  allSharedWords: number;
  /** Shared terms of `titleViewInformativeBits` or more (`informativeShared`). */
  allInformativeWords: number;
  /** The same at the floor of a strong retelling in the item's language (english-word-bits.ts: lower in English). */
  allAnchoredInformativeWords: number;
  /** Shared information beyond chance (bits): S − E. */
  allExcessBits: number;
  /** Shared words of `retellingStrongWordBits` or more. */
  allTellingWords: number;
  /** Shared words that name a place (place-names.ts). */
  allPlaces: number;
  /** Shared terms of `nameBits` or more (`informativeShared`). */
  allNames: number;
  /** Shared words of `retellingStrongWordBits` or more in both headlines. */
  allHeadlineWords: number;
  /** Shared words of `retellingStrongHeadlineWordBits` or more in both headlines. */
  allHeadlineAnchors: number;
  /** Shared precise figures (`preciseFiguresShared`). */
  allFigures: number;
}

/** Which comparison gave the score: all the item's words against the core (or, names corroborating, against the smaller side alone), or a headline against the other side. */
export type EvidenceView = 'all' | 'names' | 'item-title' | 'story-title';

/**
 * A headline is told in the other side's text only with its names (words of `nameBits`): "Andritz: Gewinn gesunken,
 * Dividende bleibt" is not told in the Lufthansa's results, though all its other words are.
 */
function namesTold(headline: Iterable<string>, parts: ReadonlySet<string>, e: Evidence, weights: TermWeights): boolean {
  let shared: Set<string> | undefined;
  for (const t of headline) {
    if (parts.has(t) || weights.weight(t) < SCORE_SETTINGS.nameBits) continue;
    shared ??= new Set(e.sharedTerms.map((s) => s.term));
    if (!shared.has(t)) return false;
  }
  return true;
}

/** The information (bits) the whole texts share outside one headline's terms. */
function sharedBeyond(e: Evidence, headline: ReadonlySet<string>): number {
  let bits = 0;
  for (const t of e.sharedTerms) if (!headline.has(t.term)) bits += t.bits;
  return bits;
}

/** Words (not compound parts) of the item's headline that the story's headline terms hold too. */
function titleWordsShared(f: ItemFeatures, coreTitle: readonly string[]): number {
  if (coreTitle.length < SCORE_SETTINGS.titleViewRetoldWords) return 0;
  const story = new Set(coreTitle);
  let n = 0;
  for (const t of f.titleTerms) if (!f.partTerms.has(t) && story.has(t)) n++;
  return n;
}

/** Shared terms of at least `titleViewInformativeBits`; a part counts only when no shared word contains it (one compound is one term). */
function informativeShared(e: Evidence, bits: number = SCORE_SETTINGS.titleViewInformativeBits): number {
  let n = 0;
  for (const t of e.sharedTerms) {
    if (t.information < bits) continue;
    if (t.part && inSharedWord(e.sharedTerms, t.term)) continue;
    n++;
  }
  return n;
}

/** Whether a shared word (not a part) other than `part` contains it. */
function inSharedWord(shared: readonly SharedTerm[], part: string): boolean {
  for (const w of shared) if (!w.part && w.term !== part && w.term.includes(part)) return true;
  return false;
}

/** Shared words (not compound parts) of `bits` (`retellingStrongWordBits`) or more that both headlines hold. */
function headlinesShare(
  e: Evidence,
  itemTitle: ReadonlySet<string>,
  coreTitle: readonly string[],
  bits: number = SCORE_SETTINGS.retellingStrongWordBits,
): number {
  let n = 0;
  for (const t of e.sharedTerms) if (!t.part && t.information >= bits && itemTitle.has(t.term) && coreTitle.includes(t.term)) n++;
  return n;
}

/**
 * Shared figures of three significant digits or more ("2,94 Millionen", "25.650 Punkte", "49,2 Grad"): one event's own
 * figure, which another event of the day gives only by chance; round figures ("3.500 Stellen", "2,0 Prozent") do not count.
 */
function preciseFiguresShared(e: Evidence): number {
  let n = 0;
  for (const t of e.sharedTerms)
    if (!t.part && /^\d+(?:\.\d+)?$/.test(t.term) && t.term.replace('.', '').replace(/^0+|0+$/g, '').length >= 3) n++;
  return n;
}

/** Shared words (not compound parts) that name a place. */
function placesShared(e: Evidence, language: string | null): number {
  const places = placeStems(language);
  let n = 0;
  for (const t of e.sharedTerms) if (!t.part && places.has(t.term)) n++;
  return n;
}

/** The evidence of one view with what the whole texts share (written out: spreading objects was a good part of scoring's time). */
function viewed(e: Evidence, view: EvidenceView, whole: WholeTexts): Evidence & { view: EvidenceView } & WholeTexts {
  return {
    score: e.score,
    shared: e.shared,
    expected: e.expected,
    normaliser: e.normaliser,
    sharedTerms: e.sharedTerms,
    sharedWords: e.sharedWords,
    view,
    allScore: whole.allScore,
    allSharedWords: whole.allSharedWords,
    allInformativeWords: whole.allInformativeWords,
    allAnchoredInformativeWords: whole.allAnchoredInformativeWords,
    allExcessBits: whole.allExcessBits,
    allTellingWords: whole.allTellingWords,
    allPlaces: whole.allPlaces,
    allNames: whole.allNames,
    allHeadlineWords: whole.allHeadlineWords,
    allFigures: whole.allFigures,
    allHeadlineAnchors: whole.allHeadlineAnchors,
  };
}

function discounted(e: Evidence): Evidence {
  return { ...e, score: e.score * SCORE_SETTINGS.titleViewShare };
}

/** Whether the shared evidence is enough to count at all (MIN_SHARED bits and terms). */
export function enoughShared(e: Evidence): boolean {
  return e.shared >= SCORE_SETTINGS.minSharedBits && e.sharedWords >= SCORE_SETTINGS.minSharedTerms;
}

/** A shared term: its weight as counted (bits; a compound's part counts `partWeight` of it), its full information, whether a part. */
export interface SharedTerm {
  term: string;
  bits: number;
  information: number;
  part: boolean;
}

/** The information two bags of terms share, chance-corrected. */
export interface Evidence {
  score: number;
  /** Shared information S (bits). */
  shared: number;
  /** Expected shared information under chance E (bits). */
  expected: number;
  /** Total information of the smaller side M (bits). */
  normaliser: number;
  /** The shared terms with their weights (bits), most informative first. */
  sharedTerms: SharedTerm[];
  /** Shared terms that are words of side a (not only parts of its compounds). */
  sharedWords: number;
}

/** Chance-corrected shared information of two term bags, weighed with `weights`. */
export function sharedEvidence(
  a: readonly string[],
  b: ReadonlySet<string>,
  bSize: number,
  weights: TermWeights,
  largerShare: number = SCORE_SETTINGS.largerShare,
  partsOfA: ReadonlySet<string> = NO_PARTS,
  partsOfB: ReadonlySet<string> = NO_PARTS,
  bInformation = 0,
): Evidence {
  const bag = (terms: readonly string[], parts: ReadonlySet<string>): number[] =>
    terms.map((t) => (parts.has(t) ? ~weights.ids.intern(t) : weights.ids.intern(t)));
  return evidenceAt(sharedSums(bag(a, partsOfA), bag([...b], partsOfB), bSize, weights, bInformation), largerShare);
}

/**
 * `sharedEvidence` of two bags of term ids (term-ids.ts), each in the order its sums are formed, a compound's part as
 * `~id` (`termIdOf`).
 */
export function sharedEvidenceOf(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  bSize: number,
  weights: TermWeights,
  largerShare: number,
): Evidence {
  return evidenceAt(sharedSums(a, b, bSize, weights, 0), largerShare);
}

/** What both sides hold and share (bits), before a normaliser is chosen: one pass serves several larger-side shares. */
interface SharedSums {
  totalA: number;
  expectedA: number;
  totalB: number;
  expectedB: number;
  shared: number;
  sharedWords: number;
  sharedTerms: SharedTerm[];
}

/** A term's probability and information as `sharedSums` reads them (TermWeights `readTerm`): one scratch, not two numbers boxed per term. */
const termRead = new Float64Array(2);

function sharedSums(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  bSize: number,
  weights: TermWeights,
  bInformation: number,
  acronyms: readonly SpelledAcronym[] = NO_ACRONYMS,
): SharedSums {
  const partShare = SCORE_SETTINGS.partWeight;
  const ids: TermIds = weights.ids;
  // Side b's terms marked in the ids' scratch, so a term of side a is looked up in an array, not a set of strings.
  const stamp = ids.stamp();
  const marks = ids.marks;
  const markedParts = ids.markedParts;
  for (let j = 0; j < b.length; j++) {
    const t = termIdOf(b[j]!);
    marks[t] = stamp;
    markedParts[t] = b[j]! < 0 ? 1 : 0;
  }
  let totalA = 0;
  let expectedA = 0;
  let shared = 0;
  let sharedWords = 0;
  const sharedTerms: SharedTerm[] = [];
  // Shared parts of compounds with their sides (compound-phrases.ts): allocated only when a part is shared at all.
  let partSides: Map<string, number> | undefined;
  // A random story of the other side's size holds a term about (its size / an average item's) times as often as one item does.
  const rA = Math.max(1, bSize / weights.averageTerms);
  for (let i = 0; i < a.length; i++) {
    const t = termIdOf(a[i]!);
    // p and −log2 p as the weights remember them (the same numbers as taking the log here, without taking it per view scored).
    weights.readTerm(t, termRead);
    const p = termRead[0]!;
    const information = termRead[1]!;
    const partA = a[i]! < 0;
    const w = information * (partA ? partShare : 1);
    totalA += w;
    expectedA += Math.min(1, p * rA) * w;
    if (marks[t] === stamp) {
      const part = partA || markedParts[t] === 1;
      const bits = part ? information * partShare : w;
      shared += bits;
      if (!partA) sharedWords++;
      sharedTerms.push({ term: ids.names[t]!, bits, information, part });
      if (part) (partSides ??= new Map()).set(ids.names[t]!, (partA ? PART_OF_A : 0) | (markedParts[t] === 1 ? PART_OF_B : 0));
    }
  }
  // The words the sides share as written, before any credit below: an acronym needs two of them (spelled-acronyms.ts).
  const ownWords = sharedWords;
  // A compound of one side written apart on the other counts as the one word it is (compound-phrases.ts).
  if (partSides !== undefined && partSides.size >= 2) {
    const credit = creditCompoundPhrases(a, b, ids, stamp, sharedTerms, partSides, (id) => weights.informationOf(id));
    shared += credit.bits;
    sharedWords += credit.words;
  }
  // A word of one side whose synonym the other holds counts as a shared word, once the sides share words of their own (shared-synonyms.ts).
  if (weights.synonyms !== null) {
    const credit = creditSharedSynonyms(a, b, ids, stamp, weights.synonyms, sharedTerms, sharedWords, (id) => weights.informationOf(id), {
      share: SCORE_SETTINGS.synonymShare,
      word: SCORE_SETTINGS.synonymWord,
      afterWords: SCORE_SETTINGS.synonymsAfterWords,
    });
    shared += credit.bits;
    sharedWords += credit.words;
  }
  // An acronym of one side spelled out on the other counts as a shared word (spelled-acronyms.ts).
  if (acronyms.length > 0) {
    const credit = creditSpelledAcronyms(
      acronyms,
      (t) => ids.idOf(t),
      sharedTerms,
      ownWords,
      (id) => weights.informationOf(id),
      {
        share: SCORE_SETTINGS.acronymShare,
        afterWords: SCORE_SETTINGS.acronymsAfterWords,
      },
    );
    shared += credit.bits;
    sharedWords += credit.words;
  }
  let totalB = 0;
  let expectedB = 0;
  const rB = Math.max(1, a.length / weights.averageTerms);
  for (let j = 0; j < b.length; j++) {
    const t = termIdOf(b[j]!);
    weights.readTerm(t, termRead);
    const p = termRead[0]!;
    const w = termRead[1]! * (b[j]! < 0 ? partShare : 1);
    totalB += w;
    expectedB += Math.min(1, p * rB) * w;
  }
  // A story's core keeps only the terms most of its members carry, so it says less than any one report of it:
  // against the core alone, an item that merely contains the story's headline words would count as telling all of
  // it. Side b is as informative as an average member (`bInformation`), its chance overlap scaled alike.
  if (bInformation > totalB && totalB > 0) {
    expectedB *= bInformation / totalB;
    totalB = bInformation;
  }
  sortShared(sharedTerms);
  return { totalA, expectedA, totalB, expectedB, shared, sharedWords, sharedTerms };
}

/**
 * Shared terms most informative first, then by term: a stable insertion sort (a few terms, sorted once per view scored; the
 * array sort allocated a work array each time). Its order is the one `sort` gives with the same comparison: terms differ
 * in bits or name, except a term listed twice, whose two entries are alike.
 */
function sortShared(terms: SharedTerm[]): void {
  for (let i = 1; i < terms.length; i++) {
    const x = terms[i]!;
    let j = i - 1;
    for (; j >= 0; j--) {
      const y = terms[j]!;
      if (!((x.bits - y.bits || (y.term < x.term ? -1 : 1)) > 0)) break;
      terms[j + 1] = y;
    }
    terms[j + 1] = x;
  }
}

/** The evidence of `sums` normalised by the smaller side plus `largerShare` of the larger. */
function evidenceAt(sums: SharedSums, largerShare: number): Evidence {
  const { totalA, expectedA, totalB, expectedB, shared, sharedWords, sharedTerms } = sums;
  const l = largerShare;
  const [normaliser, expected] =
    totalA <= totalB
      ? [(1 - l) * totalA + l * totalB, (1 - l) * expectedA + l * expectedB]
      : [(1 - l) * totalB + l * totalA, (1 - l) * expectedB + l * expectedA];
  const score = normaliser - expected > 0 ? Math.max(0, Math.min(1, (shared - expected) / (normaliser - expected))) : 0;
  return { score, shared, expected, normaliser, sharedTerms, sharedWords };
}

export interface Conflicts {
  /** Both titles name numbers and none agree ("zweiter Verhandlungstag" vs day 1, "7:3" vs "6:4"). */
  numberConflict: boolean;
  /** Both name weekdays and none agree (a daily report). */
  dayConflict: boolean;
  /** One title negates ("keine Einigung") what the other title states (most of its words are in the other). */
  polarityConflict: boolean;
  /**
   * Both leads give figures, none shared, half a day or more apart (yesterday's market report); or, at any time, both list
   * drawn numbers that differ, or both are weather reports whose temperatures differ (recurring-figures.ts).
   */
  leadNumberConflict: boolean;
  /** Without leads to compare, each title has one informative word the other lacks: one name for another. */
  swapConflict: boolean;
  /** Each side's headline names a place (a town, a country) the other side never mentions: one kind of event in two places. */
  placeConflict: boolean;
  /** One headline says the opposite of the other: opened / closed, admitted / discharged (opposite-words.ts). */
  oppositeConflict: boolean;
  /** Both headlines name one road and the texts name places along it, none shared (route-names.ts). */
  routeConflict: boolean;
  /** Both texts name one town with different qualifiers: "Neustadt an der Donau" / "in Holstein" (namesake-places.ts). */
  namesakeConflict: boolean;
  /** Both name one weekday, as the day ahead on one side and as its own day on the other: a warning and the event (forecast-day.ts). */
  forecastConflict: boolean;
}

/** Every kind of conflict, as decision components name them (`explain` and the calibration tools list them). */
export const CONFLICT_KINDS: readonly (keyof Conflicts)[] = [
  'numberConflict',
  'dayConflict',
  'polarityConflict',
  'leadNumberConflict',
  'swapConflict',
  'placeConflict',
  'oppositeConflict',
  'routeConflict',
  'namesakeConflict',
  'forecastConflict',
];

/** What the story's window members say together, for the conflict tests. */
export interface StoryFacts {
  titleNumbers: ReadonlySet<string>;
  /** The title figures an item's own figures are held against (`heldTitleNumbers`). */
  heldTitleNumbers: ReadonlySet<string>;
  /** Lead figures of the members giving two or more (a daily report's). */
  leadNumbers: ReadonlySet<string>;
  /** Lead figures of every member. */
  allLeadNumbers: ReadonlySet<string>;
  weekdays: number;
  /** The weekdays members name as their event's day (ItemFeatures `datedWeekdays`). */
  datedWeekdays: number;
  /** Sides of opposite pairs the members' headlines name (opposite-words.ts). */
  opposites: number;
  /** Members with a negated title, and without. */
  negated: number;
  plain: number;
  /** The statement words (polarity word left out) of each negated member's title, and all title terms of the plain ones. */
  negatedStatements: Statement[];
  plainTitleTerms: ReadonlySet<string>;
  /** The title terms of each plain member whose headline calls its event off (cancellation-words.ts), one set per headline. */
  callOffTitles: ReadonlySet<string>[];
  /** Members with a lead to compare. */
  withLead: number;
  /** Places the members' headlines name (place-names.ts). */
  titlePlaces: ReadonlySet<string>;
  /** The window time of the member nearest in time to the item (ms). */
  nearestAtMs: number;
}

/**
 * The facts of a story from its members' features, nearest member to `atMs`. `founder`: the member that began the story
 * (its id is the story's, story-id.ts), when it is among `members`.
 */
export function storyFacts(members: readonly ItemFeatures[], atMs: number, founder?: ItemFeatures): StoryFacts {
  // Sets made on their first entry (most stories have one member, and most of these sets stay empty), the one plain
  // member's title terms read as they are: the same entries in the same order as sets filled member by member.
  let titleNumbers: Set<string> | undefined;
  let leadNumbers: Set<string> | undefined;
  let allLeadNumbers: Set<string> | undefined;
  let plainTitleTerms: ReadonlySet<string> | undefined;
  let plainTermsCopied = false;
  let titlePlaces: Set<string> | undefined;
  const facts: StoryFacts = {
    titleNumbers: NO_STRINGS,
    heldTitleNumbers: NO_STRINGS,
    leadNumbers: NO_STRINGS,
    allLeadNumbers: NO_STRINGS,
    weekdays: 0,
    datedWeekdays: 0,
    opposites: 0,
    negated: 0,
    plain: 0,
    negatedStatements: [],
    plainTitleTerms: NO_STRINGS,
    callOffTitles: [],
    withLead: 0,
    titlePlaces: NO_STRINGS,
    nearestAtMs: Number.NaN,
  };
  for (const m of members) {
    for (const n of m.titleNumbers) (titleNumbers ??= new Set()).add(n);
    if (m.leadNumbers.length >= 2) for (const n of m.leadNumbers) (leadNumbers ??= new Set()).add(n);
    for (const n of m.leadNumbers) (allLeadNumbers ??= new Set()).add(n);
    facts.weekdays |= m.weekdays;
    facts.datedWeekdays |= m.datedWeekdays;
    facts.opposites |= m.opposites;
    if (m.negated) {
      facts.negated++;
      facts.negatedStatements.push(statementOf(m));
    } else {
      facts.plain++;
      if (m.language !== null && callsOff(m.titleTerms, m.language)) facts.callOffTitles.push(m.titleTerms);
      if (plainTitleTerms === undefined) plainTitleTerms = m.titleTerms;
      else {
        const terms: Set<string> = plainTermsCopied ? (plainTitleTerms as Set<string>) : new Set(plainTitleTerms);
        plainTermsCopied = true;
        for (const t of m.titleTerms) terms.add(t);
        plainTitleTerms = terms;
      }
    }
    if (m.leadWords >= 4) facts.withLead++;
    for (const place of m.titlePlaces) (titlePlaces ??= new Set()).add(place);
    if (Number.isNaN(facts.nearestAtMs) || Math.abs(m.atMs - atMs) < Math.abs(facts.nearestAtMs - atMs)) facts.nearestAtMs = m.atMs;
  }
  facts.titleNumbers = titleNumbers ?? NO_STRINGS;
  facts.heldTitleNumbers = heldTitleNumbers(members, facts.titleNumbers, founder);
  facts.leadNumbers = leadNumbers ?? NO_STRINGS;
  facts.allLeadNumbers = allLeadNumbers ?? NO_STRINGS;
  facts.plainTitleTerms = plainTitleTerms ?? NO_STRINGS;
  facts.titlePlaces = titlePlaces ?? NO_STRINGS;
  return facts;
}

const NO_STRINGS: ReadonlySet<string> = new Set();

const NO_PARTS: ReadonlySet<string> = new Set();
const NO_ACRONYMS: readonly SpelledAcronym[] = [];
const NO_FIGURES: readonly string[] = [];
const NO_FIGURE_SET: ReadonlySet<string> = new Set();
const disjoint = (a: readonly string[], b: ReadonlySet<string>): boolean => a.every((x) => !b.has(x));

/** The item's lead and the story's leads each give figures (the item two or more) and share none. */
export function leadFiguresApart(f: ItemFeatures, facts: StoryFacts): boolean {
  return f.leadNumbers.length >= 2 && facts.leadNumbers.size > 0 && disjoint(f.leadNumbers, facts.leadNumbers);
}
/**
 * Both name numbers and none agree. A shared year is no agreement when both also name other numbers
 * ("Freitag, 6. Dezember 2013" / "Freitag, 12. Juli 2013"): then those others must share one.
 */
export function numbersConflict(
  item: readonly string[],
  story: ReadonlySet<string>,
  /** The lead figures of each side: a title figure the other side's lead gives is not one it lacks. */
  itemLead: readonly string[] = NO_FIGURES,
  storyLead: ReadonlySet<string> = NO_FIGURE_SET,
  /** The story's title figures an item must give (`heldTitleNumbers`); its every title figure by default. */
  storyHeld: ReadonlySet<string> = story,
): boolean {
  if (item.length === 0 || story.size === 0) return false;
  const itemOthers = item.filter((n) => !isWhenFigure(n));
  const storyOthers = [...story].filter((n) => !isWhenFigure(n));
  const storyHeldOthers = storyHeld === story ? storyOthers : [...storyHeld].filter((n) => !isWhenFigure(n));
  if (itemOthers.length > 0 && storyOthers.length > 0) {
    // Each side's headline names a figure the other side's text never gives: another count of one kind ("Zwei Tote,
    // 19 Verletzte" / "Zwei Tote, 7 Verletzte"). One side adding a figure is a fuller report, and a headline figure the other
    // side gives in its lead ("Topf wächst auf 104 Millionen" / "Keiner knackt die 90 Millionen!" over "…nun 104 Millionen")
    // is another angle on one report.
    const gives = (n: string, titles: readonly string[], lead: Iterable<string>): boolean => {
      if (titles.some((m) => sameFigure(n, m))) return true;
      for (const m of lead) if (sameFigure(n, m)) return true;
      return false;
    };
    // Figures of one unit are compared with each other only ("gusts top 90mph" / "power cut to 40,000 homes", figure-units.ts);
    // a figure is given by the other side's figure of the same value, whatever unit either writes.
    for (const unit of new Set(itemOthers.map(figureUnit))) {
      const theirs = storyHeldOthers.filter((n) => figureUnit(n) === unit);
      if (theirs.length === 0) continue;
      const mine = itemOthers.filter((n) => figureUnit(n) === unit);
      if (mine.some((n) => !gives(n, storyOthers, storyLead)) && theirs.some((n) => !gives(n, itemOthers, itemLead))) return true;
    }
    return false;
  }
  // A side naming only years, dates or clock times is compared by those, kind by kind: they say when, not how many, so they
  // never disagree with a count ("'The Voice' 2014 recap" / "The Voice season 6, episode 5 recap", "Sochi Olympics March 10"
  // / "… medal count: 5 golds"); two years, two dates or two times do ("Money Makers 2013" / "… 2014", "Top news at 14:30
  // GMT" / "… 13:25 GMT").
  if (item.length === itemOthers.length || story.size === storyOthers.length) return false;
  return apartInKind(item, story, 'year') || apartInKind(item, story, 'date') || apartInKind(item, story, 'time');
}

/**
 * The title figures of a story an item's headline figures are held against. A story of three or more members is told by
 * several outlets, each headlining its own detail of it ("reality show debuts to 693,000 viewers", "books guest stint on '2
 * Broke Girls'", "parties for 48 hours"): a figure one later member gives is that outlet's detail, not the story's, as a
 * word one member writes is not in the story's core (story-core.ts). Its figures are those of the headline it began with
 * ("Chrysler recalls 25,250 SUVs"), its `founder`, and those the headlines of two outlets give (two copies of one wire's
 * report are one outlet's word). A founder no longer in the window (aged out, or the item being placed again) holds
 * nothing of its own: the members of the window do not say which headline began the story. A story of one or two
 * members: every figure its headlines give. Only the story's side is narrowed: an item's own figure that the story gives
 * nowhere does not keep it apart by itself, as `numbersConflict` asks both sides to lack one of the other's.
 */
function heldTitleNumbers(
  members: readonly ItemFeatures[],
  all: ReadonlySet<string>,
  founder: ItemFeatures | undefined,
): ReadonlySet<string> {
  if (members.length < 3 || all.size === 0) return all;
  const held = new Set<string>();
  for (const n of all) {
    const gives = (m: ItemFeatures): boolean => m.titleNumbers.some((k) => sameFigure(k, n));
    if (founder !== undefined && gives(founder)) {
      held.add(n);
      continue;
    }
    let first: string | undefined;
    for (const m of members) {
      if (!gives(m)) continue;
      if (first === undefined) first = m.sourceId;
      else if (m.sourceId !== first) {
        held.add(n);
        break;
      }
    }
  }
  return held;
}

/** Both sides name figures of `kind` and share none. */
function apartInKind(item: readonly string[], story: ReadonlySet<string>, kind: FigureKind): boolean {
  const mine = item.filter((n) => figureKind(n) === kind);
  if (mine.length === 0) return false;
  let theirs = false;
  for (const n of story) {
    if (figureKind(n) !== kind) continue;
    if (mine.includes(n)) return false;
    theirs = true;
  }
  return theirs;
}

/**
 * Figures one headline names that the other side's title or lead gives ("Deutschlandticket kostet ab 2027 68 Euro" / "… wird
 * teurer" over "… 68 Euro im Monat"), neither a year nor a single digit (a count of two or three is any day's).
 */
export function headlineFiguresShared(f: ItemFeatures, facts: StoryFacts): number {
  const telling = (n: string): boolean => !isWhenFigure(n) && !/^\d$/.test(figureValue(n));
  const gives = (n: string, titles: Iterable<string>, lead: Iterable<string>): boolean => {
    for (const m of titles) if (sameFigure(n, m)) return true;
    for (const m of lead) if (sameFigure(n, m)) return true;
    return false;
  };
  let shared = 0;
  for (const n of f.titleNumbers) if (telling(n) && gives(n, facts.titleNumbers, facts.allLeadNumbers)) shared++;
  for (const n of facts.titleNumbers) if (telling(n) && !f.titleNumbers.includes(n) && gives(n, f.titleNumbers, f.leadNumbers)) shared++;
  return shared;
}

/** Two figures are one when equal or when one is the other rounded to a whole number ("49 Grad" / "49,2 Grad", "16-Euro-Marke" / "16,20 Euro"). */
function sameFigure(a: string, b: string): boolean {
  if (a === b) return true;
  a = figureValue(a);
  b = figureValue(b);
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  return (
    (Number.isInteger(x) && (Math.trunc(y) === x || Math.round(y) === x)) ||
    (Number.isInteger(y) && (Math.trunc(x) === y || Math.round(x) === y))
  );
}

/**
 * A negated title's statement: its title words (no compound parts) without the polarity word itself
 * ("Keine Einigung im Tarifstreit" → einig, tarifstreit).
 */
function statementOf(f: ItemFeatures): Statement {
  const polarity = new Set(f.titlePolarity.map((t) => stemWord(t, f.language)));
  const words = new Set<string>();
  for (const t of f.titleTerms) if (!f.partTerms.has(t) && !polarity.has(t) && !POLARITY_WORDS.has(t)) words.add(t);
  return { words, scope: f.negationScope, language: f.language };
}

/** A negated title's statement words, and the word its negation is about (`ItemFeatures.negationScope`). */
interface Statement {
  words: ReadonlySet<string>;
  scope: string | null;
  /** The negated item's language (its words' stems are of it). */
  language: string | null;
}

/**
 * With leads on both sides, a negated title contradicts the other side only when it denies what that side's title states: at least
 * `polarityStatementShare` of its statement words are in the other title ("Keine Einigung im Tarifstreit" /
 * "Einigung im Tarifstreit"). A negation about something the other headline does not say is wording, not a
 * contradiction: "Keine Starts und Landungen" over a report headlined "Flugbetrieb unterbrochen", an analysis
 * headlined "…den Optimismus der Regierung nicht teilt" over a central bank's warning.
 */
function deniesStatement(
  { words, scope, language }: Statement,
  otherTitle: ReadonlySet<string>,
  /** The other side's headlines calling the event off (cancellation-words.ts), each a set of title terms. */
  callOffTitles: readonly ReadonlySet<string>[],
): boolean {
  if (words.size === 0) return true;
  // "Keine Abfahrt am Matterhorn" / "Matterhorn-Abfahrten erneut abgesagt": a headline calling off everything the negation
  // names says what the negation says; a negated call-off ("… nicht abgesagt") denies it, whatever its scope.
  // Naming only part of it is no excuse: "Einigung erzielt – Streik abgesagt" calls off the strike, and "Keine Einigung im
  // Tarifstreit" still denies its agreement.
  if (callOffTitles.some((title) => namesAll(title, words))) return language !== null && callsOff(words, language);
  // "EDA hat keine Kenntnis von verletzten Schweizern" denies knowing, not the quake's injured of the other headline.
  if (scope !== null && !otherTitle.has(scope)) return false;
  let shared = 0;
  for (const t of words) if (otherTitle.has(t)) shared++;
  return shared >= words.size * SCORE_SETTINGS.polarityStatementShare;
}

function namesAll(title: ReadonlySet<string>, words: ReadonlySet<string>): boolean {
  for (const t of words) if (!title.has(t)) return false;
  return true;
}

/**
 * The item is a wire's update of a story its own feed sent (`updateWithinHours`): its title carries an update tag ("ROUNDUP 2",
 * "UPDATE 1", "KORREKTUR"), the story holds an item of the same feed, and updates are sent the same day. An update re-sends
 * its story with what came since, so its title figures may differ from the story's (a death toll rising), and its lead's as
 * long as it keeps one of the story's lead figures; and the story already holding an item of its feed is what an update
 * does. Another outlet's story is not the one it updates: there other figures still conflict. It still needs the score,
 * and the weekday, negation, name-swap and place conflicts still hold: the tag says the wire sent this story before, not
 * which one.
 */
export function updatesStory(f: ItemFeatures, hoursApart: number, sameSource: boolean): boolean {
  return f.wireUpdate && sameSource && hoursApart < SCORE_SETTINGS.updateWithinHours;
}

/** The conflicts between an item and a story (its facts and core terms). */
export function storyConflicts(
  f: ItemFeatures,
  facts: StoryFacts,
  core: { has(term: string): boolean },
  titleTermsOfStory: ReadonlySet<string>,
  weights: TermWeights,
  /** The story's window members (their texts are searched for the item's places). */
  members: readonly ItemFeatures[],
  /** The item is a wire's update of this story (`updatesStory`). */
  update: boolean,
): Conflicts {
  const hoursApart = Math.abs(f.atMs - facts.nearestAtMs) / 3_600_000;
  const leadsCompared = f.leadWords >= 4 && facts.withLead > 0;
  const apart = hoursApart >= SCORE_SETTINGS.polarityAnyHours;
  // Whether a negated headline is read for what it denies (`deniesStatement`) or vetoes whatever it negates.
  const statementsCompared = leadsCompared || negationReadAsStatement(f.language);
  return {
    numberConflict:
      !update && numbersConflict(f.titleNumbers, facts.titleNumbers, f.leadNumbers, facts.allLeadNumbers, facts.heldTitleNumbers),
    dayConflict: daysApart(f, facts),
    // Without leads a headline is all there is to go on, and its negation stays a veto whatever it negates (in English, only
    // what it denies: english-headline-style.ts).
    polarityConflict: f.negated
      ? facts.negated === 0 && (!statementsCompared || apart || deniesStatement(statementOf(f), facts.plainTitleTerms, facts.callOffTitles))
      : facts.plain === 0 &&
        (!statementsCompared ||
          apart ||
          facts.negatedStatements.some((statement) =>
            deniesStatement(statement, f.titleTerms, f.language !== null && callsOff(f.titleTerms, f.language) ? [f.titleTerms] : []),
          )),
    // An update keeps some of its story's figures (the injured, the hour) while one changes: leads sharing none are another
    // report of the feed, whatever its tag ("ROUNDUP/Aktien Frankfurt Schluss" after the same morning's "Eröffnung").
    // A recurring report is its figures: two draws of one evening, two regions' forecasts of one day are told alike.
    leadNumberConflict:
      ((update || hoursApart >= SCORE_SETTINGS.leadNumberConflictHours) && leadFiguresApart(f, facts)) ||
      (!update && recurringFiguresApart(f.recurring, members.length > PLACE_MEMBERS ? members.slice(-PLACE_MEMBERS) : members)),
    swapConflict: !leadsCompared && hasSwap(f, core, titleTermsOfStory, weights),
    placeConflict: placesApart(f, facts, members) || homesApart(f.home, members, PLACE_MEMBERS),
    oppositeConflict: oppositesConflict(f.opposites, facts.opposites),
    ...placeLineConflicts(f, members),
    forecastConflict: forecastAndDayApart(f, members),
  };
}

/** The conflicts of a line or a name that several places share: a road (route-names.ts), a namesake town (namesake-places.ts). */
function placeLineConflicts(f: ItemFeatures, members: readonly ItemFeatures[]): Pick<Conflicts, 'routeConflict' | 'namesakeConflict'> {
  const recent = members.length > PLACE_MEMBERS ? members.slice(-PLACE_MEMBERS) : members;
  return { routeConflict: routePlacesApart(f, recent), namesakeConflict: namesakesApart(f, recent) };
}

/**
 * The item's headline names a place no member mentions, and a member's headline one the item never mentions. Reports of one
 * event name its place, if not in the headline then in the lead; a place of one headline missing from the other's whole
 * text is another event of the same kind (a fire, a strike, a market's close) in another place. A term mentions a place
 * when it is the place's name with an inflection or demonym ending ("Duisburger", "jordanisch"; `mentionsPlace`).
 */
function placesApart(f: ItemFeatures, facts: StoryFacts, members: readonly ItemFeatures[]): boolean {
  if (f.titlePlaces.length === 0 || facts.titlePlaces.size === 0) return false;
  const recent = members.slice(-PLACE_MEMBERS);
  if (!f.titlePlaces.some((p) => !recent.some((m) => mentionsPlace(m, p, f.language)))) return false;
  for (const p of facts.titlePlaces) if (!mentionsPlace(f, p, f.language)) return true;
  return false;
}

/** Members whose texts are searched for the item's places (the newest): bounded for big stories. */
const PLACE_MEMBERS = 64;

/** Each side has exactly one informative title term the other lacks entirely (the rest agrees). */
function hasSwap(f: ItemFeatures, core: { has(term: string): boolean }, storyTitle: ReadonlySet<string>, weights: TermWeights): boolean {
  const only = (from: Iterable<string>, other: { has(t: string): boolean }): string[] => {
    const missing: string[] = [];
    for (const t of from) if (!other.has(t)) missing.push(t);
    return missing;
  };
  const itemOnly = only(f.titleTerms, core);
  const storyOnly = only(storyTitle, new Set(f.terms));
  return (
    itemOnly.length === 1 &&
    storyOnly.length === 1 &&
    weights.weight(itemOnly[0]!) >= SCORE_SETTINGS.swapBits &&
    weights.weight(storyOnly[0]!) >= SCORE_SETTINGS.swapBits
  );
}

/** What the day rule reads of an item or a story: the weekdays named, and those of them that may date its event. */
interface NamedDays {
  weekdays: number;
  datedWeekdays: number;
}

/**
 * Both sides name weekdays of the same kind and none agree (two days' reports). A result report whose only weekday is its
 * next match's ("Im Halbfinale trifft er am Freitag auf …") dates nothing against another outlet's "besiegte am Mittwoch";
 * two sides that both name only what comes next are compared all the same (Wednesday's "nächste Ziehung am Samstag" and
 * Saturday's "nächste Ziehung am Mittwoch" are two draws). A fixture's day still agrees: two reports of one draw both name
 * the next one's Friday.
 */
export function daysApart(a: NamedDays, b: NamedDays): boolean {
  return a.weekdays !== 0 && b.weekdays !== 0 && (a.datedWeekdays !== 0) === (b.datedWeekdays !== 0) && (a.weekdays & b.weekdays) === 0;
}

/** Whether any conflict holds. */
export function anyConflict(c: Conflicts): boolean {
  return CONFLICT_KINDS.some((kind) => c[kind]);
}

/** What time and a shared feed take off the evidence score. */
export function penalties(hoursApart: number, sameSource: boolean): { time: number; sameSource: number } {
  const s = SCORE_SETTINGS;
  const share = Math.min(1, Math.max(0, hoursApart - s.timeFreeHours) / (s.timeFullHours - s.timeFreeHours));
  return { time: s.timePenalty * share, sameSource: sameSource ? s.sameSourcePenalty : 0 };
}
