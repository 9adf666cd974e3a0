// `npm run demo`, step one: copies data/samples into data/demo-feeds (or the folder given), every
// date moved by whole weeks so the newest item is less than a week old, as on a live feed.
// config.demo.json polls these copies. Usage: node scripts/demo/write-demo-feeds.mjs [folder]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SHIFTABLE_SAMPLE, shiftToRecent } from './shift-feed-dates.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const samples = path.join(root, 'data/samples');
const target = path.resolve(process.argv[2] ?? path.join(root, 'data/demo-feeds'));

const names = readdirSync(samples)
  .filter((name) => SHIFTABLE_SAMPLE.test(name))
  .sort();
const shifted = shiftToRecent(
  names.map((name) => readFileSync(path.join(samples, name))),
  Date.now(),
);
mkdirSync(target, { recursive: true });
names.forEach((name, i) => writeFileSync(path.join(target, name), shifted[i]));
process.stdout.write(`demo feeds: ${names.length} samples dated to this week in ${path.relative(process.cwd(), target) || '.'}\n`);
