// story_aliases.absorbed_sources in both backends: the absorbed story's member sources as a JSON
// array of distinct ids in order, as the live merge writes it (json_group_array / json_agg).

/** The stored column read back: null when not known (an alias of an earlier version). */
export function aliasSources(column: string | null): string[] | null {
  return column === null ? null : (JSON.parse(column) as string[]);
}

/** The column written: distinct ids in order, or null when not known. */
export function aliasSourcesColumn(sources: readonly string[] | null): string | null {
  return sources === null ? null : JSON.stringify([...new Set(sources)].sort());
}
