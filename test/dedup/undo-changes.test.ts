// Taking back recorded changes (what a late item's re-placement does first): after indexing items,
// merging stories and compacting postings under a journal, `undoChanges` leaves the window index as it
// was before them — every item in its story, each core's members in their order and their term counts,
// the lookups' answers — on a random history, for every point it is cut at.
import { describe, expect, it } from 'vitest';
import { documentFrequency, termWeights } from '../../src/dedup/term-weights.js';
import {
  candidateStories,
  emptyWindowIndex,
  indexItem,
  mergeStories,
  resolveStory,
  undoChanges,
  type IndexChange,
  type WindowIndex,
} from '../../src/dedup/window-index.js';
import { seededRandom } from '../../scripts/eval/seeded-random.js';
import { termsOnlyFeatures } from '../support/terms-only-features.js';

const VOCABULARY = Array.from({ length: 40 }, (_, k) => `w${k}`);

/** What placement reads of the index, in a comparable form. */
function state(index: WindowIndex): unknown {
  const stories = [...index.items]
    .map(([id, entry]) => [id, resolveStory(index, entry.storyId)])
    .sort((a, b) => Number(a[0]) - Number(b[0]));
  const cores = [...index.cores]
    .filter(([, core]) => core.memberCount > 0)
    .map(([id, core]) => [id, [...core.memberIds()], [...core.counts].map(([t, n]) => [index.terms.ids.names[t], n]).sort()])
    .sort();
  const lookups = VOCABULARY.slice(0, 10).map((t, k) => {
    const probe = termsOnlyFeatures(10_000 + k, [t, VOCABULARY[(k * 7) % 40]!, VOCABULARY[(k * 13) % 40]!]);
    return candidateStories(index, probe, termWeights(index.terms, 'de'));
  });
  return { stories, cores, lookups, terms: VOCABULARY.map((t) => documentFrequency(index.terms, t)), items: index.terms.items };
}

describe('undoing recorded index changes', () => {
  it('restores the index as it was at the cut, whatever was indexed, merged or compacted after it', () => {
    const random = seededRandom('undo-changes');
    for (let run = 0; run < 20; run++) {
      const index = emptyWindowIndex();
      const steps: { changes: IndexChange[]; before: unknown }[] = [];
      let stories = 0;
      for (let id = 1; id <= 120; id++) {
        const changes: IndexChange[] = [];
        const before = state(index);
        index.journal = changes;
        const live = [...new Set([...index.items.values()].map((e) => resolveStory(index, e.storyId)))];
        // Now and then a merge of two stories (as an item matching both does), then the item joins one or founds its own.
        if (live.length > 2 && random() < 0.15) {
          const [a, b] = [live[Math.floor(random() * live.length)]!, live[Math.floor(random() * live.length)]!];
          if (a !== b) mergeStories(index, a, b);
        }
        const now = [...new Set([...index.items.values()].map((e) => resolveStory(index, e.storyId)))];
        const story = now.length && random() < 0.7 ? now[Math.floor(random() * now.length)]! : `story${++stories}`;
        const terms = [...new Set(Array.from({ length: 4 + Math.floor(random() * 5) }, () => VOCABULARY[Math.floor(random() ** 2 * 40)]!))];
        indexItem(index, termsOnlyFeatures(id, terms), story);
        // Lookups compact long postings lists (recorded too).
        candidateStories(index, termsOnlyFeatures(id, terms), termWeights(index.terms, 'de'));
        index.journal = null;
        steps.push({ changes, before });
      }
      const cut = Math.floor(random() * steps.length);
      for (let k = steps.length - 1; k >= cut; k--) undoChanges(index, steps[k]!.changes);
      expect(state(index)).toEqual(steps[cut]!.before);
    }
  });
});
