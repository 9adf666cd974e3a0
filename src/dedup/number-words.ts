// Cardinals and ordinals written as words, per language: "Zweiter Verhandlungstag", "Второй день переговоров",
// "Segunda jornada" and "第二天" must contradict day 1. No maintained package fits: CLDR (behind Intl) has no
// ordinal words, and number-to-words packages (to-words, number-to-words) give one form per number
// ("Primero", "Первый"), not the inflected forms headlines use ("primera", "второго"). So this is a small
// explicit table for the major languages, 1 to 10 (12 where the old table had it); other languages keep digits only.
// "one"/"ein"/"un"/"один" are left out: as articles or "a" they carry no count. So are words that are
// mostly something else: Italian "prima" (before) and "secondo" (according to), Portuguese "segundo" (according to),
// Swedish "andra", Danish "anden", Norwegian "andre" (others). Each language's words apply to its text only
// (Italian "due" is two, English "due" is not).
import { foldWord } from './fold-word.js';

type Table = Record<string, string>;

/** Every stem with every ending, all meaning `value`. */
function forms(table: Table, value: number, stems: string[], endings: string[] = ['']): void {
  for (const stem of stems) for (const ending of endings) table[foldWord(stem + ending)] = String(value);
}

const GERMAN_ENDINGS = ['e', 'er', 'en', 'em', 'es'];
// The words German, English and French news share (an English or French word in a German headline still counts);
// they apply in every language, as they did before the per-language tables.
const common: Table = {};
forms(common, 1, ['erst'], GERMAN_ENDINGS);
forms(common, 2, ['zweit'], GERMAN_ENDINGS);
forms(common, 3, ['dritt'], GERMAN_ENDINGS);
forms(common, 2, ['zwei']);
forms(common, 3, ['drei']);
for (const [stem, n] of [
  ['vier', 4],
  ['fünf', 5],
  ['sechs', 6],
  ['sieben', 7],
  ['acht', 8],
  ['neun', 9],
  ['zehn', 10],
  ['elf', 11],
  ['zwölf', 12],
] as const) {
  forms(common, n, [stem]);
  forms(common, n, [stem.replace(/t$/, '') + 't'], GERMAN_ENDINGS);
}
forms(common, 7, ['siebt'], GERMAN_ENDINGS);
// "achte" is also a verb ("ich achte"); the generated "achtt…" forms are not words.
for (const word of Object.keys(common)) if (word.startsWith('achtt')) delete common[word];
common['achter'] = '8';
'first second third fourth fifth sixth seventh eighth ninth tenth'.split(' ').forEach((w, i) => forms(common, i + 1, [w]));
'two three four five six seven eight nine ten eleven twelve'.split(' ').forEach((w, i) => forms(common, i + 2, [w]));
forms(common, 1, ['premier', 'première']);
forms(common, 2, ['deuxième']);
forms(common, 3, ['troisième']);

/** Words 1..10 in order; each entry lists forms (space-separated). */
function list(table: Table, words: string[], first = 1): void {
  words.forEach((w, i) => forms(table, i + first, w.split(' ')));
}

const byLanguage: Record<string, Table> = {};
const table = (language: string): Table => (byLanguage[language] ??= {});

