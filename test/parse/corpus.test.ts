// The shared feed corpus (../shared/feeds, outside the repo) through parseFeed, compared with the
// Universal Feed Parser. The whole corpus (5,525 files, ~15 s idle) runs in `npm run corpus`; this test
// runs a deterministic sample (every 4th INVENTORY row) to stay well under 20 s on 2 busy cores, and
// asserts: no crash, no unhandled rejection, agreement floors a little below what the sample reaches.
import { describe, expect, it } from 'vitest';
import {
  corpusDirectory,
  metrics,
  readInventory,
  readReferences,
  runCorpusFile,
  summarise,
  type FileResult,
  type Metric,
} from '../../scripts/corpus.js';

const inventory = readInventory();
// Measured on the sample (see CORPUS.md), minus a margin of about one point.
const floors: Record<Metric, number> = { count: 0.98, title: 0.97, link: 0.91, linkHttp: 0.97, date: 0.965 };

describe('feed corpus', () => {
  it.skipIf(!inventory)(
    `sample of ${corpusDirectory} parses without crashing and agrees with feedparser`,
    async () => {
      const sample = inventory!.filter((_row, index) => index % 4 === 0);
      const references = readReferences();
      let unhandled = 0;
      const onUnhandled = (): void => void unhandled++;
      process.on('unhandledRejection', onUnhandled);
      const results: FileResult[] = [];
      try {
        for (const row of sample) results.push(await runCorpusFile(row, references));
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
      const summary = summarise(results);
      expect(results.filter((r) => r.outcome === 'crash').map((r) => `${r.path}: ${r.message}`)).toEqual([]);
      expect(unhandled).toBe(0);
      const ratios = Object.fromEntries(metrics.map((m) => [m, summary.overall[m][0] / summary.overall[m][1]]));
      for (const metric of metrics)
        expect({ metric, ratio: ratios[metric]! >= floors[metric] ? 'ok' : ratios[metric] }).toEqual({ metric, ratio: 'ok' });
      expect(summary.overall.count[1]).toBeGreaterThan(900);
    },
    60_000,
  );

  it.runIf(!inventory)('skips: the corpus folder ../shared/feeds is absent', () => {
    expect(inventory).toBeNull();
  });
});
