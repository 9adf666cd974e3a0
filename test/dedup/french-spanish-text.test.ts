// French and Spanish news text read as German and English is: agency datelines of EFE, Europa Press and ANSA, live and
// flash labels ("EN DIRECT -", "DIRECT.", "DIRECTO |", "ÚLTIMA HORA |"), thousands grouped with a space ("1 500 morts")
// or written with a decimal part ("11.845,20 puntos"), and a weekday named for what comes next ("sera examinée jeudi",
// "volverán a reunirse el miércoles"), which must not date the report against another outlet's. Unit cases, then through
// the real ingest + placement path. Texts written for this test (the set in test/fixtures/news-fr-es has more).
import { describe, expect, it } from 'vitest';
import { isLiveCoverage } from '../../src/dedup/agency-markers.js';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { withoutGenericWeekdays } from '../../src/dedup/weekday-names.js';
import { feedItem, harness, source } from './dedup-harness.js';

describe('French and Spanish wire text', () => {
  it.each([
    ['es', 'MADRID (EFE) – El Congreso aprueba la reforma', ['congreso', 'aprueba', 'reforma']],
    ['es', 'SEVILLA (Europa Press) - La Junta convoca las oposiciones', ['junta', 'convoca', 'oposiciones']],
    ['fr', 'ATHÈNES (AFP) - Un séisme secoue la Crète', ['seisme', 'secoue', 'crete']],
    ['fr', 'EN DIRECT - Budget de la Sécu', ['budget', 'secu']],
    ['fr', 'DIRECT. Budget de la Sécu', ['budget', 'secu']],
    ['es', 'DIRECTO | Ley de vivienda', ['ley', 'vivienda']],
    ['es', 'ÚLTIMA HORA | Ley de vivienda', ['ley', 'vivienda']],
    // "Direct" and "Urgent" are English words too: only ":", "|" or a spaced dash closes them as a label, and a full stop
    // closes only franceinfo's capitals "DIRECT.".
    ['en', 'URGENT: Quake hits Crete', ['quake', 'hits', 'crete']],
    ['en', 'Direct-to-consumer sales lift Nike', ['direct', 'consumer', 'sales', 'lift', 'nike']],
    ['en', 'Urgent-care chains close clinics', ['urgent', 'care', 'chains', 'close', 'clinics']],
    ['en', 'Direct. Honest. Cheap.', ['direct', 'honest', 'cheap']],
    ['de', 'Kommentar. Die Ampel ist am Ende', ['kommentar', 'ampel']],
  ])('%s: %s', (language, text, tokens) => {
    expect(normaliseText(text, language).tokens).toEqual(tokens);
  });

  it.each([
    ['EN DIRECT - Budget de la Sécu : la gauche dépose une motion de censure', true],
    ['DIRECTO | Ley de vivienda: el Congreso vota', true],
    ['Direct Line raises its dividend', false],
    ['DIRECT. Budget de la Sécu : le gouvernement dégaine le 49.3', true],
    ['Live. Laugh. Love. brand sold to private equity', false],
    ['Direct. Honest. Cheap. The new bank ads', false],
    ['Direct-to-consumer sales lift Nike', false],
  ])('live coverage: %s', (title, live) => {
    expect(isLiveCoverage(title)).toBe(live);
  });

  it.each([
    ['fr', 'Au moins 1 500 morts et 7 912,35 points', ['1500', '7912.35']],
    ['fr', 'en 2025 300 000 personnes', ['2025', '300000']],
    ['es', '1.500 muertos y 11.845,20 puntos', ['1500', '11845.20']],
    ['de', '11.845,20 Punkte', ['11845.20']],
    ['en', '11,845.20 points', ['11845.20']],
    // English and Spanish do not group with spaces: two figures side by side stay two.
    ['en', 'In 2025 300 people came', ['2025', '300']],
    ['es', 'En 2025 300 personas', ['2025', '300']],
  ])('%s figures: %s', (language, text, numbers) => {
    expect(normaliseText(text, language).numbers).toEqual(numbers);
  });
});

describe('weekdays named generically in French and Spanish', () => {
  it.each([
    ['fr', 'Le marché se tient chaque mardi place des Lices.', 'Le marché se tient   place des Lices.'],
    ['es', 'El mercado abre cada martes y los jueves.', 'El mercado abre   y  .'],
    // "el martes" is one Tuesday: a date.
    ['es', 'El mercado abrió el martes.', 'El mercado abrió el martes.'],
  ])('%s: %s', (language, text, left) => {
    expect(withoutGenericWeekdays(text, language)).toBe(left);
  });
});

