// A story core's views (coreView) are remembered per change of the core, for a bounded number of cores:
// they must always equal what the core holds now, however often it changes and however many cores are scored.
import { describe, expect, it } from 'vitest';
import type { ItemFeatures } from '../../src/dedup/item-features.js';
import { addToCore, coreParts, coreTerms, coreTitleTerms, coreView, emptyCore, removeFromCore } from '../../src/dedup/story-core.js';
import { termsOnlyFeatures } from '../support/terms-only-features.js';

function member(itemId: number, terms: string[]): ItemFeatures {
  return termsOnlyFeatures(itemId, terms, { titleTerms: new Set(terms.slice(0, 2)), partTerms: new Set(terms.slice(2, 3)) });
}

describe('core views', () => {
  it('always show the core as it is now, across changes and more cores than are kept', () => {
    const busy = emptyCore('busy');
    const others = Array.from({ length: 50 }, (_, i) => emptyCore(`o${i}`));
    others.forEach((core, i) => addToCore(core, member(100_000 + i, [`x${i}`, `y${i}`])));
    for (let step = 0; step < 12_000; step++) {
      const f = member(step, [`a${step % 7}`, `b${step % 5}`, `c${step % 3}`, 'gemeinsam']);
      addToCore(busy, f);
      if (step >= 3)
        removeFromCore(busy, member(step - 3, [`a${(step - 3) % 7}`, `b${(step - 3) % 5}`, `c${(step - 3) % 3}`, 'gemeinsam']));
      // Other cores scored in between push the busy one through the bounded list of kept views.
      coreView(others[step % others.length]!);
      const view = coreView(busy);
      expect([...view.terms]).toEqual(coreTerms(busy));
      expect(view.titleTerms).toEqual(coreTitleTerms(busy));
      expect([...view.parts]).toEqual([...coreParts(busy)]);
    }
  });
});
