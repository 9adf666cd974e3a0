// `npx tsx scripts/story-pair-scores.ts [--set-key=calde|calde2|calde3|calde4|calen] [--hours=24] [--larger-share=0.3] [--list]`: places a news
// CALIBRATION set as scripts/news-set-misses.ts does, then holds every two of the resulting stories within `--hours` of each
// other against each other as wholes (src/dedup/story-pair.ts: pooled members, chance-corrected, every member's conflicts),
// and prints how same-event pairs (the misses a story-to-story pass could join) and different-event pairs score. Weights are
// the whole set's (one window holding every item). For measuring the opportunity; never point it at a held-out set.
import path from 'node:path';
import { itemFeatures } from '../src/dedup/item-features.js';
import { storyAgainstStory, type StoryPairEvidence } from './eval/story-pair-evidence.js';
import { termWeights } from '../src/dedup/term-weights.js';
import { emptyWindowIndex, indexItem, type IndexedItem } from '../src/dedup/window-index.js';
import { clusterScores } from './eval/cluster-scores.js';
import { placeNewsSet } from './eval/place-news-set.js';
import { CALIBRATION_NEWS_SETS as calibrationSets } from './eval/sets/news-set.js';

const option = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const key = option('set-key') ?? 'calde';
const calibration = calibrationSets[key];
if (!calibration) throw new Error(`story-pair-scores: --set-key must be one of ${Object.keys(calibrationSets).join(', ')}`);
const file = path.join(import.meta.dirname, '../eval', calibration.folder, 'items.jsonl');
const set = calibration.set(file);
const withinHours = Number(option('hours') ?? 24);

interface Row extends StoryPairEvidence {
  same: boolean;
  sizes: string;
  titles: string;
}

async function main(): Promise<void> {
  const { store, items } = await placeNewsSet(set);
  try {
    const labelOf = new Map<number, string>();
    for (const item of items) labelOf.set((await store.items.findByReference(item.id))[0]!.id, item.label);
    // One window holding every item, each in the story placement put it in: the pooled bags' ids and the weights.
    const index = emptyWindowIndex();
    const placed = [];
    for await (const item of store.items.placedSince('1970-01-01T00:00:00Z')) placed.push(item);
    placed.sort((a, b) => a.id - b.id);
    for (const item of placed) indexItem(index, itemFeatures(item, set.language), item.storyId!);
    const weights = termWeights(index.terms, set.language);
    const stories = new Map<string, IndexedItem[]>();
    for (const entry of index.items.values()) stories.set(entry.storyId, [...(stories.get(entry.storyId) ?? []), entry]);
    const labelsOf = (members: IndexedItem[]): string => labelOf.get(members[0]!.features.itemId)!;

    // Missed same-event item pairs, and how many have both items in stories of two or more members.
    const storyOf = new Map([...index.items.values()].map((e) => [e.features.itemId, e.storyId]));
    const ids = [...storyOf.keys()];
    let missed = 0;
    let bothMulti = 0;
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        const [x, y] = [ids[i]!, ids[j]!];
        if (labelOf.get(x) !== labelOf.get(y) || storyOf.get(x) === storyOf.get(y)) continue;
        missed++;
        if (stories.get(storyOf.get(x)!)!.length >= 2 && stories.get(storyOf.get(y)!)!.length >= 2) bothMulti++;
      }
    const s = clusterScores({ labels: ids.map((id) => labelOf.get(id)!), predicted: ids.map((id) => storyOf.get(id)!) });
    console.log(
      `${key}: P ${s.p.toFixed(3)} R ${s.r.toFixed(3)}; missed same-event item pairs ${missed}, both in multi-member stories ${bothMulti}`,
    );

    const list = [...stories.values()];
    const rows: Row[] = [];
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i]!, list[j]!];
        const e = storyAgainstStory(a, b, weights, Number(option('larger-share') ?? 0.3));
        if (e.hoursApart > withinHours) continue;
        rows.push({
          ...e,
          same: labelsOf(a) === labelsOf(b),
          sizes: `${a.length}+${b.length}`,
          titles: `${a[0]!.features.itemKey} | ${b[0]!.features.itemKey}`,
        });
      }
    const show = (r: Row): string =>
      `  ${r.same ? 'SAME' : 'diff'} ${r.sizes} score ${r.evidence.score.toFixed(3)} S-E ${r.beyondChance.toFixed(1)} words ${r.evidence.sharedWords} h ${r.hoursApart.toFixed(1)} ${r.conflicts.join('+') || '-'}  ${r.titles}` +
      (process.argv.includes('--list')
        ? `\n     ${r.evidence.sharedTerms
            .slice(0, 14)
            .map((t) => `${t.term}:${t.information.toFixed(1)}`)
            .join(' ')}`
        : '');
    const same = rows.filter((r) => r.same);
    const diff = rows.filter((r) => !r.same);
    const clean = (r: Row): boolean => r.conflicts.length === 0;
    console.log(`story pairs within ${withinHours} h: same-event ${same.length}, different-event ${diff.length}`);
    console.log('same-event pairs:');
    for (const r of same.sort((x, y) => y.evidence.score - x.evidence.score)) console.log(show(r));
    // The separation: the lowest clean same-event score against the highest clean different-event one, per kind of pair.
    for (const [name, keep] of [
      ['both stories 2+ members', (r: Row) => !r.sizes.split('+').includes('1')],
      ['any sizes', () => true],
    ] as const) {
      const sameScores = same.filter((r) => clean(r) && keep(r)).map((r) => r.evidence.score);
      const diffScores = diff.filter((r) => clean(r) && keep(r)).map((r) => r.evidence.score);
      const top = Math.max(0, ...diffScores);
      console.log(
        `SEPARATION ${key} ${name}: same-event clean ${sameScores.length} (above the best different-event ${sameScores.filter((x) => x > top).length}), different-event clean ${diffScores.length}, best different ${top.toFixed(3)}, same scores ${sameScores.map((x) => x.toFixed(2)).join(' ')}`,
      );
    }
    console.log('different-event pairs without conflict, top 15 by score:');
    for (const r of diff
      .filter(clean)
      .sort((x, y) => y.evidence.score - x.evidence.score)
      .slice(0, 15))
      console.log(show(r));
    console.log('different-event pairs without conflict, top 10 by S-E:');
    for (const r of diff
      .filter(clean)
      .sort((x, y) => y.beyondChance - x.beyondChance)
      .slice(0, 10))
      console.log(show(r));
  } finally {
    await store.close();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
