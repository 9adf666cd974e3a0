// A negated headline ("Keine Einigung …") and the next day's opposite outcome ("… einigen sich"), told by two outlets, are
// two events: what did not happen one evening and what happened the next morning. Through the real ingest + placement
// path, in an empty and a populated window. Written for this test, not taken from any evaluation set.
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/model.js';
import { BACKGROUND_SOURCES, fillWindow } from './background-window.js';
import { feedItem, harness, source } from './dedup-harness.js';

const noDeal: FeedItem = feedItem({
  key: 'a-keine-einigung',
  title: 'Keine Einigung im Tarifstreit bei der Bahn',
  summary:
    'Die Deutsche Bahn und die Lokführergewerkschaft GDL haben sich auch in der fünften Verhandlungsrunde in Berlin nicht auf einen neuen Tarifvertrag einigen können. GDL-Chef Mario Reiß sprach von einem enttäuschenden Angebot, Bahn-Personalvorstand Martin Seiler von überzogenen Forderungen. Beide Seiten wollen am Mittwoch weiter verhandeln, Streiks schließt die GDL vorerst aus.',
  published: '2026-06-09T19:30:00Z',
});
const dealWire: FeedItem = feedItem({
  key: 'b-einigung',
  title: 'Durchbruch in der Nacht: Lokführer bekommen mehr Geld',
  summary:
    'Die Deutsche Bahn und die GDL haben sich in Berlin auf einen neuen Tarifvertrag geeinigt. Die Lokführer erhalten in zwei Stufen 7,5 Prozent mehr Geld, die Laufzeit beträgt 26 Monate. GDL-Chef Mario Reiß sprach von einem fairen Kompromiss, Personalvorstand Martin Seiler von einem guten Tag für die Fahrgäste.',
  published: '2026-06-10T09:10:00Z',
});
const dealBroadcaster: FeedItem = feedItem({
  key: 'c-einigung',
  title: 'Aufatmen bei Pendlern: Tarifabschluss bei der Bahn',
  summary:
    'Nach langen Verhandlungen in Berlin steht der Tarifabschluss: Die GDL und die Deutsche Bahn einigen sich auf 7,5 Prozent mehr Lohn in zwei Stufen. Mario Reiß und Martin Seiler zeigten sich zufrieden, Fahrgastverbände atmen auf.',
  published: '2026-06-10T10:05:00Z',
});

async function setUp(populated: boolean) {
  const h = await harness([source('a'), source('b'), source('c'), ...BACKGROUND_SOURCES]);
  if (populated) await fillWindow(h, '2026-06-09T19:00:00Z');
  return h;
}

describe("a negated headline and the next day's opposite outcome", () => {
  it.each([false, true])('stay two stories, while the outcome told twice is one (populated window: %s)', async (populated) => {
    const h = await setUp(populated);
    const [a] = await h.poll('a', [noDeal], '2026-06-09T19:30:00Z');
    const [b] = await h.poll('b', [dealWire], '2026-06-10T09:10:00Z');
    const [c] = await h.poll('c', [dealBroadcaster], '2026-06-10T10:05:00Z');
    expect(c!.storyId).toBe(b!.storyId);
    expect(b!.storyId).not.toBe(a!.storyId);
    expect(c!.storyId).not.toBe(a!.storyId);
  });

  it.each([false, true])('stay two stories whatever arrives first (populated window: %s)', async (populated) => {
    const h = await setUp(populated);
    const [b] = await h.poll('b', [dealWire], '2026-06-10T09:10:00Z');
    const [c] = await h.poll('c', [dealBroadcaster], '2026-06-10T10:05:00Z');
    const [a] = await h.poll('a', [noDeal], '2026-06-10T10:30:00Z');
    expect(c!.storyId).toBe(b!.storyId);
    expect(a!.storyId).not.toBe(b!.storyId);
  });
});
