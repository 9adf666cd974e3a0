// A populated window for the rare-word rules: word rarity means nothing among five items, so these
// tests first fill the window with ordinary German news items. Their words follow a skewed
// distribution over a fixed pool (the day's topics — Ukraine, talks, Kiew — are among the most
// frequent, as in a real window in February 2026) plus one word of their own each.
import type { FeedItem } from '../../src/model.js';
import type { Harness } from './dedup-harness.js';
import { feedItem, source } from './dedup-harness.js';
import type { SourceConfig } from '../../src/config/schema.js';

const POOL = (
  'Ukraine Russland Kiew Krieg Gespräche Selenskyj USA Putin Moskau Angriff Polizei Regierung Bundestag Kanzler ' +
  'Stadt Unfall Feuerwehr Verletzte Wetter Sturm Bahn Streik Gewerkschaft Preise Inflation Zinsen Börse Aktie ' +
  'Minister Ministerin Wahl Partei Koalition Haushalt Schulden Gericht Urteil Prozess Anklage Schule Kinder ' +
  'Klima Energie Strom Gas Heizung Auto Verkehr Autobahn Stau Flughafen Fußball Bundesliga Trainer Spiel ' +
  'Tor Sieg Niederlage Europa Brüssel Frankreich China Israel Gaza Iran Türkei Verhandlungen Waffenruhe ' +
  'Soldaten Drohnen Raketen Hilfe Milliarden Euro Unternehmen Stellen Arbeit Rente Gesundheit Krankenhaus ' +
  'Pflege Forschung Universität Digital Internet Daten Sicherheit Armee Nato Gipfel Treffen Präsident Opposition'
).split(' ');

/** The background sources (add them to the harness). */
export const BACKGROUND_SOURCES: SourceConfig[] = Array.from({ length: 20 }, (_, i) => source(`background-${i}`));

/** `count` ordinary items spread evenly over the `hours` before `until`, deterministic. */
export function backgroundItems(count: number, until: string, hours = 48): { sourceId: string; item: FeedItem; at: string }[] {
  let state = 12345;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  // Skewed: the first words of the pool are drawn far more often than the last.
  const word = (): string => POOL[Math.floor(POOL.length * next() ** 2)]!;
  const end = Date.parse(until);
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(end - hours * 3_600_000 + Math.floor((i * hours * 3_600_000) / count)).toISOString();
    const title = `${word()} ${word()}: ${word()} und ${word()} in Ortschaft${i}`;
    const lead = `${Array.from({ length: 14 }, word).join(' ')}.`;
    return { sourceId: `background-${i % 20}`, item: feedItem({ key: `background-${i}`, title, summary: lead, published: at }), at };
  });
}

/** Polls the background into the harness, one item per poll, in time order. */
export async function fillWindow(h: Harness, until: string, count = 400): Promise<void> {
  for (const { sourceId, item, at } of backgroundItems(count, until)) await h.poll(sourceId, [item], at);
}
