// A word of one side whose synonym the other side holds counts as a shared word (src/dedup/shared-synonyms.ts, the
// shipped table of src/dedup/synonyms/): "Festnahme" / "Verhaftung" turns a report sharing four words of its own with
// the story into a retelling of it, and the same report without the synonym stays apart. Two arrests in two towns, told
// with the same synonyms, stay two stories. Through the real ingest + placement path. A pair counts only once the texts
// share two words of their own (English: "truce" / "armistice"), and the shipped tables rebuild byte for byte.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { buildSynonymGroups, openThesaurusSynsets, SYNONYM_BUILD, SYNONYM_SOURCES } from '../../scripts/synonyms/synonym-groups.js';
import { SCORE_SETTINGS, sharedEvidence } from '../../src/dedup/score-story.js';
import { synonymTable } from '../../src/dedup/synonym-table.js';
import { emptyTermCounts, termWeights } from '../../src/dedup/term-weights.js';
import type { FeedItem } from '../../src/model.js';
import {
  arrestAgency,
  arrestBroadcaster,
  arrestBroadcasterWithoutSynonym,
  raidDresden,
  raidHamburg,
} from '../fixtures/dedup/synonym-retellings.js';
import { harness, source } from './dedup-harness.js';

async function placePair(first: FeedItem, second: FeedItem) {
  const h = await harness([source('a'), source('b')]);
  const [a] = await h.poll('a', [first], first.published!);
  const [b] = await h.poll('b', [second], second.published!);
  return { a: a!, b: b! };
}

describe('synonyms as evidence', () => {
  it('joins a retelling whose sixth shared word is a synonym pair, and shows the pair', async () => {
    const { a, b } = await placePair(arrestAgency, arrestBroadcaster);
    expect(b.storyId).toBe(a.storyId);
    expect(b.components['retelling']).toBe(true);
    expect(String(b.components['sharedTerms'])).toMatch(/(^| )verhaft=festnahm:/);
  });

  it('keeps the same report apart without the synonym', async () => {
    const { a, b } = await placePair(arrestAgency, arrestBroadcasterWithoutSynonym);
    expect(b.storyId).not.toBe(a.storyId);
  });

  it('keeps two arrests in two towns apart, though their synonyms are weighed', async () => {
    const { a, b } = await placePair(raidHamburg, raidDresden);
    expect(b.storyId).not.toBe(a.storyId);
    expect(String(b.components['nearest.sharedTerms'])).toMatch(/(festnahm=verhaft|verhaft=festnahm):/);
  });

  // Stems as the engine makes them ("truce" / "armistice" → truce / armistic), weighed by the shipped English prior alone.
  it.each([
    { own: ['hama', 'gaza', 'truce'], other: ['hama', 'gaza', 'armistic'], pair: true },
    { own: ['hama', 'truce'], other: ['gaza', 'armistic'], pair: false },
  ])('counts a pair only once the texts share two words of their own ($own / $other)', ({ own, other, pair }) => {
    const weights = termWeights(emptyTermCounts(), 'en');
    const e = sharedEvidence(own, new Set(other), other.length, weights);
    const pairs = e.sharedTerms.filter((t) => t.term === 'truce=armistic');
    expect(pairs.length).toBe(pair ? 1 : 0);
    expect(e.sharedWords).toBe(pair ? 3 : 0);
    if (pair)
      expect(pairs[0]!.bits).toBeCloseTo(SCORE_SETTINGS.synonymShare * Math.min(weights.weight('truce'), weights.weight('armistic')), 6);
  });

  it('has no table for a language without one', () => {
    expect(synonymTable('fr')).toBeNull();
    expect(synonymTable('en')?.groupsOf('truce')).toBeDefined();
    expect(synonymTable('de-AT')?.groupsOf('waffenruh')).toBeDefined();
  });
});

describe('the synonym table build', () => {
  const thesaurus = [
    '# a comment',
    'Waffenruhe;Feuerpause;(die) Waffen schweigen',
    'Festnahme;Verhaftung;Kassiber (ugs.)',
    'Anschlag;Attentat',
    'Konzessions...;Deputat...',
  ].join('\n');

  const build = (text: string): string =>
    buildSynonymGroups(openThesaurusSynsets(text), 'de', SYNONYM_BUILD, SYNONYM_SOURCES.de.source).text;

  it('is deterministic, whatever the order of the synsets', () => {
    const once = build(thesaurus);
    const reversed = build(thesaurus.split('\n').reverse().join('\n'));
    expect(reversed).toBe(once);
    expect(once.split('\n').slice(1, -1)).toEqual(['anschlag\tattentat', 'festnahm\tverhaft', 'feuerpaus\twaffenruh']);
  });

  it('keeps single words only and drops annotated registers', () => {
    const text = build(thesaurus);
    expect(text).not.toMatch(/schweig|kassib|konzession/);
  });

  it.each(Object.entries(SYNONYM_SOURCES).map(([language, from]) => ({ language, ...from })))(
    'rebuilds the shipped $language table byte for byte from $file',
    ({ language, file, synsets, options, source }) => {
      // Under CI (.ci/run installs the packages) a missing source fails; elsewhere the check is skipped with a message.
      if (!existsSync(file)) {
        if (process.env.CI === 'true') throw new Error(`${file} is not installed (Debian's thesaurus package; .ci/run installs it)`);
        return void console.warn(`skipped: ${file} is not installed (Debian's thesaurus package)`);
      }
      const text = readFileSync(file, 'utf8');
      const shipped = gunzipSync(readFileSync(new URL(`../../src/dedup/synonyms/${language}.txt.gz`, import.meta.url))).toString('utf8');
      expect(buildSynonymGroups(synsets(text), language, options, source).text).toBe(shipped);
    },
  );
});
