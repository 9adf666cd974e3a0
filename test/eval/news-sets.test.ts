// The multi-outlet news sets (eval/heldout-de and eval/heldout-de-2, held-out; eval/calibration-de, eval/calibration-de-2,
// eval/calibration-de-3, eval/calibration-de-4 and the English eval/calibration-en, calibration): checks the data's shape only, never the engine.
// All share one format and one reader (scripts/eval/sets/news-set.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { calibrationDe2Set, calibrationDe4Set, calibrationEnSet, heldout2Set, newsItems } from '../../scripts/eval/sets/news-set.js';

const keys = ['id', 'outlet', 'event', 'title', 'summary', 'url', 'published', 'role', 'note'] as const;
type Item = Record<(typeof keys)[number], string>;

interface SetShape {
  name: string;
  file: URL;
  days: string[];
  /** Event ids a note may name (the held-out set's ids end in their date); null: notes name none by id. */
  eventIdInNote: RegExp | null;
  minimum: { items: number; multiOutletReportEvents: number; distractors: number };
  /** Items that deliberately repeat an earlier item's link (an outlet republishing an item under a new timestamp). */
  repeatedLinks?: number;
  /** The language of its text; German unless said. */
  language?: 'de' | 'en';
  /** Its ids number its items in time order (h2-001 is the earliest). */
  idsInTimeOrder?: boolean;
}

const sets: SetShape[] = [
  {
    name: 'held-out set eval/heldout-de/items.jsonl',
    file: new URL('../../eval/heldout-de/items.jsonl', import.meta.url),
    days: ['2026-03-09', '2026-03-10', '2026-03-11'],
    eventIdInNote: /\b[a-z0-9]+(?:-[a-z0-9]+)*-03(?:09|10|11)\b/g,
    minimum: { items: 150, multiOutletReportEvents: 30, distractors: 60 },
    idsInTimeOrder: true,
  },
  {
    name: 'second held-out set eval/heldout-de-2/items.jsonl',
    file: new URL('../../eval/heldout-de-2/items.jsonl', import.meta.url),
    days: ['2026-11-10', '2026-11-11', '2026-11-12'],
    eventIdInNote: null,
    minimum: { items: 180, multiOutletReportEvents: 35, distractors: 70 },
    repeatedLinks: 1,
    idsInTimeOrder: true,
  },
  {
    name: 'calibration set eval/calibration-de/items.jsonl',
    file: new URL('../../eval/calibration-de/items.jsonl', import.meta.url),
    days: ['2025-11-18', '2025-11-19', '2025-11-20'],
    eventIdInNote: null,
    minimum: { items: 180, multiOutletReportEvents: 35, distractors: 70 },
  },
  {
    name: 'calibration set eval/calibration-de-2/items.jsonl',
    file: new URL('../../eval/calibration-de-2/items.jsonl', import.meta.url),
    days: ['2026-03-09', '2026-03-10', '2026-03-11'],
    eventIdInNote: null,
    minimum: { items: 180, multiOutletReportEvents: 35, distractors: 60 },
    repeatedLinks: 1,
  },
  {
    name: 'calibration set eval/calibration-de-3/items.jsonl',
    file: new URL('../../eval/calibration-de-3/items.jsonl', import.meta.url),
    days: ['2026-06-02', '2026-06-03', '2026-06-04'],
    eventIdInNote: null,
    minimum: { items: 200, multiOutletReportEvents: 40, distractors: 70 },
    repeatedLinks: 1,
    idsInTimeOrder: true,
  },
  {
    name: 'calibration set eval/calibration-de-4/items.jsonl',
    file: new URL('../../eval/calibration-de-4/items.jsonl', import.meta.url),
    days: ['2026-11-17', '2026-11-18', '2026-11-19'],
    eventIdInNote: null,
    minimum: { items: 180, multiOutletReportEvents: 40, distractors: 60 },
    repeatedLinks: 1,
    idsInTimeOrder: true,
  },
  {
    name: 'calibration set eval/calibration-en/items.jsonl',
    file: new URL('../../eval/calibration-en/items.jsonl', import.meta.url),
    days: ['2026-10-12', '2026-10-13', '2026-10-14'],
    eventIdInNote: null,
    minimum: { items: 180, multiOutletReportEvents: 35, distractors: 60 },
    repeatedLinks: 1,
    idsInTimeOrder: true,
    language: 'en',
  },
];

