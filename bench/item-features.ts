// npx tsx bench/item-features.ts --database FILE — the story engine's per-item features (`itemFeatures`: language
// guess, normalising, stemming, compound parts) alone, over every item of a stored poll, in id order, in a fresh
// process: the first-sight cost of each word (stem and compound caches start empty, as in a `poll --once`) is part of
// it. The database is one that `npm run bench:poll-files -- --keep` left (its 100,000 items in 50 files), or any
// other feedmerge database. Prints the CPU time of the first pass and of a second one (warm caches), and a SHA-256
// digest of every item's features, so that a speed change can show it computes the same features.
//
//   npx tsx bench/item-features.ts --database /dev/shm/feedmerge-bench-poll-files-…/feedmerge.db [--passes 2]
import { createHash } from 'node:crypto';
import { itemFeatures, type ItemFeatures } from '../src/dedup/item-features.js';
import type { MatchableItem } from '../src/model.js';
import { openStore } from '../src/store/open-store.js';

function value(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Features as JSON, sets as arrays in their order. */
function featuresJson(features: ItemFeatures): string {
  return JSON.stringify(features, (_, v: unknown) => (v instanceof Set ? [...(v as Set<unknown>)] : v));
}

async function main(): Promise<void> {
  const database = value('database');
  if (!database) throw new Error('--database FILE is required');
  const passes = Number(value('passes') ?? 2);
  const store = await openStore(database, { mustExist: true });
  const items: MatchableItem[] = [];
  for await (const item of store.items.all()) items.push(item);
  await store.close();
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`${items.length.toLocaleString('en')} items from ${database}`);
  for (let pass = 1; pass <= passes; pass++) {
    const digest = createHash('sha256');
    const before = process.cpuUsage();
    const computed: ItemFeatures[] = [];
    for (const item of items) computed.push(itemFeatures(item, null));
    const cpu = process.cpuUsage(before);
    for (const features of computed) digest.update(featuresJson(features)).update('\n');
    const seconds = (cpu.user + cpu.system) / 1e6;
    out(
      `pass ${pass}: CPU ${seconds.toFixed(2)} s, ${((seconds / items.length) * 1e6).toFixed(1)} µs per item; features digest ${digest.digest('hex').slice(0, 16)}`,
    );
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:item-features: ${error.message}\n`);
  process.exit(1);
});
