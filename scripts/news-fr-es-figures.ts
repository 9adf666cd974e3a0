// Prints the French/Spanish news set's figures through the built command line (`npm run build` first):
// pairwise P/R overall and per language, forbidden and other wrong merges, and the split stories, per arrival order.
// Usage: npx tsx scripts/news-fr-es-figures.ts [--list]
import { feedmergeCli } from './eval/feedmerge-cli.js';
import { frEsOrders, runFrEs } from './eval/news-fr-es-run.js';

const list = process.argv.includes('--list');
for (const order of frEsOrders) {
  const figures = await runFrEs(order, async (args, atMs) => (await feedmergeCli(args, atMs - Date.now())).stdout);
  const { p, r, truePairs, goldPairs, predictedPairs } = figures.scores;
  const languages = Object.entries(figures.byLanguage)
    .map(([language, s]) => `${language} P ${s.p.toFixed(3)} R ${s.r.toFixed(3)}`)
    .join(', ');
  console.log(
    `${order.name}: P ${p.toFixed(3)} R ${r.toFixed(3)} (${truePairs}/${goldPairs} pairs, ${predictedPairs} merged; ${languages}); ` +
      `forbidden merges ${figures.forbiddenMerges.length}, other wrong merges ${figures.falseMerges.length}, missing items ${figures.missing}`,
  );
  if (list) {
    for (const merge of figures.forbiddenMerges) console.log(`  forbidden: ${merge}`);
    for (const merge of figures.falseMerges) console.log(`  wrong: ${merge}`);
    for (const miss of figures.misses) console.log(`  split: ${miss}`);
  }
}
