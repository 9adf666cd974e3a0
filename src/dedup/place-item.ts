// Placing one item in a story: the rules in order (opted-out, same-link, same-title,
// near-duplicate, new-story), the story row kept up to date, the decision recorded. Pure: the
// engine's state and what the caller fetched from the store go in, the batch to apply comes out.
import type { DedupDecision, PendingItem, Story } from '../model.js';
import type { LinkedItem, PlacedStory } from '../store/store.js';
import { followsOwnLiveCoverage, followsUpOwnReport } from './own-follow-up.js';
import { recurringListsShared } from './recurring-figures.js';
import { betterRepresentative, type RepresentativeCandidate } from './choose-representative.js';
import { withoutUnsharedGivenNames } from './given-names.js';
import { spelledAcronyms } from './spelled-acronyms.js';
import { itemTimeMs, type ItemFeatures } from './item-features.js';
import {
  headlineFiguresShared,
  anyConflict,
  daysApart,
  enoughShared,
  numbersConflict,
  itemAgainstStory,
  leadFiguresApart,
  penalties,
  retellingScore,
  SCORE_SETTINGS,
  sharedEvidenceOf,
  storyConflicts,
  storyFacts,
  updatesStory,
  type Conflicts,
  type Evidence,
  type StoryFacts,
} from './score-story.js';
import { readerLink, shownChanged } from './shown-change.js';
import { coreView, type CoreView } from './story-core.js';
import { leadCarrier, withoutSourceBoilerplate } from './source-boilerplate-lead.js';
import { storyIdFor } from './story-id.js';
import { itemTermIds, termIdOf, type ItemTermIds } from './term-ids.js';
import { termWeights, weightsWithout, type TermWeights } from './term-weights.js';
import {
  candidateStories,
  exactTitleMatches,
  indexItem,
  resolveStory,
  tieKey,
  type IndexedItem,
  type WindowIndex,
} from './window-index.js';

/** What a source's settings say to the engine. */
export interface SourceSettings {
  priority: number;
  dedup: boolean;
  language?: string | undefined;
}

export interface EngineSettings {
  sources: ReadonlyMap<string, SourceSettings>;
  threshold: number;
  windowHours: number;
}

/** A story the engine holds: its row and how its representative competes. */
export interface HeldStory {
  story: Story;
  representative: RepresentativeCandidate;
  /** Members in the window index; the story is dropped from memory when this reaches 0. */
  windowMembers: number;
}

/** Everything one batch of placements needs; built per batch by the engine. */
export interface Placement {
  index: WindowIndex;
  settings: EngineSettings;
  windowMs: number;
  /** Oldest window time still indexed (ms). */
  cutoffMs: number;
  /** When the decisions are made (ISO). */
  decidedAt: string;
  /** The item's matching features (`itemFeatures` with its feed's language; the engine keeps its latest placements'). */
  features(item: PendingItem): ItemFeatures;
  /** The time a story's `updated` moves to: now, or the item's first sight during a replay (ISO). */
  storyClock: (item: PendingItem) => string;
  /** A story by id: held by the engine, touched earlier in this batch, or fetched by the caller. */
  story(id: string): HeldStory | undefined;
  /** Records a new or changed story row (last write wins in the batch). */
  keepStory(held: HeldStory): void;
  /** Merges `absorbed` into `survivor` (window, held stories, this batch's rows); returns the survivor as it is now. */
  merge(survivor: HeldStory, absorbed: HeldStory): HeldStory;
  /** Placed items by matching link: fetched by the caller, plus those placed earlier in this batch. */
  links: Map<string, { itemId: number; sourceId: string; storyId: string }[]>;
  placements: { itemId: number; storyId: string; linkKey: string | null }[];
  decisions: DedupDecision[];
  /** Told how near the scored decision came to going otherwise (the engine logs it, to re-apply it later: take-back.ts). */
  scoredMargin?: (margin: ScoredMargin) => void;
}

/** What a near-match decision read, and how near it came to going otherwise. */
export interface ScoredMargin {
  /** The candidate stories its lookup led to (`candidateStories`). */
  candidates: string[];
  /** The best score of any candidate, vetoed or not (-Infinity: none scored). */
  topScore: number;
}

interface Match {
  rule: 'same-link' | 'same-title' | 'near-duplicate';
  storyId: string;
  matchedItemId: number;
  score: number;
  components: Record<string, number | string | boolean>;
}

