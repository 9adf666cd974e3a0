// Two stories held against each other as wholes: each story's members pooled into one bag of terms, the
// bags' shared information chance-corrected as an item's against a story (score-story.ts), every member's
// conflicts with the other story still vetoing. Two outlets' reports of one event often share too little
// for either to join the other's story; once each story holds two or three reports, together they share
// more of the event's names and facts than any one pair of reports does.
import type { ItemFeatures } from '../../src/dedup/item-features.js';
import {
  anyConflict,
  numbersConflict,
  SCORE_SETTINGS,
  sharedEvidenceOf,
  storyConflicts,
  storyFacts,
  type Evidence,
} from '../../src/dedup/score-story.js';
import { termIdOf } from '../../src/dedup/term-ids.js';
import type { TermWeights } from '../../src/dedup/term-weights.js';
import type { IndexedItem } from '../../src/dedup/window-index.js';

/** What two stories' pooled members share, and whether anything in them conflicts. */
export interface StoryPairEvidence {
  evidence: Evidence;
  /** Shared information beyond chance (bits). */
  beyondChance: number;
  /** Hours between the stories' nearest members. */
  hoursApart: number;
  /** The conflict kinds a member of one story has with the other story (empty: none). */
  conflicts: string[];
}

/** Members pooled for a story (its newest): enough for a few outlets' reports, bounded for big stories. */
export const POOLED_MEMBERS = 16;

/** The distinct terms of the members as window ids, a term a word when any member has it as a word (not only as a part). */
function pooledTerms(members: readonly IndexedItem[]): Int32Array {
  const byId = new Map<number, number>();
  for (const { termIds } of members.slice(-POOLED_MEMBERS)) {
    for (let k = 0; k < termIds.length; k++) {
      const t = termIds[k]!;
      const id = termIdOf(t);
      const known = byId.get(id);
      if (known === undefined || (known < 0 && t >= 0)) byId.set(id, t);
    }
  }
  return Int32Array.from(byId.values());
}

/** The hours between the nearest members of two stories. */
function nearestHours(a: readonly ItemFeatures[], b: readonly ItemFeatures[]): number {
  let best = Infinity;
  for (const x of a) for (const y of b) best = Math.min(best, Math.abs(x.atMs - y.atMs));
  return best / 3_600_000;
}

/** Every member of `from` against the story `to` (its facts and pooled terms): the conflict kinds found. */
function conflictsAgainst(
  from: readonly ItemFeatures[],
  to: readonly ItemFeatures[],
  pooled: ReadonlySet<string>,
  weights: TermWeights,
): Set<string> {
  const found = new Set<string>();
  const title = new Set<string>();
  for (const m of to) for (const t of m.titleTerms) title.add(t);
  for (const f of from) {
    // The story's first member stands for its founder here (the held title figures of score-story.ts).
    const facts = storyFacts(to, f.atMs, to[0]);
    const conflicts = storyConflicts(f, facts, pooled, title, weights, to, false);
    if (!anyConflict(conflicts)) continue;
    for (const [kind, on] of Object.entries(conflicts)) if (on) found.add(kind);
  }
  return found;
}

/** Two stories' pooled members against each other (see the file's comment); `weights`: the window's, of their language. */
export function storyAgainstStory(
  a: readonly IndexedItem[],
  b: readonly IndexedItem[],
  weights: TermWeights,
  largerShare: number = SCORE_SETTINGS.largerShare,
): StoryPairEvidence {
  const termsA = pooledTerms(a);
  const termsB = pooledTerms(b);
  const evidence = sharedEvidenceOf(termsA, termsB, termsB.length, weights, largerShare);
  const fa = a.map((m) => m.features);
  const fb = b.map((m) => m.features);
  const namesOf = (terms: Int32Array): Set<string> => new Set(Array.from(terms, (t) => weights.ids.names[termIdOf(t)]!));
  const conflicts = conflictsAgainst(fa, fb, namesOf(termsB), weights);
  for (const kind of conflictsAgainst(fb, fa, namesOf(termsA), weights)) conflicts.add(kind);
  // The stories' headline figures as wholes: one story's figures none of the other's (a second day, another result).
  const numbersA = fa.flatMap((f) => f.titleNumbers);
  const numbersB = new Set(fb.flatMap((f) => f.titleNumbers));
  if (numbersConflict(numbersA, numbersB)) conflicts.add('numberConflict');
  return {
    evidence,
    beyondChance: evidence.shared - evidence.expected,
    hoursApart: nearestHours(fa, fb),
    conflicts: [...conflicts],
  };
}
