// Stems as the engine uses them: on tokens normaliseText already folded ("Verträge" → "vertraege").
import { describe, expect, it } from 'vitest';
import { foldWord } from '../../src/dedup/fold-word.js';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { compoundParts, stemWord, stemWordUncached, stemmedLanguages } from '../../src/dedup/stem-word.js';

const stem = (word: string, language: string | null): string => stemWord(foldWord(word), language);

describe('stemWord', () => {
  // Forms of one word that must meet, per language (written as printed; folded as the engine folds them).
  it.each([
    ['de', ['Gefangene', 'Gefangenen']],
    ['de', ['Verhandlungen', 'Verhandlung']],
    ['de', ['Regierungen', 'Regierung']],
    ['de', ['Verträge', 'Vertrag', 'Vertrags']],
    ['de', ['Häuser', 'Haus', 'Hauses']],
    ['de', ['Gespräche', 'Gespräch', 'Gesprächen']],
    ['de', ['Schulden', 'Schuld']],
    ['en', ['tapering', 'taper', 'tapered', 'tapers']],
    ['en', ['negotiations', 'negotiation', 'negotiating']],
    ['fr', ['négociations', 'négociation']],
    ['fr', ['gouvernements', 'gouvernement']],
    ['es', ['elecciones', 'elección']],
    ['es', ['presidentes', 'presidente']],
    ['ru', ['переговоры', 'переговорах', 'переговоров']],
    ['nl', ['onderhandelingen', 'onderhandeling']],
  ])('%s: %j share one stem', (language, forms) => {
    const stems = new Set(forms.map((form) => stem(form, language)));
    expect(stems.size).toBe(1);
  });

  // Snowball's german2 reading: folded ae/oe/ue stem as the umlaut they stand for; "qu" and a u between vowels do not.
  it.each([
    ['vertraege', 'verträge'],
    ['gespraeche', 'gespräche'],
    ['schueler', 'schüler'],
    ['koennen', 'können'],
    ['muenchen', 'münchen'],
    ['aerztin', 'ärztin'],
  ])('de: folded %s stems like %s', (folded, umlaut) => {
    expect(stemWord(folded, 'de')).toBe(stemWord(umlaut, 'de'));
  });

  it.each([
    ['quelle', 'quell'],
    ['bauen', 'bau'],
    ['treue', 'treu'],
  ])('de: %s is not read as an umlaut (stem %s)', (token, expected) => {
    expect(stemWord(token, 'de')).toBe(expected);
  });

  it.each([
    ['2024', 'de'],
    ['55000', 'en'],
    ['1.5', 'fr'],
  ])('number %s passes through in %s', (token, language) => {
    expect(stemWord(token, language)).toBe(token);
  });

  it.each([
    ['gefangenen', null],
    ['gefangenen', 'xx'],
    ['우크라이나', 'ko'],
    ['центъра', 'bg'],
  ])('%s passes through without a stemmer for %s', (token, language) => {
    expect(stemWord(token, language)).toBe(token);
  });

  it('reads language tags: de-DE and nb stem like de and no', () => {
    expect(stemWord('verhandlungen', 'de-DE')).toBe(stemWord('verhandlungen', 'de'));
    expect(stemWord('forhandlingene', 'nb')).toBe(stemWord('forhandlingene', 'no'));
    expect(stemWord('verhandlungen', 'de')).not.toBe('verhandlungen');
  });

  it('gives the same stem for every token normaliseText makes of inflected headlines', () => {
    const a = normaliseText('Russland und Ukraine tauschen Gefangene aus', 'de').tokens.map((token) => stemWord(token, 'de'));
    const b = normaliseText('Gefangenen-Austausch: Ukraine und Russland tauschten Hunderte Gefangene', 'de').tokens.map((token) =>
      stemWord(token, 'de'),
    );
    expect(a).toEqual(expect.arrayContaining(['russland', 'ukrain', 'gefang']));
    expect(b).toEqual(expect.arrayContaining(['russland', 'ukrain', 'gefang', 'austausch']));
  });

  // place-names.ts stems its list uncached: the stems must be the cached ones, or no place would ever be found.
  it.each([
    ['muenchen', 'de'],
    ['vertraege', 'de'],
    ['duesseldorf', 'de'],
    ['bauen', 'de'],
    ['negotiations', 'en'],
    ['elecciones', 'es'],
    ['2024', 'de'],
    ['gefangenen', null],
    ['центъра', 'bg'],
  ])('stemWordUncached(%s, %s) is stemWord', (token, language) => {
    expect(stemWordUncached(token, language)).toBe(stemWord(token, language));
  });

  it('lists the stemmed languages, German and English among them', () => {
    expect(stemmedLanguages()).toEqual(expect.arrayContaining(['de', 'en', 'fr', 'es', 'it', 'nl', 'ru', 'sv']));
    expect(stemmedLanguages()).not.toContain('bg');
  });
});

describe('compoundParts', () => {
  // The compounds news writes in one word where the other copy writes two ("tauschen Gefangene aus"); the parts
  // are the stems the two words get on their own.
  it.each([
    ['Gefangenenaustausch', 'Gefangene', 'Austausch'],
    ['Bundesregierung', 'Bund', 'Regierung'],
    ['Friedensverhandlungen', 'Frieden', 'Verhandlungen'],
    ['Schuldenbremse', 'Schulden', 'Bremse'],
    ['Pressekonferenz', 'Presse', 'Konferenz'],
    ['Verteidigungsminister', 'Verteidigung', 'Minister'],
    // Parts whose stem does not start as the part is spelt ("stoerung" → "stor"): the split looks at stem openings.
    ['Stellwerksstörung', 'Stellwerk', 'Störung'],
    ['Öffnungszeiten', 'Öffnung', 'Zeiten'],
    ['Einsatzkräften', 'Einsatz', 'Kräften'],
    ['Gesprächsrunde', 'Gespräch', 'Runde'],
  ])('splits %s into the stems of %s and %s', (word, first, head) => {
    expect(compoundParts(foldWord(word), 'de')).toEqual([stem(first, 'de'), stem(head, 'de')]);
  });

  // Common words, names, derivations and inflected forms are not compounds of two everyday words.
  it.each([
    ['Kanzlerin'],
    ['Verhandlungen'],
    ['Merz'],
    ['Selenskyj'],
    ['Kempter'],
    ['Arbeitnehmerinnen'],
    ['heruntergefahren'],
    ['Abschiebung'],
  ])('leaves %s whole', (word) => {
    expect(compoundParts(foldWord(word), 'de')).toEqual([]);
  });

  it.each([
    ['prisonerexchange', 'en'],
    ['gefangenenaustausch', null],
    ['2024', 'de'],
  ])('splits nothing in other languages or numbers: %s (%s)', (token, language) => {
    expect(compoundParts(token, language)).toEqual([]);
  });
});
