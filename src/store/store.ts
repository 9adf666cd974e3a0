// The one door to stored data. Everything outside src/store reads and writes through a `Store`
// in our own types: no driver handle, SQL, pragma or checkpoint crosses this line. Two backends
// implement it (SQLite, the embedded default; PostgreSQL for several processes), chosen by the
// `database` setting (see open-store.ts).
import type {
  DedupDecision,
  FeedItem,
  IngestResult,
  MatchableItem,
  PlacementBatch,
  PendingItem,
  PlacedItem,
  PollCycleRecord,
  SourceState,
  Story,
  StoredItem,
  StoryWithItems,
} from '../model.js';

/** Thrown when the store cannot be opened, migrated or reached, or fails its integrity check. */
export class StoreError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
}

/** What went wrong in a failed store operation, for messages and the store-failure metric. */
export type StoreFailureKind = 'full' | 'locked' | 'corrupt' | 'read-only' | 'io' | 'other';

/** A store operation that failed after a successful open (disk full, damaged pages, I/O); the message is the driver's. */
export class StoreFailure extends Error {
  readonly code = 'STORE_FAILED';
  constructor(
    readonly kind: StoreFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The kind of a failure thrown by a store call ('other' for anything that is not a StoreFailure). */
export function storeFailureKind(error: unknown): StoreFailureKind {
  return error instanceof StoreFailure ? error.kind : 'other';
}

/**
 * Whether `store` has logged this failure itself: a lost PostgreSQL connection is one line when it
 * goes and one when it is back, so callers add none per failed attempt. (SQLite's I/O errors are
 * the caller's to log.)
 */
export function storeLoggedFailure(store: { backend: 'sqlite' | 'postgres' }, error: unknown): boolean {
  return store.backend === 'postgres' && storeFailureKind(error) === 'io';
}

/** Where a store tells what no caller is there to hear: an outage and its end (PostgreSQL), a last checkpoint that failed at close (SQLite). */
export interface StoreLog {
  info(message: string): void;
  warn(message: string): void;
}

/** The process that holds a database's writer lock (see `WriterClaim`). */
export interface WriterHolder {
  pid: number;
  host: string;
  /** What it runs, as its own claim said ("poll --once", "run", "recluster"). */
  command: string;
  /** When it took the lock (ISO UTC). */
  since: string;
}

/** A writing command's wish to be the database's one writer, and how long it waits for another. */
export interface WriterClaim {
  /** What this process runs, shown to a process that finds the lock taken. */
  command: string;
  /** How long to wait for `holder` (null: not known yet) to let go; 0 gives up at once. */
  waitMs(holder: WriterHolder | null): number;
  /** Called once, when waiting starts, with a one-line message naming the holder. */
  onWait?(message: string): void;
  /** Excludes other writers but writes nothing itself (`migrate` reads a snapshot): a read-only file is fine. */
  writesNothing?: boolean;
}

/** Thrown by openStore when another process holds the writer lock (and waiting did not help). */
export class WriterBusyError extends Error {
  readonly code = 'WRITER_BUSY';
  constructor(
    readonly holder: WriterHolder | null,
    message: string,
  ) {
    super(message);
  }
}

/** Whether the store can be used right now, and if not, why (one line). */
export interface StoreHealth {
  ok: boolean;
  problem: string | null;
}

/** A poll the store could not keep, remembered per source until that source stores again. */
export interface StoreFailureRecord {
  error: string;
  /** ISO UTC. */
  at: string;
}

/** One retention step: which stories expire and how much to delete at most. */
export interface ExpiryRequest {
  /** A story expires when every member was last seen in its feed before this time (ISO UTC). */
  lastSeenBefore: string;
  /** Stories that stay whatever their age (those on a published page). */
  keep: ReadonlySet<string>;
  /** At most this many stories are deleted, in one transaction. */
  maxStories: number;
  /** Where the scan goes on: 0 at first, then the previous step's `next`. */
  afterItemId: number;
}

export interface ExpiryResult {
  stories: number;
  items: number;
  /** `afterItemId` for the next step, or null when nothing older is left to look at. */
  next: number | null;
}

/**
 * Where a listed story stands in the list's order, the paging cursor: its published time, its place among
 * stories of that time (`listPlace`, as listed) and its id. Carried whole, never read back from the store,
 * so a write between two pages (a poll, a merge, the cursor story deleted) cannot repeat or skip stories.
 */
export interface StoryCursor {
  published: string;
  place: string;
  id: string;
}

/** A story as `stories.list` returns it: with its place in the list's order among stories of its time. */
export interface ListedStory extends StoryWithItems {
  /** Sorts descending: the latest first_seen, then the best feed place, of the members of the story's time. */
  listPlace: string;
}

/** The cursor for the stories after `story` (pass it as `before`). */
export function cursorAfter(story: ListedStory): StoryCursor {
  return { published: story.published, place: story.listPlace, id: story.id };
}

/**
 * Which stories `stories.list` returns, newest first: by published time, then (ties) the stories whose members
 * of that time were first seen latest, then as their feed listed them when first seen (feed_position), then id.
 */
export interface StoryQuery {
  /** Only stories with at least one member from these sources (all when absent). */
  sourceIds?: readonly string[];
  /** Only stories published at or after this time (ISO UTC). */
  publishedSince?: string;
  /** Paging: the stories after this one in that order (`cursorAfter` of the last story listed). */
  before?: StoryCursor;
  limit: number;
}

/** A story id merged into another, as `stories.absorbedSince` lists it. */
export interface AbsorbedStory {
  /** The absorbed story's id (an alias of the survivor now). */
  storyId: string;
  /** The story it lives in now. */
  survivorId: string;
  /** When the merge was applied (ISO UTC): its entry left the outputs at the next publish. */
  absorbedAt: string;
  /** The absorbed story's published time then (ISO UTC); a merge without one (its story never stored) is not listed. */
  published: string;
  /** The absorbed story's title then; null for a merge stored before titles were kept. */
  title: string | null;
  /** Its member items then (ids, still stored: they moved to the survivor); null for a merge stored before they were kept. */
  memberIds: number[] | null;
}

/** An absorbed story id as stored, with what its merge recorded (`stories.aliases`, `placements.saveAliases`). */
export interface StoryAlias {
  /** The absorbed story's id. */
  storyId: string;
  /** The story it lives in now. */
  survivorId: string;
  /**
   * When its entry left the outputs (ISO UTC); null when not known (a merge stored by an earlier version) or
   * never listed (an id only a recluster's replay made and absorbed): either way it is never announced.
   */
  absorbedAt: string | null;
  /** The absorbed story's published time then (ISO UTC), or null when not known. */
  published: string | null;
  /** Its members' sources then, or null when not known. */
  sources: string[] | null;
  /** Its title then, or null when not known (a merge stored before titles were kept). */
  title: string | null;
  /** Its member items then (ids), or null when not known (a merge stored before they were kept). */
  memberIds: number[] | null;
}

/**
 * Which merges `stories.absorbedSince` lists, newest first, then by the absorbed story's published time and id,
 * both descending: of the ids one batch or one recluster absorbed (one time), the newest stories first, the
 * entries an output most likely listed (deleted-entries.ts keeps the first ones when it must cap).
 */
export interface AbsorbedQuery {
  /** Merged at or after this time (ISO UTC); aliases with no known merge time are never listed. */
  since: string;
  /** Only merges whose absorbed story had a member from these sources, so an output with them carried its entry (all when absent). */
  sourceIds?: readonly string[];
  /** Paging: the merges after this one in that order (the last one listed). */
  before?: { absorbedAt: string; published: string; storyId: string };
  limit: number;
}

/** A story as placement needs it: the row plus what its representative competes with. */
export interface PlacedStory extends Story {
  representativeSourceId: string;
  representativeContentLength: number;
  /** Window time inputs of the representative (published, else first seen). */
  representativePublished: string | null;
  representativeFirstSeen: string;
}

/** An item already placed whose matching link equals a key asked for. */
export interface LinkedItem {
  itemId: number;
  sourceId: string;
  storyId: string;
  linkKey: string;
}

/** Validators each published document was last served with. */
export interface DocumentValidators {
  etag: string;
  /** HTTP date. */
  lastModified: string;
}

/** What awaits placement, in brief (`ItemStore.pendingSummary`). */
export interface PendingSummary {
  items: number;
  /** The highest pending item id (0 when none). */
  newestId: number;
}

export interface ItemStore {
  /**
   * Stores every item of one fetched feed: new keys inserted (pending placement), changed items
   * updated in place (first seen kept, pending re-placement), unchanged ones only touched.
   */
  ingest(sourceId: string, language: string | null, items: readonly FeedItem[], now: string): Promise<IngestResult>;
  /** Items by id, in the order asked (missing ids skipped). */
  byIds(ids: readonly number[]): Promise<StoredItem[]>;
  /**
   * Items whose link, guid or key equals `ref`, or whose canonical link equals `ref` or `canonical` (the
   * caller's canonicalUrl(ref): a link as published, without its tracking parameters or with a #fragment,
   * is neither the stored link nor the canonical one, but has the same canonical form).
   */
  findByReference(ref: string, canonical?: string | null): Promise<StoredItem[]>;
  /** Members of a story, oldest first. */
  ofStory(storyId: string): Promise<StoredItem[]>;
  /** Items stored per source id. */
  countBySource(): Promise<Map<string, number>>;
  /** Items awaiting placement (new, or updated since placed), at most `limit`, lowest id first. */
  pending(limit: number): Promise<PendingItem[]>;
  /** How many items await placement and the newest one's id, without reading them: whether more are arriving. */
  pendingSummary(): Promise<PendingSummary>;
  /** Placed items first seen at or after `since` (ISO), in id order, with the story each joined: what a story engine rebuilds its window from. */
  placedSince(since: string): AsyncIterable<PlacedItem>;
  /** Every stored item in id (ingest) order: what recluster replays. */
  all(): AsyncIterable<MatchableItem>;
}

export interface StoryStore {
  get(id: string): Promise<Story | undefined>;
  /** A story with its representative and members. */
  withItems(id: string): Promise<StoryWithItems | undefined>;
  /**
   * Stories by id with their representatives and members, in a few queries whatever their number (ids that are
   * no story left out). The Map is in the store's order, not the ids' (it differs by backend): sort if order matters.
   */
  withItemsByIds(ids: readonly string[]): Promise<Map<string, StoryWithItems>>;
  /** Stories by id with what placement needs of their representative. */
  forPlacement(ids: readonly string[]): Promise<Map<string, PlacedStory>>;
  /** Stories newest first, with members. */
  list(query: StoryQuery): Promise<ListedStory[]>;
  count(): Promise<number>;
  /** The surviving story of an id that was absorbed into another (merge), if it was. */
  survivorOf(id: string): Promise<string | undefined>;
  /** Story ids merged into another since a time, newest merge first (the Atom feeds' tombstones). */
  absorbedSince(query: AbsorbedQuery): Promise<AbsorbedStory[]>;
  /** Every absorbed id with what its merge recorded, by id: what recluster keeps of them. */
  aliases(): Promise<StoryAlias[]>;
}

export interface PlacementStore {
  /** Placed items whose matching link is one of `keys` (any age), at most 50 per key. */
  linkedItems(keys: readonly string[]): Promise<LinkedItem[]>;
  /** Writes what the story engine decided: item placements, story rows, merges, decisions. */
  apply(batch: PlacementBatch): Promise<void>;
  /** The decision that placed an item. */
  decision(itemId: number): Promise<DedupDecision | undefined>;
  /** Every item's story now (recluster's before/after comparison). */
  itemStories(): Promise<Map<number, string | null>>;
  /** Forgets every placement, story, alias and decision and starts a new generation (recluster, before applying the replay). */
  clear(): Promise<void>;
  /**
   * Writes absorbed ids with the dates, sources, titles and members given, each replacing a row of its id (recluster, after
   * applying its replay: merges in `apply` are dated by the batch and read from the rows it moves, which a
   * replay applied at once after `clear` does not have).
   */
  saveAliases(aliases: readonly StoryAlias[]): Promise<void>;
  /** Bumped by every recluster: an engine built under an older generation must rebuild. */
  generation(): Promise<number>;
}

/** A poller's wish to poll some sources: which, whose, and until when it may hold them. */
export interface SourceClaim {
  /**
   * The sources this poller may poll (the enabled ones of its config), with their configured URL.
   * PostgreSQL writes the list into the database when it differs from the last one claimed with
   * (a cost like that of every claim before): pass the same list to every claim of a config.
   */
  sources: readonly { id: string; url: string }[];
  /** Who claims (unique per process): a lease of its own is never taken twice. */
  owner: string;
  /** Due means next poll at or before this time (ISO UTC); a lease ending before it has run out. */
  now: string;
  /** The lease ends then (ISO UTC): a poller that died is replaced after it. */
  leaseUntil: string;
  /** At most this many sources. */
  limit: number;
}

export interface SourceStore {
  /** The stored state of a source, or the empty state. */
  get(sourceId: string): Promise<SourceState>;
  all(): Promise<Map<string, SourceState>>;
  save(state: SourceState): Promise<void>;
  /** Clears a disable (e.g. after HTTP 410) so the source is polled at the next cycle. */
  enable(sourceId: string): Promise<void>;
  /** Polls the store could not keep, by source id (what `sources` and the page show). */
  storeFailures(): Promise<Map<string, StoreFailureRecord>>;
  /** Remembers (or, with null, forgets) that a poll of this source could not be stored. */
  recordStoreFailure(sourceId: string, failure: StoreFailureRecord | null): Promise<void>;
  /**
   * Takes up to `limit` sources that are due (never polled, next poll reached, or configured
   * anew), not disabled and not leased by a poller whose lease runs (this one included: a source
   * in flight is not taken twice), and leases them to `owner`; returns their ids, sources a dead
   * poller left behind first, then the longest due. PostgreSQL: FOR UPDATE SKIP LOCKED, so
   * pollers on several machines never take the same source; the cost does not grow with the
   * number of sources. SQLite has one writer process: its leases stay in that process's memory.
   */
  claimDue(claim: SourceClaim): Promise<string[]>;
  /** Gives back `owner`'s lease of a source (in the transaction that saves its poll). */
  releaseLease(sourceId: string, owner: string): Promise<void>;
}

export interface RetentionStore {
  /**
   * Deletes expired stories whole (members, their decisions, aliases), oldest items first, at most
   * `maxStories` in one transaction. Items not placed yet are never deleted.
   */
  deleteExpired(request: ExpiryRequest): Promise<ExpiryResult>;
}

export interface DocumentStore {
  /** Validators by document path (e.g. "feeds/all.atom"). */
  all(): Promise<Map<string, DocumentValidators>>;
  /** Replaces the stored validators with those of the current publication. */
  replace(documents: ReadonlyMap<string, DocumentValidators>): Promise<void>;
}

export interface CycleStore {
  /** Replaces the record of the latest poll cycle. */
  record(cycle: PollCycleRecord): Promise<void>;
  /** The latest cycle, or null when none has run on this store. */
  last(): Promise<PollCycleRecord | null>;
}

/** The data operations; inside `transaction` they all run in that one transaction. */
export interface StoreSession {
  readonly items: ItemStore;
  readonly stories: StoryStore;
  readonly placements: PlacementStore;
  readonly sources: SourceStore;
  readonly documents: DocumentStore;
  readonly cycles: CycleStore;
}

export interface Store extends StoreSession {
  readonly backend: 'sqlite' | 'postgres';
  /** Where the data lives, for messages (a file path or a URL without its password). */
  readonly location: string;
  /**
   * Runs `fn` in one transaction: everything it does through `session` commits together or not
   * at all. Other calls on this store wait until it ends.
   */
  transaction<T>(fn: (session: StoreSession) => Promise<T>): Promise<T>;
  /** Retention: deleting what aged out, in small transactions of its own. */
  readonly retention: RetentionStore;
  /**
   * Cheap: whether the store is usable (not found damaged at open or since, not closed). A damaged
   * store refuses every write and still serves what it can read.
   */
  check(): Promise<StoreHealth>;
  /**
   * Calls `listener` (at most every few seconds) after another process committed a change:
   * what a server that does not poll re-renders on. Returns a function that stops listening.
   */
  onChange(listener: () => void): () => void;
  /** Closes the database and lets go of the writer lock, if this store holds it. */
  close(): Promise<void>;
}
