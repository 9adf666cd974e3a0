// Towns as French, Spanish, Italian and Portuguese write them ("Londres", "Ginebra", "Pékin", "Moscú", "Bruselas"): places
// of those languages' texts (src/dedup/places/town-names-by-language.txt, GeoNames' alternate names), so one kind of event
// in two foreign towns stays two stories, and a report naming "Pékin" speaks of China, not of Pekin, Illinois. Unit cases
// of place-names.ts, then through the real ingest + placement path. Texts written for this test.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { placesOf, placesWritten } from '../../src/dedup/place-names.js';
import { stemWord } from '../../src/dedup/stem-word.js';
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
    // Far commoner in their language's news than in English, yet the cities (kept by hand, scripts/build-places.ts).
    ['fr', 'Manifestation à Bruxelles', ['BE']],
    ['es', 'Apagón en La Habana', ['CU']],
    // Valencia, and the French town of Valence under the same word (and Brazil's Valença, one stem).
    ['fr', 'Inondations à Valence', ['BR', 'ES', 'FR']],
    // "Benim" is the country, not Benin City; "cantão" a canton, not Guangzhou; "Alburquerque" a town of Badajoz.
    ['pt', 'Eleições no Benim', []],
    ['pt', 'Referendo no cantão de Genebra', ['CH']],
    ['es', 'El alcalde de Alburquerque dimite', []],
  ])('%s: %s', (language, text, countries) => {
    expect(townCountries(text, language)).toEqual(countries);
  });

  // Given names and words that GeoNames also gives as a foreign town's name: "São Paulo" is no "Paulo" (only articles go
  // before a name), "Serena" (La Serena) and "Carlos" are given names, "Colonia" (Köln), "Fiume" (Rijeka), "Álvaro" (Alwar)
  // and "Constanza" (Constanța) far commoner as words or names than as the town (scripts/build-places.ts).
  it.each([
    ['pt', 'Carlos Moedas critica o Governo'],
    ['pt', 'Paulo Guedes deixa o ministério'],
    ['es', 'Serena Williams vuelve a las pistas'],
    ['es', 'Álvaro Morata marca en la colonia de verano'],
    ['it', 'Serena e Costanza sul fiume'],
  ])('reads no town in given names or words (%s: %s)', (language, text) => {
    expect(townCountries(text, language)).toEqual([]);
  });

  const listed = readFileSync(new URL('../../src/dedup/places/town-names-by-language.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t') as [string, string, string]);

  it('lists none of the given names and words the review found read as towns', () => {
    const words = ['paulo', 'luis', 'carl', 'carlos', 'francisco', 'francisc', 'sebastia', 'leopold', 'serena', 'alvaro'];
    words.push('constanza', 'costanza', 'colonia', 'fiume', 'monte', 'rivieres', 'leon', 'salon', 'vegas', 'aires', 'tigre');
    words.push('cajon', 'limon', 'vista', 'redonda', 'sala', 'enseada', 'moines', 'haye', 'plat', 'canton', 'grenade');
    words.push('alburquerque', 'rioja', 'benim', 'cantao');
    expect(listed.filter(([, name]) => words.includes(name))).toEqual([]);
  });

  it('lists no name whose stem is too short for the engine to read ("Roma" → "rom")', () => {
    expect(listed.filter(([language, name]) => stemWord(name, language).length < 4)).toEqual([]);
  });

  it.each([
    ['en', 'Fire in Londres'],
    ['de', 'Gipfel in Varsovie'],
  ])('reads a name only in its own language (%s: %s)', (language, text) => {
    expect(townCountries(text, language)).toEqual([]);
  });
});

describe('one kind of event in two foreign towns, and one event told twice', () => {
  async function placeTwo(
    language: 'fr' | 'es' | 'pt',
    first: { title: string; summary: string },
    second: { title: string; summary: string },
  ) {
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

  // One event told twice, the lead naming no place: a given name read as a town ("Carlos" was São Carlos, "Serena" La
  // Serena) split the pairs against the town the other headline names.
  it('joins a report naming Carlos Moedas and one naming Lisbon (Portuguese)', async () => {
    const summary =
      'A autarquia vai disponibilizar 500 casas com renda acessível destinadas a jovens até aos 35 anos, anunciou esta quinta-feira o presidente da câmara. As candidaturas abrem em janeiro.';
    const { a, b } = await placeTwo(
      'pt',
      { title: 'Carlos Moedas anuncia 500 casas com renda acessível para jovens', summary },
      { title: 'Lisboa vai ter 500 casas com renda acessível para jovens', summary },
    );
    expect(b.components['nearest.placeConflict']).not.toBe(true);
    expect(b.storyId).toBe(a.storyId);
  });

  it('joins a report naming Serena Williams and one naming Williams (Spanish)', async () => {
    const summary =
      'La exnúmero uno del mundo, ganadora de 23 títulos de Grand Slam, confirmó este jueves que volverá a competir en marzo, a los 44 años.';
    const { a, b } = await placeTwo(
      'es',
      { title: 'Serena Williams anuncia su regreso a las pistas a los 44 años', summary },
      { title: 'Williams vuelve al tenis: jugará en Miami a los 44 años', summary },
    );
    expect(b.components['nearest.placeConflict']).not.toBe(true);
    expect(b.storyId).toBe(a.storyId);
  });
});
