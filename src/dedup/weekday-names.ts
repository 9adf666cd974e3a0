// Weekday names per language, from CLDR through Intl (no hand-kept lists): "Montag" vs "Dienstag"
// in two leads says two days' reports, however alike the rest ("DAX schließt im Plus").
import { normaliseText } from './normalise-text.js';

const written = new Map<string, readonly string[]>();

/** The seven weekday names of `language` as CLDR writes them, Sunday first; none for a tag Intl does not know. */
export function weekdayNamesWritten(language: string): readonly string[] {
  let names = written.get(language);
  if (names) return names;
  try {
    const format = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' });
    // 2023-01-01 was a Sunday.
    names = Array.from({ length: 7 }, (_, day) => format.format(Date.UTC(2023, 0, 1 + day)));
  } catch {
    // An unknown language tag: no names, so never a conflict.
    names = [];
  }
  written.set(language, names);
  return names;
}

const cache = new Map<string, ReadonlyMap<string, number>>();

/** Normalised weekday name → day (0 = Sunday) for `language`; empty when Intl knows no names or a name is not one token. */
export function weekdayNames(language: string): ReadonlyMap<string, number> {
  let names = cache.get(language);
  if (names) return names;
  const built = new Map<string, number>();
  weekdayNamesWritten(language).forEach((name, day) => {
    const { tokens } = normaliseText(name, language);
    if (tokens.length === 1) built.set(tokens[0]!, day);
  });
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
// Per language; other languages keep every weekday they name. Spanish "los martes" is every Tuesday ("el martes" one).
const GENERIC_DETERMINERS: Record<string, string> = { en: 'a an every each any', fr: 'chaque', es: 'cada los' };
const genericPatterns = new Map<string, RegExp | null>();

/**
 * `text` without the weekdays it names generically ("on a Saturday night", "every Monday"): such a weekday dates nothing,
 * so it must not contradict the day another report names (a tabloid quoting a café owner's "more people than on a Saturday
 * night" beside the broadcaster's "on Monday morning") nor count as a shared word.
 */
export function withoutGenericWeekdays(text: string, language: string | null): string {
  // `language` is a base code (detectLanguage).
  const code = language ?? '';
  let pattern = genericPatterns.get(code);
  if (pattern === undefined) {
    pattern = null;
    const determiners = GENERIC_DETERMINERS[code];
    if (determiners) {
      const days = weekdayNamesWritten(code).join('|');
      pattern = new RegExp(`(?<![\\p{L}])(?:${determiners.split(' ').join('|')})\\s+(?:${days})(?![\\p{L}])`, 'giu');
    }
    genericPatterns.set(code, pattern);
  }
  return pattern === null ? text : text.replace(pattern, ' ');
}
