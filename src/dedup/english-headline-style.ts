// What English headlines write that reads as a figure or a negation but is neither, and how far an English headline's
// negation reaches. German rules stay as they are: these apply to text in English only.

/** Whether `language` is English (the engine's language codes are plain ISO 639-1). */
function isEnglish(language: string | null): boolean {
  return language === 'en';
}

/**
 * English "No." (or British "No") right before a figure is the number sign, not a negation: "Trailer No. 3 released",
 * "NHTSA's No. 1", "No 10 denies …" (Downing Street). Read as "no", it made the headline negated, and a negated headline
 * without a lead vetoes every plain one of its story.
 */
export function isNumberSign(text: string, piece: string, at: number, language: string | null): boolean {
  if (!isEnglish(language) || piece.length !== 2 || (piece !== 'No' && piece !== 'NO')) return false;
  return /^\.?[ \u00a0]?\d/.test(text.slice(at + 2, at + 5));
}

/**
 * English "not" that denies nothing: "not only", "not just" and "not the only" add ("kids are not the only device
 * addicts"), "a question of when, not if" and "not if, but when" affirm ("Sprint T-Mobile merger is a question of when, not
 * if"), and "(or not)" or "…, or not?" closing a sentence hedges ("administrators applaud (or not)"). Read as a negation, it
 * made the headline negated against every plain report of its story. "Not just yet" still denies ("iWatch: not just yet").
 * Returns the token the "not" stands as (`NON_POLAR_NOT`), or null for a "not" that denies. The token is kept, not dropped:
 * "Apple is not the only winner" and "Apple is the only winner" say different things, and their same-title keys
 * (item-features.ts `exactKey`) must differ.
 */
export function idiomaticNotToken(text: string, piece: string, at: number, language: string | null): string | null {
  if (!isEnglish(language) || piece.length !== 3 || piece.toLowerCase() !== 'not') return null;
  const after = text.slice(at + 3, at + 40);
  if (/^\s+(?:the\s+)?(?:only|just)(?![\p{L}])(?!\s+yet(?![\p{L}]))/iu.test(after)) return NON_POLAR_NOT.adding;
  if (/^\s+(?:a\s+question\s+of\s+)?if\W+but\s+when(?![\p{L}])/iu.test(after)) return NON_POLAR_NOT.affirming;
  const before = text.slice(Math.max(0, at - 12), at);
  if (/(?<![\p{L}])when\W+$/iu.test(before) && /^\W+if(?![\p{L}])/iu.test(after)) return NON_POLAR_NOT.affirming;
  return /(?<![\p{L}])or\s+$/iu.test(before) && /^\s*(?:[)?!.]|$)/u.test(after) ? NON_POLAR_NOT.hedging : null;
}

/** The tokens an idiomatic "not" stands as: no polarity word (stopwords.ts `POLARITY_WORDS`), and no word any text writes. */
export const NON_POLAR_NOT = { adding: 'not_only', affirming: 'when_not_if', hedging: 'or_not' } as const;

/**
 * An English figure hyphenated to the word after it is a compound modifier, as "ten-year" already is when spelled out
 * (normalise-text.ts: a number word in a hyphenated compound is a word): "a 90-second heist", "a 27-page request", "a
 * 10-year high", "5-HOUR queues". It describes something of the story, told by one outlet and left out by another, not the
 * count the headline reports, so it is no figure for the conflict tests; it stays a token. A scale word after the hyphen
 * still scales the figure ("₹18,500-crore"): `isScaleWord` says which words are. Figures joined to figures ("3-0", "1-3")
 * and a word before the figure ("Covid-19") are not modifiers.
 */
export function isFigureModifier(
  text: string,
  piece: string,
  at: number,
  language: string | null,
  isScaleWord: (word: string) => boolean,
): boolean {
  if (!isEnglish(language)) return false;
  const after = text.slice(at + piece.length).match(/^[-\u2010\u2011](\p{L}+)/u);
  return after !== null && !isScaleWord(after[1]!.toLowerCase());
}

/**
 * Whether a negated headline conflicts only when it denies what the other headline states, even without leads to compare.
 * German headlines without leads keep the stricter rule (any negation against a plain headline is a veto: the STSb-de
 * paraphrases "Mann spielt (nicht) Gitarre" are one sentence each). English headlines use "not", "no" and "never" as much for
 * tone and angle as to deny ("… will never live up to the original", "CarPlay: Not Perfect, but Perfect for Apple",
 * "Fear Not!", "Elephants never forget... a human language"): on UCI's English headlines (calibration half), the strict rule
 * kept 126 items from their story and the statement test let none of them join another story.
 */
