// A retelling anchored by a headline word within the first hours: another outlet's report that headlines the event with one
// of the story's own telling words ("Condor"), told within three hours in its own words, joins the story as a strong
// retelling though it names no known place, at most one rare name and no precise figure, and its lead shares little of the
// story's wording (score-story.ts `retellingStrongHeadlineSoonHours`). The same report half a day later is a follow-up
// and stays apart. Through the real ingest + placement path, in an empty and a populated window.
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/model.js';
import { strikeAgency } from '../fixtures/dedup/condor-strike.js';
import { BACKGROUND_SOURCES, fillWindow } from './background-window.js';
import { feedItem, harness, source } from './dedup-harness.js';

// Written for this test: one pilots' strike told by a wire and a broadcaster, each in its own words. Their whole texts share
// about a fifth of their information, one rare name and no place the place list knows; the headlines share only "Condor".
const strikeBroadcaster = (published: string): FeedItem =>
  feedItem({
    key: 'b-condor',
    title: 'Condor-Urlauber brauchen heute Geduld',
    summary:
      'Lange Schlangen an den Schaltern, genervte Familien mit Koffern: Wer heute mit dem Ferienflieger in den Sommerurlaub starten wollte, wartet. Die Piloten wollen höhere Gehälter durchsetzen, nachdem die Verhandlungen in der Nacht scheiterten; viele Maschinen bleiben am Boden. Reisende sollen vor der Fahrt zum Terminal prüfen, ob ihre Verbindung stattfindet, rät die Airline.',
    published,
  });

describe('a retelling anchored by a telling word of both headlines within hours', () => {
  it.each([false, true])("joins another outlet's report in its own words (populated window: %s)", async (populated) => {
    const h = await harness([source('a'), source('b'), ...BACKGROUND_SOURCES]);
    if (populated) await fillWindow(h, '2026-07-14T05:00:00Z');
    const [a] = await h.poll('a', [strikeAgency], '2026-07-14T05:30:00Z');
    const [b] = await h.poll('b', [strikeBroadcaster('2026-07-14T07:10:00Z')], '2026-07-14T07:10:00Z');
    expect(b!.storyId).toBe(a!.storyId);
    expect(b!.components['retelling']).toBe(true);
  });

  it("keeps the same report apart half a day later: one shared headline word is then another day's news", async () => {
    const h = await harness([source('a'), source('b'), ...BACKGROUND_SOURCES]);
    const [a] = await h.poll('a', [strikeAgency], '2026-07-14T05:30:00Z');
    const [b] = await h.poll('b', [strikeBroadcaster('2026-07-14T11:30:00Z')], '2026-07-14T11:30:00Z');
    expect(b!.storyId).not.toBe(a!.storyId);
  });
});
