// One kind of event in two towns is two stories, however alike the reports read: each headline names a town the other
// report never mentions (score-story.ts `placeConflict`, place names from src/dedup/places). Reports of one event that
// name its town only in the lead, or in another form ("Duisburger Hafen"), still join. Through the real ingest +
// placement path, in an empty and a populated window.
import { describe, expect, it } from 'vitest';
import { placesAmong, placeStems, speaksOf } from '../../src/dedup/place-names.js';
import { stemWord } from '../../src/dedup/stem-word.js';
import type { FeedItem } from '../../src/model.js';
import { BACKGROUND_SOURCES, fillWindow } from './background-window.js';
import { feedItem, harness, source } from './dedup-harness.js';

// Written for this test: two warehouse fires on one evening, told in the same words a fire report always uses.
const fireDuisburg: FeedItem = feedItem({
  key: 'a-duisburg',
  title: 'Großbrand in Lagerhalle in Duisburg',
  summary:
    'In einer Lagerhalle ist am Abend ein Großbrand ausgebrochen. Die Feuerwehr ist mit einem Großaufgebot im Einsatz, eine Rauchwolke zieht über die Stadt. Verletzt wurde nach ersten Angaben niemand, die Brandursache ist unklar.',
  published: '2026-02-05T18:10:00Z',
});
const fireWinterthur: FeedItem = feedItem({
  key: 'b-winterthur',
  title: 'Grossbrand in Lagerhalle in Winterthur',
  summary:
    'In einer Lagerhalle ist am Abend ein Grossbrand ausgebrochen. Die Feuerwehr ist mit einem Grossaufgebot im Einsatz, eine Rauchwolke zieht über die Stadt. Verletzt wurde nach ersten Angaben niemand, die Brandursache ist unklar.',
  published: '2026-02-05T18:40:00Z',
});
// The Duisburg fire told by another outlet: its headline names the port, not the town; the lead does.
const fireDuisburgRetold: FeedItem = feedItem({
  key: 'c-duisburg',
  title: 'Feuer im Duisburger Hafen: Rauchwolke über der Stadt',
  summary:
    'Im Hafen von Duisburg brennt seit dem Abend eine Lagerhalle. Die Feuerwehr ist mit einem Großaufgebot im Einsatz und warnt vor Rauch. Verletzte gibt es nach ersten Angaben nicht, die Brandursache ist noch unklar.',
  published: '2026-02-05T18:50:00Z',
});

async function setUp(populated: boolean) {
  const h = await harness([source('a'), source('b'), source('c'), ...BACKGROUND_SOURCES]);
  if (populated) await fillWindow(h, '2026-02-05T18:00:00Z');
  return h;
}

