// What a headline figure measures, read from the unit written with it: an amount of money in one currency, a speed, a
// temperature, or (no unit) a count. Figures of different units never disagree: "gusts top 90mph" and "cuts
// power to 40,000 homes" are two facts of one storm, "£85m savings: … to shut four stores" and "… four stores, 1,100 jobs
// at risk" one closure, "₹18,500-crore engine deal" and "$2.1bn order" one deal in two currencies. A share ("30 %",
// "30 Prozent") stays compared with counts, by measurement: read as a unit it joined no item of UCI-cal or the calibration
// sets and merged one STSb-de pair labelled different ("… um 30 Prozent zugenommen" / "… zwei Meister des Megabytes …").
// Jobs are a unit too ("2000 Stellen", "3.500 Jobs", "2,000 more jobs"): a job cut's size is another fact than its cost or
// its share, and a count of jobs is never a year ("2000 Stellen" read as the year 2000 was held against the other side's
// years and was no evidence). Positions, not people: staff ("250 Mitarbeiter", "workers") are counted as people are, and
// stay compared with other counts of people (as a unit, "250 Mitarbeiter … in Quarantäne" / "6.800 Menschen in Quarantäne"
// merged an STSb-de pair labelled different).

/** A figure's unit as normalise-text.ts records it after "|" ("90|speed", "85000000|£"); a count has none. */
export type FigureUnit = '£' | '$' | '€' | '₹' | '¥' | 'speed' | 'temperature' | 'jobs';

const SYMBOLS: Readonly<Record<string, FigureUnit>> = { '£': '£', $: '$', '€': '€', '₹': '₹', '¥': '¥' };
// After the figure and an optional scale word ("85 Millionen Euro", "2.1 billion dollars", "18,500-crore"): the unit.
const SCALE = String.raw`(?:(?:thousand|million|billion|trillion|tausend|millionen?|milliarden?|mio|mrd|mln|bln|bn|m|k|crore|lakh)\.?[ \u00a0-]?)?`;
// A sign after the figure is the currency too, as German and French write it ("49 €", "49€"). "Grad" is a temperature in
// German only (English "3 grad students"); "pounds" alone is also a weight in US news ("lost 50 pounds"), so only "pounds
// sterling", "GBP" and pounds after a scale word (the wires' "47 mln pounds": nobody weighs in millions) are £ after a
// figure (the sign before it still is).
const UNIT_AFTER = new RegExp(
  String.raw`^[ \u00a0-]?${SCALE}(?:(mph\b|km/h|kmh\b|kph\b|knots\b)|(°|degrees?\b)|(euros?\b|eur\b|€)|(dollars?\b|usd\b|\$)|(pounds? sterling\b|gbp\b|£)|(rupees?\b|crore\b|lakh\b|₹)|(¥)|(grad\b))`,
  'i',
);
const SCALED_POUNDS = /^[ \u00a0-]?(?:thousand|million|billion|trillion|mln|bln|bn|m)\.?[ \u00a0-]?pounds?\b/i;
const WORD_UNITS: readonly FigureUnit[] = ['speed', 'temperature', '€', '$', '£', '₹', '¥', 'temperature'];
/** The group of the German "Grad" (last above). */
const GRAD = WORD_UNITS.length - 1;

// Jobs, after the figure or after one word qualifying the count ("2000 weitere Arbeitsplätze", "2,000 more jobs"). German
// nouns are capitalised: "2000 stellen sich …" is a verb. Words that also count other things are left out: compounds of
// "-stellen" ("Baustellen", "Tankstellen"), English "positions" (a ranking's), "posts", "roles"; and "Stellen" after
// "an", "in" or "auf" are spots ("Feuer an 20 Stellen").
const SPOTS_BEFORE = /(?:^|[^\p{L}])(?:an|in|auf)[ \u00a0]$/iu;
const JOBS_AFTER_DE =
  /^[ \u00a0-](?:(?:\p{Ll}+|Tausend|Millionen?|Mio\.)[ \u00a0])?(?:Stellen|Jobs|\p{Lu}?\p{Ll}*[Aa]rbeitsplätze)(?![\p{L}])/u;
const JOBS_AFTER_EN = /^[ \u00a0-](?:[a-z]+[ \u00a0])?(?:jobs|job cuts|job losses)\b/i;

/**
 * The unit written with the figure `piece` at `at` in `text` (of `language`): a currency sign before it, a unit word or
 * currency sign after it; null for a count.
 */
export function unitOfFigure(text: string, piece: string, at: number, language: string | null): FigureUnit | null {
  const before = text.slice(Math.max(0, at - 2), at).replace(/[ \u00a0]$/, '');
  const sign = SYMBOLS[before.slice(-1)];
  if (sign !== undefined) return sign;
  const rest = text.slice(at + piece.length, at + piece.length + 24);
  if (SCALED_POUNDS.test(rest)) return '£';
  const jobsAfter = language === 'de' ? JOBS_AFTER_DE : language === 'en' ? JOBS_AFTER_EN : null;
  const jobs = jobsAfter?.exec(text.slice(at + piece.length, at + piece.length + 40));
  if (jobs && !(jobs[0].endsWith('Stellen') && SPOTS_BEFORE.test(text.slice(Math.max(0, at - 5), at)))) return 'jobs';
  const after = UNIT_AFTER.exec(rest);
  if (after === null) return null;
  const group = after.slice(1).findIndex((g) => g !== undefined);
  if (group === GRAD && language !== 'de') return null;
  return WORD_UNITS[group] ?? null;
}

/** A recorded figure's value without its unit ("85000000|£" → "85000000"). */
export function figureValue(n: string): string {
  const bar = n.indexOf('|');
  return bar < 0 ? n : n.slice(0, bar);
}

/** A recorded figure's unit, "" for a count. */
export function figureUnit(n: string): string {
  const bar = n.indexOf('|');
  return bar < 0 ? '' : n.slice(bar + 1);
}
