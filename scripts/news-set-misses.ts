// `npx tsx scripts/news-set-misses.ts [--set-key=calde|calde2|calde3|calde4|calen | --file=eval/calibration-en/items.jsonl]
// [--set=name:value,…] [--list [--verbose]]`: places a news CALIBRATION set (eval/calibration-de by default; --set-key=
// or --file= picks another, and the set's own language, German or English, is declared for its feeds) in this process
// (one poll of every item, straight through the store and the placer, as scripts/calibrate-engine.ts does), then says why
// each missed join was missed: for every item that founded a story although an earlier item of its event was in the
// window, the decision's nearest candidate and what kept it out. The figures to report come from `npm run eval --
// --only=calde` (or calde2, calde3, calde4, calen); this is for finding causes. Never point it at a held-out set.
import path from 'node:path';
import { CONFLICT_KINDS, SCORE_SETTINGS } from '../src/dedup/score-story.js';
import type { DedupDecision } from '../src/model.js';
import { clusterScores, forbiddenMerges } from './eval/cluster-scores.js';
import { placeNewsSet } from './eval/place-news-set.js';
import { CALIBRATION_NEWS_SETS as calibrationSets } from './eval/sets/news-set.js';

const option = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const key =
  option('set-key') ??
  Object.keys(calibrationSets).find(
    (k) => option('file') && path.basename(path.dirname(path.resolve(option('file')!))) === calibrationSets[k]!.folder,
  ) ??
  'calde';
if (!calibrationSets[key])
  throw new Error(`news-set-misses: --set-key must be one of ${Object.keys(calibrationSets).join(', ')}, not "${key}"`);
const file = path.resolve(option('file') ?? path.join(import.meta.dirname, '../eval', calibrationSets[key]!.folder, 'items.jsonl'));
if (file.includes('heldout')) throw new Error('news-set-misses: calibration sets only, never a held-out set');
const set = calibrationSets[key]!.set(file);
for (const pair of option('set')?.split(',') ?? []) {
  const [name, value] = pair.split(':');
  (SCORE_SETTINGS as Record<string, number>)[name!] = Number(value);
}

/** Why a join was missed, from the new story's decision: its nearest candidate and what the score said. */
function cause(d: DedupDecision, nearestSame: boolean): string {
  const c = d.components;
  if (c['nearestItemId'] === undefined) return 'no candidate at all';
  if (!nearestSame) return 'right story not the nearest candidate (not offered, or scored below another)';
  const conflicts = CONFLICT_KINDS.filter((k) => c[`nearest.${k}`] === true);
  if (conflicts.length) return `vetoed: ${conflicts.join('+')}`;
  if (c['nearest.evidenceScore'] === undefined) return 'scored below 0.15';
  const shared = Number(c['nearest.sharedBits']);
  if (shared < SCORE_SETTINGS.minSharedBits) return 'too little shared (bits)';
  const score = Number(c['nearest.evidenceScore']);
  if (score >= 0.5) return 'above threshold before penalties (time/same source)';
  return score >= 0.35 ? 'scored 0.35–0.5' : 'scored 0.15–0.35';
}

async function main(): Promise<void> {
  const { store, items, decisions } = await placeNewsSet(set, Number(option('threshold') ?? 0.5));
  try {
    const stories = await store.placements.itemStories();
    const byRef = new Map<string, number>();
    for (const item of items) byRef.set(item.id, (await store.items.findByReference(item.id))[0]!.id);
    const itemOf = new Map(items.map((i) => [byRef.get(i.id)!, i]));
    const predicted = items.map((i) => stories.get(byRef.get(i.id)!)!);
    const labels = items.map((i) => i.label);
    const s = clusterScores({ labels, predicted });
    console.log(`P ${s.p.toFixed(3)} R ${s.r.toFixed(3)} F1 ${s.f1.toFixed(3)} predicted pairs ${s.predictedPairs}`);
    for (const [a, b] of forbiddenMerges({ labels, predicted }))
      console.log(`FORBIDDEN ${items[a]!.title} (${items[a]!.label}) | ${items[b]!.title} (${items[b]!.label})`);
    const placedBefore = new Set<string>();
    const causes = new Map<string, number>();
    for (const d of decisions) {
      const item = itemOf.get(d.itemId)!;
      if (d.rule === 'new-story' && placedBefore.has(item.label)) {
        const nearest = itemOf.get(d.components['nearestItemId'] as number);
        const why = cause(d, nearest?.label === item.label);
        causes.set(why, (causes.get(why) ?? 0) + 1);
        if (process.argv.includes('--list')) {
          const c = d.components;
          console.log(`\n[${why}] ${item.source}: ${item.title}  (${item.label})`);
          console.log(
            `   nearest ${nearest?.source}: ${nearest?.title} (${nearest?.label}) score ${c['nearestScore']} view ${c['nearest.evidenceView']} all ${c['nearest.allViewScore']}`,
          );
          console.log(
            `   S ${c['nearest.sharedBits']} E ${c['nearest.expectedBits']} M ${c['nearest.normaliserBits']} core members ${c['nearest.coreMembers']} hours ${c['nearest.hoursApart']} verified ${c['candidatesVerified']}`,
          );
          console.log(`   shared ${c['nearest.sharedTerms']}`);
          if (process.argv.includes('--verbose'))
            console.log(
              '   ' +
                Object.entries(c)
                  .filter(([k]) => k.startsWith('nearest.') && !k.endsWith('sharedTerms') && !k.endsWith('coreTerms') && c[k] !== false)
                  .map(([k, v]) => `${k.slice(8)}=${v}`)
                  .join(' '),
            );
        }
      }
      // --list also shows each join into a story founded by another event's item (where a forbidden merge starts).
      const matched = d.matchedItemId === null ? undefined : itemOf.get(d.matchedItemId);
      if (process.argv.includes('--list') && matched && matched.label !== item.label) {
        const c = d.components;
        console.log(`\n[WRONG JOIN ${d.rule} ${d.score}] ${item.source}: ${item.title}  (${item.label})`);
        console.log(`   into ${matched.source}: ${matched.title} (${matched.label})`);
        console.log(
          `   view ${c['evidenceView']} all ${c['allViewScore']} retelling ${c['retelling']} update ${c['updateRule']} hours ${c['hoursApart']}`,
        );
        console.log(`   shared ${c['sharedTerms']}`);
      }
      placedBefore.add(item.label);
    }
    if ((globalThis as any).__scoredLog) {
      const log = (globalThis as any).__scoredLog.map((e: any) => ({
        ...e,
        item: itemOf.get(e.item)?.id,
        label: itemOf.get(e.item)?.label,
        storyLabels: e.members.map((m: number) => itemOf.get(m)?.label),
      }));
      (await import('node:fs')).writeFileSync('/tmp/calde-build/scored.json', JSON.stringify(log));
    }
    console.log('\nmissed joins by cause:');
    for (const [why, n] of [...causes].sort((x, y) => y[1] - x[1])) console.log(`  ${n}\t${why}`);
  } finally {
    await store.close();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
