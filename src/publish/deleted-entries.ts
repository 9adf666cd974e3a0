// Which merged-away entries an output announces (Atom tombstones, RFC 6721). When two stories merge,
// the older id survives and the absorbed story's entry leaves every document; a reader that stored it
// keeps it for ever unless told. The first page names it as deleted for as long as the absorbed story
// could still sit on the output's pages, whatever page its survivor sits on (or none: words may hide it).
import type { OutputConfig } from '../config/schema.js';
import { futureDateToleranceMs } from '../future-date-tolerance.js';
import type { Story } from '../model.js';
import type { AbsorbedStory, Store } from '../store/store.js';
import { entryIdFor, type DeletedEntry } from './published-entry.js';
import { compileStoryFilter, hasContentRules } from './story-filter.js';

/** What an output says of the stories merged away from it. */
export interface DeletedEntries {
  /** The tombstones, newest merge first. */
  entries: DeletedEntry[];
  /**
   * When the newest merge of a story the output carried was made, whether or not its tombstone is still
   * shown (null when none was found): the first page's `updated` is no older, so a tombstone that leaves
   * never takes the feed's date back.
   */
  newestMerge: string | null;
}

/** Merges read per store call. */
const PAGE = 200;
/** At most this many merges of the output's sources are looked at per publish (newest first). */
const MAX_MERGES_SCANNED = 5_000;

/**
 * The output's tombstones, newest merge first (of one time, newest absorbed story first), all on the first
 * page, at most one page's worth (`output.limit`) and past it the merges of the same time as the last one
 * shown, up to as many as the output's pages hold stories (`capacity`), and its newest merge. A recluster dates
 * every id it takes away by its own time, so past a cap of `limit` the rest would stay unannounced for as long
 * as those shown stood; the ids it takes from the pages were at most `capacity`, and the newest-story order
 * puts them before older ones the output never listed. A merge counts
 * when the output carried the absorbed story: it had a member from the output's sources, passed the output's
 * words, categories and languages as it was when merged (its title and members then; a merge stored before
 * they were kept passes, shown only beside the stories listed when the output has such rules), and, with
 * maxAgeHours, was published within that many hours of the merge. Its tombstone is shown while the absorbed story could still sit on the pages, whatever became of its survivor
 * (the output's words may hide it): every such merge while the pages are not full (`capacity` stories); on
 * full pages, its published time no older than the oldest story the output lists (`stories`, newest first);
 * with maxAgeHours, also while it is within maxAgeHours of `now` (such an output depends on the clock anyway).
 * Without maxAgeHours the tombstones, like the stories, depend on what is stored, never on the clock: the same
 * stories and merges give the same document at any `now`. `newestFirstPageEntry` (the newest update among the
 * first page's entries, which dates the RSS document; the first Atom and JSON page is dated later still, by
 * every page) only ends the scan early: an older merge can move no document's date.
 */