const dedupEnabled = (p: Placement, sourceId: string): boolean => p.settings.sources.get(sourceId)?.dedup !== false;
const priorityOf = (p: Placement, sourceId: string): number => p.settings.sources.get(sourceId)?.priority ?? 0;

/** Same canonical link from another source = the same article. One feed's items sharing a link (a live ticker's page) are not. */
function linkMatch(p: Placement, f: ItemFeatures): Match | undefined {
  if (!f.linkKey || /^[^/]+\/$/.test(f.linkKey)) return undefined; // a bare homepage identifies nothing
  const others = (p.links.get(f.linkKey) ?? []).filter((r) => r.itemId !== f.itemId);
  for (const other of others) {
    if (other.sourceId === f.sourceId || !dedupEnabled(p, other.sourceId)) continue;
    // The other feed points several of its own entries at this page: it is a ticker page, not one article.
    const sameFeedEntries = others.filter((r) => r.sourceId === other.sourceId).length;
    if (sameFeedEntries > 1) continue;
    return { rule: 'same-link', storyId: other.storyId, matchedItemId: other.itemId, score: 1, components: { linkKey: f.linkKey } };
  }
  return undefined;
}

function exactMatch(p: Placement, f: ItemFeatures): Match | undefined {
  for (const id of exactTitleMatches(p.index, f)) {
    const other = p.index.items.get(id)!;
    if (!dedupEnabled(p, other.features.sourceId)) continue;
    const hoursApart = Math.abs(other.features.atMs - f.atMs) / 3_600_000;
    if (hoursApart * 3_600_000 > p.windowMs) continue;
    return {
      rule: 'same-title',
      storyId: other.storyId,
      matchedItemId: id,
      score: 1,
      components: { hoursApart: Math.round(hoursApart * 1000) / 1000, sameSource: other.features.sourceId === f.sourceId },
    };
  }
  return undefined;
}

/** Members of a story compared for the matched item and the descriptive overlaps (a big story's newest ones). */
const MATCHED_MEMBER_CAP = 64;
/** A new story records its nearest miss's evidence from this score (or when a conflict or penalty lowered it). */
const NEAREST_DETAIL_FROM = 0.15;
/** Two stories an item matches merge only when their cores share at least this chance-corrected score. */
export const MERGE_AGREEMENT = 0.3;

/** One candidate story scored against the item. */
interface ScoredStory {
  storyId: string;
  score: number;
  /** Ruled out whatever the score: a conflict, or too little shared information. */
  vetoed: boolean;
  evidence: Evidence & { view: string; allScore: number };
  conflicts: Conflicts;
  facts: StoryFacts;
  view: CoreView;
  members: ItemFeatures[];
  /** The members as the window index holds them (their term ids), in the order of `members`. */
  entries: IndexedItem[];
  hoursApart: number;
  sameSource: boolean;
  /** Scored as a retelling (score-story.ts `retellingScore`). */
  retelling: boolean;
  timePenalty: number;
  /** The item is a wire's update of the story (`updatesStory`): its figures may differ, no same-feed penalty. */
  update: boolean;
}

/** The member that began the story (its id is the story's, as `replayWindow` finds it), if it is still among `members`. */
function founderAmong(members: readonly ItemFeatures[], storyId: string): ItemFeatures | undefined {
  return members.find((m) => storyIdFor(m.sourceId, m.itemKey) === storyId);
}

