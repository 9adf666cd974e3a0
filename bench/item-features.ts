// npx tsx bench/item-features.ts — the story engine's per-item features (`itemFeatures`: language guess, normalising,
// stemming, compound parts, places) alone, over a set of items, in a fresh process: the first-sight cost of each word
// (the stem and compound caches start empty, as in a `poll --once`) is part of the first pass. Prints the CPU time of the
// first pass and of later ones (warm caches), and a SHA-256 digest of every item's features, so that a speed change can
// show it computes the same features. The items, one of:
//   --database FILE   every item of a feedmerge database, in id order (e.g. the 100,000 items in 50 files that
//                     `npm run bench:poll-files -- --keep` leaves), with no feed language declared;
//   --null-model N    the null model's N synthetic items (bench/generate/null-model-items.ts; German, English and
//                     Spanish made-up words; no language declared, as place-null-model.ts stores them), --planted for 10 % copies;
//   --calibration     the items of the calibration news sets (eval/calibration-de … -de-4, -en: real German and English
//                     text), each twice: with its set's language declared, and with none (the language guessed).
//
//   npx tsx bench/item-features.ts --null-model 20000 [--passes 2]
//   npx tsx bench/item-features.ts --database /dev/shm/feedmerge-bench-poll-files-…/feedmerge.db
import { createHash } from 'node:crypto';
import path from 'node:path';
import { itemFeatures, type ItemFeatures } from '../src/dedup/item-features.js';
import type { MatchableItem } from '../src/model.js';
import { openStore } from '../src/store/open-store.js';
import { CALIBRATION_NEWS_SETS, newsItems } from '../scripts/eval/sets/news-set.js';
import { nullModelItems } from './generate/null-model-items.js';

function value(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Features as JSON, sets as arrays in their order. */
function featuresJson(features: ItemFeatures): string {
  return JSON.stringify(features, (_, v: unknown) => (v instanceof Set ? [...(v as Set<unknown>)] : v));
}

/** An item with the feed language to compute it with. */
interface Input {
  item: MatchableItem;
  declaredLanguage: string | null;
}

const NOW_MS = Date.parse('2026-12-01T12:00:00.000Z');

function matchable(
  id: number,
  fields: { sourceId: string; key: string; url: string | null; title: string; summary: string; publishedMs: number },
): MatchableItem {
  return {
    id,
    sourceId: fields.sourceId,
    key: fields.key,
    url: fields.url,
    canonicalUrl: fields.url,
    title: fields.title,
    summary: fields.summary,
    language: null,
    published: new Date(fields.publishedMs).toISOString(),
    firstSeen: new Date(NOW_MS).toISOString(),
    storyId: null,
    contentLength: fields.summary.length,
  };
}

function nullModelInputs(count: number, planted: boolean): Input[] {
  const items = nullModelItems({
    items: count,
    feeds: 50,
    plantedShare: planted ? 0.1 : 0,
    seed: 'null-model-1',
    spanMs: 71 * 3_600_000,
    vocabularySize: 60_000,
  });
  return items.map((i, n) => ({
    item: matchable(n + 1, {
      sourceId: `feed-${i.feed}`,
      key: i.guid,
      url: i.url,
      title: i.title,
      summary: i.summary,
      publishedMs: NOW_MS - 5 * 60_000 - i.ageMs,
    }),
    declaredLanguage: null,
  }));
}

function calibrationInputs(): Input[] {
  const sets = Object.values(CALIBRATION_NEWS_SETS).map(({ folder, set }) => set(`eval/${folder}/items.jsonl`));
  const inputs: Input[] = [];
  for (const declared of [true, false])
    for (const set of sets) {
      const items = newsItems({ ...set, file: path.resolve(set.file) });
      if (items === null) throw new Error(`${set.file} is missing`);
      for (const i of items)
        inputs.push({
          item: matchable(inputs.length + 1, {
            sourceId: i.source,
            key: i.id,
            url: i.url,
            title: i.title,
            summary: i.summary,
            publishedMs: i.publishedMs,
          }),
          declaredLanguage: declared ? set.language : null,
        });
    }
  return inputs;
}

async function databaseInputs(database: string): Promise<Input[]> {
  const store = await openStore(database, { mustExist: true });
  const inputs: Input[] = [];
  for await (const item of store.items.all()) inputs.push({ item, declaredLanguage: null });
  await store.close();
  return inputs;
}

async function main(): Promise<void> {
  const database = value('database');
  const nullModel = value('null-model');
  const passes = Number(value('passes') ?? 2);
  let inputs: Input[];
  let what: string;
  if (database) [inputs, what] = [await databaseInputs(database), database];
  else if (nullModel) {
    const planted = process.argv.includes('--planted');
    [inputs, what] = [nullModelInputs(Number(nullModel), planted), `the null model${planted ? ' (10 % planted copies)' : ''}`];
  } else if (process.argv.includes('--calibration'))
    [inputs, what] = [calibrationInputs(), 'the calibration sets (declared, then guessed)'];
  else throw new Error('--database FILE, --null-model N or --calibration is required');
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`${inputs.length.toLocaleString('en')} items from ${what}`);
  for (let pass = 1; pass <= passes; pass++) {
    const digest = createHash('sha256');
    const before = process.cpuUsage();
    const computed: ItemFeatures[] = [];
    for (const { item, declaredLanguage } of inputs) computed.push(itemFeatures(item, declaredLanguage));
    const cpu = process.cpuUsage(before);
    for (const features of computed) digest.update(featuresJson(features)).update('\n');
    const seconds = (cpu.user + cpu.system) / 1e6;
    out(
      `pass ${pass}: CPU ${seconds.toFixed(2)} s, ${((seconds / inputs.length) * 1e6).toFixed(1)} µs per item; features digest ${digest.digest('hex').slice(0, 16)}`,
    );
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:item-features: ${error.message}\n`);
  process.exit(1);
});
