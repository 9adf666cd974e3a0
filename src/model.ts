// The shapes that travel between the stages (fetch → parse → store → dedup → publish).
// Each stage speaks these types at its boundary; no library type crosses a stage.

/** Which syntax a document was read as. */
export type FeedFormat = 'rss0.9x' | 'rss1.0' | 'rss2.0' | 'atom0.3' | 'atom1.0' | 'json1.0' | 'json1.1';

/** Polling hints the publisher put in the feed itself (RSS ttl, skipHours, sy:*). */
export interface PublisherHints {
  ttlMinutes: number | null;
  /** Hours (0–23, UTC per RSS 2.0) in which the publisher asks not to be polled. */
  skipHours: number[];
  /** Day names (Monday…Sunday) on which the publisher asks not to be polled. */
  skipDays: string[];
  /** sy:updatePeriod / sy:updateFrequency turned into minutes between updates. */
  updateIntervalMinutes: number | null;
}

export interface Enclosure {
  url: string;
  type: string | null;
  length: number | null;
  /** media:content's `medium` ("image", "audio", "video" …), when the feed gives one; not part of an item's content hash. */
  medium?: string;
  /** Playing time in whole seconds (RSS itunes:duration for the item's first <enclosure>, JSON Feed duration_in_seconds); not part of the content hash. */
  durationSeconds?: number;
}

/** The fields of an enclosure an item's content hash covers, in their stored order (`medium` and `durationSeconds` came later and are left out, so no stored item counts as changed). */
export function hashedEnclosures(enclosures: readonly Enclosure[]): Pick<Enclosure, 'url' | 'type' | 'length'>[] {
  return enclosures.map(({ url, type, length }) => ({ url, type, length }));
}

/** One entry as read from a feed, normalised but not yet stored. All text is untrusted. */
export interface FeedItem {
  /** Stable key of the item within its source: guid, else link, else a hash of link, title (or, untitled, its lead) and date. */
  key: string;
  /** The guid/id exactly as published, if any. */
  guid: string | null;
  /** The link exactly as published (absolute; only http(s)), or null. */
  url: string | null;
  /** The link without tracking parameters and fragments' noise, for matching. */
  canonicalUrl: string | null;
  /** Plain text, whitespace collapsed. */
  title: string;
  /** Plain-text lead (from description/summary/content), whitespace collapsed. */
  summary: string;
  /** Raw HTML body as published (content:encoded, atom content…), its relative href/src resolved where an xml:base is in scope; sanitised only when published. */
  contentHtml: string | null;
  author: string | null;
  categories: string[];
  /** ISO 8601 UTC; null when the feed gives none. */
  published: string | null;
  updated: string | null;
  enclosures: Enclosure[];
}

/** A whole document after decode + parse + normalise. */
export interface ParsedFeed {
  format: FeedFormat;
  title: string;
  /** The site link of the feed, if any. */
  link: string | null;
  language: string | null;
  hints: PublisherHints;
  items: FeedItem[];
  /** What was wrong with the document though its items were read (it was cut off); null when it was whole. */
  warning: string | null;
}

/** An item as the store holds it. */
export interface StoredItem extends FeedItem {
  id: number;
  sourceId: string;
  language: string | null;
  /** When feedmerge first saw it (ISO UTC): never changes on update. */
  firstSeen: string;
  lastSeen: string;
  /** The story it belongs to; null until dedup has placed it. */
  storyId: string | null;
  /** contentLengthOf the stored version. */
  contentLength: number;
}

/** What ingesting one fetched feed did to the store. */
export interface IngestResult {
  newItemIds: number[];
  updatedItemIds: number[];
  unchanged: number;
}

/** Plain-text length of an item's fullest body (content without tags, else lead): how a fuller version is told. */
export function contentLengthOf(item: Pick<FeedItem, 'summary' | 'contentHtml'>): number {
  // Tags out, entities and whitespace runs left in: a length comparison between versions needs no more.
  // [^<>]: linear on hostile content with thousands of unclosed "<" ([^>] is quadratic there).
  const body = item.contentHtml ? item.contentHtml.replace(/<[^<>]*>/g, '').length : 0;
  return Math.max(body, item.summary.length);
}

/** What the story engine reads of a stored item (no body HTML, categories or enclosures). */
export type MatchableItem = Pick<
  StoredItem,
  | 'id'
  | 'sourceId'
  | 'key'
  | 'url'
  | 'canonicalUrl'
  | 'title'
  | 'summary'
  | 'language'
  | 'published'
  | 'firstSeen'
  | 'storyId'
  | 'contentLength'
>;

/** The story an item joined when it was placed, and the stories its placement absorbed (merged into it). */
export interface JoinedStory {
  storyId: string;
  absorbed: string[];
  /** A re-placed item's published id that the story it joined (founded in the same run, never stored) took. */
  keptId?: string;
}

