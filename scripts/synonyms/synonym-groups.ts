// OpenThesaurus' synsets as groups of the engine's own stems (scripts/build-synonyms.ts writes them to
// src/dedup/synonyms/<language>.txt.gz; src/dedup/synonym-table.ts reads them). Pure: text in, text out, so the build is
// deterministic and testable without the installed thesaurus.
import { backgroundPrior } from '../../src/dedup/background-prior.js';
import { normaliseText } from '../../src/dedup/normalise-text.js';
import { stemWord } from '../../src/dedup/stem-word.js';

export interface SynonymBuildOptions {
  /** Groups with more stems than this are dropped: a large synset links loosely related words ("Lager", "Gulag", "Bagno"). */
  maxGroup: number;
  /** Stems below this information (bits, −log2 of the prior's share) are dropped: everyday words ("machen", "Sache") would link everything. */
  minBits: number;
  /** Entries carrying one of these annotations are dropped: words news rarely writes, or uses only loosely. */
  dropRegisters: readonly string[];
}

/** The shipped German table's choices (src/dedup/synonyms/README.md says how they were measured). */
export const SYNONYM_BUILD: SynonymBuildOptions = {
  maxGroup: 8,
  minBits: 6,
  dropRegisters: ['ugs.', 'derb', 'vulg.', 'veraltet', 'veraltend', 'fig.', 'ironisch', 'scherzhaft', 'abwertend', 'Jargon', 'Spruch'],
};

/** English (WordNet's senses through MyThes): hypernyms, related and similar words and antonyms are no synonyms. */
export const SYNONYM_BUILD_EN: SynonymBuildOptions = {
  ...SYNONYM_BUILD,
  dropRegisters: ['generic term', 'related term', 'similar term', 'antonym'],
};

/** Where each language's table comes from: the installed thesaurus, how to read it, the build's choices, the header's source. */
export const SYNONYM_SOURCES = {
  de: {
    file: '/usr/share/openthesaurus-de/openthesaurus.txt',
    synsets: openThesaurusSynsets,
    options: SYNONYM_BUILD,
    source: 'OpenThesaurus 2016-04-24 (LGPL-2.1)',
  },
  en: {
    file: '/usr/share/mythes/th_en_US_v2.dat',
    synsets: myThesSynsets,
    options: SYNONYM_BUILD_EN,
    source: 'MyThes th_en_US_v2 from WordNet 3 (WordNet licence)',
  },
} as const;

/** OpenThesaurus' text export: one synset a line, `;`-separated entries, annotations in parentheses, `#` comments. */
export function openThesaurusSynsets(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(';'));
}

/**
 * A MyThes thesaurus (LibreOffice's th_<lang>_v2.dat): a charset line, then per word `word|senses` and one line a sense,
 * `(pos)|synonym|…|hypernym (generic term)|…`. Each sense with its headword is a synset (the same synset comes again under
 * each of its words; the build keeps it once); the annotations say which entries are no synonyms.
 */
export function myThesSynsets(text: string): string[][] {
  const synsets: string[][] = [];
  let headword = '';
  for (const line of text.split('\n').slice(1)) {
    if (line === '') continue;
    const fields = line.split('|');
    if (fields[0]!.startsWith('(')) synsets.push([headword, ...fields.slice(1)]);
    else headword = fields[0]!;
  }
  return synsets;
}

/**
 * The synsets (each a list of entries, annotations in parentheses) as the file's text: a header, then one group a
 * line, its stems tab-separated in code-point order, groups in code-point order, duplicates once.
 */
export function buildSynonymGroups(
  synsets: readonly (readonly string[])[],
  language: string,
  options: SynonymBuildOptions,
  source: string,
): { text: string; groups: number; stems: number } {
  const prior = backgroundPrior(language);
  const informative = (stem: string): boolean => !prior || -Math.log2(prior.share(stem)) >= options.minBits;
  const drop = new Set(options.dropRegisters);
  const lines = new Set<string>();
  for (const synset of synsets) {
    const stems = new Set<string>();
    for (const entry of synset) {
      const notes = [...entry.matchAll(/\(([^)]*)\)/g)].flatMap((m) => m[1]!.split(',').map((n) => n.trim()));
      if (notes.some((n) => drop.has(n))) continue;
      const bare = entry.replace(/\([^)]*\)/g, ' ').trim();
      // Single words only: a phrase ("ums Leben kommen") is no one term the engine could find; "Konzessions..." is a prefix.
      if (bare === '' || /\s/.test(bare) || bare.includes('...')) continue;
      const tokens = normaliseText(bare, language).tokens;
      if (tokens.length !== 1 || /^\d/.test(tokens[0]!)) continue;
      const stem = stemWord(tokens[0]!, language);
      stems.add(stem);
    }
    // The synset's size before common words leave it: a large one is loose whatever is left of it.
    if (stems.size > options.maxGroup) continue;
    const kept = [...stems].filter(informative);
    if (kept.length >= 2) lines.add(kept.sort(byCodePoint).join('\t'));
  }
  const groups = [...lines].sort(byCodePoint);
  const stems = new Set(groups.flatMap((g) => g.split('\t'))).size;
  const header = [
    '#feedmerge-synonyms',
    `language=${language}`,
    `groups=${groups.length}`,
    `maxGroup=${options.maxGroup}`,
    `minBits=${options.minBits}`,
    `source=${source}`,
  ].join('\t');
  return { text: `${header}\n${groups.join('\n')}\n`, groups: groups.length, stems };
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
