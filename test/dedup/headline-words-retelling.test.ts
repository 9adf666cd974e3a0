// A retelling anchored by its headline: another outlet's report whose headline names the event with two of the same telling
// words ("Condor" and "Piloten"), within hours, joins the story as a strong retelling though it names no known place, at
// most one rare name and no precise figure, and its long lead shares little of the story's wording (score-story.ts
// `retellingStrongHeadlineWords`). The same day's report of another event that shares one headline word stays apart.
// Through the real ingest + placement path, in an empty and a populated window.
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/model.js';
import { strikeAgency } from '../fixtures/dedup/condor-strike.js';
import { BACKGROUND_SOURCES, fillWindow } from './background-window.js';
import { feedItem, harness, source } from './dedup-harness.js';

// Written for this test: one pilots' strike told by a wire and a broadcaster, each in its own words. Their whole texts share
// about a fifth of their information, one rare name ("Condor") and no place the place list knows: without the two headline
// words, neither a plain nor a strong retelling.
const strikeBroadcaster: FeedItem = feedItem({
  key: 'b-condor',
  title: 'Condor: Piloten lassen Urlauber warten',
  summary:
    'Lange Schlangen an den Schaltern, genervte Familien mit Koffern: Wer heute mit dem Ferienflieger in den Sommerurlaub starten wollte, braucht Geduld. Die Gewerkschaft will so höhere Gehälter durchsetzen, nachdem die Verhandlungen in der Nacht scheiterten; viele Maschinen bleiben am Boden. Reisende sollen vor der Fahrt zum Terminal prüfen, ob ihre Maschine abhebt, rät die Airline.',
  published: '2026-07-14T07:10:00Z',
});
// The same morning, another airline's pilots in the news from another outlet: one headline word in common, another event.
const otherAirline: FeedItem = feedItem({
  key: 'c-eurowings',
  title: 'Eurowings sucht Piloten für neue Strecken',
  summary:
    'Die Lufthansa-Tochter Eurowings will bis zum Herbst 300 Piloten einstellen. Bewerber sollen eine Lizenz für Mittelstreckenjets mitbringen, teilte das Unternehmen mit. Neue Ziele in Skandinavien und auf dem Balkan kommen im Winter dazu.',
  published: '2026-07-14T08:00:00Z',
});

describe('a retelling anchored by two telling words of both headlines', () => {
  it.each([false, true])("joins another outlet's report in its own words (populated window: %s)", async (populated) => {
    const h = await harness([source('a'), source('b'), source('c'), ...BACKGROUND_SOURCES]);
    if (populated) await fillWindow(h, '2026-07-14T05:00:00Z');
    const [a] = await h.poll('a', [strikeAgency], '2026-07-14T05:30:00Z');
    const [b] = await h.poll('b', [strikeBroadcaster], '2026-07-14T07:10:00Z');
    expect(b!.storyId).toBe(a!.storyId);
    expect(b!.components['retelling']).toBe(true);
    const [c] = await h.poll('c', [otherAirline], '2026-07-14T08:00:00Z');
    expect(c!.storyId).not.toBe(a!.storyId);
  });
});
