// npx tsx bench/published-entry.ts [--root=/path/to/a/checkout] [--members=50] [--runs=2000] — CPU time of
// building one story's published entry (toPublishedEntry: every member's title and lead scanned for
// logins, the "Also reported by" list, the representative's lead), which every format and the page
// render from. Leads of about 300 characters, one in four writing out a URL with a key, as a newsletter
// does. --root runs another checkout's code (A/B against main on one machine). CPU time
// (process.cpuUsage, user + system), best of 5 rounds of --runs entries: the machine is shared. Writes nothing.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StoredItem, StoryWithItems } from '../src/model.js';
import type { toPublishedEntry as ToPublishedEntry } from '../src/publish/published-entry.js';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const root = path.resolve(arg('root') ?? path.join(import.meta.dirname, '..'));
const memberCount = Number(arg('members') ?? 50);
const runs = Number(arg('runs') ?? 2000);

const { toPublishedEntry } = (await import(pathToFileURL(path.join(root, 'src/publish/published-entry.ts')).href)) as {
  toPublishedEntry: typeof ToPublishedEntry;
};

const lead =
  'Der Stadtrat hat am Montagabend mit großer Mehrheit beschlossen, den Radweg am Hafen bis zum Sommer zu verlängern. ' +
  'Die Bürgermeisterin sprach von einem wichtigen Schritt für die Verkehrswende, die Opposition kritisierte die Kosten. ';

function member(i: number): StoredItem {
  const summary = i % 4 === 0 ? `${lead}Online lesen: https://news${i}.example.org/radweg?token=k${i}` : `${lead}(${i})`;
  return {
    key: `k${i}`,
    guid: null,
    url: `https://news${i}.example.org/radweg`,
    canonicalUrl: `https://news${i}.example.org/radweg`,
    title: `Stadtrat beschließt längeren Radweg am Hafen – Bericht ${i}`,
    summary,
    contentHtml: null,
    author: null,
    categories: [],
    published: null,
    updated: null,
    enclosures: [],
    id: i,
    sourceId: `source-${i}`,
    language: 'de',
    firstSeen: new Date(Date.UTC(2026, 10, 26, 6, i)).toISOString(),
    lastSeen: '2026-11-26T08:00:00.000Z',
    storyId: 'story',
    contentLength: summary.length,
  };
}

const items = Array.from({ length: memberCount }, (_, i) => member(i + 1));
const story: StoryWithItems = {
  id: 'story',
  representativeItemId: 1,
  title: items[0]!.title,
  url: items[0]!.url,
  published: items[0]!.firstSeen,
  updated: items.at(-1)!.firstSeen,
  representative: items[0]!,
  absorbedIds: [],
  items,
};
const options = { sources: new Map(), baseUrl: 'https://merge.example/', storyPageUrl: 'https://merge.example/outputs/all.html' };

let best = Infinity;
let sink = 0;
for (let round = 0; round < 5; round++) {
  const start = process.cpuUsage();
  for (let i = 0; i < runs; i++) sink += toPublishedEntry(story, options).contentHtml.length;
  const used = process.cpuUsage(start);
  best = Math.min(best, (used.user + used.system) / 1000);
}
console.log(
  `root ${root}: ${memberCount}-member story, ${((best / runs) * 1000).toFixed(1)} µs CPU per entry (best of 5 × ${runs}; ${sink > 0 ? 'ok' : '?'})`,
);