export function negationReadAsStatement(language: string | null): boolean {
  return isEnglish(language);
}

// What English list headlines count: the article's format, not the event's figures.
const LIST_NOUNS =
  'things|ways|reasons|facts|moments|takeaways|lessons|tips|signs|questions|observations|quotes|highlights|secrets|mistakes|myths|surprises|steps|problems|details|clues|rumors|rumours|endings|predictions|picks|features|scenes';
// Where a list's count may stand: where a sentence opens (the text's start; after a kicker's colon, a dash, a pipe, or a
// comma after a name: "Shailene Woodley, 10 things you never knew"), after "the" or "here are", and after "top" that opens
// a sentence or follows a possessive ("Lindsay Lohan's Top 5 TV cameos", "Her Top 5 'SNL' moments").
const LIST_OPENING = String.raw`(?:(?:^|[:|–—,]\s*|\s-\s+)(?:(?:the|here\s+are|here's)\s+)?(?:(?:her|his|their|its|our|my)\s+(?=top\s))?|\p{L}(?:'s|’s)\s+(?=top\s))`;
const LIST_COUNT = String.raw`(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)`;
// "Top 5" opens a list whatever it ranks ("Top 5 TV cameos"); other counts need a list noun, a "must-see" or a "to watch"
// within three words ("10 must-hear bands", "17 bands to watch", "3 things to know").
const LIST_HEADLINE = new RegExp(
  String.raw`${LIST_OPENING}(?:top\s+${LIST_COUNT}(?![\d.,:%/-])|${LIST_COUNT}\s+(?:[\p{L}'’-]+\s+){0,3}?(?:(?:${LIST_NOUNS})\b|must-\p{L}|to\s+(?:watch|know|see|expect|hear|try)\b))`,
  'dgiu',
);
// Most headlines name no count at all and never run the list pattern.
const LIST_HINT = /\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\b/i;
const NO_POSITIONS: ReadonlySet<number> = new Set();

/**
 * Where the counts of an English list headline stand in `text` ("10 things we learned from …", "The 3 most eye-opening
 * moments of …", "Oscars: 5 things …", "Lindsay Lohan's Top 5 TV cameos", "deposition video released - 5 highlights").
 * The count says how the article is written, and another outlet's list of the same premiere counts otherwise: it is no
 * figure for the conflict tests. Only a count that opens the text or a sentence of it and is a "Top 5", or is followed
 * within three words by a noun lists are made of (`LIST_NOUNS`), a "must-see" or a "to watch": "23 arrested in dawn raids",
 * "Raids: 300 officers in drugs swoop" and "has 2 finalists left" keep their figures.
 */
export function listCountsAt(text: string, language: string | null): ReadonlySet<number> {
  if (!isEnglish(language) || !LIST_HINT.test(text)) return NO_POSITIONS;
  const positions = new Set<number>();
  for (const match of text.matchAll(LIST_HEADLINE)) positions.add((match.indices![1] ?? match.indices![2]!)[0]);
  return positions;
}

/**
 * Whether an English number word stands in a name: capitalised inside a sentence of a text written in sentence case and
 * followed by a capitalised word ("Kane at the double as Three Lions see off Greece", "Formula One chiefs meet", "the Big Four banks").
 * A count in such a text is written in lower case ("three men arrested"). In a headline in Title Case or capitals case
 * says nothing, and the word stays a number; so does a number word that opens the text ("Three men arrested").
 */
export function isNumberWordInName(text: string, piece: string, at: number, language: string | null): boolean {
  if (!isEnglish(language) || !/^\p{Lu}\p{Ll}/u.test(piece)) return false;
  // A sentence's first word is capitalised whatever it is: at the text's start, after a kicker ("BREAKING:") or a full stop.
  if (/(?:^|[.!?:;–—-])[\s'"‘“(]*$/u.test(text.slice(Math.max(0, at - 4), at)) || at < 4) return false;
  if (!/^[ \u00a0]+\p{Lu}/u.test(text.slice(at + piece.length, at + piece.length + 3))) return false;
  return writtenInSentenceCase(text);
}

/** Most of the text's words after the first (not counting words in capitals) begin in lower case (a Title Case headline's do not). */
function writtenInSentenceCase(text: string): boolean {
  const words = text.match(/\p{L}+/gu) ?? [];
  let lower = 0;
  let upper = 0;
  for (let i = 1; i < words.length; i++) {
    // Words in capitals (acronyms, a tabloid's "HARRY'S GAME!" kicker) say nothing of how the text is cased.
    if (!/\p{Ll}/u.test(words[i]!)) continue;
    if (/^\p{Ll}/u.test(words[i]!)) lower++;
    else upper++;
  }
  return lower > upper;
}
