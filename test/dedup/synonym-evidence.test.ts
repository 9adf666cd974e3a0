// A word of one side whose synonym the other side holds counts as a shared word (src/dedup/shared-synonyms.ts, the
// shipped table of src/dedup/synonyms/): "Festnahme" / "Verhaftung" turns a report sharing four words of its own with
// the story into a retelling of it, and the same report without the synonym stays apart. Two arrests in two towns, told
// with the same synonyms, stay two stories. Through the real ingest + placement path.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { buildSynonymGroups, SYNONYM_BUILD } from '../../scripts/synonyms/synonym-groups.js';
import { synonymTable } from '../../src/dedup/synonym-table.js';
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

  it('has no table for a language without one', () => {
    expect(synonymTable('en')).toBeNull();
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

  it('is deterministic, whatever the order of the synsets', () => {
    const once = buildSynonymGroups(thesaurus, 'de', SYNONYM_BUILD).text;
    const reversed = buildSynonymGroups(thesaurus.split('\n').reverse().join('\n'), 'de', SYNONYM_BUILD).text;
    expect(reversed).toBe(once);
    expect(once.split('\n').slice(1, -1)).toEqual(['anschlag\tattentat', 'festnahm\tverhaft', 'feuerpaus\twaffenruh']);
  });

  it('keeps single words only and drops annotated registers', () => {
    const text = buildSynonymGroups(thesaurus, 'de', SYNONYM_BUILD).text;
    expect(text).not.toMatch(/schweig|kassib|konzession/);
  });

  it('matches the shipped table when the installed thesaurus is at hand', () => {
    let source: string;
    try {
      source = readFileSync('/usr/share/openthesaurus-de/openthesaurus.txt', 'utf8');
    } catch {
      return; // Debian's openthesaurus-de-text is not installed here: nothing to rebuild from.
    }
    const shipped = gunzipSync(readFileSync(new URL('../../src/dedup/synonyms/de.txt.gz', import.meta.url))).toString('utf8');
    expect(buildSynonymGroups(source, 'de', SYNONYM_BUILD).text).toBe(shipped);
  });
});
