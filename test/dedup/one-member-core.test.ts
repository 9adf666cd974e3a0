// A story core with one member keeps no tables: it reads its counts from the member's term ids (story-core.ts). Its
// answers must be the tables' to the last entry and in the same order (a core's terms are summed in table order), as
// members join, leave and are absorbed. Checked against tables built as the core built them before (Maps, every member
// added term by term), over real items' features (German compounds, so compound parts, and title terms).
import { describe, expect, it } from 'vitest';
import { IdCounts } from '../../src/dedup/id-counts.js';
import { itemFeatures, type ItemFeatures } from '../../src/dedup/item-features.js';
import {
  addToCore,
  absorbCore,
  coreMinimum,
  coreParts,
  coreTerms,
  coreTitleTerms,
  coreView,
  emptyCore,
  removeFromCore,
  type StoryCore,
} from '../../src/dedup/story-core.js';
import { termIdOf, termIdsOf, TermIds } from '../../src/dedup/term-ids.js';
import type { MatchableItem } from '../../src/model.js';
import { seededRandom } from '../../scripts/eval/seeded-random.js';

const NOW = '2026-03-10T12:00:00.000Z';
const WORDS = [
  'Tarifeinigung',
  'Bahnstreik',
  'Streik',
  'Gewerkschaft',
  'Lokführer',
  'Tarifvertrag',
  'Berlin',
  'Verhandlungen',
  'Einigung',
  'Nacht',
  'Fahrgäste',
  'Regionalverkehr',
  'Fernverkehr',
  'Warnstreik',
  'Arbeitgeber',
  'Lohnerhöhung',
  'Schlichtung',
  'Verkehrsminister',
  'Bundesregierung',
  'Pendler',
];

/** A real item: a headline of a few of the words, and a lead of others (sometimes none, sometimes the headline again). */
function item(id: number, random: () => number): MatchableItem {
  const pick = (n: number): string => Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]!).join(' ');
  const title = pick(3 + Math.floor(random() * 4));
  const shape = random();
  const summary = shape < 0.15 ? '' : shape < 0.25 ? title : `Die ${pick(4 + Math.floor(random() * 10))} am Montag.`;
  return {
    id,
    sourceId: `s${id % 4}`,
    key: `k${id}`,
    title,
    summary,
    url: `https://example.org/${id}`,
    canonicalUrl: null,
    published: NOW,
    firstSeen: NOW,
    language: 'de',
    contentLength: summary.length,
    storyId: null,
  };
}

/** The tables as a core kept them before (Maps, each member added term by term in its lists' order). */
class Tables {
  members = new Set<number>();
  counts = new Map<number, number>();
  titleCounts = new Map<number, number>();
  partCounts = new Map<number, number>();
  sources = new Map<string, number>();

  add(f: ItemFeatures, termIds: Int32Array, ids: TermIds): void {
    if (this.members.has(f.itemId)) return;
    this.members.add(f.itemId);
    for (const term of termIds) bump(this.counts, termIdOf(term), 1);
    for (const name of f.titleTerms) bump(this.titleCounts, ids.idOf(name), 1);
    for (const name of f.partTerms) bump(this.partCounts, ids.idOf(name), 1);
    bump(this.sources, f.sourceId, 1);
  }

  remove(f: ItemFeatures, termIds: Int32Array, ids: TermIds): void {
    if (!this.members.delete(f.itemId)) return;
    for (const term of termIds) bump(this.counts, termIdOf(term), -1);
    for (const name of f.titleTerms) bump(this.titleCounts, ids.idOf(name), -1);
    for (const name of f.partTerms) bump(this.partCounts, ids.idOf(name), -1);
    bump(this.sources, f.sourceId, -1);
  }

  absorb(from: Tables): void {
    for (const id of from.members) this.members.add(id);
    for (const [t, n] of from.counts) bump(this.counts, t, n);
    for (const [t, n] of from.titleCounts) bump(this.titleCounts, t, n);
    for (const [t, n] of from.partCounts) bump(this.partCounts, t, n);
    for (const [s, n] of from.sources) bump(this.sources, s, n);
  }
}

function bump<K>(table: Map<K, number>, key: K, by: number): void {
  const n = (table.get(key) ?? 0) + by;
  if (n > 0) table.set(key, n);
  else table.delete(key);
}

/** What a core answers, in a comparable form (orders kept where anything iterates them). */
function answers(core: StoryCore, ids: TermIds): unknown {
  return {
    members: [...core.memberIds()],
    memberCount: core.memberCount,
    counts: [...core.counts],
    titleCounts: [...core.titleCounts],
    partCounts: [...core.partCounts],
    sources: [...core.sources].sort(),
    carried: ids.names.map((_, t) => core.carries(t) && core.counts.get(t)),
    fromSources: ['s0', 's1', 's2', 's3'].map((s) => core.hasSource(s)),
    minimum: coreMinimum(core),
    terms: coreTerms(core, ids),
    titleTerms: coreTitleTerms(core, ids),
    parts: [...coreParts(core, ids)],
    view: (({ terms, termIds, titleTerms, titleTermIds, parts }) => ({
      terms: [...terms],
      termIds: [...termIds],
      titleTerms,
      titleTermIds: [...titleTermIds],
      parts: [...parts],
    }))(coreView(core, ids)),
  };
}