export async function selectDeletedEntries(
  store: Store,
  output: OutputConfig,
  stories: readonly Story[],
  options: { baseUrl: string; newestFirstPageEntry: string; capacity: number; now: Date },
): Promise<DeletedEntries> {
  const found: DeletedEntries = { entries: [], newestMerge: null };
  const oldestListed = stories.length ? stories.reduce((min, s) => (s.published < min ? s.published : min), stories[0]!.published) : null;
  const floor = tombstoneFloor(output, oldestListed, stories.length < options.capacity, options.now);
  // A merge stored before the absorbed story's title and members were kept (content unknown) is judged by
  // its sources alone; for an output with words, categories or languages it counts only while its story
  // would sit beside the stories listed, never on pages that are not full: else a topic output would name
  // up to a page of entries it never showed, for as long as those merges are stored.
  const contentRules = hasContentRules(output);
  // A story is published no later than it is merged, give or take the clock skew a date may have.
  const scanUntil = floor && new Date(Date.parse(floor) - futureDateToleranceMs).toISOString();
  let before: AbsorbedStory | undefined;
  for (let scanned = 0; scanned < MAX_MERGES_SCANNED;) {
    const merges = await store.stories.absorbedSince({
      since: '',
      sourceIds: output.sources,
      ...(before ? { before: { absorbedAt: before.absorbedAt, published: before.published, storyId: before.storyId } } : {}),
      limit: PAGE,
    });
    scanned += merges.length;
    for (const merge of await carriedMerges(store, output, merges)) {
      found.newestMerge ??= merge.absorbedAt;
      const shownFrom = merge.memberIds === null && contentRules ? oldestListed : floor;
      if (shownFrom !== null && merge.published >= shownFrom && hasRoom(found.entries, merge, output.limit, options.capacity)) {
        found.entries.push({
          id: entryIdFor(merge.storyId, options.baseUrl),
          when: merge.absorbedAt,
          survivorId: entryIdFor(merge.survivorId, options.baseUrl),
        });
      }
    }
    before = merges.at(-1);
    if (!before || merges.length < PAGE) break;
    const last = found.entries.at(-1);
    const tombstonesDone =
      found.entries.length >= options.capacity ||
      (found.entries.length >= output.limit && before.absorbedAt < last!.when) ||
      (scanUntil !== '' && before.absorbedAt < scanUntil);
    const dateDone = found.newestMerge !== null || before.absorbedAt <= options.newestFirstPageEntry;
    if (tombstonesDone && dateDone) break;
  }
  return found;
}

/**
 * Whether `merge`'s tombstone still fits: one page's worth (`limit`) as a rule, and past it, up to what the
 * pages hold (`capacity`), the merges of the same time as the last one shown. A recluster dates every id it
 * takes away by its own time; cut at `limit`, the rest would stay unannounced for as long as those shown
 * stood, while live merges, one time each, keep the first page at most a page of tombstones long.
 */
function hasRoom(shown: readonly DeletedEntry[], merge: AbsorbedStory, limit: number, capacity: number): boolean {
  if (shown.length < limit) return true;
  return shown.length < capacity && merge.absorbedAt === shown.at(-1)!.when;
}

/**
 * The oldest published time of an absorbed story whose tombstone is shown ('' for any). Without maxAgeHours:
 * any while the pages are not full (a story of any age would still be listed), else the oldest story listed.
 * With maxAgeHours: maxAgeHours before `now`, or the oldest story listed when older (a kept survivor).
 */
function tombstoneFloor(output: OutputConfig, oldestListed: string | null, pagesNotFull: boolean, now: Date): string {
  if (!output.maxAgeHours) return pagesNotFull ? '' : (oldestListed ?? '');
  const ageLimit = new Date(now.getTime() - output.maxAgeHours * 3_600_000).toISOString();
  return oldestListed && oldestListed < ageLimit ? oldestListed : ageLimit;
}

/**
 * The merges (as listed, by the output's sources) whose absorbed story the output carried: with maxAgeHours,
 * published within that many hours of the merge; and passing the output's content rules as it was merged.
 * Their members are read in one call, and only when the output has such rules.
 */
export async function carriedMerges(store: Store, output: OutputConfig, merges: readonly AbsorbedStory[]): Promise<AbsorbedStory[]> {
  const maxAgeMs = output.maxAgeHours ? output.maxAgeHours * 3_600_000 : undefined;
  const aged = merges.filter((m) => maxAgeMs === undefined || m.published >= new Date(Date.parse(m.absorbedAt) - maxAgeMs).toISOString());
  if (!hasContentRules(output)) return aged;
  const keep = compileStoryFilter(output);
  const items = new Map((await store.items.byIds(aged.flatMap((m) => m.memberIds ?? []))).map((i) => [i.id, i]));
  const membersOf = (ids: readonly number[]) => ids.flatMap((id) => (items.has(id) ? [items.get(id)!] : []));
  return aged.filter((m) => m.memberIds === null || keep({ title: m.title ?? '', items: membersOf(m.memberIds) }));
}
