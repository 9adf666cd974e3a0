// The window's term ids (term-ids.ts): an id lives while a window item carries its term, and is given to a new term
// once freed, so a long-running worker's tables stay the size of its window; a reused id must never answer with what
// was remembered for its old term.
import { describe, expect, it } from 'vitest';
import { backgroundPrior } from '../../src/dedup/background-prior.js';
import { TermIds } from '../../src/dedup/term-ids.js';
import { termWeights } from '../../src/dedup/term-weights.js';
import { emptyWindowIndex, indexItem, pruneWindowIndex } from '../../src/dedup/window-index.js';
import { termsOnlyFeatures } from '../support/terms-only-features.js';

describe('term ids', () => {
  it('are freed when the window drops the last item carrying their term, and reused', () => {
    const index = emptyWindowIndex();
    const ids = index.terms.ids;
    for (let id = 1; id <= 2_000; id++) {
      // Each item brings two terms of its own and shares one with the items around it.
      indexItem(index, termsOnlyFeatures(id, [`own${id}a`, `own${id}b`, `shared${Math.floor(id / 10)}`], { atMs: id }), `s${id}`);
      pruneWindowIndex(index, id - 100);
      ids.releaseUnheld();
    }
    const live = new Set([...index.items.values()].flatMap((e) => e.features.terms));
    expect(ids.size).toBe(live.size);
    for (const term of live) expect(ids.names[ids.idOf(term)]).toBe(term);
    // Capacity follows the window (~100 items × 2–3 terms), not the 4,200 terms seen.
    expect(ids.documentFrequency.length).toBeLessThanOrEqual(1_024);
  });

  it('never gives a reused id the probability or prior share of its old term', () => {
    const index = emptyWindowIndex();
    const ids = index.terms.ids;
    indexItem(index, termsOnlyFeatures(1, ['regier', 'kellermei'], { atMs: 1 }), 's1');
    const before = termWeights(index.terms, 'de');
    const old = [ids.idOf('regier'), ids.idOf('kellermei')];
    for (const id of old) expect(before.probabilityOf(id)).toBeGreaterThan(0);
    pruneWindowIndex(index, 2);
    ids.releaseUnheld();
    expect(ids.idOf('regier')).toBe(-1);
    const reused = ids.intern('gefangenenaustausch');
    expect(old).toContain(reused);
    const prior = backgroundPrior('de')!;
    const after = termWeights(index.terms, 'de');
    expect(after.probabilityOf(reused)).toBe(after.probability('gefangenenaustausch'));
    expect(ids.priorShare(prior, reused)).toBe(prior.share('gefangenenaustausch'));
  });

  it('keep an id while any window item holds it', () => {
    const ids = new TermIds();
    const a = ids.intern('a');
    ids.hold([a]);
    ids.hold([a]);
    ids.drop([a]);
    ids.releaseUnheld();
    expect(ids.idOf('a')).toBe(a);
    ids.drop([a]);
    ids.releaseUnheld();
    expect(ids.idOf('a')).toBe(-1);
  });
});
