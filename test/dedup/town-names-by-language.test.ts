// Towns as French, Spanish, Italian and Portuguese write them ("Londres", "Ginebra", "Pékin", "Moscú", "Bruselas"): places
// of those languages' texts (src/dedup/places/town-names-by-language.txt, GeoNames' alternate names), so one kind of event
// in two foreign towns stays two stories, and a report naming "Pékin" speaks of China, not of Pekin, Illinois. Unit cases
// of place-names.ts, then through the real ingest + placement path. Texts written for this test.
import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { placesOf, placesWritten } from '../../src/dedup/place-names.js';
import { feedItem, harness, source } from './dedup-harness.js';

/** The countries of the towns `text` names, in `language`. */
function townCountries(text: string, language: string): string[] {
  const places = placesWritten(normaliseText(text, language).tokens, text, language);
  return [...new Set(places.flatMap((stem) => placesOf(language).get(stem)?.townIn ?? []))].sort();
}

describe('towns named in the language of the text', () => {
  it.each([
    ['fr', 'Incendie à Londres', ['GB']],
    ['fr', 'Manifestation à Moscou', ['RU']],
    ['fr', 'Sommet à Varsovie', ['PL']],
    ['es', 'Cumbre en Ginebra', ['CH']],
    ['es', 'Protestas en Moscú', ['RU']],
    ['it', 'Vertice a Pechino', ['CN']],
    ['pt', 'Cimeira em Pequim', ['CN']],
    ['es', 'Explosión en Bruselas', ['BE']],
    // "Pékin" was only Pekin, Illinois.
    ['fr', 'Sommet à Pékin', ['CN', 'US']],
  ])('%s: %s', (language, text, countries) => {
    expect(townCountries(text, language)).toEqual(countries);
  });

  it.each([
    ['en', 'Fire in Londres'],
    ['de', 'Gipfel in Varsovie'],
  ])('reads a name only in its own language (%s: %s)', (language, text) => {
    expect(townCountries(text, language)).toEqual([]);
  });
});

describe('one kind of event in two foreign towns, in French and Spanish', () => {
  async function placeTwo(language: 'fr' | 'es', first: { title: string; summary: string }, second: { title: string; summary: string }) {
    const h = await harness([source('wire', { language }), source('paper', { language })]);
    // Thursday 2026-11-26, 40 minutes apart.
    const [a] = await h.poll('wire', [feedItem({ key: 'wire-1', ...first, published: '2026-11-26T18:05:00Z' })], '2026-11-26T18:10:00Z');
    const [b] = await h.poll('paper', [feedItem({ key: 'paper-1', ...second, published: '2026-11-26T18:45:00Z' })], '2026-11-26T18:50:00Z');
    return { a: a!, b: b! };
  }
  const fire = (town: string): { title: string; summary: string } => ({
    title: `Incendie dans un entrepôt à ${town}`,
    summary: `Un violent incendie s'est déclaré jeudi soir dans un entrepôt à ${town}. Les pompiers sont mobilisés en nombre, un panache de fumée noire est visible à des kilomètres. Aucune victime n'est à déplorer selon un premier bilan.`,
  });
  const strike = (town: string): { title: string; summary: string } => ({
    title: `Huelga de controladores aéreos en ${town}`,
    summary: `Los controladores aéreos del aeropuerto de ${town} iniciaron el jueves una huelga de 24 horas por la falta de personal. Decenas de vuelos han sido cancelados y miles de pasajeros esperan en las terminales.`,
  });

  it('keeps apart a warehouse fire in London and one in Warsaw (French)', async () => {
    const { a, b } = await placeTwo('fr', fire('Londres'), fire('Varsovie'));
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.placeConflict']).toBe(true);
  });

  it('keeps apart a strike at Geneva airport and one at Moscow`s (Spanish)', async () => {
    const { a, b } = await placeTwo('es', strike('Ginebra'), strike('Moscú'));
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.placeConflict']).toBe(true);
  });

  it('joins a report naming Beijing and one naming China (French)', async () => {
    const { a, b } = await placeTwo(
      'fr',
      {
        title: 'Pékin impose de nouveaux droits de douane sur le porc européen',
        summary:
          'Le ministère du Commerce a annoncé jeudi des droits de douane de 20 % sur les importations de porc européen, en riposte aux taxes de Bruxelles sur les voitures électriques.',
      },
      {
        title: 'La Chine impose de nouveaux droits de douane sur le porc européen',
        summary:
          'Le ministère chinois du Commerce a annoncé jeudi des droits de douane de 20 % sur les importations de porc européen, en riposte aux taxes de Bruxelles sur les voitures électriques.',
      },
    );
    expect(b.components['placeConflict']).toBe(false);
    expect(b.storyId).toBe(a.storyId);
  });
});
