// Rebuilds the shipped synonym tables (src/dedup/synonyms/<language>.txt.gz) from installed thesauri.
//   npx tsx scripts/build-synonyms.ts [de|en] [thesaurus file] [output folder] [--max-group=N] [--min-bits=B] [--keep-registers]
// Default sources: Debian's openthesaurus-de-text (/usr/share/openthesaurus-de/openthesaurus.txt) for German, mythes-en-us
// (/usr/share/mythes/th_en_US_v2.dat) for English. Deterministic: the same source gives a byte-identical file. See
// src/dedup/synonyms/README.md for the sources, their licences and the choices below.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSynonymGroups, SYNONYM_SOURCES, type SynonymBuildOptions } from './synonyms/synonym-groups.js';

const option = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const [language = 'de', sourcePath, outPath = 'src/dedup/synonyms'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (language !== 'de' && language !== 'en') throw new Error(`build-synonyms: language must be de or en, not "${language}"`);
const from = SYNONYM_SOURCES[language];
const options: SynonymBuildOptions = {
  maxGroup: Number(option('max-group') ?? from.options.maxGroup),
  minBits: Number(option('min-bits') ?? from.options.minBits),
  dropRegisters: process.argv.includes('--keep-registers') ? [] : from.options.dropRegisters,
};
const synsets = from.synsets(readFileSync(sourcePath ?? from.file, 'utf8'));
const { text, groups, stems } = buildSynonymGroups(synsets, language, options, from.source);
mkdirSync(outPath, { recursive: true });
writeFileSync(join(outPath, `${language}.txt.gz`), gzipSync(text, { level: 9 }));
console.log(`${language}: ${groups} groups, ${stems} stems → ${join(outPath, `${language}.txt.gz`)}`);
