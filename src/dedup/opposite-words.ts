// Headline words that say the opposite of each other: a market's opening and its close, a rise and a fall, admitted to
// and discharged from hospital. Two headlines alike but for one of these are two reports ("Indische Aktien öffnen
// tiefer" / "… schließen tiefer"; "Mandela ins Krankenhaus eingeliefert" / "… entlassen"), and their words are as
// informative as any retelling's. Kept by hand, German and English, as the weekday and negation words are per language:
// a headline in another language never conflicts. Pairs whose two sides are one event seen from each end ("Bayern
// gewinnt" / "Dortmund verliert", "Euro steigt" / "Dollar fällt") would split a story: win and lose are not listed.
import { normaliseText } from './normalise-text.js';

/** Each pair: the words of one side, the words of the other, as they appear in headlines. */
const OPPOSITES: readonly (readonly [readonly string[], readonly string[]])[] = [
  // A market's opening report and its close: two reports of one trading day.
  [
    ['öffnen', 'öffnet', 'eröffnen', 'eröffnet', 'eröffnung', 'open', 'opens', 'opening', 'opened'],
    ['schließen', 'schließt', 'geschlossen', 'schluss', 'schlusskurs', 'endet', 'close', 'closes', 'closing', 'closed'],
  ],
  // Which way it moved.
  [
    ['steigt', 'steigen', 'gestiegen', 'höher', 'fester', 'rises', 'rose', 'gains', 'higher'],
    ['fällt', 'fallen', 'gefallen', 'sinkt', 'sinken', 'gesunken', 'tiefer', 'niedriger', 'schwächer', 'falls', 'fell', 'drops', 'lower'],
  ],
  // Admitted to hospital ("ins Krankenhaus gebracht"), and discharged.
  [
    ['eingeliefert', 'gebracht', 'hospitalised', 'hospitalized'],
    ['entlassen', 'discharged'],
  ],
  // Better, or worse.
  [
    ['verbessert', 'verbessern', 'besser', 'improves', 'improved', 'improving'],
    ['verschlechtert', 'verschlechtern', 'schlechter', 'worsens', 'worsened', 'worsening', 'deteriorates'],
  ],
  // Approved, or rejected.
  [
    ['billigt', 'gebilligt', 'genehmigt', 'genehmigen', 'befürwortet', 'approves', 'approved'],
    ['lehnt', 'abgelehnt', 'ablehnung', 'rejects', 'rejected'],
  ],
  // Detained, or freed.
  [
    ['festgenommen', 'verhaftet', 'festnahme', 'verhaftung', 'arrested', 'detained'],
    ['freigelassen', 'freilassung', 'released', 'freed'],
  ],
  // Begins, or ends.
  [
    ['beginnt', 'begonnen', 'beginn', 'startet', 'gestartet', 'begins', 'began', 'starts', 'started'],
    ['endet', 'beendet', 'ende', 'ends', 'ended'],
  ],
  // A ban or a measure kept in force, or lifted: the decision and its reversal days later are two reports ("FAA hält das
  // Verbot von US-Flügen nach Tel Aviv aufrecht" / "FAA hebt Verbot … auf", STSb). Not "overturns": a court upholding a
  // law by overturning the lower court's ruling is one event told from each end.
  [
    ['aufrecht', 'aufrechterhalten', 'aufrechterhält', 'upholds', 'upheld'],
    ['hebt', 'aufgehoben', 'aufheben', 'aufhebung', 'lifts', 'lifted'],
  ],
];

let sides: ReadonlyMap<string, number> | null = null;

/** Normalised headline token → its side's bit (bit 2p: pair p's first side, 2p + 1: its second). */
function oppositeSides(): ReadonlyMap<string, number> {
  if (sides) return sides;
  const built = new Map<string, number>();
  OPPOSITES.forEach(([first, second], pair) => {
    for (const [side, words] of [first, second].entries())
      for (const word of words) {
        const [token] = normaliseText(word, null).tokens;
        if (token) built.set(token, (built.get(token) ?? 0) | (1 << (2 * pair + side)));
      }
  });
  sides = built;
  return sides;
}

/** The sides of opposite pairs that `tokens` (a headline's) name, as a bit mask; 0 when none. */
export function oppositesNamed(tokens: readonly string[]): number {
  const known = oppositeSides();
  let mask = 0;
  for (const token of tokens) mask |= known.get(token) ?? 0;
  return mask;
}

const FIRST_SIDES = 0x55555555;

/** Whether one headline names one side of a pair and the other only its other side (a headline naming both conflicts with neither). */
export function oppositesConflict(a: number, b: number): boolean {
  // Per pair: the side a names alone (not both), against the other side b names alone.
  const onlyFirst = (m: number) => m & FIRST_SIDES & ~(m >>> 1);
  const onlySecond = (m: number) => (m >>> 1) & FIRST_SIDES & ~m;
  return (onlyFirst(a) & onlySecond(b)) !== 0 || (onlySecond(a) & onlyFirst(b)) !== 0;
}
