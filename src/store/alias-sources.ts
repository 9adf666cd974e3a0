// story_aliases.absorbed_sources and absorbed_items in both backends: the absorbed story's member
// sources (distinct ids in order) and member item ids (in order) as JSON arrays, as the live merge
// writes them (json_group_array / json_agg).

/** The stored column read back: null when not known (an alias of an earlier version). */
export function aliasSources(column: string | null): string[] | null {
  return column === null ? null : (JSON.parse(column) as string[]);
}

/** The column written: distinct ids in order, or null when not known. */
export function aliasSourcesColumn(sources: readonly string[] | null): string | null {
  return sources === null ? null : JSON.stringify([...new Set(sources)].sort());
}

/** story_aliases.absorbed_items read back: null when not known (an alias made before they were kept). */
export function aliasItems(column: string | null): number[] | null {
  return column === null ? null : (JSON.parse(column) as number[]);
}

/** The absorbed_items column written: ids in order, or null when not known. */
export function aliasItemsColumn(ids: readonly number[] | null): string | null {
  return ids === null ? null : JSON.stringify([...new Set(ids)].sort((a, b) => a - b));
}
