// `npx tsx scripts/news-set-word-evidence.ts [--set-key=calde,calde2,…] [--hours=24]`: how far the words two reports share
// tell same-event pairs from different-event pairs in the news CALIBRATION sets (German by default), before any rule of the
// engine: for every pair of items of two outlets published within --hours, the information both texts share (title and lead
// opening, the engine's own evidence terms, item-features.ts; each term weighed by the shipped prior, compound parts at
// `partWeight`), and, at the levels where the 10, 25, 50 and 100 most similar different-event pairs lie, how many
// same-event pairs share more. A new kind of evidence (a relation between words the terms leave apart) earns its place
// when it moves same-event pairs past those levels more than different-event ones. `--relation=contain` shows one: a word
// of five letters or more on one side that the other side writes inside a longer word ("Streik" / "Bahnstreik",
// "Beben" / "Erdbeben") counted at the lesser of the two words' information; --list then prints the commonest such words
// with the same-event and different-event pairs each was found in. `--relation=synonym`: a word of one side whose synonym
// (the shipped table, synonym-table.ts) the other side holds, counted as the engine counts it (shared-synonyms.ts:
// `synonymShare` of the lesser information, only where the texts share `synonymsAfterWords` words; --list prints the
// commonest pairs). Calibration sets only.
import path from 'node:path';
import { backgroundPrior } from '../src/dedup/background-prior.js';
import { itemFeatures } from '../src/dedup/item-features.js';
import { SCORE_SETTINGS } from '../src/dedup/score-story.js';
import { synonymTable } from '../src/dedup/synonym-table.js';
import { CALIBRATION_NEWS_SETS as calibrationSets, newsItems, type NewsItem } from './eval/sets/news-set.js';

const option = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const keys = (option('set-key') ?? 'calde,calde2,calde3,calde4').split(',');
const hours = Number(option('hours') ?? 24);
const relation = option('relation') ?? 'terms';
if (relation !== 'terms' && relation !== 'contain' && relation !== 'synonym')
  throw new Error(`news-set-word-evidence: --relation is terms, contain or synonym, not "${relation}"`);
/** Information of a term the prior has never seen is capped as the engine's weights are by their floor: names weigh most. */
const MAX_BITS = 15;
/** With --relation=contain (or synonym): each word found inside another (or its synonym), with the pairs it was found in. */
const contained = new Map<string, { same: number; different: number }>();
/** Shorter words sit inside too many others by chance ("land" in "Deutschland"). */
const MIN_CONTAINED = 5;

interface Evidence {
  outlet: string;
  label: string;
  atMs: number;
  language: string;
  words: ReadonlySet<string>;
  parts: ReadonlySet<string>;
}

function evidenceOf(item: NewsItem): Evidence {
  const features = itemFeatures(
    {
      id: 0,
      sourceId: item.source,
      key: item.id,
      title: item.title,
      summary: item.summary,
      language: item.language,
      url: item.url,
      canonicalUrl: null,
      published: new Date(item.publishedMs).toISOString(),
      firstSeen: new Date(item.publishedMs).toISOString(),
      contentLength: item.summary.length,
    } as Parameters<typeof itemFeatures>[0],
    item.language,
  );
  const parts = features.partTerms;
  return {
    outlet: item.source,
    label: item.label,
    atMs: item.publishedMs,
    language: item.language,
    words: new Set(features.terms.filter((t) => !parts.has(t))),
    parts,
  };
}

function bitsOf(term: string, language: string): number {
  const prior = backgroundPrior(language);
  return prior === null ? MAX_BITS : Math.min(MAX_BITS, -Math.log2(prior.share(term)));
}