describe('towns named apart', () => {
  it.each([false, true])('keep the same kind of event in two towns apart (populated window: %s)', async (populated) => {
    const h = await setUp(populated);
    const [a] = await h.poll('a', [fireDuisburg], '2026-02-05T18:10:00Z');
    const [b] = await h.poll('b', [fireWinterthur], '2026-02-05T18:40:00Z');
    expect(b!.storyId).not.toBe(a!.storyId);
    expect(b!.components['nearest.placeConflict']).toBe(true);
  });

  it.each([false, true])('join a report of one fire that names its town in another form (populated window: %s)', async (populated) => {
    const h = await setUp(populated);
    const [a] = await h.poll('a', [fireDuisburg], '2026-02-05T18:10:00Z');
    const [b] = await h.poll('b', [fireWinterthur], '2026-02-05T18:40:00Z');
    const [c] = await h.poll('c', [fireDuisburgRetold], '2026-02-05T18:50:00Z');
    expect(c!.rule).toBe('near-duplicate');
    expect(c!.storyId).toBe(a!.storyId);
    expect(c!.storyId).not.toBe(b!.storyId);
    expect(c!.components['placeConflict']).toBe(false);
  });

  it('knows towns in the stem form of the item, whatever the inflection, and only words of their own', () => {
    const de = placeStems('de');
    expect(placesAmong(['koelner', 'feuerwehr', 'winterthur', 'koeln'], 'de')).toEqual(['koln', 'winterthur']);
    expect(de.has('lagerhall')).toBe(false);
    // A compound's part is no town of the text ("Hamburg" inside "Hamburgensien" is not named).
    expect(placesAmong(['hamburgensien'], 'de')).toEqual([]);
    // A word that only stems as a town does is none: the river is not Rheine, a victory not Siegen, a mountain not Bergen.
    expect(de.has(stemWord('rheine', 'de'))).toBe(true);
    expect(placesAmong(['rhein', 'sieg', 'berg'], 'de')).toEqual([]);
    expect(placesAmong(['rheine', 'siegener', 'bergen'], 'de')).toHaveLength(3);
  });

  it('knows a country by its nationality adjective, in the stem form of the item', () => {
    const adjectives = ['indischen', 'brasilianische', 'russischem'];
    expect(placesAmong(adjectives, 'de')).toEqual(adjectives.map((w) => stemWord(w, 'de')));
    expect(placesAmong(['british', 'swiss'], 'en')).toHaveLength(2);
  });

  it.each([false, true])(
    'keep the same kind of visit of two countries named by adjective apart (populated window: %s)',
    async (populated) => {
      const h = await setUp(populated);
      const visit = (key: string, adjective: string, published: string): FeedItem =>
        feedItem({
          key,
          title: `Xi Jinping empfängt ${adjective} Außenminister in Peking`,
          summary: `Chinas Staatschef Xi Jinping hat den ${adjective} Außenminister zu Gesprächen über Handel und Klimaschutz empfangen. Beide Seiten wollen die Zusammenarbeit ausbauen, hieß es nach dem Treffen in der Großen Halle des Volkes.`,
          published,
        });
      const [a] = await h.poll('a', [visit('a-visit', 'indischen', '2026-02-05T09:00:00Z')], '2026-02-05T09:00:00Z');
      const [b] = await h.poll('b', [visit('b-visit', 'brasilianischen', '2026-02-05T09:40:00Z')], '2026-02-05T09:40:00Z');
      expect(b!.storyId).not.toBe(a!.storyId);
      expect(b!.components['nearest.placeConflict']).toBe(true);
    },
  );

  it('knows the largest towns by their German names (CLDR), and each town by its country', () => {
    const de = (words: string[]) => words.map((w) => stemWord(w, 'de'));
    expect(placesAmong(['wien', 'moskau', 'damaskus', 'tokio'], 'de')).toHaveLength(4);
    // "Russland" and "russisch" speak of Moscow; "Österreich" of Graz; Moscow speaks of Russia.
    expect(speaksOf(de(['angriff', 'russland']), 'de', stemWord('moskau', 'de'), 'de')).toBe(true);
    expect(speaksOf(de(['graz', 'unfall']), 'de', stemWord('osterreich', 'de'), 'de')).toBe(true);
    expect(speaksOf(de(['russischen', 'regierung']), 'de', stemWord('moskau', 'de'), 'de')).toBe(true);
    // A country with another of its towns named is not the town: "syrischen Aleppo" does not speak of Damascus.
    expect(speaksOf(de(['syrischen', 'aleppo']), 'de', stemWord('damaskus', 'de'), 'de')).toBe(false);
    expect(speaksOf(de(['frankreich']), 'de', stemWord('moskau', 'de'), 'de')).toBe(false);
  });

  it.each([false, true])(
    'join a report that names the capital with one that names its country (populated window: %s)',
    async (populated) => {
      const h = await setUp(populated);
      // Written for this test: one treaty dispute, one outlet naming the capital, the other the country.
      const [a] = await h.poll(
        'a',
        [
          feedItem({
            key: 'a-vertrag',
            title: 'Nato-Staaten wollen Vertrag erst ratifizieren, wenn Moskau Truppen aus Moldau abzieht',
            summary:
              'Die Vereinigten Staaten und andere Nato-Mitglieder weigern sich, den geänderten Vertrag über konventionelle Streitkräfte zu ratifizieren, solange Moskau seine Truppen nicht aus Moldau und Georgien abgezogen hat.',
            published: '2026-02-05T09:00:00Z',
          }),
        ],
        '2026-02-05T09:00:00Z',
      );
      const [b] = await h.poll(
        'b',
        [
          feedItem({
            key: 'b-vertrag',
            title: 'Nato-Staaten knüpfen Vertrag an Abzug Russlands aus Moldau',
            summary:
              'Die Vereinigten Staaten und andere Nato-Mitglieder weigern sich, den geänderten Vertrag über konventionelle Streitkräfte zu ratifizieren, solange sich Russland nicht vollständig aus Moldau und Georgien zurückzieht.',
            published: '2026-02-05T09:40:00Z',
          }),
        ],
        '2026-02-05T09:40:00Z',
      );
      expect(b!.components['placeConflict']).toBe(false);
      expect(b!.storyId).toBe(a!.storyId);
    },
  );

  it.each([false, true])('keep fighting in two towns of one country apart (populated window: %s)', async (populated) => {
    const h = await setUp(populated);
    const fighting = (key: string, title: string, published: string): FeedItem =>
      feedItem({
        key,
        title,
        summary: 'Aktivisten berichten von schweren Gefechten zwischen Regierungstruppen und Rebellen, es gebe zahlreiche Tote.',
        published,
      });
    const [a] = await h.poll(
      'a',
      [fighting('a-kampf', 'Schwere Kämpfe im syrischen Aleppo gemeldet', '2026-02-05T09:00:00Z')],
      '2026-02-05T09:00:00Z',
    );
    const [b] = await h.poll(
      'b',
      [fighting('b-kampf', 'Schwere Kämpfe in Damaskus gemeldet', '2026-02-05T09:30:00Z')],
      '2026-02-05T09:30:00Z',
    );
    expect(b!.storyId).not.toBe(a!.storyId);
    expect(b!.components['nearest.placeConflict']).toBe(true);
  });
});
