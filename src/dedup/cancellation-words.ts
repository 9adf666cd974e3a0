// Headline words saying an event was called off: "Matterhorn-Abfahrten erneut abgesagt" says what "Keine Abfahrt am
// Matterhorn" says, in plain words. The polarity conflict (score-story.ts `deniesStatement`) reads a negated headline as
// denying a plain one that states its words; a plain headline calling the thing off denies it too, so the two agree.
// Kept by hand per language, as the negation words are (stopwords.ts); only words that mean calling off and nothing else
// ("gestrichen", "streicht" also cut jobs and budgets; "ausgefallen" is also "unusual"; "Absage" is also a rejection: "erteilt
// der AfD eine Absage").
import { foldWord } from './fold-word.js';
import { stemWord } from './stem-word.js';

const CANCELLATION_WORDS: Record<string, string> = {
  de: 'abgesagt abgeblasen storniert',
  en: 'cancelled canceled cancels cancellation scrapped scrubbed',
  es: 'cancelado cancelada cancelados canceladas anulado anulada',
  fr: 'annulé annulée annulés annulées annulation',
  it: 'annullato annullata annullati cancellato cancellata',
  nl: 'afgelast geannuleerd',
};

/** The words' stems as the title terms hold them, per language: a term's language is its item's, so English "scrap metal"
 * is not read against another language's stems. */
const CANCELLATION_STEMS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(CANCELLATION_WORDS).map(([language, words]) => [
    language,
    new Set(words.split(' ').map((w) => stemWord(foldWord(w), language))),
  ]),
);

/** Whether a headline's terms (stems, in `language`) say its event was called off ("… abgesagt", "… cancelled"). */
export function callsOff(titleTerms: Iterable<string>, language: string): boolean {
  const stems = CANCELLATION_STEMS.get(language);
  if (stems === undefined) return false;
  for (const t of titleTerms) if (stems.has(t)) return true;
  return false;
}
