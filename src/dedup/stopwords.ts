// The one seam to stopwords-iso. Negations are removed from the lists on purpose:
// "Einigung" and "keine Einigung" are different events, so are "договорились" and "не договорились".
// stopwords-iso (and the other maintained npm lists: stopword, the CLDR data behind Intl) do not mark which
// of their words negate, so the tables below are ours, written per language, for every language stopwords-iso
// ships where the negation is a separate word (Czech, Turkish or Korean mostly negate inside the verb:
// "nedohodli", "anlaşmadı", and only the separate words are here). Words are written as printed; they are
// folded like the text (fold-word.ts) when the sets are built. Left out on purpose: negations that are common
// words elsewhere (Finnish "en"/"et", Estonian "mitte", Catalan "cap", Indonesian "tak", Tagalog "hindi").
import { createRequire } from 'node:module';
import { foldWord } from './fold-word.js';

const require = createRequire(import.meta.url);
const lists = require('stopwords-iso') as Record<string, string[]>;

interface NegationWords {
  /** Words that flip a statement ("keine Einigung", "не договорились"). */
  polarity: string;
  /** Words that only restrict or take a side ("ohne", "gegen", "без"): kept as content, not a polarity flip. */
  restrictive: string;
}

// By ISO 639-1 code, the same codes as stopwords-iso.
const NEGATION_WORDS: Record<string, NegationWords> = {
  af: { polarity: 'nie nooit geen niks niemand', restrictive: 'sonder teen' },
  ar: { polarity: 'لا لم لن ليس ليست ليسوا غير', restrictive: 'بدون دون ضد' },
  bg: { polarity: 'не няма никога нищо никой нито', restrictive: 'без срещу' },
  bn: { polarity: 'না নয় নেই নি কখনো', restrictive: 'ছাড়া বিরুদ্ধে' },
  ca: { polarity: 'no mai ningú ningun ni', restrictive: 'sense contra' },
  cs: { polarity: 'ne nikdy nic nikdo žádný žádná žádné ani', restrictive: 'bez proti' },
  da: { polarity: 'ikke aldrig ingen intet ingenting hverken', restrictive: 'uden mod' },
  de: { polarity: 'nicht kein keine keinen keinem keiner keines nie niemals nichts', restrictive: 'ohne gegen weder' },
  el: { polarity: 'δεν μη μην όχι ποτέ κανένας καμία κανένα τίποτα ούτε', restrictive: 'χωρίς εναντίον' },
  en: { polarity: 'not no never none nor neither nothing nobody', restrictive: 'without against' },
  eo: { polarity: 'ne neniam nenio neniu nek', restrictive: 'sen kontraŭ' },
  es: { polarity: 'no nunca jamás ningún ninguno ninguna nada nadie ni tampoco', restrictive: 'sin contra' },
  et: { polarity: 'ei kunagi midagi', restrictive: 'ilma vastu' },
  eu: { polarity: 'ez inoiz ezer inor', restrictive: 'gabe aurka' },
  fa: { polarity: 'نه نیست نبود هرگز هیچ', restrictive: 'بدون علیه' },
  fi: { polarity: 'ei eivät emme ette eikä koskaan mitään', restrictive: 'ilman vastaan' },
  fr: { polarity: 'ne pas non jamais aucun aucune rien ni', restrictive: 'sans contre' },
  ga: { polarity: 'ní níor níl', restrictive: 'gan' },
  gl: { polarity: 'non nunca ningún ningunha nada nin', restrictive: 'sen contra' },
  gu: { polarity: 'નથી ના ન ક્યારેય', restrictive: 'વિના વિરુદ્ધ' },
  he: { polarity: 'לא אין אינו אינה אף לעולם', restrictive: 'בלי ללא נגד' },
  hi: { polarity: 'नहीं न ना मत कभी', restrictive: 'बिना खिलाफ़ ख़िलाफ़ खिलाफ विरुद्ध' },
  hr: { polarity: 'ne nije nisu nikad nikada ništa nitko nijedan ni', restrictive: 'bez protiv' },
  hu: { polarity: 'nem nincs nincsenek soha semmi senki sem', restrictive: 'nélkül ellen' },
  hy: { polarity: 'ոչ չէ չեն երբեք', restrictive: 'առանց դեմ' },
  id: { polarity: 'tidak bukan belum tiada jangan', restrictive: 'tanpa melawan' },
  it: { polarity: 'non mai nessun nessuno nessuna niente nulla né', restrictive: 'senza contro' },
  ja: { polarity: 'ない 無い なし 無し なく 無く なか ず ぬ ません せず 不 非 未', restrictive: '反対' },
  ko: { polarity: '안 못 않 없 아니 없다 아니다 않다', restrictive: '반대' },
  la: { polarity: 'non nec neque numquam nihil nullus nemo', restrictive: 'sine contra' },
  lt: { polarity: 'ne nėra niekada nieko niekas nei', restrictive: 'be prieš' },
  lv: { polarity: 'ne nav nekad nekas neviens nedz', restrictive: 'bez pret' },
  mr: { polarity: 'नाही न नका कधीही', restrictive: 'शिवाय विरुद्ध' },
  ms: { polarity: 'tidak bukan belum tiada jangan', restrictive: 'tanpa menentang' },
  nl: { polarity: 'niet geen nooit niets niemand noch', restrictive: 'zonder tegen' },
  no: { polarity: 'ikke aldri ingen intet ingenting verken', restrictive: 'uten mot' },
  pl: { polarity: 'nie nigdy nic nikt żaden żadna żadne żadnego żadnych ani', restrictive: 'bez przeciw przeciwko' },
  pt: { polarity: 'não nunca jamais nenhum nenhuma nada ninguém nem', restrictive: 'sem contra' },
  ro: { polarity: 'nu niciodată niciun nicio nimic nimeni nici', restrictive: 'fără contra împotriva' },
  ru: {
    polarity: 'не нет ни никогда ничего ничто никто никакой никакая никакое никакие никакого никаких нельзя',
    restrictive: 'без против',
  },
  sk: { polarity: 'nie ne nikdy nič nikto žiadny žiadna žiadne ani', restrictive: 'bez proti' },
  sl: { polarity: 'ne ni niso nikoli nič nihče noben nobena nobeno niti', restrictive: 'brez proti' },
  sv: { polarity: 'inte ej icke aldrig ingen inget inga ingenting varken', restrictive: 'utan mot' },
  sw: { polarity: 'hapana hakuna sio siyo', restrictive: 'bila dhidi' },
  th: { polarity: 'ไม่ ไม่ได้ ไม่มี มิ ไม่เคย', restrictive: 'ไร้ ปราศจาก ต่อต้าน' },
  tl: { polarity: 'huwag', restrictive: 'laban' },
  tr: { polarity: 'değil yok hiç asla hiçbir', restrictive: 'karşı' },
  uk: { polarity: 'не ні немає ніколи нічого ніхто жоден жодна жодне жодного жодних', restrictive: 'без проти' },
  ur: { polarity: 'نہیں نہ کبھی', restrictive: 'بغیر خلاف' },
  vi: { polarity: 'không chưa chẳng chả đừng', restrictive: 'chống' },
  zh: { polarity: '不 没 没有 沒 沒有 无 無 未 未能 没能 沒能 不能 无法 無法 尚未 非 别 別 不是 并非 並非', restrictive: '反对 反對' },
};