/** The same, from the tables: what the core answered before it read one member's term ids. */
function expected(tables: Tables, ids: TermIds): unknown {
  const minimum = Math.max(1, Math.ceil(tables.members.size * 0.5));
  const terms = [...tables.counts].filter(([, n]) => n >= minimum).map(([t]) => t);
  expect(terms.length).toBeLessThanOrEqual(80); // (the core's cut at CORE_MAX_TERMS is not exercised here)
  const titleTerms = [...tables.titleCounts].filter(([, n]) => n >= minimum).map(([t]) => t);
  const parts = new Set([...tables.partCounts].filter(([t, n]) => n === tables.counts.get(t)).map(([t]) => t));
  const asStored = (t: number): number => (parts.has(t) ? ~t : t);
  return {
    members: [...tables.members],
    memberCount: tables.members.size,
    counts: [...tables.counts],
    titleCounts: [...tables.titleCounts],
    partCounts: [...tables.partCounts],
    sources: [...tables.sources].sort(),
    carried: ids.names.map((_, t) => tables.counts.has(t) && tables.counts.get(t)),
    fromSources: ['s0', 's1', 's2', 's3'].map((s) => tables.sources.has(s)),
    minimum,
    terms: terms.map((t) => ids.names[t]),
    titleTerms: titleTerms.map((t) => ids.names[t]),
    parts: [...parts].map((t) => ids.names[t]),
    view: {
      terms: terms.map((t) => ids.names[t]),
      termIds: terms.map(asStored),
      titleTerms: titleTerms.map((t) => ids.names[t]),
      titleTermIds: titleTerms.map(asStored),
      parts: [...parts].map((t) => ids.names[t]),
    },
  };
}

describe('a one-member story core', () => {
  it('reads its one member without tables, for real items', () => {
    const random = seededRandom('one-member-core-layout');
    const ids = new TermIds();
    for (let id = 1; id <= 200; id++) {
      const f = itemFeatures(item(id, random), 'de');
      const core = emptyCore(`story${id}`);
      addToCore(core, f, termIdsOf(ids, f), ids);
      // Tables would cost ~1.2 KB for each of the window's many one-member stories (BENCHMARKS.md, "Memory of the 100k poll").
      expect(core.counts).not.toBeInstanceOf(IdCounts);
    }
  });

  it('answers as tables do, in their order, while members join, leave and are absorbed', () => {
    const random = seededRandom('one-member-core');
    const ids = new TermIds();
    const members = new Map<number, { f: ItemFeatures; termIds: Int32Array }>();
    const stories = new Map<string, { core: StoryCore; tables: Tables }>();
    let parts = 0;
    let settled = 0;
    for (let id = 1; id <= 600; id++) {
      const f = itemFeatures(item(id, random), 'de');
      const termIds = termIdsOf(ids, f);
      ids.hold(termIds);
      members.set(id, { f, termIds });
      parts += f.partTerms.size;
      const live = [...stories.keys()];
      const storyId = live.length > 0 && random() < 0.4 ? live[Math.floor(random() * live.length)]! : `story${id}`;
      const touched = new Set([storyId]);
      let story = stories.get(storyId);
      if (!story) stories.set(storyId, (story = { core: emptyCore(storyId), tables: new Tables() }));
      addToCore(story.core, f, termIds, ids);
      story.tables.add(f, termIds, ids);
      // Members leave (pruned, or taken back), and the window lets a core left with one member read it again.
      if (random() < 0.35) {
        const [storyOut, out] = [...stories][Math.floor(random() * stories.size)]!;
        const memberIds = [...out.tables.members];
        const gone = members.get(memberIds[Math.floor(random() * memberIds.length)]!)!;
        touched.add(storyOut);
        removeFromCore(out.core, gone.f, gone.termIds, ids);
        out.tables.remove(gone.f, gone.termIds, ids);
        if (out.tables.members.size === 0) stories.delete(storyOut);
        else if (out.tables.members.size === 1) {
          const left = members.get([...out.tables.members][0]!)!;
          out.core.settle(left.f, left.termIds);
          if (!(out.core.counts instanceof IdCounts)) settled++;
        }
      }
      // Now and then two stories merge.
      if (stories.size > 2 && random() < 0.1) {
        const all = [...stories];
        const [a, b] = [all[Math.floor(random() * all.length)]!, all[Math.floor(random() * all.length)]!];
        if (a[0] !== b[0]) {
          touched.add(a[0]);
          absorbCore(a[1].core, b[1].core);
          a[1].tables.absorb(b[1].tables);
          stories.delete(b[0]);
        }
      }
      // The stories this step changed; every story now and then (a core's view is kept for a while).
      for (const [storyId, { core, tables }] of stories) {
        if (touched.has(storyId) || id % 100 === 0) expect(answers(core, ids)).toEqual(expected(tables, ids));
      }
    }
    // The history exercised what it is for: compound parts, stories of one and of many members, cores settling back.
    expect(parts).toBeGreaterThan(500);
    expect([...stories.values()].some((s) => s.tables.members.size === 1)).toBe(true);
    expect([...stories.values()].some((s) => s.tables.members.size > 3)).toBe(true);
    expect(settled).toBeGreaterThan(10);
  });
});
