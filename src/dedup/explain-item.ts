// What `feedmerge explain` shows: for each item matching a reference, the item, its story and
// the recorded decision with every score component, the matched item and the window.
import type { DedupDecision, Story, StoredItem } from '../model.js';
import type { Store } from '../store/store.js';
import { canonicalUrl } from '../parse/canonical-url.js';
import { updateMarker } from './agency-markers.js';
import { itemFeatures, normalisedTexts } from './item-features.js';
import { CONFLICT_KINDS } from './score-story.js';

export interface ItemExplanation {
  item: StoredItem;
  story: Story | null;
  /** Members of the story (ids and sources), oldest first. */
  storyMembers: { itemId: number; sourceId: string; title: string }[];
  decision: DedupDecision | null;
  matchedItem: StoredItem | null;
  /** How the matcher saw the item: normalised title and lead tokens, evidence terms, numbers, language. */
  normalised: {
    language: string | null;
    title: string;
    lead: string;
    /** Evidence terms (stems and compound parts) of title and lead opening. */
    terms: string[];
    titleNumbers: string[];
    linkKey: string | null;
    /** The wire's update tag in the title ("ROUNDUP 2"), or null. */
    updateMarker: string | null;
  } | null;
  /** The v2 evidence of the decision (of the nearest miss for a new story); null for the other rules. */
  evidence: DecisionEvidence | null;
  /** The window and threshold the decision used (from the decision's components). */
  window: { hours: number | null; threshold: number | null };
}

/** What the story engine weighed: the shared informative words, the conflicts, the story core compared with. */
export interface DecisionEvidence {
  /** Whether this is the evidence of the match or of the nearest miss. */
  of: 'match' | 'nearest miss';
  score: number | null;
  /** Which comparison won: all the item's words against the core, or a title against the other side. */
  view: string | null;
  /** Scored as a retelling of the story, another outlet's or the wire's own update (score-story.ts `retellingScore`): the score was raised. */
  retelling: boolean;
  /** Shared information S, its chance expectation E and the normaliser M, in bits. */
  sharedBits: number | null;
  expectedBits: number | null;
  normaliserBits: number | null;
  /** Shared words, most informative first, with their weight in bits. */
  sharedTerms: { term: string; bits: number }[];
  /** Conflicts that held (each vetoes a match). */
  conflicts: string[];
  /** The update rule applied: the item is a wire's update of the story, so changed figures did not veto and its feed cost nothing. */
  updateRule: boolean;
  /** The story core compared with: its window members and (up to 24 of) its terms. */
  core: { members: number | null; terms: string[] };
}

/** The evidence recorded in a decision's components (prefixed "nearest." for a new story's nearest miss). */
export function decisionEvidence(decision: DedupDecision): DecisionEvidence | null {
  const c = decision.components;
  const prefix = decision.rule === 'near-duplicate' ? '' : 'nearest.';
  if (c[`${prefix}sharedBits`] === undefined) return null;
  const num = (key: string): number | null => (typeof c[prefix + key] === 'number' ? (c[prefix + key] as number) : null);
  const text = (key: string): string => (typeof c[prefix + key] === 'string' ? (c[prefix + key] as string) : '');
  return {
    of: prefix ? 'nearest miss' : 'match',
    score: prefix ? num('evidenceScore') : decision.score,
    view: text('evidenceView') || null,
    retelling: c[`${prefix}retelling`] === true,
    sharedBits: num('sharedBits'),
    expectedBits: num('expectedBits'),
    normaliserBits: num('normaliserBits'),
    sharedTerms: text('sharedTerms')
      .split(' ')
      .filter(Boolean)
      .map((pair) => {
        const at = pair.lastIndexOf(':');
        return { term: pair.slice(0, at), bits: Number(pair.slice(at + 1)) };
      }),
    conflicts: CONFLICT_KINDS.filter((name) => c[prefix + name] === true),
    updateRule: c[`${prefix}updateRule`] === true,
    core: { members: num('coreMembers'), terms: text('coreTerms').split(' ').filter(Boolean) },
  };
}

/**
 * Explains every item matching `ref`: a link (as published or canonical), guid, item key, numeric item id,
 * or a story id (also as a published entry id), which explains each of the story's items.
 * `declaredLanguage` gives a source's configured language (used when an item has none), as collapse does.
 */
export async function explainItem(
  store: Store,
  ref: string,
  declaredLanguage: (sourceId: string) => string | null = () => null,
): Promise<ItemExplanation[]> {
  const trimmed = ref.trim();
  // A story id as `stories` prints it, or the entry id readers see ("tag:host,2026:story:<id>", "urn:feedmerge:story:<id>"): every member.
  // An id absorbed into another story by a merge explains the story it lives in now.
  let storyId = /(?:^|:story:)([0-9a-f]{20})$/.exec(trimmed)?.[1];
  if (storyId) storyId = (await store.stories.survivorOf(storyId)) ?? storyId;
  const items = [
    ...(storyId ? await store.items.ofStory(storyId) : []),
    ...(/^\d+$/.test(trimmed) ? await store.items.byIds([Number(trimmed)]) : []),
    // A link as published (no tracking parameters, a #fragment) is found by its canonical form.
    ...(await store.items.findByReference(trimmed, canonicalUrl(trimmed))),
  ];
  const seen = new Set<number>();
  const explanations: ItemExplanation[] = [];
  for (const item of items) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    const decision = (await store.placements.decision(item.id)) ?? null;
    // Features are not stored; recomputed, they are what the matcher saw (for a placed item).
    const language = declaredLanguage(item.sourceId);
    const texts = item.storyId ? normalisedTexts(item, language) : null;
    const parsed = texts ? itemFeatures(item, language, texts) : null;
    const num = (key: string): number | null =>
      typeof decision?.components[key] === 'number' ? (decision.components[key] as number) : null;
    const matchedId = decision?.matchedItemId;
    explanations.push({
      item,
      story: item.storyId ? ((await store.stories.get(item.storyId)) ?? null) : null,
      storyMembers: item.storyId
        ? (await store.items.ofStory(item.storyId)).map((m) => ({ itemId: m.id, sourceId: m.sourceId, title: m.title }))
        : [],
      decision,
      matchedItem: matchedId != null && matchedId >= 0 ? ((await store.items.byIds([matchedId]))[0] ?? null) : null,
      normalised:
        parsed && texts
          ? {
              language: parsed.language,
              title: texts.title.tokens.join(' '),
              lead: texts.leadTokens.join(' '),
              terms: parsed.terms,
              titleNumbers: parsed.titleNumbers,
              linkKey: parsed.linkKey,
              updateMarker: updateMarker(item.title),
            }
          : null,
      evidence: decision ? decisionEvidence(decision) : null,
      window: { hours: num('windowHours'), threshold: num('threshold') },
    });
  }
  return explanations;
}
