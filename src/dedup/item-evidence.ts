// The evidence an item brings to the story engine: the content words of its title and lead opening,
// stemmed per language (Snowball, stem-word.ts) so inflected forms meet, with the parts of German
// compounds as extra terms ("Gefangenenaustausch" also counts as "gefang" and "austausch"). Terms are
// compared by how informative they are (term-weights.ts), never by spelling.
import { countryNameOf } from './place-names.js';
import { compoundParts, stemWord } from './stem-word.js';
import { figureKind } from './when-figures.js';

/**
 * Whether a token can identify an event: words, numbers of three or more digits that are not
 * years ("150000", "101"), and decimals of two significant digits ("7.1", "2.9"). Days, months, years
 * and small counts are shared by a whole day's news; they stay conflicts (item-features.ts), not evidence.
 */
export function isEvidenceToken(token: string): boolean {
  const first = token.charCodeAt(0);
  if (first < 48 || first > 57) return true;
  const digits = token.replace(/\D/g, '');
  if (digits.length >= 3) return figureKind(token) !== 'year';
  // A decimal of two significant digits names a measure precisely, a version ("iOS 7.1"), a rate ("2.9%"), a magnitude
  // ("6.1"): no whole day's news shares it as it shares a small count.
  return token.includes('.') && /[1-9]\d*[1-9]/.test(digits);
}

/**
 * The distinct evidence terms of normalised tokens in `language`: stems, plus compound parts. Parts that
 * are no word of the text themselves are also added to `parts`: they are extra evidence, but never
 * count as a word of their own (one compound must not pass for three shared words). `stems`: the tokens'
 * stems (`stemWord`, one per token), when the caller has them already.
 */
export function evidenceTerms(
  tokens: readonly string[],
  language: string | null,
  into = new Set<string>(),
  parts = new Set<string>(),
  stems?: readonly string[],
): Set<string> {
  const compoundPartsSeen: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!isEvidenceToken(token)) continue;
    const stem = countryNameOf(stems?.[i] ?? stemWord(token, language), language);
    into.add(stem);
    parts.delete(stem);
    for (const part of compoundParts(token, language)) compoundPartsSeen.push(part);
  }
  for (const part of compoundPartsSeen) {
    if (into.has(part) && !parts.has(part)) continue;
    into.add(part);
    parts.add(part);
  }
  return into;
}
