// A headline's figure rounded by another outlet is the same figure ("49 Grad" / "49,2 Grad"), while another figure of the
// same kind is another report ("Delhi meldet 47 Grad" the next day). A headline figure the other side gives in its lead is
// another angle on one report (the jackpot nobody won, and what it grows to). Through the real ingest + placement path, in an empty
// and a populated window. Written for this test, not taken from any evaluation set.
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/model.js';
import { BACKGROUND_SOURCES, fillWindow } from './background-window.js';
import { feedItem, harness, source } from './dedup-harness.js';

const heatWire: FeedItem = feedItem({
  key: 'a-hitze',
  title: 'Hitzewelle in Indien: Delhi meldet 49,2 Grad',
  summary:
    'Neu-Delhi (ap) - Die indische Hauptstadt hat am Montag mit 49,2 Grad einen neuen Hitzerekord gemessen. Die Behörden schlossen Schulen und riefen die Menschen auf, mittags zu Hause zu bleiben. Krankenhäuser melden Dutzende Fälle von Hitzschlag.',
  published: '2026-06-01T11:20:00Z',
});
const heatMagazine: FeedItem = feedItem({
  key: 'b-hitze',
  title: '49 Grad in Delhi: Indiens Hauptstadt ächzt unter Rekordhitze',
  summary:
    'Geschlossene Schulen, leere Straßen und überfüllte Krankenhäuser: Die Hitzewelle in Indien hat Delhi einen neuen Rekord beschert. Viele Menschen erleiden einen Hitzschlag, die Behörden raten, mittags drinnen zu bleiben.',
  published: '2026-06-01T13:05:00Z',
});
const heatNextDay: FeedItem = feedItem({
  key: 'b-hitze-2',
  title: 'Hitzewelle in Indien: Delhi meldet 47 Grad',
  summary:
    'Neu-Delhi (ap) - Leichte Entspannung in der indischen Hauptstadt: Am Dienstag stieg das Thermometer auf 47 Grad. Die Schulen bleiben geschlossen, Krankenhäuser melden weiter Fälle von Hitzschlag.',
  published: '2026-06-02T11:40:00Z',
});

const jackpotTabloid: FeedItem = feedItem({
  key: 'a-jackpot',
  title: 'Eurojackpot: Keiner knackt die 90 Millionen!',
  summary:
    'Wieder nichts! Bei der Ziehung am Freitagabend in Helsinki hatte niemand die richtigen Zahlen. Der Jackpot wächst damit auf 104 Millionen Euro.',
  published: '2026-06-05T20:40:00Z',
});
const jackpotWire: FeedItem = feedItem({
  key: 'b-jackpot',
  title: 'Eurojackpot nicht geknackt - Topf wächst auf 104 Millionen',
  summary:
    'Im Eurojackpot hat am Freitagabend erneut niemand die Gewinnzahlen getippt. Bei der nächsten Ziehung in Helsinki liegen nun 104 Millionen Euro im Topf.',
  published: '2026-06-05T21:10:00Z',
});

describe('rounded figures', () => {
  it.each([false, true])('join the same figure rounded, and keep another figure apart (populated window: %s)', async (populated) => {
    const h = await harness([source('a'), source('b'), ...BACKGROUND_SOURCES]);
    if (populated) await fillWindow(h, '2026-06-01T11:00:00Z');
    const [a] = await h.poll('a', [heatWire], '2026-06-01T11:20:00Z');
    const [b] = await h.poll('b', [heatMagazine], '2026-06-01T13:05:00Z');
    expect(b!.storyId).toBe(a!.storyId);
    expect(b!.components['numberConflict']).toBe(false);
    const [c] = await h.poll('a', [heatNextDay], '2026-06-02T11:40:00Z');
    expect(c!.storyId).not.toBe(a!.storyId);
  });

  it.each([false, true])(
    "join headlines with different figures when each is in the other's text (populated window: %s)",
    async (populated) => {
      const h = await harness([source('a'), source('b'), ...BACKGROUND_SOURCES]);
      if (populated) await fillWindow(h, '2026-06-05T20:00:00Z');
      const [a] = await h.poll('a', [jackpotTabloid], '2026-06-05T20:40:00Z');
      const [b] = await h.poll('b', [jackpotWire], '2026-06-05T21:10:00Z');
      expect(b!.storyId).toBe(a!.storyId);
      expect(b!.components['numberConflict']).toBe(false);
    },
  );
});