function scoreStory(p: Placement, f: ItemFeatures, ids: ItemTermIds, weights: TermWeights, storyId: string): ScoredStory | undefined {
  const core = p.index.cores.get(storyId);
  if (!core) return undefined;
  const members: ItemFeatures[] = [];
  const entries: IndexedItem[] = [];
  for (const id of core.memberIds()) {
    const entry = id === f.itemId ? undefined : p.index.items.get(id);
    if (entry) {
      members.push(entry.features);
      entries.push(entry);
    }
  }
  if (members.length === 0) return undefined;
  // The founder is looked for only where its figures are read: a story of three or more members, an item with figures.
  const founder = members.length >= 3 && f.titleNumbers.length > 0 ? founderAmong(members, storyId) : undefined;
  const facts = storyFacts(members, f.atMs, founder);
  const hoursApart = Math.abs(f.atMs - facts.nearestAtMs) / 3_600_000;
  if (hoursApart * 3_600_000 > p.windowMs) return undefined;
  const view = coreView(core, p.index.terms.ids);
  const sameSource = core.hasSource(f.sourceId);
  const update = updatesStory(f, hoursApart, sameSource);
  // The name-swap test reads the headline of the story's first window member.
  const conflicts = storyConflicts(f, facts, view, members[0]!.titleTerms, weights, members, update);
  // With leads on both sides the core (what most members carry) is little more than their headline: the item is
  // then held against what a whole report says, else the headline alone would match whatever the leads say.
  const leadsCompared = f.leadWords >= 4 && facts.withLead > 0;
  // With leads on both sides, the whole texts are weighed as the window knows their words without the story's own members:
  // in a small window those members are most of what it knows of a name ("Gutjahr" in one item of two looked as common as
  // "Regierung"), so a report's shared names weighed less than its own words. Headlines alone, and the headline views,
  // keep the window's weights: a few words each, and a shared name is too little to go on (STSb paraphrases of different
  // events share names).
  const sole = leadsCompared ? core.soleMember : null;
  const wholeText = leadsCompared ? weightsWithout(weights, sole ? sole.termIds : core.counts, core.memberCount) : weights;
  const information = leadsCompared ? memberInformation(entries, wholeText) : 0;
  // A given name only one side writes ("Mark Carney" / "Carney") is how it names the person, not evidence it lacks.
  const named = withoutUnsharedGivenNames(f, ids, view, members, p.index.terms.ids);
  const evidence = itemAgainstStory(
    named.features,
    named.ids,
    named.view,
    weights,
    hoursApart,
    information,
    members.length,
    leadsCompared,
    wholeText,
    spelledAcronyms(named.features, named.view, members),
  );
  // A wire's update of its story is the feed's own retelling of it (often written anew), not another report of the feed.
  // …and so is the feed's follow-up of a story another outlet told too, within hours (own-follow-up.ts), when it retells it.
  const followUp = !update && followsUpOwnReport(f, members, sameSource, hoursApart, evidence);
  // …and a feed's report of the event its own live ticker covered (own-follow-up.ts), retelling it or not.
  const live = !update && followsOwnLiveCoverage(f, members);
  const feed = !sameSource ? 'other' : update || followUp || live ? 'update' : 'same';
  // A headline's figure the other side gives is a figure both share, as one their leads share is.
  const headlineFigures = headlineFiguresShared(f, facts);
  const retold = retellingScore(
    evidence,
    hoursApart,
    leadsCompared,
    feed,
    leadFiguresApart(f, facts) && headlineFigures === 0,
    recurringListsShared(f.recurring, members),
    headlineFigures,
  );
  const cost = penalties(hoursApart, sameSource && !update && !live && !(followUp && retold.retelling));
  const score = round(Math.max(0, retold.score - cost.time - cost.sameSource));
  const vetoed = anyConflict(conflicts) || !enoughShared(evidence);
  return {
    storyId,
    score,
    vetoed,
    evidence,
    conflicts,
    facts,
    view,
    members,
    entries,
    hoursApart,
    sameSource,
    retelling: retold.retelling,
    timePenalty: cost.time,
    update,
  };
}

/** Members whose information is averaged (the newest): enough for a story's typical report, bounded for big stories. */
const INFORMATION_MEMBERS = 16;

/** The information (bits) of the story's average member: what one report of it says (compound parts weighed as in the score). */
function memberInformation(members: readonly IndexedItem[], weights: TermWeights): number {
  const from = Math.max(0, members.length - INFORMATION_MEMBERS);
  let bits = 0;
  for (let m = from; m < members.length; m++) bits = weights.addWeights(bits, members[m]!.termIds, SCORE_SETTINGS.partWeight);
  return bits / (members.length - from);
}

/** Whether two stories an item matches are one: their cores agree and nothing in them conflicts. */
function storiesAgree(a: ScoredStory, b: ScoredStory, weights: TermWeights): boolean {
  const fa = a.facts;
  const fb = b.facts;
  if (numbersConflict([...fa.titleNumbers], fb.titleNumbers)) return false;
  if (daysApart(fa, fb)) return false;
  if ((fa.negated === 0) !== (fb.negated === 0) && (fa.plain === 0) !== (fb.plain === 0)) return false;
  // Both cores' terms as words: parts weigh as much as any term here.
  const agreement = sharedEvidenceOf(
    a.view.termIds.map(termIdOf),
    b.view.termIds.map(termIdOf),
    b.view.size,
    weights,
    SCORE_SETTINGS.largerShare,
  );
  return enoughShared(agreement) && agreement.score >= MERGE_AGREEMENT;
}

