// Which legacy charset an unlabelled, non-UTF-8 feed is written in, when the guess from its language tag reads as
// nonsense. A feed tagged `de` but written in windows-1251 reads as "Â Ìîñêâå" in windows-1252: letters, but words
// made only of accented Latin letters, which no Western language writes. A French windows-1252 feed tagged `ru` reads
// as "йtй": Cyrillic letters inside Latin words. A reader who knows scripts sees both at once; so does this count.
//
// A reading's implausibility: of the non-ASCII characters in it, the share that are
//   - C1 controls, U+FFFD or private-use characters (bytes the charset leaves unassigned, or maps to controls);
//   - letters in a word mixing two scripts (ASCII letters count as Latin; Chinese, Japanese and Korean
//     letters count as one script, and words of theirs may hold ASCII letters: "iPhone発売");
//   - Latin letters in a run of three or more non-ASCII letters ("Ìîñêâå"; Polish "część" has one such run, so a
//     correct Western or Central European text has a few, never most);
//   - letters in a word where a capital follows a small letter, one of them non-ASCII: Greek windows-1253 read as
//     windows-1251 is all Cyrillic, but "БресгЯб" (Απεργία), and Arabic read so is "ЗбИСбЗдЗд" (البرلمان).
// Symbols and punctuation (« » – € ©, and the × ÷ ± a wrong reading also makes) count for nothing either way.
import iconv from 'iconv-lite';

/** How much of a feed is read to judge a charset: enough for dozens of titles, little enough to try ten charsets. */
const SAMPLE_BYTES = 64 * 1024;

type Script = 'latin' | 'cjk' | 'other' | string;

const SCRIPTS: readonly [string, RegExp][] = [
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['greek', /\p{Script=Greek}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['thai', /\p{Script=Thai}/u],
  ['cjk', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC]/u],
];

function scriptOf(letter: string): Script {
  for (const [name, pattern] of SCRIPTS) if (pattern.test(letter)) return name;
  return 'other';
}

const WORD = /[\p{L}\p{M}\u30FC]+/gu;
const BROKEN = /[\u0080-\u009F\uFFFD\p{Co}\p{Cn}]/u;

/** The share of a reading's non-ASCII characters that are implausible (see above), and how many there are. */
export function implausibility(text: string): { share: number; nonAscii: number } {
  let bad = 0;
  let nonAscii = 0;
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) continue;
    nonAscii++;
    if (BROKEN.test(char)) bad++;
  }
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    if (/^[\x00-\x7F]*$/.test(word)) continue;
    const scripts = new Set<Script>();
    let run = 0;
    let longRuns = 0;
    let nonAsciiLetters = 0;
    let previous = '';
    let capitalAfterSmall = false;
    for (const char of word) {
      if (/\p{M}/u.test(char)) continue;
      if (/\p{Lu}/u.test(char) && /\p{Ll}/u.test(previous) && (char.charCodeAt(0) >= 0x80 || previous.charCodeAt(0) >= 0x80)) {
        capitalAfterSmall = true;
      }
      previous = char;
      const script = scriptOf(char);
      if (char.charCodeAt(0) < 0x80) {
        run = 0;
        scripts.add('latin');
        continue;
      }
      nonAsciiLetters++;
      scripts.add(script);
      run = script === 'latin' ? run + 1 : 0;
      if (run === 3) longRuns += 3;
      else if (run > 3) longRuns++;
    }
    const mixed = scripts.size > 1 && !(scripts.size === 2 && scripts.has('cjk') && scripts.has('latin'));
    bad += mixed || capitalAfterSmall ? nonAsciiLetters : longRuns;
  }
  return { share: nonAscii ? Math.min(1, bad / nonAscii) : 0, nonAscii };
}

/** `bytes` (the first SAMPLE_BYTES) read in `encoding`. */
function sampleReading(bytes: Uint8Array, encoding: string): string {
  const sample = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, SAMPLE_BYTES));
  return iconv.decode(sample, encoding);
}

/** A reading this implausible is nonsense to anyone who knows the script (see the measure above). */
const IMPLAUSIBLE = 0.5;
/** A candidate replaces the guess only when it reads this plausibly. */
const PLAUSIBLE = 0.1;

/**
 * The charset among `candidates` that reads `bytes` most plausibly, when the reading in `guess` is nonsense
 * (more than half its non-ASCII characters implausible) and that candidate's is not (under a tenth); else `guess`.
 * Ties go to the earlier candidate.
 */
export function mostPlausibleEncoding(bytes: Uint8Array, guess: string, candidates: readonly string[]): string {
  const guessed = implausibility(sampleReading(bytes, guess));
  if (guessed.share <= IMPLAUSIBLE) return guess;
  let best = guess;
  let bestShare = guessed.share;
  for (const candidate of candidates) {
    if (candidate === guess) continue;
    const { share } = implausibility(sampleReading(bytes, candidate));
    if (share < bestShare) {
      best = candidate;
      bestShare = share;
    }
  }
  return bestShare < PLAUSIBLE ? best : guess;
}
