// How both backends keep what an item joined when it was placed (model.ts JoinedStory) in two text
// columns: the story id, and the absorbed story ids separated by spaces (null when none). One
// encoding, so a database copied from one backend to the other (`migrate`) reads back the same.
import type { JoinedStory } from '../model.js';

/** The two column values (joined_story, joined_absorbed) of `joined`. */
export function joinedColumns(joined: JoinedStory): [story: string, absorbed: string | null] {
  return [joined.storyId, joined.absorbed.join(' ') || null];
}

/** What the columns say an item joined (null: placed before this was kept). */
export function joinedFromColumns(story: string | null, absorbed: string | null): JoinedStory | null {
  return story === null ? null : { storyId: story, absorbed: absorbed?.split(' ') ?? [] };
}