const wordsOf = (text: string): string[] => text.split(' ').map(foldWord);

const polarityByLanguage = new Map<string, ReadonlySet<string>>();
const negationsByLanguage = new Map<string, ReadonlySet<string>>();
for (const [language, { polarity, restrictive }] of Object.entries(NEGATION_WORDS)) {
  polarityByLanguage.set(language, new Set(wordsOf(polarity)));
  negationsByLanguage.set(language, new Set([...wordsOf(polarity), ...wordsOf(restrictive)]));
}

/**
 * Negations that flip a statement, folded, in every language above: the scorer compares titles by these.
 * One set across languages because a title's language may be unknown; a word that negates in one language
 * and means something else in another (Finnish "ei", German "Ei") can only cost a merge, never cause one.
 */
export const POLARITY_WORDS: ReadonlySet<string> = new Set([...polarityByLanguage.values()].flatMap((set) => [...set]));

/** Words that flip or restrict meaning in any language above; kept as content even when no language is known. */
export const NEGATIONS: ReadonlySet<string> = new Set([...negationsByLanguage.values()].flatMap((set) => [...set]));

const cache = new Map<string, ReadonlySet<string>>();

/**
 * Words stopwords-iso's English list holds that news headlines are about. The list is a web-search stoplist (it holds
 * "microsoft", "netscape", "html", "homepage" and two-letter country codes), and beside function words it drops nouns,
 * amounts and verbs a story is told by: "Bouquet Fire grows", "Senate passes bill", "Blood test spots Alzheimer's", "40,000
 * homes", "£2.4 billion", "Wells Fargo", "Downing Street", "state of emergency", "interest rates", "deal worth", "the UK".
 * These stay content (words, so evidence); the list's function words, adverbs and reporting verbs ("said", "says",
 * "according", "however") stay stopwords. Other languages' lists are function words, but for a word that is also a
 * function word's form (German "einigen", below).
 */
const CONTENT_WORDS: Record<string, string> = {
  en:
    'bill fire home test research index interest order orders state states microsoft wells downing ' +
    'million billion trillion thousand hundred',
  // German news announces an agreement with "einig" and "einigen sich" ("ÖVP und Grüne einig über …", "Union und SPD einigen
  // sich auf …"); stopwords-iso lists both for the determiner "einige(n)" (some). As content the determiner's uses weigh
  // little (a common word), the agreement's link two outlets' reports of it.
  de: 'einig einigen',
};

/**
 * The stopwords of a language (ISO 639-1), folded like the text they are matched against, without that
 * language's negations (other languages' negations may stay stopwords: Italian "ne" is not French "ne").
 */
export function stopwordsFor(language: string): ReadonlySet<string> {
  const hit = cache.get(language);
  if (hit) return hit;
  const keep = new Set([...(negationsByLanguage.get(language) ?? NEGATIONS), ...wordsOf(CONTENT_WORDS[language] ?? '')]);
  const words = new Set<string>();
  for (const word of lists[language] ?? []) {
    const folded = foldWord(word);
    if (!keep.has(folded)) words.add(folded);
  }
  cache.set(language, words);
  return words;
}

/** Whether stopwords-iso knows this language. */
export function hasStopwords(language: string): boolean {
  return Array.isArray(lists[language]);
}

/** Whether `word` (folded) negates or restricts in `language` (any language when unknown). */
export function isNegation(word: string, language: string | null): boolean {
  return (language === null ? NEGATIONS : (negationsByLanguage.get(language) ?? NEGATIONS)).has(word);
}
