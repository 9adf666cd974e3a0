// The figures a recurring report is made of. A lottery draw, a weather forecast: every outlet words them alike ("Die
// Gewinnzahlen vom Mittwoch lauten …", "Am Mittwoch wird es schwül … Höchstwerte …"), and two countries' draws or two
// regions' forecasts of one evening share that wording, its weekday and most of its words. What tells them apart is what
// they report: the numbers drawn, the temperatures forecast. Two outlets' reports of one draw give the same numbers, two
// draws give others; two regions' forecasts give other highs. Read from the raw title and lead opening (digits of every
// script as ASCII), independent of the item's language but for the few words named below.
import { asciiDigits, stripMarkup } from './normalise-text.js';

/** What an item reports as a recurring report's figures; both usually empty. */
export interface RecurringFigures {
  /** Runs of `LIST_FIGURES` or more figures listed one after another ("4, 17, 23, 38 und 45"), each as distinct figures. */
  lists: readonly (readonly string[])[];
  /** The temperatures a weather report gives ("24 bis 31 Grad", "bis zu 29 Grad", "34C"); none when the title names no weather report. */
  temperatures: readonly string[];
}

/** A list needs this many figures: fewer in a row are a range or a pair ("2 und 3 Prozent"), not what a report is made of. */
const LIST_FIGURES = 4;
const FIGURE = String.raw`(?<![\p{L}\p{N}.,])\d+(?:[.,]\d+)?(?![\p{L}\p{N}]|[.,]\d)`;
/**
 * Between two figures of a list: a comma or semicolon before a space (a German decimal comma has none: "14,6 Millionen"), or
 * the word that joins the list's last figure: German "und", English "and", French "et", Italian "e", Spanish "y", Dutch "en".
 */
const SEPARATOR = String.raw`(?:\s*[,;]\s+|\s*;\s*|\s+(?:und|and|et|e|y|en)\s+)`;
const LIST = new RegExp(`${FIGURE}(?:${SEPARATOR}${FIGURE}){${LIST_FIGURES - 1},}`, 'giu');
const LIST_FIGURE = new RegExp(FIGURE, 'gu');

/**
 * A weather report's title names it: German "Wetter" (also "Hamburg-Wetter", "Wetterbericht", "Wettervorhersage") and
 * English "weather", "forecast". Not "Unwetter", a storm: its reports measure what fell and blew, and outlets round those
 * figures as they like ("fast 50 Grad" / "49,2 Grad" of one heatwave are no forecast either, and name no weather report).
 */
const WEATHER_TITLE = /(?<![\p{L}\p{N}])(?:wetter(?:bericht|vorhersage)?|weather|forecast)(?![\p{L}\p{N}])/iu;
const SIGNED = String.raw`(?:(?:minus|plus|-|−)\s*)?\d+(?:[.,]\d+)?`;
/** A temperature, or a range of two ("24 bis 31 Grad", "zwischen minus 1 und plus 4 Grad", "15 to 18C", "29 °C"). */
const TEMPERATURE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(${SIGNED})(?:\s*(?:bis|und|to|and|–|-)\s*(${SIGNED}))?(?:\s*(?:°\s*[CF]?|Grad\b|degrees?\b)|[CF](?![\p{L}\p{N}]))`,
  'giu',
);
const NO_LISTS: readonly (readonly string[])[] = Object.freeze([]);
const NO_FIGURES: readonly string[] = Object.freeze([]);
const NONE: RecurringFigures = Object.freeze({ lists: NO_LISTS, temperatures: NO_FIGURES });

/** The listed figures and, in a weather report, the temperatures of a title and its lead opening. */
export function recurringFigures(title: string, leadOpening: string): RecurringFigures {
  const text = asciiDigits(stripMarkup(`${title}\n${leadOpening}`.normalize('NFKC')));
  if (!/\d/.test(text)) return NONE;
  const lists: string[][] = [];
  for (const match of text.matchAll(LIST)) lists.push([...new Set([...match[0].matchAll(LIST_FIGURE)].map((m) => figure(m[0])))]);
  const temperatures: string[] = [];
  if (WEATHER_TITLE.test(title))
    for (const match of text.matchAll(TEMPERATURE))
      for (const raw of [match[1], match[2]]) if (raw !== undefined) temperatures.push(figure(raw));
  if (lists.length === 0 && temperatures.length === 0) return NONE;
  return { lists: lists.length > 0 ? lists : NO_LISTS, temperatures: temperatures.length > 0 ? [...new Set(temperatures)] : NO_FIGURES };
}

/** A figure as a number's text: "14,6" → "14.6", "minus 8" → "-8", "07" → "7". */
function figure(raw: string): string {
  const signed = raw.replace(/^(?:minus|-|−)\s*/i, '-').replace(/^plus\s*/i, '');
  return String(Number(signed.replace(',', '.')));
}

/**
 * The item's figures and the story members' disagree as a recurring report's do: the item lists figures and so do members,
 * and no member's list agrees with one of the item's (shares at least half the shorter list's figures); or the item is a
 * weather report giving temperatures, members are too, and no temperature of one side is one of the other's (a figure the
 * other side gives rounded is the same: "29" / "29,4"). Two draws of one evening, two regions' forecasts of one day.
 */
export function recurringFiguresApart(item: RecurringFigures, members: readonly { recurring: RecurringFigures }[]): boolean {
  if (item.lists.length > 0) {
    const listing = members.filter((m) => m.recurring.lists.length > 0);
    if (listing.length > 0 && !listing.some((m) => m.recurring.lists.some((l) => item.lists.some((k) => listsAgree(k, l))))) return true;
  }
  if (item.temperatures.length > 0) {
    const forecasting = members.filter((m) => m.recurring.temperatures.length > 0);
    if (
      forecasting.length > 0 &&
      !forecasting.some((m) => m.recurring.temperatures.some((t) => item.temperatures.some((u) => sameTemperature(t, u))))
    )
      return true;
  }
  return false;
}

/**
 * The item lists the figures a member lists (`LIST_FIGURES` or more of them, and at least half of the shorter list): one draw's numbers, which another draw
 * gives only by chance (six of 49 numbers: about one in 14 million). Reports of a draw are worded each in the outlet's own
 * few words ("Lottozahlen", "Lotto am Mittwoch: Jackpot geknackt?"); the numbers are what they share.
 */
export function recurringListsShared(item: RecurringFigures, members: readonly { recurring: RecurringFigures }[]): boolean {
  if (item.lists.length === 0) return false;
  return members.some((m) =>
    m.recurring.lists.some((l) => item.lists.some((k) => listsAgree(k, l) && sharedFigures(k, l) >= LIST_FIGURES)),
  );
}

/** Two lists agree when they share at least half the shorter one's figures. */
function listsAgree(a: readonly string[], b: readonly string[]): boolean {
  return sharedFigures(a, b) * 2 >= Math.min(a.length, b.length);
}

function sharedFigures(a: readonly string[], b: readonly string[]): number {
  const other = new Set(b);
  let shared = 0;
  for (const x of a) if (other.has(x)) shared++;
  return shared;
}

/** Equal, or one the other rounded to a whole degree. */
function sameTemperature(a: string, b: string): boolean {
  const x = Number(a);
  const y = Number(b);
  return x === y || (Number.isInteger(x) && Math.round(y) === x) || (Number.isInteger(y) && Math.round(x) === y);
}
