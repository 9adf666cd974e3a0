// A failure's cause code is stored beside the error line it was written with (source_state.last_error_cause
// and last_error_cause_line, both stores): a version without causes rewrites last_error alone, and the cause
// left beside it then belongs to an older failure.

/** The columns that keep a source's last error and its cause. */
export interface LastErrorColumns {
  last_error: string | null;
  last_error_cause: string | null;
  last_error_cause_line: string | null;
}

/** The stored cause, if it was stored with the error line the row holds now; else null. */
export function causeOfLastError(row: LastErrorColumns): string | null {
  return row.last_error_cause !== null && row.last_error_cause_line === row.last_error ? row.last_error_cause : null;
}
