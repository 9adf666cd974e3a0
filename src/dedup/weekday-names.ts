// Weekday names per language, from CLDR through Intl (no hand-kept lists): "Montag" vs "Dienstag"
// in two leads says two days' reports, however alike the rest ("DAX schließt im Plus").
import { normaliseText } from './normalise-text.js';

const cache = new Map<string, ReadonlyMap<string, number>>();

/** Normalised weekday name → day (0 = Sunday) for `language`; empty when Intl knows no names or a name is not one token. */
export function weekdayNames(language: string): ReadonlyMap<string, number> {
  let names = cache.get(language);
  if (names) return names;
  const built = new Map<string, number>();
  try {
    const format = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' });
    for (let day = 0; day < 7; day++) {
      // 2023-01-01 was a Sunday.
      const { tokens } = normaliseText(format.format(Date.UTC(2023, 0, 1 + day)), language);
      if (tokens.length === 1) built.set(tokens[0]!, day);
    }
  } catch {
    // An unknown language tag: no names, so never a conflict.
  }
  // A language whose names did not come out as seven distinct words would give false conflicts: none then.
  names = built.size === 7 ? built : new Map();
  cache.set(language, names);
  return names;
}

/** The weekdays named among `tokens`, as a bit mask (bit d = day d). */
export function weekdaysNamed(tokens: readonly string[], language: string | null): number {
  if (!language) return 0;
  const names = weekdayNames(language);
  if (names.size === 0) return 0;
  let mask = 0;
  for (const token of tokens) {
    const day = names.get(token);
    if (day !== undefined) mask |= 1 << day;
  }
  return mask;
}

// Words before a weekday that make it any such day, not a date: "more people than on a Saturday night", "every Monday".
// Per language; other languages keep every weekday they name.
const GENERIC_DETERMINERS: Record<string, string> = { en: 'a an every each any' };
const genericPatterns = new Map<string, RegExp | null>();

/**
 * `text` without the weekdays it names generically ("on a Saturday night", "every Monday"): such a weekday dates nothing,
 * so it must not contradict the day another report names (a tabloid quoting a café owner's "more people than on a Saturday
 * night" beside the broadcaster's "on Monday morning") nor count as a shared word.
 */
export function withoutGenericWeekdays(text: string, language: string | null): string {
  const code = language?.toLowerCase().split(/[-_]/)[0] ?? '';
  let pattern = genericPatterns.get(code);
  if (pattern === undefined) {
    pattern = null;
    const determiners = GENERIC_DETERMINERS[code];
    if (determiners) {
      const format = new Intl.DateTimeFormat(code, { weekday: 'long', timeZone: 'UTC' });
      const days = Array.from({ length: 7 }, (_, day) => format.format(Date.UTC(2023, 0, 1 + day)));
      pattern = new RegExp(`(?<![\\p{L}])(?:${determiners.split(' ').join('|')})\\s+(?:${days.join('|')})(?![\\p{L}])`, 'giu');
    }
    genericPatterns.set(code, pattern);
  }
  return pattern === null ? text : text.replace(pattern, ' ');
}

// Clauses whose weekday dates a later fixture or meeting, not the report's event: a result report's "Im Halbfinale trifft
// er am Freitag auf …", "Weiter geht es am Sonntag in Neu-Ulm", "bei der nächsten Ziehung am Freitag", "will face Sinner on
// Friday". Each is [before, after]: what stands right before the weekday and right after it. Per language; other
// languages keep every weekday they name as a date.
const GERMAN_FIXTURE_VERBS = 'trifft|treffen|spielt|spielen|empfängt|empfangen|folgt|folgen|geht\\s+es';
const FIXTURE_CLAUSES: Record<string, readonly (readonly [string, string])[]> = {
  de: [
    [`\\b(?:${GERMAN_FIXTURE_VERBS})(?:\\s+\\p{L}+){0,3}?\\s+am\\s+`, ''],
    ['\\bam\\s+', `\\s+(?:${GERMAN_FIXTURE_VERBS})\\b`],
    ['\\bnächste[nmrs]?(?:\\s+\\p{L}+){0,2}?\\s+am\\s+', ''],
  ],
  en: [
    ["\\bwill\\s+(?:face|play|meet|host)(?:\\s+[\\p{L}'’.-]+){0,4}?\\s+on\\s+", ''],
    // Not "next to" (a place: "the shop next to the station on Monday").
    ['\\bnext(?!\\s+to\\b)(?:\\s+\\p{L}+){0,3}?\\s+on\\s+', ''],
  ],
};
/** How far before and after a weekday its clause is looked for (characters): a verb, three words and "am". */
const CLAUSE_BEFORE_CHARS = 80;
const CLAUSE_AFTER_CHARS = 30;

interface FixtureReading {
  /** Any weekday name of the language, as a whole word. */
  days: RegExp;
  /** Each clause as [the text before the weekday ends so, the text after it begins so]. */
  clauses: readonly (readonly [RegExp, RegExp])[];
}
const fixtureReadings = new Map<string, FixtureReading | null>();

function fixtureReading(code: string): FixtureReading | null {
  let reading = fixtureReadings.get(code);
  if (reading !== undefined) return reading;
  reading = null;
  const clauses = FIXTURE_CLAUSES[code];
  if (clauses) {
    const format = new Intl.DateTimeFormat(code, { weekday: 'long', timeZone: 'UTC' });
    const names = Array.from({ length: 7 }, (_, day) => format.format(Date.UTC(2023, 0, 1 + day))).join('|');
    reading = {
      days: new RegExp(`(?<![\\p{L}])(?:${names})(?![\\p{L}])`, 'giu'),
      clauses: clauses.map(([before, after]) => [new RegExp(`${before}$`, 'iu'), new RegExp(`^${after}`, 'iu')] as const),
    };
  }
  fixtureReadings.set(code, reading);
  return reading;
}

/**
 * The weekdays `text` names only in fixture clauses ("Im Halbfinale trifft er am Freitag auf …"), as a bit mask (bit d =
 * day d): a result report names its next match's day, which must not contradict the day another outlet's report of the
 * result names ("besiegte am Mittwoch"). A day `isOwnDay` accepts (the item's publication day) dates the item's own event
 * ("trifft am Mittwoch" in Wednesday's report), and so does a day the text also names outside such a clause.
 */
export function fixtureOnlyWeekdays(text: string, language: string | null, isOwnDay: (day: number) => boolean): number {
  const reading = fixtureReading(language?.toLowerCase().split(/[-_]/)[0] ?? '');
  if (reading === null) return 0;
  const names = weekdayNames(language!);
  let fixture = 0;
  let dated = 0;
  for (const m of text.matchAll(reading.days)) {
    const day = names.get(normaliseText(m[0], language).tokens[0] ?? '');
    if (day === undefined) continue;
    const before = text.slice(Math.max(0, m.index - CLAUSE_BEFORE_CHARS), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + CLAUSE_AFTER_CHARS);
    const inClause = reading.clauses.some(([b, a]) => b.test(before) && a.test(after));
    if (inClause && !isOwnDay(day)) fixture |= 1 << day;
    else dated |= 1 << day;
  }
  return fixture & ~dated;
}
