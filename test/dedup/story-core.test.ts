// A story core's views (coreView) are remembered per change of the core, for a bounded number of cores:
// they must always equal what the core holds now, however often it changes and however many cores are scored.
import { describe, expect, it } from 'vitest';
import type { ItemFeatures } from '../../src/dedup/item-features.js';
import { addToCore, coreParts, coreTerms, coreTitleTerms, coreView, emptyCore, removeFromCore } from '../../src/dedup/story-core.js';
import { termIdOf, termIdsOf, TermIds } from '../../src/dedup/term-ids.js';
import { termsOnlyFeatures } from '../support/terms-only-features.js';

function member(itemId: number, terms: string[]): ItemFeatures {
  return termsOnlyFeatures(itemId, terms, { titleTerms: new Set(terms.slice(0, 2)), partTerms: new Set(terms.slice(2, 3)) });
}

describe('core views', () => {
  it('always show the core as it is now, across changes and more cores than are kept', () => {
    const ids = new TermIds();
    const add = (core: ReturnType<typeof emptyCore>, f: ItemFeatures): void => addToCore(core, f, termIdsOf(ids, f), ids);
    const busy = emptyCore('busy');
    const others = Array.from({ length: 50 }, (_, i) => emptyCore(`o${i}`));
    others.forEach((core, i) => add(core, member(100_000 + i, [`x${i}`, `y${i}`])));
    for (let step = 0; step < 12_000; step++) {
      const f = member(step, [`a${step % 7}`, `b${step % 5}`, `c${step % 3}`, 'gemeinsam']);
      add(busy, f);
      if (step >= 3) {
        const gone = member(step - 3, [`a${(step - 3) % 7}`, `b${(step - 3) % 5}`, `c${(step - 3) % 3}`, 'gemeinsam']);
        removeFromCore(busy, gone, termIdsOf(ids, gone), ids);
      }
      // Other cores scored in between push the busy one through the bounded list of kept views.
      coreView(others[step % others.length]!, ids);
      const view = coreView(busy, ids);
      expect([...view.terms]).toEqual(coreTerms(busy, ids));
      expect(view.titleTerms).toEqual(coreTitleTerms(busy, ids));
      expect([...view.parts]).toEqual([...coreParts(busy, ids)]);
      expect([...view.termIds].map((t) => ids.names[termIdOf(t)])).toEqual([...view.terms]);
    }
  });
});
