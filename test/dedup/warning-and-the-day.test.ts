// A weekday is read against the day the item was published (forecast-day.ts): Monday's storm warning names Tuesday as the
// day ahead, Tuesday's report of the damage names it as its own day. Both name Tuesday, the storm and the places, and
// they are two stories (score-story.ts `forecastConflict`); two warnings of the same Monday still join. Through the real
// ingest + placement path, German and English sources, in an empty and a populated window. Fixtures:
// test/fixtures/dedup/warning-and-the-day.ts.
import { describe, expect, it } from 'vitest';
import { dayRole } from '../../src/dedup/forecast-day.js';
import { impactDe, impactEn, warningDe, warningDeRetold, warningEn, warningEnRetold } from '../fixtures/dedup/warning-and-the-day.js';
import { BACKGROUND_SOURCES, fillWindow } from './background-window.js';
import { harness, source } from './dedup-harness.js';

const cases = [
  { language: 'de', warning: warningDe, retold: warningDeRetold, impact: impactDe },
  { language: 'en', warning: warningEn, retold: warningEnRetold, impact: impactEn },
] as const;

async function setUp(language: string, populated: boolean) {
  const h = await harness([source('a', { language }), source('b', { language }), source('c', { language }), ...BACKGROUND_SOURCES]);
  if (populated) await fillWindow(h, '2026-03-09T10:00:00Z');
  return h;
}

describe('a warning and the day it warns of', () => {
  it.each(cases.flatMap((c) => [false, true].map((populated) => ({ ...c, populated }))))(
    "keeps the day-before warning and the day's report apart ($language, populated window: $populated)",
    async ({ language, warning, retold, impact, populated }) => {
      const h = await setUp(language, populated);
      const [a] = await h.poll('a', [warning], warning.published!);
      const [b] = await h.poll('b', [retold], retold.published!);
      const [c] = await h.poll('c', [impact], impact.published!);
      expect(b!.storyId).toBe(a!.storyId);
      expect(b!.components['forecastConflict']).toBe(false);
      expect(c!.storyId).not.toBe(a!.storyId);
      expect(c!.components['nearest.forecastConflict']).toBe(true);
    },
  );

  it.each([
    // Monday 11:00 UTC: Tuesday is ahead everywhere from UTC−5 to UTC+3, Monday is the day itself.
    ['2026-03-09T11:00:00Z', 2, 'ahead'],
    ['2026-03-09T11:00:00Z', 1, 'same'],
    // Monday 22:30 UTC is already Tuesday in Moscow: neither.
    ['2026-03-09T22:30:00Z', 2, 'other'],
    ['2026-03-10T07:30:00Z', 2, 'same'],
    // Wednesday named on Monday: two days ahead is no forecast of tomorrow (nor a date we read).
    ['2026-03-09T11:00:00Z', 3, 'other'],
  ] as const)('reads weekday %s / %i as %s', (at, day, role) => {
    expect(dayRole(Date.parse(at), day)).toBe(role);
  });
});