describe('a weekday named for what comes next, in French and Spanish', () => {
  async function placeTwo(language: 'fr' | 'es', first: { title: string; summary: string }, second: { title: string; summary: string }) {
    const h = await harness([source('wire', { language }), source('paper', { language })]);
    // Tuesday 2026-11-24, 40 minutes apart.
    const [a] = await h.poll('wire', [feedItem({ key: 'wire-1', ...first, published: '2026-11-24T13:05:00Z' })], '2026-11-24T13:10:00Z');
    const [b] = await h.poll('paper', [feedItem({ key: 'paper-1', ...second, published: '2026-11-24T13:45:00Z' })], '2026-11-24T13:50:00Z');
    return { a: a!, b: b! };
  }

  it('joins a French report whose only other weekday is the day of the next vote', async () => {
    const { a, b } = await placeTwo(
      'fr',
      {
        title: 'Retraites : le gouvernement recourt au 49.3 à l’Assemblée nationale',
        summary:
          'PARIS (AFP) - Le Premier ministre a engagé mardi la responsabilité du gouvernement sur la réforme des retraites, en recourant au 49.3.',
      },
      {
        title: '49.3 sur la réforme des retraites : une motion de censure sera examinée jeudi',
        summary:
          'Après le recours au 49.3 sur la réforme des retraites, la motion de censure déposée par l’opposition sera débattue jeudi à l’Assemblée nationale.',
      },
    );
    expect(b.components['nearest.dayConflict'] ?? b.components['dayConflict']).toBe(false);
    expect(b.storyId).toBe(a.storyId);
  });

  it('joins a Spanish report whose only other weekday is the day of the next meeting', async () => {
    const { a, b } = await placeTwo(
      'es',
      {
        title: 'La primera reunión entre Pesca y las cofradías termina sin acuerdo sobre las cuotas',
        summary:
          'MADRID (EFE) – El ministerio de Pesca y las cofradías gallegas se levantaron este martes de la mesa sin acuerdo sobre las cuotas de merluza.',
      },
      {
        title: 'Sin acuerdo sobre las cuotas de merluza entre Pesca y las cofradías',
        summary:
          'Las cofradías gallegas y el ministerio de Pesca no lograron un acuerdo sobre las cuotas de merluza. Volverán a reunirse el jueves.',
      },
    );
    expect(b.components['nearest.dayConflict'] ?? b.components['dayConflict']).toBe(false);
    expect(b.storyId).toBe(a.storyId);
  });

  // A name or noun ending like a future ("Teherán", "Sandra") before a past report's day must not hide that day: two
  // attacks on Friday and Saturday, two sentences on Monday and Tuesday, stay apart on their day conflict.
  it('keeps apart two Spanish reports of drone attacks on Tehran on different days', async () => {
    const h = await harness([source('wire', { language: 'es' }), source('paper', { language: 'es' })]);
    const title = 'Israel lanza un ataque con drones contra Teherán';
    const [a] = await h.poll(
      'wire',
      [
        feedItem({
          key: 'w',
          title,
          summary: 'Israel lanzó este viernes un ataque con drones contra Teherán, según la televisión estatal iraní.',
          published: '2026-11-27T10:00:00Z',
        }),
      ],
      '2026-11-27T10:00:00Z',
    );
    const [b] = await h.poll(
      'paper',
      [
        feedItem({
          key: 'p',
          title,
          summary: 'Israel lanzó un ataque con drones contra Teherán el sábado, según la televisión estatal iraní.',
          published: '2026-11-29T08:00:00Z',
        }),
      ],
      '2026-11-29T08:00:00Z',
    );
    expect(b!.storyId).not.toBe(a!.storyId);
    expect(b!.components['nearest.dayConflict']).toBe(true);
  });

  it('keeps apart two French reports of a sentence on Monday and on Tuesday', async () => {
    const h = await harness([source('wire', { language: 'fr' }), source('paper', { language: 'fr' })]);
    const title = 'Sandra Muller condamnée en appel pour diffamation';
    const [a] = await h.poll(
      'wire',
      [
        feedItem({
          key: 'w',
          title,
          summary: 'La journaliste Sandra Muller a été condamnée lundi en appel pour diffamation, a indiqué son avocat.',
          published: '2026-11-23T10:00:00Z',
        }),
      ],
      '2026-11-23T10:00:00Z',
    );
    const [b] = await h.poll(
      'paper',
      [
        feedItem({
          key: 'p',
          title,
          summary: 'La journaliste Sandra Muller condamnée mardi en appel pour diffamation, a indiqué son avocat.',
          published: '2026-11-25T08:00:00Z',
        }),
      ],
      '2026-11-25T08:00:00Z',
    );
    expect(b!.storyId).not.toBe(a!.storyId);
    expect(b!.components['nearest.dayConflict']).toBe(true);
  });

  it('still keeps apart a report that dates its own event another day', async () => {
    const { a, b } = await placeTwo(
      'es',
      {
        title: 'La primera reunión entre Pesca y las cofradías termina sin acuerdo sobre las cuotas',
        summary:
          'MADRID (EFE) – El ministerio de Pesca y las cofradías gallegas se levantaron este martes de la mesa sin acuerdo sobre las cuotas de merluza.',
      },
      {
        title: 'Sin acuerdo sobre las cuotas de merluza entre Pesca y las cofradías',
        summary: 'Las cofradías gallegas y el ministerio de Pesca no lograron el jueves un acuerdo sobre las cuotas de merluza.',
      },
    );
    expect(b.storyId).not.toBe(a.storyId);
    expect(b.components['nearest.dayConflict']).toBe(true);
  });
});
