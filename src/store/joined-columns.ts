// How both backends keep what an item joined when it was placed (model.ts JoinedStory) in two text
// columns: the story id, and the absorbed story ids separated by spaces (null when none), followed
// by `>id` when the story then took a published id (JoinedStory.keptId): ids are hex, so the mark
// cannot be an id, and no column or migration is needed. One encoding, so a database copied from
// one backend to the other (`migrate`) reads back the same.
import type { JoinedStory } from '../model.js';

/** Marks the kept id among the absorbed ones. */
const KEPT = '>';

/** The two column values (joined_story, joined_absorbed) of `joined`. */
export function joinedColumns(joined: JoinedStory): [story: string, absorbed: string | null] {
  const ids = joined.keptId ? [...joined.absorbed, `${KEPT}${joined.keptId}`] : joined.absorbed;
  return [joined.storyId, ids.join(' ') || null];
}

/** What the columns say an item joined (null: placed before this was kept). */
export function joinedFromColumns(story: string | null, absorbed: string | null): JoinedStory | null {
  if (story === null) return null;
  const ids = absorbed?.split(' ') ?? [];
  const kept = ids.find((id) => id.startsWith(KEPT));
  const joined: JoinedStory = { storyId: story, absorbed: ids.filter((id) => !id.startsWith(KEPT)) };
  return kept ? { ...joined, keptId: kept.slice(KEPT.length) } : joined;
}