/**
 * The stories the item's most informative terms lead to, each scored against its core: the best
 * match at or above the threshold, the others it also matches (merge candidates), and the nearest
 * miss for `explain`.
 */
function nearMatch(
  p: Placement,
  f: ItemFeatures,
): {
  best?: ScoredStory;
  others: ScoredStory[];
  nearest?: ScoredStory;
  /** Every candidate scored, best first: the lone stories among them may rejoin (`lonesRejoining`). */
  scored: ScoredStory[];
  verified: number;
  vetoed: number;
  ids: ItemTermIds;
} {
  // No id is in use outside the window's tables between placements: the ids its items left are free for new terms.
  p.index.terms.ids.releaseUnheld();
  const ids = itemTermIds(p.index.terms.ids, f);
  const weights = termWeights(p.index.terms, f.language);
  const scored: ScoredStory[] = [];
  let vetoed = 0;
  const candidates = candidateStories(p.index, f, weights);
  for (const candidate of candidates) {
    const s = scoreStory(p, f, ids, weights, candidate.storyId);
    if (!s) continue;
    const anchor = p.index.items.get(s.members[0]!.itemId);
    if (anchor && !dedupEnabled(p, anchor.features.sourceId)) continue;
    if (s.vetoed) vetoed++;
    scored.push(s);
  }
  scored.sort((a, b) => b.score - a.score || (tieKey(p.index, a.storyId) < tieKey(p.index, b.storyId) ? -1 : 1));
  p.scoredMargin?.({ candidates: candidates.map((c) => c.storyId), topScore: scored[0]?.score ?? -Infinity });
  const matching = scored.filter((s) => !s.vetoed && s.score >= p.settings.threshold);
  const [best, ...rest] = matching;
  const others = best ? rest.filter((o) => storiesAgree(best, o, weights)) : [];
  return { best, others, nearest: best ? undefined : scored[0], scored, verified: scored.length, vetoed, ids };
}

/** A lone story that rejoined the story an item joined: its one member and that member's score against the grown story. */
interface Rejoined {
  storyId: string;
  itemId: number;
  score: number;
}

/**
 * The lone stories among the item's candidates whose one member, placed again against the story the item has just joined
 * (the item counted among its members), would join it: scored as any item is (`scoreStory`, the same threshold, every
 * conflict with every member still vetoing). A report placed before the report that ties it to its story's other outlets
 * found its own story; placed now, it would have joined. Only lone stories: in a story of several members one member
 * matching is not the story matching (calibration-de-3: a member of another event's story scored 0.51).
 */
function lonesRejoining(p: Placement, f: ItemFeatures, joinedId: string, candidates: readonly ScoredStory[]): Rejoined[] {
  const rejoined: Rejoined[] = [];
  // An item matched but not indexed (older than the window) grew no story.
  if (p.index.items.get(f.itemId)?.storyId !== joinedId) return rejoined;
  for (const candidate of candidates) {
    const storyId = resolveStory(p.index, candidate.storyId);
    const core = p.index.cores.get(storyId);
    if (storyId === joinedId || !core || core.memberCount !== 1) continue;
    const [loneId] = core.memberIds();
    const lone = loneId === undefined ? undefined : p.index.items.get(loneId);
    if (!lone || lone.features.itemId === f.itemId) continue;
    const g = lone.features;
    const again = scoreStory(p, g, itemTermIds(p.index.terms.ids, g), termWeights(p.index.terms, g.language), joinedId);
    if (again && !again.vetoed && again.score >= p.settings.threshold) rejoined.push({ storyId, itemId: g.itemId, score: again.score });
  }
  return rejoined;
}

/** The member sharing most information with the item: the matched item of the decision. */
function matchedMember(f: ItemFeatures, s: ScoredStory, weights: TermWeights): ItemFeatures {
  // The item's terms marked in the ids' scratch (they have ids: nearMatch gave them).
  const ids = weights.ids;
  const stamp = ids.stamp();
  for (const t of f.terms) ids.marks[ids.idOf(t)] = stamp;
  let best = s.members[0]!;
  let bestBits = -1;
  for (const { features: m, termIds } of s.entries.slice(-MATCHED_MEMBER_CAP)) {
    let bits = 0;
    for (const term of termIds) {
      const t = termIdOf(term);
      if (ids.marks[t] === stamp) bits += weights.weightOf(t);
    }
    if (bits > bestBits || (bits === bestBits && m.itemId < best.itemId)) {
      best = m;
      bestBits = bits;
    }
  }
  return best;
}

