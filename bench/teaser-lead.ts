// npx tsx bench/teaser-lead.ts [--items 1000,10000,50000] — the cost of a site's fixed teaser (source-boilerplate-lead.ts):
// one source puts one teaser under N items with N different titles, all in one window. Each item is checked for
// boilerplate and indexed as placement does it (`withoutSourceBoilerplate`, then `indexItem`), then the whole window
// expires (`pruneWindowIndex`). Features are worked out before the clock starts; only the check, indexing and expiry
// are timed (CPU of this process). Prints CPU ms per N and per item: flat per item when the teaser costs O(1) per item.
import { itemFeatures } from '../src/dedup/item-features.js';
import { withoutSourceBoilerplate } from '../src/dedup/source-boilerplate-lead.js';
import { emptyWindowIndex, indexItem, pruneWindowIndex } from '../src/dedup/window-index.js';
import type { MatchableItem } from '../src/model.js';
import { seededRandom } from '../scripts/eval/seeded-random.js';

function value(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const sizes = (value('items') ?? '1000,10000,50000').split(',').map(Number);
const TEASER = 'Aktuelle Nachrichten aus der Region Oberland jeden Tag neu im kostenlosen Newsletter der Rundschau';
const START_MS = Date.parse('2026-12-01T00:00:00.000Z');

/** N items of one source, each with its own title of four random words from a made-up vocabulary, all under the teaser. */
function teaserItems(n: number): MatchableItem[] {
  const random = seededRandom(`teaser-${n}`);
  const word = (): string => `wort${Math.floor(random() * 50_000).toString(36)}`;
  return Array.from({ length: n }, (_, k) => ({
    id: k + 1,
    sourceId: 'rundschau',
    key: `item-${k}`,
    url: `https://rundschau.example/${k}`,
    canonicalUrl: null,
    title: `${word()} ${word()} ${word()} ${word()} Meldung ${k}`,
    summary: TEASER,
    language: 'de',
    // One second apart: all within one window of 72 hours up to 50,000 items (14 hours).
    published: new Date(START_MS + k * 1000).toISOString(),
    firstSeen: new Date(START_MS + k * 1000).toISOString(),
    storyId: null,
    contentLength: 200,
  }));
}

function cpuMs(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
}

for (const n of sizes) {
  const items = teaserItems(n);
  const features = items.map((item) => itemFeatures(item, 'de'));
  const index = emptyWindowIndex();
  let boilerplate = 0;
  const start = process.cpuUsage();
  for (let k = 0; k < n; k++) {
    const f = withoutSourceBoilerplate(index, features[k]!, items[k]!);
    if (f !== features[k]) boilerplate++;
    indexItem(index, f, `story-${k}`);
  }
  const placeMs = cpuMs(start);
  const expiry = process.cpuUsage();
  pruneWindowIndex(index, Number.POSITIVE_INFINITY);
  const expiryMs = cpuMs(expiry);
  console.log(
    `N=${n}: check+index ${placeMs.toFixed(0)} ms CPU (${((placeMs * 1000) / n).toFixed(1)} µs/item), ` +
      `expiry ${expiryMs.toFixed(0)} ms CPU (${((expiryMs * 1000) / n).toFixed(1)} µs/item); ` +
      `placed on title alone ${boilerplate}/${n}; window left ${index.items.size}`,
  );
}
