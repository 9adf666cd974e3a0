// Two rules of the score, through the real ingest + placement path: an item that tells a story's core (what most of
// its members say) plus details of its own joins it; and title figures conflict when each side names one the other lacks.
import { expect, it } from 'vitest';
import { feedItem, harness, source } from './dedup-harness.js';

/** Polls each title from its own source, an hour apart; returns the decisions. */
async function pollTitles(titles: readonly string[]) {
  const h = await harness(titles.map((_, i) => source(`s${i}`)));
  const decisions = [];
  for (const [i, title] of titles.entries()) {
    const at = new Date(Date.parse('2026-03-10T08:00:00Z') + i * 3_600_000).toISOString();
    decisions.push((await h.poll(`s${i}`, [feedItem({ key: `k${i}`, title, published: at })], at))[0]!);
  }
  return decisions;
}

const iphone = [
  'Apple stellt neues iPhone in Cupertino vor',
  'Neues iPhone: Apple zeigt Nachfolger in Cupertino',
  'Apple präsentiert in Cupertino das neue iPhone',
];

it("joins an item that tells a three-member story's core plus details of its own", async () => {
  // Against the core alone (not blended with the item's own words) the item scores 0.83; blended as against a single
  // report, its six details pull it to 0.45 and it would found a story of its own.
  const [first, ...rest] = await pollTitles([
    ...iphone,
    'Kamera, Akku, Display, Speicher, Farben und Marktstart: Was das iPhone von Apple aus Cupertino kann',
  ]);
  for (const d of rest) expect(d.storyId).toBe(first!.storyId);
  expect(rest.at(-1)!.rule).toBe('near-duplicate');
  expect(rest.at(-1)!.components['coreMembers']).toBe(3);
});

it("keeps apart an item that tells only part of a story's core", async () => {
  const [first, ...rest] = await pollTitles([...iphone, 'Apple verklagt Samsung wegen iPhone-Patenten']);
  expect(rest.at(-1)!.storyId).not.toBe(first!.storyId);
});

it('keeps apart titles that each name a figure the other lacks, and joins one that only adds a figure', async () => {
  const apart = await pollTitles(['Zwei Tote, 19 Verletzte bei Schießerei in Toronto', 'Zwei Tote, 7 Verletzte bei Schießerei in Toronto']);
  expect(apart[1]!.storyId).not.toBe(apart[0]!.storyId);
  expect(apart[1]!.components['nearest.numberConflict']).toBe(true);
  const fuller = await pollTitles(['Zwei Tote bei Schießerei in Toronto', 'Zwei Tote, 19 Verletzte bei Schießerei in Toronto']);
  expect(fuller[1]!.storyId).toBe(fuller[0]!.storyId);
});