/** The information two items share: their common terms (a part on either side at `partWeight`), and with --relation=contain, words found inside the other side's words. */
function sharedBits(a: Evidence, b: Evidence): number {
  let bits = 0;
  for (const term of [...a.words, ...a.parts]) {
    if (!b.words.has(term) && !b.parts.has(term)) continue;
    const part = a.parts.has(term) || b.parts.has(term);
    bits += bitsOf(term, a.language) * (part ? SCORE_SETTINGS.partWeight : 1);
  }
  if (relation === 'synonym') bits += synonymBits(a, b);
  if (relation === 'contain') {
    const inside = (x: Evidence, y: Evidence): void => {
      for (const word of x.words) {
        if (word.length < MIN_CONTAINED || y.words.has(word) || y.parts.has(word)) continue;
        for (const other of y.words)
          if (other.length > word.length && other.includes(word)) {
            bits += Math.min(bitsOf(word, x.language), bitsOf(other, y.language));
            const counts = contained.get(`${word} / ${other}`) ?? { same: 0, different: 0 };
            counts[x.label === y.label ? 'same' : 'different']++;
            contained.set(`${word} / ${other}`, counts);
            break;
          }
      }
    };
    inside(a, b);
    inside(b, a);
  }
  return bits;
}

/** With --relation=synonym: each word of a that b lacks paired with a synonym b holds and a lacks, each word once. */
function synonymBits(a: Evidence, b: Evidence): number {
  const table = synonymTable(a.language);
  if (table === null) return 0;
  let sharedWords = 0;
  for (const word of a.words) if (b.words.has(word)) sharedWords++;
  if (sharedWords < SCORE_SETTINGS.synonymsAfterWords) return 0;
  let bits = 0;
  const used = new Set<string>();
  for (const word of a.words) {
    if (b.words.has(word) || b.parts.has(word)) continue;
    const groups = new Set(table.groupsOf(word) ?? []);
    if (groups.size === 0) continue;
    for (const other of b.words) {
      if (used.has(other) || a.words.has(other) || a.parts.has(other)) continue;
      if (!(table.groupsOf(other) ?? []).some((g) => groups.has(g))) continue;
      used.add(other);
      bits += SCORE_SETTINGS.synonymShare * Math.min(bitsOf(word, a.language), bitsOf(other, b.language));
      const counts = contained.get(`${word} / ${other}`) ?? { same: 0, different: 0 };
      counts[a.label === b.label ? 'same' : 'different']++;
      contained.set(`${word} / ${other}`, counts);
      break;
    }
  }
  return bits;
}

const same: number[] = [];
const different: number[] = [];
for (const key of keys) {
  const entry = calibrationSets[key];
  if (!entry) throw new Error(`news-set-word-evidence: --set-key takes ${Object.keys(calibrationSets).join(', ')}, not "${key}"`);
  const set = entry.set(path.join(import.meta.dirname, '../eval', entry.folder, 'items.jsonl'));
  const items = (newsItems(set) ?? []).map(evidenceOf);
  for (let i = 0; i < items.length; i++)
    for (let j = 0; j < i; j++) {
      const a = items[i]!;
      const b = items[j]!;
      if (a.outlet === b.outlet || Math.abs(a.atMs - b.atMs) > hours * 3_600_000) continue;
      (a.label === b.label ? same : different).push(sharedBits(a, b));
    }
}
different.sort((x, y) => y - x);
console.log(`${keys.join(',')}: pairs of two outlets within ${hours} h, relation ${relation}`);
console.log(`  same event ${same.length}, different events ${different.length}`);
for (const top of [10, 25, 50, 100]) {
  const level = different[top] ?? 0;
  const passing = same.filter((bits) => bits > level).length;
  console.log(
    `  above the ${top} most similar different-event pairs (${level.toFixed(1)} bits): ${passing} same-event pairs (${((100 * passing) / Math.max(1, same.length)).toFixed(1)} %)`,
  );
}
if (process.argv.includes('--list'))
  for (const [words, counts] of [...contained].sort((x, y) => y[1].same + y[1].different - x[1].same - x[1].different).slice(0, 40))
    console.log(`  ${words}: ${counts.same} same-event, ${counts.different} different-event pairs`);
