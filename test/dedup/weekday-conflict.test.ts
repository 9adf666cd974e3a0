// Daily reports under one title ("DAX schließt im Plus", "Morning Briefing") are different events:
// leads naming different weekdays keep them apart, in any language Intl has names for, while a
// copy of the same day's report still joins its story.
import { describe, expect, it } from 'vitest';
import { weekdayNames, weekdaysNamed } from '../../src/dedup/weekday-names.js';
import { feedItem, harness, source } from './dedup-harness.js';

describe('weekday names', () => {
  it('come from Intl for each language, normalised like item text', async () => {
    expect(weekdayNames('de').get('dienstag')).toBe(2);
    expect(weekdayNames('fr').get('mardi')).toBe(2);
    expect(weekdayNames('ru').get('вторник')).toBe(2);
    expect(weekdaysNamed(['boerse', 'montag', 'dienstag'], 'de')).toBe(0b110);
    // No language, no names: never a conflict.
    expect(weekdaysNamed(['monday'], null)).toBe(0);
  });
});

describe('the weekday conflict', () => {
  const monday = feedItem({
    key: 'dax-mo',
    title: 'DAX schließt im Plus',
    summary: 'Der deutsche Leitindex hat am Montag 0,8 Prozent höher bei 24.310 Punkten geschlossen.',
    published: '2026-11-23T16:45:00Z',
  });
  const tuesday = feedItem({
    key: 'dax-di',
    title: 'DAX schließt im Plus',
    summary: 'Der deutsche Leitindex hat am Dienstag 0,3 Prozent höher bei 24.390 Punkten geschlossen.',
    published: '2026-11-24T16:45:00Z',
  });

  it('keeps one feed`s daily reports under the same title apart', async () => {
    const h = await harness([source('boerse')]);
    const [a] = await h.poll('boerse', [monday], '2026-11-23T16:50:00Z');
    const [b] = await h.poll('boerse', [tuesday], '2026-11-24T16:50:00Z');
    expect(b!.storyId).not.toBe(a!.storyId);
    expect(b!.components['nearest.dayConflict']).toBe(true);
  });

  it('still merges another outlet`s copy of the same day`s report', async () => {
    const h = await harness([source('boerse'), source('wire')]);
    const [a] = await h.poll('boerse', [monday], '2026-11-23T16:50:00Z');
    const copy = { ...monday, key: 'wire-dax', summary: 'Der Leitindex DAX hat am Montag 0,8 Prozent höher geschlossen.' };
    const [b] = await h.poll('wire', [copy], '2026-11-23T17:05:00Z');
    expect(b!.storyId).toBe(a!.storyId);
    expect(b!.components['dayConflict']).toBe(false);
  });
});
