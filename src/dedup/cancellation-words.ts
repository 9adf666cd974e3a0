// Headline words saying an event was called off: "Matterhorn-Abfahrten erneut abgesagt" says what "Keine Abfahrt am
// Matterhorn" says, in plain words. The polarity conflict (score-story.ts `deniesStatement`) reads a negated headline as
// denying a plain one that states its words; a plain headline calling the thing off denies it too, so the two agree.
// Kept by hand per language, as the negation words are (stopwords.ts); only words that mean calling off and nothing else
// ("gestrichen", "streicht" also cut jobs and budgets; "ausgefallen" is also "unusual").
import { foldWord } from './fold-word.js';
import { stemWord } from './stem-word.js';

const CANCELLATION_WORDS: Record<string, string> = {
  de: 'abgesagt absage absagen abgeblasen storniert',
  en: 'cancelled canceled cancels cancellation scrapped scrubbed',
  es: 'cancelado cancelada cancelados canceladas anulado anulada',
  fr: 'annulé annulée annulés annulées annulation',
  it: 'annullato annullata annullati cancellato cancellata',
  nl: 'afgelast geannuleerd',
};

/** The words' stems as the title terms hold them, in every language above (a term's language is its item's). */
const CANCELLATION_STEMS: ReadonlySet<string> = new Set(
  Object.entries(CANCELLATION_WORDS).flatMap(([language, words]) => words.split(' ').map((w) => stemWord(foldWord(w), language))),
);

/** Whether a headline's terms (stems) say its event was called off ("… abgesagt", "… cancelled"). */
export function callsOff(titleTerms: Iterable<string>): boolean {
  for (const t of titleTerms) if (CANCELLATION_STEMS.has(t)) return true;
  return false;
}
