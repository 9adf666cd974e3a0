// The one wording for a database whose schema a newer feedmerge upgraded, for SQLite and PostgreSQL alike.

/**
 * Why such a database is not opened: an older release's statements do not know the newer columns and
 * tables, so a rollback would fail polls one by one (or write rows the newer release misreads).
 */
export function newerSchemaProblem(found: number, known: number): string {
  return `its schema (version ${found}) is newer than this feedmerge knows (${known}): a newer feedmerge upgraded it; run that version, or restore the backup taken before the upgrade`;
}
