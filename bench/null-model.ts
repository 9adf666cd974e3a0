// npm run bench:null — the null model: 100,000 unrelated synthetic news items (three languages, made-up
// Zipf-distributed content words between real function words, titles of one to four content words,
// unrelated leads of 15–40 words, dated over the last three days) in 50 local feed files, through
// `feedmerge poll --once --all` and `stories --json`. Nothing in it is a copy, so every merge is false.
// With --planted, 10 % of the items are copies of an earlier item from another feed (1 minute to 12 hours
// later), made by a topic prefix, an agency dateline, a shortened lead, one title word swapped, the same
// link with tracking parameters, or another outlet's link to the same title and lead.
//
//   npm run bench:null -- [--items 100000] [--feeds 50] [--planted] [--show-false=N] [--seed null-model-1] [--vocabulary 60000] [--keep]
//
// Deterministic for a seed (the dates are offsets before the run). Needs `npm run build` (it runs bin/feedmerge.js).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assignStories } from '../scripts/eval/assign-stories.js';
import { clusterScores, forbiddenMerges } from '../scripts/eval/cluster-scores.js';
import { evalFeedFormats, feedDocument } from '../scripts/eval/feed-document.js';
import { repositoryRoot, storiesJson } from '../scripts/eval/feedmerge-cli.js';
import { runTempRoot } from '../scripts/eval/real-path-run.js';
import { copyKinds, nullModelItems, type NullModelItem } from './generate/null-model-items.js';
import { measureProcess } from './support/process-usage.js';

