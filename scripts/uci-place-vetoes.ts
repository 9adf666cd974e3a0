// `npx tsx scripts/uci-place-vetoes.ts [--data=/work/shared/eval] [--list=N]`: which places keep apart UCI-cal headlines
// of one story, pair by pair (the CALIBRATION half only: the held-out half is filtered out before anything is read of
// it). For every two headlines of one story within 72 h, each naming a place (`titlePlaces`) the other never mentions
// (`placesApart` of score-story.ts, read pairwise), counts the places that did it; and the same for two headlines of
// different stories (the vetoes that are right). For finding which place names are misread; never a held-out set.
import path from 'node:path';
import { itemFeatures, type ItemFeatures } from '../src/dedup/item-features.js';
import { speaksOf } from '../src/dedup/place-names.js';
import { uciHalf, uciItems } from './eval/sets/uci-set.js';

const option = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const evalDir = path.resolve(option('data') ?? path.join(import.meta.dirname, '../../shared/eval'));
const list = Number(option('list') ?? 40);

const items = uciItems(evalDir).filter((i) => uciHalf(i.label) === 'cal');
const features: { label: string; title: string; f: ItemFeatures }[] = items.map((item, n) => ({
  label: item.label,
  title: item.title,
  f: itemFeatures(
    {
      id: n + 1,
      sourceId: item.source,
      key: item.id,
      url: item.url,
      canonicalUrl: null,
      title: item.title,
      summary: item.summary,
      language: item.language,
      published: new Date(item.publishedMs).toISOString(),
      firstSeen: new Date(item.publishedMs).toISOString(),
      storyId: null,
      contentLength: item.title.length,
    },
    'en',
  ),
}));

const mentions = (f: ItemFeatures, place: string, placeLanguage: string | null): boolean =>
  f.terms.some((t) => t.startsWith(place.slice(0, 4))) || speaksOf(f.terms, f.language, place, placeLanguage);
/** The places of `a`'s headline that `b` never mentions. */
const unmentioned = (a: ItemFeatures, b: ItemFeatures): string[] => a.titlePlaces.filter((p) => !mentions(b, p, a.language));

const blamed = { same: new Map<string, number>(), different: new Map<string, number>() };
const examples = new Map<string, string[]>();
let samePairs = 0;
let sameVetoed = 0;
let differentVetoed = 0;
const withPlaces = features.filter((x) => x.f.titlePlaces.length > 0);
for (const [i, a] of withPlaces.entries())
  for (const b of withPlaces.slice(i + 1)) {
    if (Math.abs(a.f.atMs - b.f.atMs) > 72 * 3_600_000) continue;
    const ab = unmentioned(a.f, b.f);
    const ba = unmentioned(b.f, a.f);
    const same = a.label === b.label;
    if (same) samePairs++;
    if (ab.length === 0 || ba.length === 0) continue;
    same ? sameVetoed++ : differentVetoed++;
    for (const p of new Set([...ab, ...ba])) {
      const counts = same ? blamed.same : blamed.different;
      counts.set(p, (counts.get(p) ?? 0) + 1);
      if (same && (examples.get(p)?.length ?? 0) < 2) examples.set(p, [...(examples.get(p) ?? []), `${a.title} | ${b.title}`]);
    }
  }
const itemsNaming = new Map<string, number>();
for (const x of features) for (const p of x.f.titlePlaces) itemsNaming.set(p, (itemsNaming.get(p) ?? 0) + 1);
console.log(
  `UCI-cal: ${features.length} headlines, ${withPlaces.length} naming a place; same-story pairs both naming places ${samePairs}, vetoed ${sameVetoed}; different-story pairs vetoed ${differentVetoed}`,
);
for (const [p, n] of [...blamed.same].sort((x, y) => y[1] - x[1]).slice(0, list))
  console.log(
    `${String(n).padStart(6)} same  ${String(blamed.different.get(p) ?? 0).padStart(6)} different  ${String(itemsNaming.get(p)).padStart(4)} items  ${p}\n        ${(examples.get(p) ?? []).join('\n        ')}`,
  );
