// Rebuilds the shipped background priors (src/dedup/prior/<language>.tsv.gz) from wordfreq's data files.
//   npx tsx scripts/build-prior.ts <wordfreq checkout or its wordfreq/data folder> [output folder]
// Deterministic: the same source gives byte-identical files. See src/dedup/prior/README.md for the source,
// its licence and the estimate.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decode } from '@msgpack/msgpack';
import { normaliseText } from '../src/dedup/normalise-text.js';
import { stemWord } from '../src/dedup/stem-word.js';

/** Content words in the news item the shares are for: a title and the lead's opening (item-features.ts). */
const ITEM_WORDS = 40;
/** Weight of the prior against the live window, as a count of items (see README). */
const DOCUMENTS = 2_000;
/**
 * Stems kept per language, commonest first: most for German and English (the engine's first languages), more for
 * the large European news languages; all 38 languages stay near 3 MB.
 */
const TOP_STEMS = 20_000;
const TOP_STEMS_FOR: Record<string, number> = {
  de: 50_000,
  en: 50_000,
  es: 30_000,
  fr: 30_000,
  it: 30_000,
  nl: 30_000,
  pl: 30_000,
  pt: 30_000,
  ru: 30_000,
};
const SOURCE = 'wordfreq 3.2 (CC BY-SA 4.0)';

// wordfreq's language code → ours (the code normaliseText and stopwords-iso use). Left out: Serbo-Croatian ("sh":
// wordfreq writes it in Latin letters only, while Serbian news is mostly Cyrillic) and Icelandic, Macedonian and
// Tamil (stopwords-iso has no list for them, so the engine never names them as an item's language).
const LANGUAGES: Record<string, string> = {
  ar: 'ar',
  bg: 'bg',
  bn: 'bn',
  ca: 'ca',
  cs: 'cs',
  da: 'da',
  de: 'de',
  el: 'el',
  en: 'en',
  es: 'es',
  fa: 'fa',
  fi: 'fi',
  fil: 'tl',
  fr: 'fr',
  he: 'he',
  hi: 'hi',
  hu: 'hu',
  id: 'id',
  it: 'it',
  ja: 'ja',
  ko: 'ko',
  lt: 'lt',
  lv: 'lv',
  ms: 'ms',
  nb: 'no',
  nl: 'nl',
  pl: 'pl',
  pt: 'pt',
  ro: 'ro',
  ru: 'ru',
  sk: 'sk',
  sl: 'sl',
  sv: 'sv',
  tr: 'tr',
  uk: 'uk',
  ur: 'ur',
  vi: 'vi',
  zh: 'zh',
};

interface Built {
  language: string;
  list: string;
  stems: number;
  bytes: number;
}

/** wordfreq's "cBpack": a header, then lists of words whose index is minus their frequency in centibels. */
function readCentibelPack(file: string): string[][] {
  const [header, ...buckets] = decode(gunzipSync(readFileSync(file))) as [{ format?: string }, ...string[][]];
  if (header.format !== 'cB') throw new Error(`Cannot read ${file}: not a wordfreq cBpack file`);
  return buckets;
}

/** Word list → stem shares, estimated for a news item of ITEM_WORDS content words and rounded to whole centibels; commonest first. */
function stemShares(buckets: string[][], language: string): [string, number][] {
  const frequencies = new Map<string, number>();
  let contentTotal = 0;
  buckets.forEach((words, centibels) => {
    const frequency = 10 ** (-centibels / 100);
    for (const word of words) {
      // The engine's own path: NFKC, folding, stopwords and number words out; numbers are not stems.
      for (const token of normaliseText(word, language).tokens) {
        if (/^\d/.test(token)) continue;
        const stem = stemWord(token, language);
        frequencies.set(stem, (frequencies.get(stem) ?? 0) + frequency);
        contentTotal += frequency;
      }
    }
  });
  const shares: [string, number][] = [];
  for (const [stem, frequency] of frequencies) {
    // Share of items with the stem at least once, if its uses fell independently among the item's words.
    const share = -Math.expm1(ITEM_WORDS * Math.log1p(-frequency / contentTotal));
    // Whole centibels (steps of 2.3 %), as wordfreq rounds its own frequencies: finer would be false precision.
    shares.push([stem, 10 ** (-Math.round(-100 * Math.log10(share)) / 100)]);
  }
  const top = TOP_STEMS_FOR[language] ?? TOP_STEMS;
  return shares.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, top);
}

/** The file's body: a "=share" line, then the stems with that share in code-point order, and so on down. */
function groupedLines(shares: [string, number][]): string[] {
  const lines: string[] = [];
  let current = NaN;
  for (const [stem, share] of shares) {
    if (share !== current) {
      lines.push(`=${share.toExponential(2)}`);
      current = share;
    }
    lines.push(stem);
  }
  return lines;
}

function buildLanguage(dataDirectory: string, outDirectory: string, source: string, language: string): Built | null {
  const list = ['large', 'small'].find((size) => existsSync(join(dataDirectory, `${size}_${source}.msgpack.gz`)));
  if (list === undefined) return null;
  const shares = stemShares(readCentibelPack(join(dataDirectory, `${list}_${source}.msgpack.gz`)), language);
  const floor = shares[shares.length - 1]![1];
  const header = ['#feedmerge-prior', `language=${language}`, `documents=${DOCUMENTS}`, `floor=${floor.toExponential(2)}`];
  header.push(`words=${ITEM_WORDS}`, `source=${SOURCE} ${list}_${source}`);
  const text = `${header.join('\t')}\n${groupedLines(shares).join('\n')}\n`;
  const compressed = gzipSync(text, { level: 9 });
  writeFileSync(join(outDirectory, `${language}.tsv.gz`), compressed);
  return { language, list, stems: shares.length, bytes: compressed.length };
}

function main(): void {
  const [sourcePath, outPath = 'src/dedup/prior'] = process.argv.slice(2);
  if (!sourcePath) throw new Error('Usage: tsx scripts/build-prior.ts <wordfreq checkout or wordfreq/data folder> [output folder]');
  const dataDirectory = existsSync(join(sourcePath, 'wordfreq', 'data')) ? join(sourcePath, 'wordfreq', 'data') : sourcePath;
  if (!existsSync(join(dataDirectory, 'large_en.msgpack.gz'))) {
    throw new Error(
      `Cannot build priors from ${sourcePath}: no wordfreq/data/large_en.msgpack.gz (a checkout of rspeer/wordfreq, or its data folder)`,
    );
  }
  mkdirSync(outPath, { recursive: true });
  let total = 0;
  for (const [source, language] of Object.entries(LANGUAGES)) {
    const built = buildLanguage(dataDirectory, outPath, source, language);
    if (built === null) {
      process.stdout.write(`${language}: no wordfreq list for "${source}" in ${dataDirectory}, skipped\n`);
      continue;
    }
    total += built.bytes;
    process.stdout.write(`${built.language}\t${built.list}\t${built.stems} stems\t${(built.bytes / 1024).toFixed(0)} KiB\n`);
  }
  process.stdout.write(`total\t${(total / 1024).toFixed(0)} KiB\n`);
}

main();
