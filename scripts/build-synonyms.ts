// Rebuilds the shipped synonym table (src/dedup/synonyms/de.txt.gz) from OpenThesaurus' text file.
//   npx tsx scripts/build-synonyms.ts [thesaurus file] [output folder] [--max-group=N] [--min-bits=B] [--keep-registers]
// Default source: Debian's openthesaurus-de-text, /usr/share/openthesaurus-de/openthesaurus.txt. Deterministic: the same
// source gives a byte-identical file. See src/dedup/synonyms/README.md for the source, its licence and the choices below.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSynonymGroups, SYNONYM_BUILD, type SynonymBuildOptions } from './synonyms/synonym-groups.js';

const option = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const [sourcePath = '/usr/share/openthesaurus-de/openthesaurus.txt', outPath = 'src/dedup/synonyms'] = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'));
const options: SynonymBuildOptions = {
  maxGroup: Number(option('max-group') ?? SYNONYM_BUILD.maxGroup),
  minBits: Number(option('min-bits') ?? SYNONYM_BUILD.minBits),
  dropRegisters: process.argv.includes('--keep-registers') ? [] : SYNONYM_BUILD.dropRegisters,
};
const { text, groups, stems } = buildSynonymGroups(readFileSync(sourcePath, 'utf8'), 'de', options);
mkdirSync(outPath, { recursive: true });
writeFileSync(join(outPath, 'de.txt.gz'), gzipSync(text, { level: 9 }));
console.log(`de: ${groups} groups, ${stems} stems → ${join(outPath, 'de.txt.gz')}`);