// Spanish, Italian, Portuguese, Catalan: ordinals agree in gender and number (-o/-a/-os/-as).
const ROMANCE = ['o', 'a', 'os', 'as'];
const ITALIAN = ['o', 'a', 'i', 'e'];
list(table('es'), ['', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'diez']);
forms(table('es'), 1, ['primer', 'primero', 'primera', 'primeros', 'primeras']);
forms(table('es'), 2, ['segund'], ROMANCE);
forms(table('es'), 3, ['tercer', 'tercero', 'tercera', 'terceros', 'terceras']);
forms(table('es'), 4, ['cuart'], ROMANCE);
forms(table('es'), 5, ['quint'], ROMANCE);
forms(table('es'), 6, ['sext'], ROMANCE);
forms(table('es'), 7, ['séptim'], ROMANCE);
forms(table('es'), 8, ['octav'], ROMANCE);
forms(table('es'), 9, ['noven'], ROMANCE);
forms(table('es'), 10, ['décim'], ROMANCE);
list(table('it'), ['', 'due', 'tre', 'quattro', 'cinque', 'sei', 'sette', 'otto', 'nove', 'dieci']);
forms(table('it'), 1, ['primo', 'primi', 'prime']);
forms(table('it'), 2, ['seconda', 'secondi', 'seconde']);
forms(table('it'), 3, ['terz'], ITALIAN);
forms(table('it'), 4, ['quart'], ITALIAN);
forms(table('it'), 5, ['quint'], ITALIAN);
forms(table('it'), 6, ['sest'], ITALIAN);
forms(table('it'), 7, ['settim'], ITALIAN);
forms(table('it'), 8, ['ottav'], ITALIAN);
forms(table('it'), 9, ['non'], ['a', 'i', 'e']);
forms(table('it'), 10, ['decim'], ITALIAN);
list(table('pt'), ['', 'dois duas', 'três', 'quatro', 'cinco', 'seis', 'sete', 'oito', 'nove', 'dez']);
forms(table('pt'), 1, ['primeir'], ROMANCE);
forms(table('pt'), 2, ['segunda', 'segundos', 'segundas']);
forms(table('pt'), 3, ['terceir'], ROMANCE);
forms(table('pt'), 4, ['quart'], ROMANCE);
forms(table('pt'), 5, ['quint'], ROMANCE);
forms(table('pt'), 6, ['sext'], ROMANCE);
forms(table('pt'), 7, ['sétim'], ROMANCE);
forms(table('pt'), 8, ['oitav'], ROMANCE);
forms(table('pt'), 9, ['non'], ROMANCE);
forms(table('pt'), 10, ['décim'], ROMANCE);
list(table('ca'), ['primer primera', 'segon segona dos dues', 'tercer tercera tres', 'quart quarta quatre', 'cinquè cinquena cinc']);
list(table('ro'), ['primul prima întâi', 'doi două doilea doua', 'trei treilea treia', 'patru patrulea patra', 'cinci cincilea cincea']);

list(table('nl'), [
  'eerste',
  'twee tweede',
  'drie derde',
  'vier vierde',
  'vijf vijfde',
  'zes zesde',
  'zeven zevende',
  'acht achtste',
  'negen negende',
  'tien tiende',
]);
list(table('sv'), [
  'första',
  'två',
  'tre tredje',
  'fyra fjärde',
  'fem femte',
  'sex sjätte',
  'sju sjunde',
  'åtta åttonde',
  'nio nionde',
  'tio tionde',
]);
list(table('da'), [
  'første',
  'to',
  'tre tredje',
  'fire fjerde',
  'fem femte',
  'seks sjette',
  'syv syvende',
  'otte ottende',
  'ni niende',
  'ti tiende',
]);
list(table('no'), [
  'første',
  'to',
  'tre tredje',
  'fire fjerde',
  'fem femte',
  'seks sjette',
  'sju syv sjuende syvende',
  'åtte åttende',
  'ni niende',
  'ti tiende',
]);