/** A placed item as a window rebuild reads it: with the story it joined when placed (null: placed before that was kept). */
export interface PlacedItem extends MatchableItem {
  joined: JoinedStory | null;
}

/** An item waiting for the story engine: new, or changed since it was placed. */
export interface PendingItem extends MatchableItem {
  pending: 'new' | 'updated';
  /** For an update: the content length of the version it replaced (null when unknown). */
  replacedContentLength: number | null;
  /**
   * For an update: what the version last placed showed (its title, lead, link and date as stored), to tell
   * whether the change is one readers see; null for a new item, or an update stored before these were kept.
   */
  replaced: ReplacedVersion | null;
}

/** The fields of an item's last placed version that its story's published entry shows (PendingItem.replaced). */
export interface ReplacedVersion {
  title: string;
  summary: string;
  url: string | null;
  published: string | null;
}

export interface Story {
  /** Stable forever: derived from the founding item (see store/stories.ts). */
  id: string;
  representativeItemId: number;
  title: string;
  url: string | null;
  /** Earliest published (or first seen) time of any member, ISO UTC. */
  published: string;
  /** Moves when a member is added, a fuller/corrected version arrives, or what the entry shows of a member changes, ISO UTC. */
  updated: string;
}

/** A story with its members, as publishing and the CLI read it. */
export interface StoryWithItems extends Story {
  representative: StoredItem;
  /** Members, oldest first. */
  items: StoredItem[];
  /** Ids of stories merged into this one (readers that kept them can fold them in). */
  absorbedIds: string[];
}

/** Why an item was placed where it is; shown by `feedmerge explain`. */
export type DedupRule = 'new-story' | 'same-item' | 'same-link' | 'same-title' | 'near-duplicate' | 'opted-out';

export interface DedupDecision {
  itemId: number;
  storyId: string;
  rule: DedupRule;
  /** Combined score for near-duplicates; 1 for exact rules; 0 for a new story. */
  score: number;
  matchedItemId: number | null;
  /** Every score component, for `explain` (e.g. titleDice, leadDice, hoursApart …). */
  components: Record<string, number | string | boolean>;
  decidedAt: string;
}

/** One story absorbed into another: a later item showed they are one. The older id survives. */
export interface StoryMerge {
  absorbed: string;
  survivor: string;
}

/**
 * What the story engine decided for a batch of items, for the store to apply in one transaction:
 * where each item goes (with its matching link), the story rows that are new or changed, the
 * stories absorbed by others, and why (one decision per item).
 */
export interface PlacementBatch {
  /**
   * `moved`: an item placed before that only changes story (a late item's re-placement undid a merge); it
   * stays as pending as it is. `joined`: for an item placed anew, the story it joined then and the stories
   * its placement absorbed, kept apart from later merges so a rebuilt window can replay them (StoryEngine.rebuild).
   */
  placements: { itemId: number; storyId: string; linkKey: string | null; moved?: boolean; joined?: JoinedStory }[];
  stories: Story[];
  /** Applied before the placements: their members (whatever the batch does not place) move to the survivor. */
  merges: StoryMerge[];
  decisions: DedupDecision[];
  /**
   * Stories a re-placement left without their founder (placed again into an older story), applied
   * after the placements like merges: what is left of them moves to the survivor, their id lives on as its alias.
   */
  retired?: StoryMerge[];
}

/** When the latest poll cycle ran and how it went; what readiness and metrics read in any process. */
export interface PollCycleRecord {
  startedAt: string;
  finishedAt: string;
  /** Sources fetched in the cycle (due or forced), whatever the outcome. */
  sourcesPolled: number;
  sourcesFailed: number;
}

/** Per-source polling state, persisted; shown by `feedmerge sources`. */
export interface SourceState {
  sourceId: string;
  /** The URL polled now: the configured one, or where a confirmed permanent redirect led. */
  currentUrl: string | null;
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  lastFetchAt: string | null;
  lastSuccessAt: string | null;
  lastStatus: number | null;
  /** The last poll's failure as one line for the operator; it may name an address (`feedmerge sources`, logs). */
  lastError: string | null;
  /**
   * That failure's stable code (fetch/failure-cause.ts), the only part of it the public page shows;
   * null with no error, or for an error stored before causes were.
   */
  lastErrorCause: string | null;
  /** When the next poll is due (ISO UTC); null = now. */
  nextPollAt: string | null;
  consecutiveFailures: number;
  /** Set on 410 Gone; the source is not polled until re-enabled. */
  disabledReason: string | null;
  /** A permanent redirect target seen, and how many polls in a row it was seen. */
  redirectTarget: string | null;
  redirectSeen: number;
  /** The last publisher hints parsed from the body, kept for polls that bring no body (304). */
  publisherHints: PublisherHints | null;
  /** The config URL this state was built for; when the operator edits it, the state restarts. */
  configuredUrl: string | null;
  /** The last parsed body's warning (cut off: its whole items were kept); null once a whole body is parsed. */
  warning: string | null;
}
