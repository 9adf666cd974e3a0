// Text that is about to be stored must be text: SQLite's TEXT is UTF-8, and a JavaScript string with a
// lone surrogate (a JSON Feed "\ud800", an XML "&#xD800;") is written as bytes no UTF-8 reader accepts,
// so other SQLite clients cannot read the row. XML 1.0 (§2.2 Char) and Unicode (noncharacters, §23.7)
// exclude more; publish must never re-emit them either. normalise-feed.ts applies this to every text
// field it returns, after entities are decoded ("&#xFFFE;" in a title is only a character by then).

// C0 controls except tab, LF and CR; U+FDD0–U+FDEF; U+FFFE/U+FFFF and the last two code points of
// every supplementary plane (U+1FFFE, U+1FFFF, … U+10FFFF).
// The plain-text rule (html-to-plain-text.ts) removes this same set (and C1 controls) before it reads tags:
// removed only here, after it, "<\ufdd0img src=x onerror=…>" became a live "<img …>". One list, so they cannot drift.
export const notTextSource =
  '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufdd0-\\ufdef\\ufffe\\uffff]|[\\ud83f\\ud87f\\ud8bf\\ud8ff\\ud93f\\ud97f\\ud9bf\\ud9ff\\uda3f\\uda7f\\udabf\\udaff\\udb3f\\udb7f\\udbbf\\udbff][\\udffe\\udfff]';
const notText = new RegExp(notTextSource, 'g');
const hasNotText = new RegExp(notTextSource);

// Node 20 has both (ES2024, V8 11.x); the project's TypeScript lib (ES2022) does not declare them.
const unicodeString = String.prototype as unknown as { isWellFormed(this: string): boolean; toWellFormed(this: string): string };

/**
 * Lone surrogates become U+FFFD. First, before anything is removed: a character removed from between two
 * halves ("\ud83f\u0000\udfff") would pair them into a code point (U+1FFFF, itself removed), and what
 * stood around them would meet ("<" and "img …").
 */
export function withoutLoneSurrogates(text: string): string {
  return unicodeString.isWellFormed.call(text) ? text : unicodeString.toWellFormed.call(text);
}

/** Lone surrogates become U+FFFD; XML-illegal controls and Unicode noncharacters are removed. */
export function wellFormedText(text: string): string {
  const whole = withoutLoneSurrogates(text);
  return hasNotText.test(whole) ? whole.replace(notText, '') : whole;
}

/** wellFormedText for optional fields. */
export function wellFormedOrNull(text: string | null): string | null {
  return text === null ? null : wellFormedText(text);
}