// Russian and Ukrainian ordinals are adjectives: every case and gender ends differently.
const RU_HARD = ['ый', 'ой', 'ая', 'ое', 'ые', 'ого', 'ому', 'ым', 'ом', 'ую', 'ых', 'ыми'];
const ru = table('ru');
forms(ru, 1, ['перв'], RU_HARD);
forms(ru, 2, ['втор'], RU_HARD);
forms(ru, 3, ['трет'], ['ий', 'ья', 'ье', 'ьи', 'ьего', 'ьей', 'ьему', 'ьим', 'ьем', 'ью', 'ьих']);
for (const [stem, n] of [
  ['четвёрт', 4],
  ['пят', 5],
  ['шест', 6],
  ['седьм', 7],
  ['восьм', 8],
  ['девят', 9],
  ['десят', 10],
] as const) {
  forms(ru, n, [stem], RU_HARD);
}
list(ru, [
  '',
  'два две двух двум',
  'три трёх трём',
  'четыре четырёх',
  'пять пяти',
  'шесть шести',
  'семь семи',
  'восемь восьми',
  'девять девяти',
  'десять десяти',
]);
const UK_HARD = ['ий', 'а', 'е', 'і', 'ого', 'ої', 'ому', 'им', 'ій', 'у', 'их', 'ими'];
const uk = table('uk');
forms(uk, 1, ['перш'], UK_HARD);
// "другий" is also "other": a spurious number can only cost a merge.
forms(uk, 2, ['друг'], UK_HARD);
forms(uk, 3, ['трет'], ['ій', 'я', 'є', 'і', 'ього', 'ьої', 'ьому', 'ім', 'ю', 'іх']);
forms(uk, 4, ['четверт'], UK_HARD);
list(uk, ['', 'два дві двох', 'три трьох', 'чотири чотирьох']);
const PL_ADJ = ['y', 'a', 'e', 'ego', 'ej', 'ym', 'ą', 'ych', 'i'];
const pl = table('pl');
forms(pl, 1, ['pierwsz'], PL_ADJ);
forms(pl, 2, ['drug'], ['i', 'a', 'ie', 'iego', 'iej', 'im', 'ą', 'ich']);
forms(pl, 3, ['trzec'], ['i', 'ia', 'ie', 'iego', 'iej', 'im', 'ią', 'ich']);
forms(pl, 4, ['czwart'], PL_ADJ);
forms(pl, 5, ['piąt'], PL_ADJ);
list(pl, ['', 'dwa dwie dwóch', 'trzy trzech', 'cztery czterech', 'pięć pięciu']);

// Chinese and Japanese: "第二" is an ordinal; the bare numerals 一二三 are stopwords in stopwords-iso's
// Chinese list and parts of countless words, so only the "第" forms and "两" count. Japanese writes "二日目",
// which ICU splits into "二日" + "目": the Han numeral with "日" (day) counts.
const HAN_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
for (const language of ['zh', 'ja']) HAN_NUMERALS.forEach((numeral, i) => forms(table(language), i + 1, [`第${numeral}`]));
forms(table('zh'), 2, ['两', '兩']);
// "首日" and "初日" are "the first day" in Chinese and Japanese.
forms(table('zh'), 1, ['首日']);
forms(table('ja'), 1, ['初日']);
HAN_NUMERALS.forEach((numeral, i) => forms(table('ja'), i + 1, [`${numeral}日`, `${numeral}日目`, `${numeral}回目`]));
list(table('ko'), ['첫째 첫', '둘째 두', '셋째', '넷째']);

list(table('hi'), ['पहला पहली पहले', 'दूसरा दूसरी दूसरे दो', 'तीसरा तीसरी तीसरे तीन', 'चौथा चौथी चौथे चार', 'पाँच पांच पांचवां पाँचवाँ पांचवीं']);
list(table('ar'), ['الأول الأولى', 'الثاني الثانية اثنان اثنين', 'الثالث الثالثة ثلاثة', 'الرابع الرابعة أربعة', 'الخامس الخامسة خمسة']);
list(table('tr'), ['birinci ilk', 'iki ikinci', 'üç üçüncü', 'dört dördüncü', 'beş beşinci']);
list(table('el'), ['πρώτος πρώτη πρώτο', 'δεύτερος δεύτερη δεύτερο δύο', 'τρίτος τρίτη τρίτο τρία τρεις', 'τέταρτος τέταρτη τέσσερα']);

for (const words of Object.values(byLanguage)) delete words[''];
const merged = new Map<string, ReadonlyMap<string, string>>();

