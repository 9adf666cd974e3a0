// Titles and leads are shown as one line in lists, where a reader cannot confine a stray direction control to the
// text it came with. An unclosed RIGHT-TO-LEFT OVERRIDE (U+202E) makes "update \u202Efdp.exe" read "update exe.pdf"
// on the index page, in feed readers and in terminals, and reverses every following word of the line in an Arabic or
// Hebrew title just as well. Invisible format characters also hide words from search and matching ("Ukra\u2060ine").
// So these go, as spoofing checks in browsers' URL bars and mail clients' sender lines drop or refuse them:
//   U+202A–U+202E  embeddings, overrides and their terminator (Unicode bidi, UAX #9 §2.1–2.2);
//   U+2066–U+2069  isolates (UAX #9 §2.4): harmless when balanced, but one left open still swallows the rest;
//   U+00AD, U+180E, U+2060–U+2064, U+FEFF  soft hyphen, Mongolian vowel separator, word joiner and invisible
//                  operators, zero-width no-break space: nothing to see in a headline;
//   U+E0000–U+E007F  tag characters, invisible copies of ASCII (text smuggled past a human reader), except in a
//                  subdivision flag: U+1F3F4, a region and subdivision code in tags, CANCEL TAG (England: U+1F3F4 "gbeng" U+E007F; Scotland, Wales).
// Kept, because right-to-left and other scripts need them and they cannot reorder letters: LEFT-TO-RIGHT and
// RIGHT-TO-LEFT MARK (U+200E, U+200F) and ARABIC LETTER MARK (U+061C), which only set the direction of neutral
// characters beside them ("‏(2026)"), and ZERO WIDTH NON-JOINER / JOINER (U+200C, U+200D: Persian and Indic spelling,
// emoji sequences). ZERO WIDTH SPACE (U+200B) is a word break and becomes a space where whitespace is collapsed.
// A flag's tags: 2 letters (or 3 digits) of region and 1–4 letters or digits of subdivision (UTS #51, ED-14a).
const invisible =
  /(\ud83c\udff4(?:\udb40[\udc30-\udc39\udc61-\udc7a]){3,7}\udb40\udc7f)|[\u00ad\u180e\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\udb40[\udc00-\udc7f]/g;
const hasInvisible = /[\u00ad\u180e\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\udb40[\udc00-\udc7f]/;

/** The text without direction overrides, embeddings, isolates and invisible format characters (see above). */
export function visibleText(text: string): string {
  return hasInvisible.test(text) ? text.replace(invisible, (_, flag: string | undefined) => flag ?? '') : text;
}
