// Which merged-away entries an output announces (Atom tombstones, RFC 6721). When two stories merge,
// the older id survives and the absorbed story's entry leaves every document; a reader that stored it
// keeps it for ever unless told. The first page names it as deleted for as long as the absorbed story
// could still have been in the output, whatever page its survivor sits on.
import type { OutputConfig } from '../config/schema.js';
import type { Story } from '../model.js';
import type { Store } from '../store/store.js';
import { entryIdFor, type DeletedEntry } from './published-entry.js';

/**
 * The output's tombstones, newest merge first, at most one page's worth (`output.limit`: they all sit on
 * the first page). Span: a merge within `windowHours` (dedup's window: a reader that polls less often
 * than that may miss one), at or after the output's maxAgeHours limit and, when the pages (`capacity`
 * stories) are full, at or after the oldest story they hold. An absorbed story was published no later than
 * it was merged, so a story it would still sit beside is no older than the merge: the tombstone stays at
 * least as long as the entry could have, a little longer at most. Only merges whose absorbed story had a
 * member from the output's sources (the output carried its entry); a story the output's words filtered
 * out may still get one (a harmless unknown ref). `stories`: what the output publishes, newest first.
 * `now` only applies maxAgeHours and the window, as for stories.
 */
export async function selectDeletedEntries(
  store: Store,
  output: OutputConfig,
  stories: readonly Story[],
  options: { now: Date; capacity: number; windowHours: number; baseUrl: string },
): Promise<DeletedEntry[]> {
  const hoursAgo = (hours: number): string => new Date(options.now.getTime() - hours * 3_600_000).toISOString();
  const limits = [hoursAgo(options.windowHours)];
  if (output.maxAgeHours) limits.push(hoursAgo(output.maxAgeHours));
  const oldest = stories.at(-1);
  if (oldest && stories.length >= options.capacity) limits.push(oldest.published);
  const since = limits.sort().at(-1)!;
  const merged = await store.stories.absorbedSince({ since, sourceIds: output.sources, limit: output.limit });
  return merged.map((m) => ({
    id: entryIdFor(m.storyId, options.baseUrl),
    when: m.absorbedAt,
    survivorId: entryIdFor(m.survivorId, options.baseUrl),
  }));
}