// Words of the shared table that are no numbers in a language: English "premier" is a head of government ("Chinese Premier Li")
// or a league ("Premier League"), and a "premiere" a first night, never "the first" as French "premier" and "première" are;
// so in German ("Chinas Premier Li Qiang", "Premiere in Salzburg"), Italian ("il premier Meloni", "la prima" is its ordinal)
// and Dutch ("premier De Wever", "première van de film").
// English "first" tells a report's angle far more often than a count another report of the event would give otherwise:
// "first look", "first impressions", "first major update", "first big test", "First Dibs"; "second" and "third" keep
// counting ("second day of talks").
const NOT_PREMIER = ['premier', 'premiere'];
const NOT_NUMBER_WORDS: Record<string, readonly string[]> = {
  en: [...NOT_PREMIER, 'first'],
  de: NOT_PREMIER,
  it: NOT_PREMIER,
  nl: NOT_PREMIER,
};

/** Number words (folded) → digits for text in `language`; the German/English/French words apply everywhere. */
export function numberWordsFor(language: string | null): ReadonlyMap<string, string> {
  const key = language ?? '';
  const hit = merged.get(key);
  if (hit) return hit;
  const words = new Map(Object.entries({ ...common, ...(language ? byLanguage[language] : undefined) }));
  for (const word of (language ? NOT_NUMBER_WORDS[language] : undefined) ?? []) words.delete(word);
  merged.set(key, words);
  return words;
}

/** A word that scales the figure before it ("3 mln", "2.1 lakh"); `afterCurrency`: only right after a figure with a currency sign. */
export interface ScaleWord {
  factor: number;
  afterCurrency: boolean;
}

// English writes one amount in several notations: a wire's "3 mln pounds" and "$2.1 bln", a paper's "£3m" and "$2.1bn",
// an Indian paper's "2.1 lakh" (210,000) and "₹18,500-crore". Read as the bare figure, "2.1 lakh people" and "210,000
// evacuated" name two different numbers, and a title figure that disagrees vetoes a join. "m", "k" and "b" are metres, a
// kilo or nothing as often as a scale, so they count only glued to an amount with a currency sign ("£3m", "$50k"). Other
// languages keep their figures as written (German "Mio."/"Mrd." would be the same fix; its "Billion" is 10^12).
const SCALE_WORDS: Record<string, Record<string, ScaleWord>> = { en: {} };
const scale = (language: string, words: string, factor: number, afterCurrency = false): void => {
  for (const word of words.split(' ')) SCALE_WORDS[language]![word] = { factor, afterCurrency };
};
scale('en', 'thousand', 1e3);
scale('en', 'million millions mln mn', 1e6);
scale('en', 'billion billions bln bn', 1e9);
scale('en', 'trillion trillions trn', 1e12);
scale('en', 'lakh lakhs', 1e5);
scale('en', 'crore crores', 1e7);
scale('en', 'k', 1e3, true);
scale('en', 'm', 1e6, true);
scale('en', 'b', 1e9, true);

const NO_SCALES: ReadonlyMap<string, ScaleWord> = new Map();
const scaleMaps = new Map<string, ReadonlyMap<string, ScaleWord>>();

/** Scale words (folded) of `language`: "mln" → ×1,000,000; empty for languages without a table. */
export function scaleWordsFor(language: string | null): ReadonlyMap<string, ScaleWord> {
  const table = language ? SCALE_WORDS[language] : undefined;
  if (!table) return NO_SCALES;
  let words = scaleMaps.get(language!);
  if (!words) scaleMaps.set(language!, (words = new Map(Object.entries(table))));
  return words;
}

/** `figure` (canonical digits) times `factor`, canonical again: "2.1" × 100,000 → "210000". */
export function scaledFigure(figure: string, factor: number): string {
  const value = Number(figure) * factor;
  if (!Number.isFinite(value)) return figure;
  return String(value >= 1000 ? Math.round(value) : Number(value.toPrecision(12)));
}
