// story_aliases rows in both backends. absorbed_sources and absorbed_items hold the absorbed
// story's member sources (distinct ids in order) and member item ids (in order) as JSON arrays, as
// the live merge writes them (json_group_array / json_agg); the rows map to the store's types here,
// once for both backends.
import type { AbsorbedStory, StoryAlias } from './store.js';

/** The columns both backends select for a merge: `SELECT ${ALIAS_COLUMNS} FROM story_aliases`. */
export const ALIAS_COLUMNS = 'alias, story_id, absorbed_at, absorbed_published, absorbed_sources, absorbed_title, absorbed_items';

/** A story_aliases row as both drivers return it. */
export interface AliasRow {
  alias: string;
  story_id: string;
  absorbed_at: string | null;
  absorbed_published: string | null;
  absorbed_sources: string | null;
  absorbed_title: string | null;
  absorbed_items: string | null;
}

/** A row as the store lists it (`stories.aliases`). */
export function toStoryAlias(r: AliasRow): StoryAlias {
  return {
    storyId: r.alias,
    survivorId: r.story_id,
    absorbedAt: r.absorbed_at,
    published: r.absorbed_published,
    sources: aliasSources(r.absorbed_sources),
    title: r.absorbed_title,
    memberIds: aliasItems(r.absorbed_items),
  };
}

/** A row of a dated, announced merge (`absorbedSince` selects only those: absorbed_at and absorbed_published set). */
export function toAbsorbedStory(r: AliasRow & { absorbed_at: string; absorbed_published: string }): AbsorbedStory {
  return {
    storyId: r.alias,
    survivorId: r.story_id,
    absorbedAt: r.absorbed_at,
    published: r.absorbed_published,
    title: r.absorbed_title,
    memberIds: aliasItems(r.absorbed_items),
  };
}

/** The stored column read back: null when not known (an alias of an earlier version). */
function aliasSources(column: string | null): string[] | null {
  return column === null ? null : (JSON.parse(column) as string[]);
}

/** The column written: distinct ids in order, or null when not known. */
export function aliasSourcesColumn(sources: readonly string[] | null): string | null {
  return sources === null ? null : JSON.stringify([...new Set(sources)].sort());
}

/** story_aliases.absorbed_items read back: null when not known (an alias made before they were kept). */
function aliasItems(column: string | null): number[] | null {
  return column === null ? null : (JSON.parse(column) as number[]);
}

/** The absorbed_items column written: ids in order, or null when not known. */
export function aliasItemsColumn(ids: readonly number[] | null): string | null {
  return ids === null ? null : JSON.stringify([...new Set(ids)].sort((a, b) => a - b));
}
