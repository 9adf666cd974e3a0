// A recurring report is its figures (recurring-figures.ts): two lotteries' draws of one evening and two regions' weather of
// one morning are worded alike and stay apart by their numbers (`leadNumberConflict`), while two outlets' reports of one
// draw list the same numbers and join as a retelling. Through the real ingest + placement path, German and English sources,
// in an empty and a populated window. Fixtures: test/fixtures/dedup/recurring-figures.ts.
import { describe, expect, it } from 'vitest';
import { recurringFigures } from '../../src/dedup/recurring-figures.js';
import {
  drawDe,
  drawDeRetold,
  drawEn,
  drawEnRetold,
  otherDrawDe,
  otherDrawEn,
  otherWeatherDe,
  weatherDe,
  weatherDeRetold,
} from '../fixtures/dedup/recurring-figures.js';
import { BACKGROUND_SOURCES, fillWindow } from './background-window.js';
import { harness, source } from './dedup-harness.js';
import type { FeedItem } from '../../src/model.js';

const cases = [
  { kind: 'draw', language: 'de', first: drawDe, retold: drawDeRetold, other: otherDrawDe },
  { kind: 'draw', language: 'en', first: drawEn, retold: drawEnRetold, other: otherDrawEn },
  { kind: 'weather', language: 'de', first: weatherDe, retold: weatherDeRetold, other: otherWeatherDe },
] as const;

const byTime = (items: FeedItem[]) => [...items].sort((a, b) => a.published!.localeCompare(b.published!));

describe('a recurring report is its figures', () => {
  it.each(cases.flatMap((c) => [false, true].map((populated) => ({ ...c, populated }))))(
    'keeps another $kind apart and joins the same one ($language, populated window: $populated)',
    async ({ language, first, retold, other, populated }) => {
      const sources = { first: 'a', retold: 'b', other: 'c' } as const;
      const h = await harness([source('a', { language }), source('b', { language }), source('c', { language }), ...BACKGROUND_SOURCES]);
      if (populated) await fillWindow(h, '2026-03-11T04:00:00Z');
      const decisions = new Map<FeedItem, { storyId: string; components: Record<string, unknown> }>();
      for (const it of byTime([first, retold, other])) {
        const name = it === first ? 'first' : it === retold ? 'retold' : 'other';
        const [d] = await h.poll(sources[name], [it], it.published!);
        decisions.set(it, d!);
      }
      expect(decisions.get(retold)!.storyId).toBe(decisions.get(first)!.storyId);
      expect(decisions.get(other)!.storyId).not.toBe(decisions.get(first)!.storyId);
      const apart = other.published! > first.published! ? decisions.get(other)! : decisions.get(first)!;
      expect(apart.components['nearest.leadNumberConflict']).toBe(true);
    },
  );

  it.each([
    ['die Zahlen 3, 14, 22, 29, 31 und 40, der Jackpot: 14,6 Millionen', [['3', '14', '22', '29', '31', '40']]],
    ['numbers 4, 17, 23, 38 and 45; stars 3 and 9', [['4', '17', '23', '38', '45']]],
    // Three figures are a range or a pair of counts, not a list; a decimal comma is one figure.
    ['2, 5 und 7 Prozent, dazu 14,6 Millionen', []],
    ['Spiel 77 und A93, B7, i3, WIG20', []],
  ])('lists the figures of "%s"', (lead, lists) => {
    expect(recurringFigures('Lotto', lead).lists).toEqual(lists);
  });

  it.each([
    ['Wetter: Gewitter im Süden', 'Höchstwerte 24 bis 31 Grad.', ['24', '31']],
    ['Das Wetter am Donnerstag', 'Frost bis minus 8 Grad, tagsüber 1 bis 8 Grad.', ['-8', '1', '8']],
    ['Hamburg-Wetter: Schauer', 'bei bis zu 19 Grad', ['19']],
    ['UK weather: hottest day of the year', 'Temperatures reached 33.9C in London, and 29 °C in Cardiff.', ['33.9', '29']],
    // A storm's report and a heatwave's measure what happened: no weather report's temperatures.
    ['Unwetter in Bayern', 'Hagel bei 31 Grad', []],
    ['Hitzewelle in Indien: Delhi meldet 49,2 Grad', 'In Delhi wurden 49,2 Grad gemessen.', []],
  ])('reads the temperatures of "%s"', (title, lead, temperatures) => {
    expect(recurringFigures(title, lead).temperatures).toEqual(temperatures);
  });
});
