// What a headline figure measures, read from the unit written with it: an amount of money in one currency, a speed, a
// temperature, or (no unit) a count. Figures of different units never disagree: "gusts top 90mph" and "cuts
// power to 40,000 homes" are two facts of one storm, "£85m savings: … to shut four stores" and "… four stores, 1,100 jobs
// at risk" one closure, "₹18,500-crore engine deal" and "$2.1bn order" one deal in two currencies. A share ("30 %",
// "30 Prozent") stays compared with counts, by measurement: read as a unit it joined no item of UCI-cal or the calibration
// sets and merged one STSb-de pair labelled different ("… um 30 Prozent zugenommen" / "… zwei Meister des Megabytes …").

/** A figure's unit as normalise-text.ts records it after "|" ("90|speed", "85000000|£"); a count has none. */
export type FigureUnit = '£' | '$' | '€' | '₹' | '¥' | 'speed' | 'temperature';

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
