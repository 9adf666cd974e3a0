// A headline told in another report's text (score-story.ts, the title views) must be told with its names: two companies'
// results of one morning are written in the same words ("Gewinn gesunken, Dividende bleibt"), and only the company's
// name tells them apart. Through the real ingest + placement path, in an empty and a populated window.
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/model.js';
import { BACKGROUND_SOURCES, fillWindow } from './background-window.js';
import { feedItem, harness, source } from './dedup-harness.js';

// Written for this test: one company's results told by two outlets, and another company's results the same morning.
const resultsAgency: FeedItem = feedItem({
  key: 'a-fresenius',
  title: 'Fresenius verdient weniger und verschärft Sparkurs',
  summary:
    'Der operative Gewinn von Fresenius ist im vergangenen Jahr auf 2,3 Milliarden Euro gesunken. Konzernchef Michael Sen kündigte an, bis 2027 in der Verwaltung 1.500 Stellen abzubauen. Die Dividende bleibt bei einem Euro je Aktie.',
  published: '2026-03-04T06:50:00Z',
});
const resultsBroadcaster: FeedItem = feedItem({
  key: 'b-fresenius',
  title: 'Fresenius mit Gewinnrückgang - Sen kündigt Stellenabbau an',
  summary:
    'Bad Homburg (dpa-AFX) - Der Gesundheitskonzern Fresenius hat im vergangenen Jahr operativ weniger verdient. Das bereinigte Ergebnis sank auf 2,3 Milliarden Euro, wie der Konzern mitteilte. Konzernchef Michael Sen will vor allem in der Verwaltung sparen.',
  published: '2026-03-04T07:20:00Z',
});
const otherResults: FeedItem = feedItem({
  key: 'c-nemetschek',
  title: 'Nemetschek: Gewinn gesunken, Dividende bleibt',
  summary:
    'Der Softwarekonzern Nemetschek hat im Vorjahr weniger verdient. Das Konzernergebnis sank um zwölf Prozent auf 310 Millionen Euro, der Umsatz blieb stabil. Die Dividende soll bei 55 Cent je Aktie bleiben, teilte das Unternehmen mit.',
  published: '2026-03-04T07:30:00Z',
});

describe('headlines told with their names', () => {
  it.each([false, true])("keep another company's results of the same morning apart (populated window: %s)", async (populated) => {
    const h = await harness([source('a'), source('b'), source('c'), ...BACKGROUND_SOURCES]);
    if (populated) await fillWindow(h, '2026-03-04T06:00:00Z');
    const [a] = await h.poll('a', [resultsAgency], '2026-03-04T06:50:00Z');
    const [b] = await h.poll('b', [resultsBroadcaster], '2026-03-04T07:20:00Z');
    expect(b!.storyId).toBe(a!.storyId);
    const [c] = await h.poll('c', [otherResults], '2026-03-04T07:30:00Z');
    expect(c!.storyId).not.toBe(a!.storyId);
  });
});