/**
 * Whether a new story records its nearest miss's evidence: from NEAREST_DETAIL_FROM, or when a conflict or penalty
 * lowered its score (the score differs from its evidence's, as `evidenceComponents` rounds it).
 */
function nearestInDetail(s: ScoredStory): boolean {
  return s.score >= NEAREST_DETAIL_FROM || round(s.evidence.score) !== s.score;
}

/** Dice and overlap coefficient of two term sets. */
function overlap(a: Iterable<string>, b: ReadonlySet<string>): { dice: number; coefficient: number } {
  let shared = 0;
  let size = 0;
  for (const t of a) {
    size++;
    if (b.has(t)) shared++;
  }
  if (size === 0 || b.size === 0) return { dice: 0, coefficient: 0 };
  return { dice: (2 * shared) / (size + b.size), coefficient: shared / Math.min(size, b.size) };
}

/** The evidence of a scored story as decision components (what `explain` shows). */
function evidenceComponents(
  f: ItemFeatures,
  s: ScoredStory,
  weights: TermWeights,
): { matched: ItemFeatures; components: Record<string, number | string | boolean> } {
  const matched = matchedMember(f, s, weights);
  const leadTerms = (x: ItemFeatures): Set<string> => new Set(x.terms.filter((t) => !x.titleTerms.has(t)));
  const title = overlap(f.titleTerms, matched.titleTerms);
  const lead = overlap(leadTerms(f), leadTerms(matched));
  return {
    matched,
    components: {
      evidenceScore: round(s.evidence.score),
      evidenceView: s.evidence.view,
      allViewScore: round(s.evidence.allScore),
      sharedBits: round(s.evidence.shared),
      expectedBits: round(s.evidence.expected),
      normaliserBits: round(s.evidence.normaliser),
      sharedTerms: s.evidence.sharedTerms
        .slice(0, 12)
        .map((t) => `${t.term}:${t.bits.toFixed(1)}`)
        .join(' '),
      rareShared: s.evidence.sharedTerms.filter((t) => t.bits >= SCORE_SETTINGS.swapBits).length,
      coreMembers: s.members.length,
      coreTerms: [...s.view.terms].slice(0, 24).join(' '),
      ...s.conflicts,
      hoursApart: round(s.hoursApart),
      retelling: s.retelling,
      timePenalty: round(s.timePenalty),
      sameSource: s.sameSource,
      updateRule: s.update,
      leadsCompared: f.leadWords >= 4 && matched.leadWords >= 4,
      // Descriptive only (not part of the score): word overlap with the matched member.
      titleDice: round(title.dice),
      titleOverlap: round(title.coefficient),
      leadDice: round(lead.dice),
    },
  };
}