describe.each(sets)('$name', ({ file, days, eventIdInNote, minimum, repeatedLinks = 0, language = 'de', idsInTimeOrder = false }) => {
  const bytes = readFileSync(file);
  // fatal: a byte sequence that is not UTF-8 throws here instead of turning into U+FFFD.
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const lines = text.split('\n');
  const items: Item[] = lines.filter((line) => line !== '').map((line) => JSON.parse(line) as Item);
  const firstDay = Date.parse(`${days[0]}T00:00:00Z`);
  const afterLastDay = Date.parse(`${days[days.length - 1]}T00:00:00Z`) + 24 * 3600 * 1000;

  function groupBy(by: (item: Item) => string): Map<string, Item[]> {
    const groups = new Map<string, Item[]>();
    for (const item of items) groups.set(by(item), [...(groups.get(by(item)) ?? []), item]);
    return groups;
  }
  const events = groupBy((item) => item.event);
  const outletCount = (group: Item[]): number => new Set(group.map((item) => item.outlet)).size;

  it('is UTF-8 JSON Lines, one object per line, ending in a newline', () => {
    expect(text.endsWith('\n')).toBe(true);
    expect(lines.slice(0, -1).every((line) => line.trim() !== '')).toBe(true);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('gives every item exactly the nine keys, each a non-empty trimmed string', () => {
    for (const item of items) {
      expect(Object.keys(item).sort(), item.id).toEqual([...keys].sort());
      for (const key of keys) {
        expect(typeof item[key], `${item.id}.${key}`).toBe('string');
        expect(item[key].trim(), `${item.id}.${key}`).toBe(item[key]);
        expect(item[key].length, `${item.id}.${key}`).toBeGreaterThan(0);
      }
      expect(['report', 'distractor'], item.id).toContain(item.role);
    }
  });

  it('has unique ids and unique links, also with their query strings removed, but for its deliberate repeats', () => {
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    expect(new Set(items.map((item) => item.url)).size).toBe(items.length - repeatedLinks);
    expect(new Set(items.map((item) => item.url.split('?')[0])).size).toBe(items.length - repeatedLinks);
    // A repeat is the same outlet's same item: same event, title and summary, later timestamp.
    const first = new Map<string, Item>();
    for (const item of items) {
      const earlier = first.get(item.url);
      if (!earlier) first.set(item.url, item);
      else {
        expect([item.outlet, item.event, item.title, item.summary], item.id).toEqual([
          earlier.outlet,
          earlier.event,
          earlier.title,
          earlier.summary,
        ]);
        expect(item.published > earlier.published, item.id).toBe(true);
      }
    }
  });

  it('links each outlet to one https host under .example', () => {
    for (const [outlet, group] of groupBy((item) => item.outlet)) {
      const hosts = new Set(group.map((item) => new URL(item.url).host));
      expect(hosts.size, outlet).toBe(1);
      expect([...hosts][0], outlet).toMatch(/^[a-z-]+\.example$/);
      for (const item of group) expect(new URL(item.url).protocol, item.id).toBe('https:');
    }
  });

  it('dates every item in ISO 8601 UTC inside its three days', () => {
    for (const item of items) {
      expect(item.published, item.id).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      const time = Date.parse(item.published);
      expect(new Date(time).toISOString().replace('.000Z', 'Z'), item.id).toBe(item.published);
      expect(time >= firstDay && time < afterLastDay, item.id).toBe(true);
    }
  });

  // Not calibration-de and calibration-de-2, whose ids are not in time order.
  if (idsInTimeOrder)
    it('numbers its ids in time order, from 001 without gaps', () => {
      items.forEach((item, i) => expect(item.id, item.id).toMatch(new RegExp(`-${String(i + 1).padStart(3, '0')}$`)));
      for (let i = 1; i < items.length; i++) expect(items[i]!.published >= items[i - 1]!.published, items[i]!.id).toBe(true);
    });

  it('has its minimum of items, multi-outlet report events and distractor items', () => {
    expect(items.length).toBeGreaterThanOrEqual(minimum.items);
    const reportEvents = [...events.values()].filter((group) => group[0]?.role === 'report');
    expect(reportEvents.filter((group) => outletCount(group) >= 2).length).toBeGreaterThanOrEqual(minimum.multiOutletReportEvents);
    expect(items.filter((item) => item.role === 'distractor').length).toBeGreaterThanOrEqual(minimum.distractors);
  });

  it('gives all items of one event the same role, and every report event at least two outlets', () => {
    for (const [event, group] of events) {
      expect(new Set(group.map((item) => item.role)).size, event).toBe(1);
      if (group[0]?.role === 'report') expect(outletCount(group), event).toBeGreaterThanOrEqual(2);
    }
  });

  it('names in its notes only event ids that exist', () => {
    for (const item of items) {
      for (const named of (eventIdInNote && item.note.match(eventIdInNote)) || []) {
        expect(events.has(named), `${item.id} note names ${named}`).toBe(true);
      }
    }
  });

  it('has every outlet publish on each of the three days', () => {
    for (const [outlet, group] of groupBy((item) => item.outlet)) {
      expect(new Set(group.map((item) => item.published.slice(0, 10))), outlet).toEqual(new Set(days));
    }
  });

  it(`is ${language === 'de' ? 'German text with umlauts' : 'English text'} and teaser-length leads`, () => {
    if (language === 'de') expect(items.some((item) => /[äöüÄÖÜß]/.test(item.title + item.summary))).toBe(true);
    // English: most leads carry one of the commonest English words.
    else expect(items.filter((item) => /\b(?:the|and|of)\b/.test(item.summary)).length).toBeGreaterThan(items.length * 0.8);
    for (const item of items) {
      expect(item.title, item.id).not.toMatch(/\uFFFD/);
      expect(item.summary.length, item.id).toBeGreaterThanOrEqual(100);
      expect(item.summary.length, item.id).toBeLessThanOrEqual(500);
    }
  });
});

// The eval's feeds declare the language the reader gives each item (real-path-run.ts), as real feeds declare theirs.
describe('the news-set reader', () => {
  it.each([
    { set: calibrationDe2Set('../../eval/calibration-de-2/items.jsonl'), language: 'de' },
    { set: calibrationDe4Set('../../eval/calibration-de-4/items.jsonl'), language: 'de' },
    { set: calibrationEnSet('../../eval/calibration-en/items.jsonl'), language: 'en' },
    { set: heldout2Set('../../eval/heldout-de-2/items.jsonl'), language: 'de' },
  ])('gives every item of $set.name the language $language', ({ set, language }) => {
    const items = newsItems({ ...set, file: fileURLToPath(new URL(set.file, import.meta.url)) });
    expect(items?.length).toBeGreaterThan(0);
    expect(new Set(items!.map((item) => item.language))).toEqual(new Set([language]));
    expect(items!.every((item) => item.id.startsWith(set.idPrefix))).toBe(true);
  });
});
