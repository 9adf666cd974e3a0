// Element and attribute names compare ASCII-case-insensitively, as HTML compares them ("ASCII lowercase",
// WHATWG Infra §4.7) and as the Universal Feed Parser's loose parser matches ASCII names. Not
// String.prototype.toLowerCase: it folds Unicode case, and KELVIN SIGN (U+212A) lower-cases to "k", so
// "<lin\u212A>" was read as <link> (and U+0130 to "i" with a combining dot).

/** `text` with A–Z written a–z and every other character as it is. */
export function asciiLowerCase(text: string): string {
  // Most names are ASCII, where toLowerCase is the same and fastest.
  return nonAscii.test(text) ? text.replace(upperAscii, (letter) => String.fromCharCode(letter.charCodeAt(0) | 0x20)) : text.toLowerCase();
}

const nonAscii = /[^\x00-\x7f]/;
const upperAscii = /[A-Z]/g;