/** The older of two stories (first published, then the lower founder's id, `tieKey`): its id survives a merge. */
function olderStory(index: WindowIndex, a: HeldStory, b: HeldStory): HeldStory {
  if (a.story.published !== b.story.published) return a.story.published < b.story.published ? a : b;
  return tieKey(index, a.story.id) <= tieKey(index, b.story.id) ? a : b;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/** How a stored story's representative competes, from what the store returned for it. */
export function heldFromStore(placed: PlacedStory, settings: EngineSettings): HeldStory {
  const { representativeSourceId, representativeContentLength, representativePublished, representativeFirstSeen, ...story } = placed;
  return {
    story,
    representative: {
      itemId: story.representativeItemId,
      priority: settings.sources.get(representativeSourceId)?.priority ?? 0,
      contentLength: representativeContentLength,
      atMs: itemTimeMs({ published: representativePublished, firstSeen: representativeFirstSeen }),
    },
    windowMembers: 0,
  };
}

/** Re-chooses the representative between the current one and `item`; refreshes title/url from the winner. */
function refreshStory(p: Placement, held: HeldStory, item: PendingItem, f: ItemFeatures, moveUpdated: boolean): HeldStory {
  const candidate: RepresentativeCandidate = {
    itemId: item.id,
    priority: priorityOf(p, item.sourceId),
    contentLength: f.contentLength,
    atMs: f.atMs,
  };
  let story = held.story;
  let representative = held.representative;
  if (story.representativeItemId === item.id) {
    story = { ...story, title: item.title, url: item.url };
    representative = candidate;
  } else if (betterRepresentative(held.representative, candidate) === candidate) {
    story = { ...story, representativeItemId: item.id, title: item.title, url: item.url };
    representative = candidate;
  }
  const memberTime = item.published ?? item.firstSeen;
  if (memberTime < story.published) story = { ...story, published: memberTime };
  // A headline or link that readers see change is a modification (RFC 4287 §4.2.15): without a moved `updated`
  // (JSON Feed `date_modified`), readers that refresh an entry by it keep showing the old title.
  const retitled = headlineMoved(p, held.story, story, item, f) || readerLink(story.url) !== readerLink(held.story.url);
  const refreshed = { story, representative, windowMembers: held.windowMembers };
  return moveUpdated || retitled ? withUpdatedMoved(p, refreshed, item) : refreshed;
}

/** The story with its `updated` moved to the item's clock (never back). */
function withUpdatedMoved(p: Placement, held: HeldStory, item: PendingItem): HeldStory {
  const clock = p.storyClock(item);
  return clock > held.story.updated ? { ...held, story: { ...held.story, updated: clock } } : held;
}

/**
 * Whether the story's published headline changed: its title, or for an untitled representative the
 * opening of its lead (headlineOf), which another representative changes, and so does an edit of the
 * representative's lead opening. That edit is told by the evidence terms of the version the window
 * holds (title and lead opening, item-features.ts): the stored text is already the new one.
 * Where each applies: this judges the story's row (its title, representative, link) for every placement,
 * a new member's too; for an update, `shownChanged` (shown-change.ts, in placeUpdatedItem) then compares the
 * item with the version last placed as the entry shows it, so an edit this misses (stopwords or punctuation
 * only, or one placed by a process that did not hold the old version) moves `updated` there.
 */
function headlineMoved(p: Placement, before: Story, after: Story, item: PendingItem, f: ItemFeatures): boolean {
  if (after.title !== before.title) return true;
  if (after.title.trim()) return false;
  if (after.representativeItemId !== before.representativeItemId) return true;
  const held = after.representativeItemId === item.id ? p.index.items.get(item.id)?.features : undefined;
  return held !== undefined && !sameTerms(held.terms, f.terms);
}

function sameTerms(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((t) => set.has(t));
}

function newStory(p: Placement, item: PendingItem, f: ItemFeatures): HeldStory {
  return {
    story: {
      id: storyIdFor(item.sourceId, item.key),
      representativeItemId: item.id,
      title: item.title,
      url: item.url,
      published: item.published ?? item.firstSeen,
      updated: p.storyClock(item),
    },
    representative: { itemId: item.id, priority: priorityOf(p, item.sourceId), contentLength: f.contentLength, atMs: f.atMs },
    windowMembers: 0,
  };
}

/**
 * Puts the item in the story: placement row, matching link for the rest of the batch, window index. `termIds`: the
 * item's term ids when this placement looked them up (`nearMatch`), so indexing needs no second look-up of each term.
 */
function assign(p: Placement, item: PendingItem, f: ItemFeatures, held: HeldStory, termIds?: Int32Array): void {
  p.placements.push({ itemId: item.id, storyId: held.story.id, linkKey: f.linkKey });
  if (f.linkKey) {
    const list = p.links.get(f.linkKey) ?? [];
    if (!list.some((l) => l.itemId === item.id)) list.push({ itemId: item.id, sourceId: item.sourceId, storyId: held.story.id });
    p.links.set(f.linkKey, list);
  }
  // Items already outside the window are matched but not indexed: a rebuilt index loads only the
  // window, so indexing them live would make a restart change decisions.
  if (dedupEnabled(p, item.sourceId) && f.atMs >= p.cutoffMs) {
    if (!p.index.items.has(item.id)) held.windowMembers++;
    indexItem(p.index, f, held.story.id, termIds, leadCarrier(f, item));
  }
  p.keepStory(held);
}

/** Places a new item: joins the best matching story or founds its own. */
export function placeNewItem(p: Placement, item: PendingItem): DedupDecision {
  const f = withoutSourceBoilerplate(p.index, p.features(item), item);
  const settings = { threshold: p.settings.threshold, windowHours: p.settings.windowHours };

  if (!dedupEnabled(p, item.sourceId)) {
    assign(p, item, f, newStory(p, item, f));
    return record(p, {
      itemId: item.id,
      storyId: storyIdFor(item.sourceId, item.key),
      rule: 'opted-out',
      score: 0,
      matchedItemId: null,
      components: { ...settings },
      decidedAt: p.decidedAt,
    });
  }

  let match = linkMatch(p, f) ?? exactMatch(p, f);
  let nearest: Match | undefined;
  let verified = 0;
  let skipped = 0;
  let absorb: ScoredStory[] = [];
  let candidates: ScoredStory[] = [];
  let termIds: Int32Array | undefined;
  if (!match) {
    const near = nearMatch(p, f);
    termIds = near.ids.terms;
    const weights = termWeights(p.index.terms, f.language);
    if (near.best) {
      const { matched, components } = evidenceComponents(f, near.best, weights);
      match = { rule: 'near-duplicate', storyId: near.best.storyId, matchedItemId: matched.itemId, score: near.best.score, components };
      absorb = near.others;
      candidates = near.scored;
    } else if (near.nearest) {
      // A new story records its nearest miss's evidence only when it came near (`nearestInDetail`): for the others
      // (most new stories) only the matched member is sought, not every component built and dropped.
      const s = near.nearest;
      const { matched, components } = nearestInDetail(s)
        ? evidenceComponents(f, s, weights)
        : { matched: matchedMember(f, s, weights), components: {} };
      nearest = { rule: 'near-duplicate', storyId: s.storyId, matchedItemId: matched.itemId, score: s.score, components };
    }
    verified = near.verified;
    skipped = near.vetoed;
  }
  let existing = match ? p.story(match.storyId) : undefined;
  // The matched item's story is unknown (should not happen): found a new one.
  if (!existing) match = undefined;
  // The item shows that stories are one: they merge, the oldest id survives.
  const mergedFrom: string[] = [];
  for (const other of existing ? absorb : []) {
    const held = p.story(other.storyId);
    if (!held || !existing || held.story.id === existing.story.id) continue;
    const older = olderStory(p.index, existing, held);
    const absorbed = older === existing ? held : existing;
    mergedFrom.push(absorbed.story.id);
    existing = p.merge(older, absorbed);
  }
  if (match && existing) match = { ...match, storyId: existing.story.id };
  let held = existing ? refreshStory(p, existing, item, f, true) : newStory(p, item, f);
  assign(p, item, f, held, termIds);
  // Lone stories the grown story now takes in: merged as above (the older id survives), recorded with the other merges.
  // Its age is read as above, without this item: the item that ties two stories says nothing of which is older, and
  // dated before both it made the younger look older (a wire's 12:30 report absorbed into a 12:32 one, a 12:30 bridging).
  const rejoined = match ? lonesRejoining(p, f, held.story.id, candidates) : [];
  let grownPublished = existing?.story.published ?? held.story.published;
  for (const lone of rejoined) {
    const other = p.story(lone.storyId);
    if (!other || other.story.id === held.story.id) continue;
    const grown: HeldStory = { ...held, story: { ...held.story, published: grownPublished } };
    const grownIsOlder = olderStory(p.index, grown, other) === grown;
    mergedFrom.push((grownIsOlder ? other : held).story.id);
    held = grownIsOlder ? p.merge(held, other) : p.merge(other, held);
    if (other.story.published < grownPublished) grownPublished = other.story.published;
  }
  if (match) match = { ...match, storyId: held.story.id };
  if (match && rejoined.length)
    match.components = { ...match.components, rejoinedLoneStories: rejoined.map((r) => `${r.itemId}:${r.score}`).join(' ') };
  if (match && mergedFrom.length) match.components = { ...match.components, mergedStories: mergedFrom.join(' ') };
  if (match) {
    return record(p, {
      itemId: item.id,
      storyId: held.story.id,
      rule: match.rule,
      score: match.score,
      matchedItemId: match.matchedItemId,
      components: { ...match.components, ...settings, candidatesVerified: verified, candidatesBelowBound: skipped },
      decidedAt: p.decidedAt,
    });
  }
  // The nearest miss's evidence only when it came anywhere near (`nearestInDetail`; else its components are empty): most
  // new stories' nearest is noise, and every decision is stored.
  // Written key by key in the order spreading the parts would give (most decisions are new stories: no copies of them).
  const components: Record<string, number | string | boolean> = {};
  if (nearest) {
    components['nearestScore'] = nearest.score;
    components['nearestItemId'] = nearest.matchedItemId;
    const from = nearest.components;
    for (const k in from) components[nearestKey(k)] = from[k]!;
  }
  components['threshold'] = settings.threshold;
  components['windowHours'] = settings.windowHours;
  components['candidatesVerified'] = verified;
  components['candidatesBelowBound'] = skipped;
  return record(p, {
    itemId: item.id,
    storyId: held.story.id,
    rule: 'new-story',
    score: 0,
    matchedItemId: null,
    components,
    decidedAt: p.decidedAt,
  });
}

/** `nearest.` + a component's name, built once per name (not a new string per decision). */
const nearestKeys = new Map<string, string>();
function nearestKey(name: string): string {
  let key = nearestKeys.get(name);
  if (key === undefined) nearestKeys.set(name, (key = `nearest.${name}`));
  return key;
}

/** Whether a decision founded a story (a new story, or an item of a source that opted out of matching). */
export function foundsStory(decision: DedupDecision): boolean {
  return decision.rule === 'new-story' || decision.rule === 'opted-out';
}

/**
 * The candidate stories a new item's lookup leads to now (what `nearMatch` would score), without scoring them.
 * `placed`: its features as placement reads them (`withoutSourceBoilerplate`).
 */
export function candidatesNow(p: Placement, placed: ItemFeatures): string[] {
  return candidateStories(p.index, placed, termWeights(p.index.terms, placed.language)).map((c) => c.storyId);
}

/**
 * Places a taken-back item again as its earlier decision did, without scoring (take-back.ts `reapplicable` says when
 * nothing that decision read has changed): it founds its story again, or joins `storyId` again (a same-title or
 * same-link match), indexed as placing indexes it (`f`: its features as placement reads them, `withoutSourceBoilerplate`).
 * Undefined when that story is gone (then the caller scores it).
 */
export function reapplyItem(p: Placement, item: PendingItem, f: ItemFeatures, earlier: DedupDecision): DedupDecision | undefined {
  const founds = foundsStory(earlier);
  const existing = founds ? undefined : p.story(earlier.storyId);
  if (!founds && !existing) return undefined;
  const held = existing ? refreshStory(p, existing, item, f, true) : newStory(p, item, f);
  assign(p, item, f, held);
  return record(p, { ...earlier, storyId: held.story.id });
}

/**
 * An item the store updated in place (same source, same key): it stays in its story. A fuller
 * or corrected version, or one that changes what the story's entry shows of it (shown-change.ts),
 * moves the story's `updated`; a fuller one may become the representative.
 */
export function placeUpdatedItem(p: Placement, item: PendingItem, previous: DedupDecision | undefined): DedupDecision {
  const existing = item.storyId ? p.story(item.storyId) : undefined;
  if (!existing) return placeNewItem(p, item);
  const before = p.index.items.get(item.id)?.features.contentLength ?? item.replacedContentLength ?? undefined;
  const f = withoutSourceBoilerplate(p.index, p.features(item), item);
  const fuller = before !== undefined && f.contentLength > before;
  const correction = f.correction;
  let held = refreshStory(p, existing, item, f, fuller || correction);
  // What the entry shows of the item changed (a member's reworded title, its lead as the representative):
  // a modification too, whatever its length. Not known for an update stored before the store kept what it replaced.
  const shown =
    item.replaced !== null &&
    shownChanged({ ...item.replaced, firstSeen: item.firstSeen }, item, held.story.representativeItemId === item.id);
  if (shown) held = withUpdatedMoved(p, held, item);
  assign(p, item, f, held);
  return record(p, {
    itemId: item.id,
    storyId: existing.story.id,
    rule: 'same-item',
    score: 1,
    matchedItemId: null,
    components: {
      fuller,
      correction,
      shownChanged: shown,
      contentLength: f.contentLength,
      ...(previous
        ? { previousRule: previous.rule, previousScore: previous.score, previousMatchedItemId: previous.matchedItemId ?? -1 }
        : {}),
    },
    decidedAt: p.decidedAt,
  });
}

function record(p: Placement, decision: DedupDecision): DedupDecision {
  p.decisions.push(decision);
  return decision;
}

/** Placed items the caller fetched, by matching link. */
export function linksOf(linked: readonly LinkedItem[]): Map<string, { itemId: number; sourceId: string; storyId: string }[]> {
  const links = new Map<string, { itemId: number; sourceId: string; storyId: string }[]>();
  for (const l of linked) {
    const list = links.get(l.linkKey) ?? [];
    list.push({ itemId: l.itemId, sourceId: l.sourceId, storyId: l.storyId });
    links.set(l.linkKey, list);
  }
  return links;
}
