// A headline several outlets print word for word over leads of their own is one event, even in a window
// where none of its words is rare (as in the scale-out test's feeds: a pseudo-German vocabulary of ~6,800
// words, so every word occurs in several of the window's items). Unrelated headlines stay apart, and so does the same headline
// a day later over another lead (a recurring column, a follow-up): title views count only within hours.
import { expect, it } from 'vitest';
import { seededRandom } from '../../scripts/eval/seeded-random.js';
import { feedItem, harness, source } from './dedup-harness.js';

const syllables =
  'be ge ver ent zer an auf aus ein ab bahn haus halt streik wahl rat markt preis land stadt recht zins lohn wert kraft werk'.split(' ');
const endings = 'en er ung heit keit lich isch ig e el'.split(' ');
const words = syllables.flatMap((a) => syllables.flatMap((b) => endings.map((c) => `${a[0]!.toUpperCase()}${a.slice(1)}${b}${c}`)));
let random = seededRandom('retold-headline');
const sentence = (n: number): string[] => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]!);

const SOURCES = 100;
const GROUP = 25;
const NOW = '2026-03-10T09:00:00Z';

it.each([
  [0, 48],
  [24, 0],
])(
  'finds headlines four outlets tell word for word over unrelated leads (the fourth %i h later: ≥ %i of 50 in all four), and merges nothing else',
  async (lateHours, atLeast) => {
    random = seededRandom('retold-headline');
    const h = await harness(Array.from({ length: SOURCES }, (_, i) => source(`q${i}`)));
    // Sources i, i+25, i+50, i+75 tell items 3 and 6 under one headline (its words rotated per outlet), each with a lead of its own.
    const eventTitles = new Map<string, string[]>();
    for (let i = 0; i < SOURCES; i++) {
      const items = [1, 2, 3, 4, 5, 6].map((n) => {
        let title = sentence(9);
        if (n % 3 === 0) {
          const event = `${i % GROUP}-${n}`;
          const base = eventTitles.get(event) ?? title;
          eventTitles.set(event, base);
          const shift = Math.floor(i / GROUP) % 3;
          title = [...base.slice(shift), ...base.slice(0, shift)];
        }
        // The fourth outlet comes `lateHours` later: a headline back the next day over other leads is a recurring column's.
        const published = new Date(Date.parse(`2026-03-09T08:0${n}:00Z`) + (i >= 3 * GROUP ? lateHours : 0) * 3_600_000).toISOString();
        return feedItem({ key: `q${i}-${n}`, title: title.join(' '), summary: sentence(60).join(' '), published });
      });
      await h.store.transaction((s) => s.items.ingest(`q${i}`, 'de', items, NOW));
    }
    const members = new Map<string, string[]>();
    for (const d of await h.placer.placePending(NOW))
      members.set(d.storyId, [...(members.get(d.storyId) ?? []), (await h.item(d.itemId))!.key]);
    const eventOf = (key: string): string | null => {
      const [, i, n] = /^q(\d+)-(\d+)$/.exec(key)!;
      return Number(n) % 3 === 0 ? `${Number(i) % GROUP}-${n}` : null;
    };
    const stories = [...members.values()];
    for (const keys of stories.filter((k) => k.length > 1)) {
      expect(new Set(keys.map(eventOf)).size, `one story holds several events: ${keys.join(' ')}`).toBe(1);
      expect(eventOf(keys[0]!), `unrelated items merged: ${keys.join(' ')}`).not.toBeNull();
    }
    // Before the retold-headline rule (and title terms in the candidate lookup) engine v2 found 10 of these 50 in all four outlets.
    const inAllFour = stories.filter((k) => k.length === 4).length;
    expect(inAllFour).toBeGreaterThanOrEqual(atLeast);
    if (lateHours >= 12) {
      expect(inAllFour).toBe(0);
      expect(stories.filter((k) => k.length === 3).length).toBeGreaterThanOrEqual(48);
    }
  },
);
