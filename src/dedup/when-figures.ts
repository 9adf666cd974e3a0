// Dates and clock times written in figures ("March 10", "3/10/14", "10.03.2014", "9:15AM"): they say when, as a year does,
// not how many. Read as counts, "Sochi Olympics March 10" and "… 9:15AM" disagreed with every other figure of their story.

/**
 * English month names and their short forms, lower-cased. English only, by measurement: German "am 15. September" read as a
 * date joined no pair of the German calibration sets and merged one STSb-de pair labelled different ("… am 15. September
 * eingeführt" / "… drei Wochen alten …"); numeric dates and clock times are read in every language.
 */
const MONTHS: ReadonlyMap<string, number> = new Map(
  ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
    .flatMap((name, i): [string, number][] => [
      [name, i + 1],
      [name.slice(0, 3), i + 1],
    ])
    .concat([['sept', 9]]),
);

// A capitalised month name, as dates write it ("may 10" in lower case is a verb and a count).
const MONTH = String.raw`(\p{Lu}[\p{L}]+)\.?`;
const DAY = String.raw`(\d{1,2})(?!\d|[.,:]\d)`;
const DATE_PATTERNS: readonly { pattern: RegExp; month: number; day: number }[] = [
  // "March 10", "March 10th", "Mar. 3"
  { pattern: new RegExp(String.raw`(?<![\p{L}\d])${MONTH}[ \u00a0]+${DAY}`, 'gu'), month: 1, day: 2 },
  // "10 March", "10th March"
  { pattern: new RegExp(String.raw`(?<![\d.,:/])(\d{1,2})(?:st|nd|rd|th)?[ \u00a0]+${MONTH}`, 'gu'), month: 2, day: 1 },
];
// "3/10/14", "10.03.2014": day, month and year all written.
const NUMERIC_DATE = /(?<![\d.,/:])(\d{1,2})([./])(\d{1,2})\2(\d{4}|\d{2})(?![\d.,/:]\d)/g;
// "9:15", "9:15AM", "21:30 Uhr"; "9AM", "9 p.m." (a result "2:1" has one digit after the colon; "23:22" outside English
// is a time only as CLOCK_SAYS_TIME says).
const CLOCK = /(?<![\d.,:/])(\d{1,2}):(\d{2})(?![\d:.,]\d)|(?<![\d.,:/])(\d{1,2})(?=[ \u00a0]?[ap]\.?m\b)/gi;
// Outside English "23:22" is as often a score (handball, basketball: "THW siegt 23:22") as a time: there a time says so.
const CLOCK_SAYS_TIME = /^[ \u00a0]?(?:uhr|gmt|utc|mez|mesz|cet|cest|[ap]\.?m\b)/i;

/** The kind of a figure as normalise-text.ts records it: a when-figure is a year ("2014"), a date ("3/10") or a time ("9:15"). */
export type FigureKind = 'count' | 'year' | 'date' | 'time';

/** What a figure records: dates are written "month/day", times "hour:minutes" (no count is written so). */
export function figureKind(n: string): FigureKind {
  if (/^(?:19|20)\d\d$/.test(n)) return 'year';
  if (n.includes('/')) return 'date';
  if (n.includes(':')) return 'time';
  return 'count';
}

/** Whether a figure says when (a year, a date, a clock time), not how many. */
export function isWhenFigure(n: string): boolean {
  return figureKind(n) !== 'count';
}

/**
 * Where `text` writes a date or a clock time: for the offset of each digit run in it, the when-figure to record instead
 * (on the first run: "3/10", "9:15") or null (the other runs of it). `language`: slashed dates are month first in
 * English ("3/10/14" is March 10), day first elsewhere; a first figure over 12 is the day in any language. Month names are
 * read in English text only (MONTHS).
 */
export function whenFiguresAt(text: string, language: string | null): ReadonlyMap<number, string | null> {
  const found = new Map<number, string | null>();
  if (!/\d/.test(text)) return found;
  const record = (runs: readonly number[], figure: string): void => {
    if (runs.some((at) => found.has(at))) return;
    runs.forEach((at, i) => found.set(at, i === 0 ? figure : null));
  };
  const runsIn = (match: RegExpMatchArray): number[] => [...match[0].matchAll(/\d+/g)].map((d) => match.index! + d.index!);
  for (const match of text.matchAll(NUMERIC_DATE)) {
    let month = Number(match[1]);
    let day = Number(match[3]);
    if (language !== 'en' || month > 12) [month, day] = [day, month];
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) record(runsIn(match), `${month}/${day}`);
  }
  for (const { pattern, month: monthGroup, day: dayGroup } of language === 'en' ? DATE_PATTERNS : []) {
    for (const match of text.matchAll(pattern)) {
      const name = match[monthGroup]!.toLowerCase();
      // "3 May Face Charges": a Title Case headline's count before the verb "may".
      if (name === 'may' && monthGroup === 2 && /^[ \u00a0]+\p{L}/u.test(text.slice(match.index! + match[0].length))) continue;
      const month = MONTHS.get(name);
      const day = Number(match[dayGroup]);
      if (month !== undefined && day >= 1 && day <= 31) record(runsIn(match), `${month}/${day}`);
    }
  }
  for (const match of text.matchAll(CLOCK)) {
    // "9 am" is English only: German "3 am Ende" is a count before "am" (at the); "9AM" is a time anywhere.
    const end = match.index! + match[0].length;
    if (match[3] !== undefined && language !== 'en' && !/^[AP]M\b/.test(text.slice(end, end + 3))) continue;
    if (match[1] !== undefined && language !== 'en' && !CLOCK_SAYS_TIME.test(text.slice(end, end + 6))) continue;
    const hour = Number(match[1] ?? match[3]);
    const minutes = match[2] ?? '00';
    if (hour < 24 && Number(minutes) < 60) record(runsIn(match), `${hour}:${minutes}`);
  }
  return found;
}