function value(name: string): string | undefined {
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  if (eq) return eq.slice(name.length + 3);
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const itemCount = Number(value('items') ?? 100_000);
const feeds = Number(value('feeds') ?? 50);
const planted = process.argv.includes('--planted');
const showFalse = Number(value('show-false') ?? 0);
const seed = value('seed') ?? 'null-model-1';
// About the distinct content words of a 3-day window of ~33,000 items in one language (Heaps' law, V ≈ 30·n^0.55 for
// ~1 million content-word tokens).
const vocabularySize = Number(value('vocabulary') ?? 60_000);
const HOUR = 3_600_000;
// "The last three days", one hour short, so that no item is already outside the 72 h window at the poll.
const spanMs = 71 * HOUR;
const endsBeforeRunMs = 5 * 60_000;

const log = (line: string) => process.stderr.write(`[bench:null] ${line}\n`);

function writeFeeds(dir: string, items: readonly NullModelItem[], now: number): string[] {
  const byFeed = new Map<number, NullModelItem[]>();
  for (const item of items) byFeed.set(item.feed, [...(byFeed.get(item.feed) ?? []), item]);
  const files: string[] = [];
  for (let f = 0; f < feeds; f++) {
    // Newest first, as real feeds list them; no language stated, so the engine guesses it from the text.
    const list = (byFeed.get(f) ?? []).sort((a, b) => a.ageMs - b.ageMs);
    const format = evalFeedFormats[f % evalFeedFormats.length]!;
    const document = feedDocument(
      format,
      { title: `Feed ${f}`, link: `https://feed${f}.bench.example/`, language: null },
      list.map((i) => ({ guid: i.guid, title: i.title, summary: i.summary, url: i.url, publishedMs: now - endsBeforeRunMs - i.ageMs })),
    );
    const file = path.join(dir, `feed-${f}.${format === 'atom1' ? 'atom' : format === 'rdf' ? 'rdf' : 'rss'}`);
    writeFileSync(file, document.body);
    files.push(file);
  }
  return files;
}

async function main(): Promise<void> {
  const generated = performance.now();
  const items = nullModelItems({ items: itemCount, feeds, plantedShare: planted ? 0.1 : 0, seed, spanMs, vocabularySize });
  log(`generated ${items.length.toLocaleString('en')} items in ${((performance.now() - generated) / 1000).toFixed(1)} s`);
  const dir = mkdtempSync(path.join(runTempRoot(), 'feedmerge-bench-null-'));
  try {
    const files = writeFeeds(dir, items, Date.now());
    const configFile = path.join(dir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({ database: 'feedmerge.db', publicDir: 'public', sources: files.map((file, f) => ({ id: `feed-${f}`, url: file })) }),
    );
    log(`polling ${feeds} files …`);
    const poll = await measureProcess(process.execPath, [
      path.join(repositoryRoot, 'bin/feedmerge.js'),
      'poll',
      '--once',
      '--all',
      '--config',
      configFile,
    ]);
    if (poll.code !== 0) throw new Error(`poll failed (${poll.code}): ${poll.stderr.slice(-500)}`);
    const errors = poll.stdout.split('\n').filter((l) => /: (?:error|disabled): /.test(l));
    const stories = await storiesJson(configFile);
    const assignment = assignStories(
      items.map((i) => ({ source: `feed-${i.feed}`, guid: i.guid, url: i.url })),
      stories,
    );
    const sizes = new Map<string, number>();
    for (const s of assignment.predicted) sizes.set(s, (sizes.get(s) ?? 0) + 1);
    const merged = assignment.predicted.filter((s) => sizes.get(s)! > 1).length;
    const largest = Math.max(...sizes.values());
    const out = (line = '') => process.stdout.write(`${line}\n`);
    out(
      `null model${planted ? ' with planted copies' : ''}: ${items.length.toLocaleString('en')} items (${planted ? `${items.filter((i) => i.kind).length.toLocaleString('en')} planted copies` : 'no copies'}), ${feeds} feed files (RSS 2.0, Atom 1.0, RSS 1.0, Latin-1 RSS 2.0), languages de/en/es, vocabulary ${vocabularySize.toLocaleString('en')} per language, seed "${seed}"`,
    );
    out(
      `poll --once --all: wall ${poll.wallSeconds.toFixed(1)} s, CPU ${poll.cpuSeconds.toFixed(1)} s, peak RSS ${(poll.peakRssBytes / 2 ** 20).toFixed(0)} MiB (${poll.method}); ${(items.length / poll.wallSeconds).toFixed(0)} items/s wall; load ${os
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')} (shared machine)`,
    );
    out(
      `items out once ${(items.length - assignment.missing.length - assignment.duplicated.length).toLocaleString('en')} of ${items.length.toLocaleString('en')}, missing ${assignment.missing.length}, duplicated ${assignment.duplicated.length}, unknown ${assignment.unknown}${errors.length ? `; source errors: ${errors.join('; ')}` : ''}`,
    );
    out(
      `stories ${sizes.size.toLocaleString('en')}; items in a story of more than one item: ${merged.toLocaleString('en')} = ${((100 * merged) / items.length).toFixed(3)} % (goal ≤ 0.1 % for the pure null model); largest story ${largest} (goal ≤ 3)`,
    );
    const byLength = [1, 2, 3, 4].map((n) => {
      const of = items.filter((i) => i.titleContentWords === n);
      const inStory = of.filter((i) => sizes.get(assignment.predicted[i.index]!)! > 1).length;
      return `${n}: ${((100 * inStory) / Math.max(1, of.length)).toFixed(2)} % of ${of.length.toLocaleString('en')}`;
    });
    out(`merged share by content words in the title: ${byLength.join('; ')}`);
    const labels = items.map((i) => String(i.family));
    if (planted) {
      const copies = items.filter((i) => i.kind);
      const together = (i: NullModelItem) => assignment.predicted[i.index] === assignment.predicted[i.family];
      const found = copies.filter(together).length;
      out(
        `planted pairs (original, copy) in one story: ${found.toLocaleString('en')} of ${copies.length.toLocaleString('en')} = recall ${(found / copies.length).toFixed(4)} (goal ≥ 0.97)`,
      );
      for (const kind of copyKinds) {
        const of = copies.filter((c) => c.kind === kind);
        out(`  ${kind.padEnd(18)} ${of.filter(together).length} / ${of.length} = ${(of.filter(together).length / of.length).toFixed(4)}`);
      }
      const scores = clusterScores({ labels, predicted: assignment.predicted });
      out(
        `pairwise precision over all merged pairs: ${scores.p.toFixed(4)} (${scores.truePairs.toLocaleString('en')} of ${scores.predictedPairs.toLocaleString('en')} pairs within one family; goal ≥ 0.995)`,
      );
    }
    if (showFalse > 0) {
      // Only stories of up to 50 items are listed pair by pair (a larger one would print thousands of pairs).
      const small = assignment.predicted.map((s, i) => (sizes.get(s)! <= 50 ? s : `big-${i}`));
      const wrong = forbiddenMerges({ labels, predicted: small });
      out(
        `false merges (pairs of different families in one story): ${wrong.length.toLocaleString('en')}${[...sizes.values()].some((n) => n > 50) ? ' (stories over 50 items not listed)' : ''}; the first ${Math.min(showFalse, wrong.length)}:`,
      );
      for (const [a, b] of wrong.slice(0, showFalse)) {
        const x = items[a]!;
        const y = items[b]!;
        out(`  [${x.language}] feed-${x.feed}: ${x.title} | ${x.summary.slice(0, 80)}…`);
        out(
          `  [${y.language}] feed-${y.feed}: ${y.title} | ${y.summary.slice(0, 80)}…  (${(Math.abs(x.ageMs - y.ageMs) / HOUR).toFixed(1)} h apart)`,
        );
        out();
      }
    }
  } finally {
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:null: ${error.message}\n`);
  process.exit(1);
});
