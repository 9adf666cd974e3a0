// Synthetic news text in three languages for the benchmarks: content words made up from each language's
// syllables (so they are unknown names and nouns, never real words), drawn by a Zipf law like real news
// vocabulary, between REAL function words of the language (a subset of stopwords-iso, the engine's own
// stopword source), so that language detection and stopword removal act on it as on real text.
// Negations and number words are left out of the function words: real copies keep them, and random
// ones would only add conflicts that make the null model look better than it is.
import { createRequire } from 'node:module';

const stopwordLists = createRequire(import.meta.url)('stopwords-iso') as Record<string, string[]>;

export type BenchLanguage = 'de' | 'en' | 'es';
export const benchLanguages: readonly BenchLanguage[] = ['de', 'en', 'es'];

const functionWords: Record<BenchLanguage, string> = {
  de: 'der die das den dem des ein eine einen einem einer und oder aber in im an am auf aus bei mit nach von vom zu zum zur für über unter vor hinter neben zwischen durch um ist sind war wird werden wurde hat haben sich es er sie wir ihr auch noch schon nur wie als wenn dass so sehr bis seit',
  en: 'the a an and or but in on at to of for from with by about after before over under into through as is are was were be been has have had will would can could this that these those it its he she they we you his her their our than then also just very more most so if when while',
  es: 'el la los las un una unos unas y o pero en de del al a con por para sobre entre tras desde hasta es son fue era ser está están ha han se su sus lo le les que como cuando también muy más este esta estos estas ese esa',
};

// Syllable inventories: onsets, vowels, codas and word endings typical of each language (with its letters:
// umlauts and ß, ñ and accents), so that folding and segmentation see realistic characters.
const phonology: Record<BenchLanguage, { onsets: string[]; vowels: string[]; codas: string[]; endings: string[]; capitalise: boolean }> = {
  de: {
    onsets: 'b br d f fl g gr h k kl kr l m n p pf r s sch schl schw sp st str t tr w z'.split(' '),
    vowels: 'a e i o u ä ö ü ei au ie'.split(' '),
    codas: ' n r l s t ch ng nd rt st ck ß lz'.split(' '),
    endings: 'ung heit keit er en schaft lich e'.split(' '),
    capitalise: true,
  },
  en: {
    onsets: 'b bl br c cl cr d dr f fl g gr h j l m n p pl pr r s sh sl st str t th tr w'.split(' '),
    vowels: 'a e i o u ea oo ai ou'.split(' '),
    codas: ' n r l s t ck ng nd rt st sh th'.split(' '),
    endings: 'ing tion er ment ness ly ed'.split(' '),
    capitalise: false,
  },
  es: {
    onsets: 'b c d f g j l ll m n ñ p r s t v br pr tr cr'.split(' '),
    vowels: 'a e i o u a e o á é'.split(' '),
    codas: '    n r s l'.split(' '),
    endings: 'ción dad mente ero ista ado'.split(' '),
    capitalise: false,
  },
};

/** A language's made-up content words (rank order = frequency order) and its function words. */
export interface SyntheticLanguage {
  language: BenchLanguage;
  contentWords: string[];
  functionWords: string[];
  /** A content word drawn by the Zipf law (rank r with weight 1/r). */
  contentWord(random: () => number): string;
  /** A function word, the frequent ones more often (also Zipf). */
  functionWord(random: () => number): string;
}

function zipfSampler(n: number, exponent = 1): (random: () => number) => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) cumulative[r] = total += 1 / (r + 1) ** exponent;
  return (random) => {
    const target = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Builds `size` distinct content words for `language`, none of them a stopword of any of the three languages. */
export function syntheticLanguage(language: BenchLanguage, size: number, random: () => number): SyntheticLanguage {
  const lists = stopwordLists;
  const taken = new Set(benchLanguages.flatMap((l) => lists[l] ?? []));
  const p = phonology[language];
  const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
  const words: string[] = [];
  const seen = new Set<string>();
  while (words.length < size) {
    const syllables = 1 + Math.floor(random() * 3);
    let word = '';
    for (let s = 0; s < syllables; s++) word += pick(p.onsets) + pick(p.vowels) + pick(p.codas);
    if (random() < 0.4) word += pick(p.endings);
    if (word.length < 4 || seen.has(word) || taken.has(word)) continue;
    seen.add(word);
    words.push(p.capitalise ? word[0]!.toUpperCase() + word.slice(1) : word);
  }
  const functions = functionWords[language].split(' ').filter((w) => lists[language]?.includes(w));
  const contentRank = zipfSampler(words.length);
  const functionRank = zipfSampler(functions.length, 0.7);
  return {
    language,
    contentWords: words,
    functionWords: functions,
    contentWord: (r) => words[contentRank(r)]!,
    functionWord: (r) => functions[functionRank(r)]!,
  };
}

/** A headline's words: `contentWords` content words, each after zero to two function words; `content[i]` marks them. */
export function headlineWords(
  lang: SyntheticLanguage,
  contentWords: number,
  random: () => number,
): { words: string[]; content: boolean[] } {
  const words: string[] = [];
  const content: boolean[] = [];
  for (let i = 0; i < contentWords; i++) {
    const before = Math.floor(random() * 3);
    for (let k = 0; k < before; k++) {
      words.push(lang.functionWord(random));
      content.push(false);
    }
    words.push(lang.contentWord(random));
    content.push(true);
  }
  return { words, content };
}

/** Words joined as a headline, first letter capitalised. */
export function headlineText(words: readonly string[]): string {
  const text = words.join(' ');
  return text[0]!.toUpperCase() + text.slice(1);
}

/** A lead of `length` words (about half of them function words) in one to three sentences. */
export function lead(lang: SyntheticLanguage, length: number, random: () => number): string {
  const words = Array.from({ length }, () => (random() < 0.5 ? lang.functionWord(random) : lang.contentWord(random)));
  const sentences = 1 + Math.floor(random() * Math.min(3, Math.floor(length / 6)));
  const out: string[] = [];
  let start = 0;
  for (let s = 1; s <= sentences; s++) {
    const end = s === sentences ? length : Math.round((length * s) / sentences);
    const sentence = words.slice(start, end).join(' ');
    out.push(`${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`);
    start = end;
  }
  return out.join(' ');
}
