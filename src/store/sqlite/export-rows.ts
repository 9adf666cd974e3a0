// Reading whole tables of a SQLite deployment page by page, for `feedmerge migrate` (copy-store.ts).
import Database from 'better-sqlite3';
import { StoreError } from '../store.js';
import { connectDatabase, migrateDatabase, type Db } from './database.js';

/** A SQLite deployment opened for export: every page read in one snapshot (one read transaction). */
export class SqliteExport {
  private constructor(private readonly db: Db) {}

  /** Opens `file` (bringing its schema up to date first, as any feedmerge command would) and starts the snapshot. */
  static open(file: string): SqliteExport {
    let db: Db;
    try {
      db = new Database(file, { fileMustExist: true });
      db.close();
      db = connectDatabase(file);
      migrateDatabase(db);
    } catch (error) {
      throw new StoreError(`Cannot open database "${file}" to copy it: ${(error as Error).message}`, { cause: error });
    }
    db.prepare('BEGIN').run();
    // The first read fixes the snapshot (WAL): later pages see no write of a process polling meanwhile.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return new SqliteExport(db);
  }

  /** Up to `limit` rows of `table` after rowid `after`, as arrays in `columns` order, with the last rowid. */
  page(table: string, columns: readonly string[], after: number, limit: number): { rows: unknown[][]; last: number } {
    const rows = this.db
      .prepare(`SELECT rowid AS _rowid, ${columns.join(', ')} FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ?`)
      .raw()
      .all(after, limit) as unknown[][];
    const last = rows.length ? (rows[rows.length - 1]![0] as number) : after;
    return { rows: rows.map((r) => r.slice(1)), last };
  }

  /** The dedup generation (bumped by every recluster). */
  generation(): number {
    return (this.db.prepare('SELECT generation FROM dedup_meta WHERE id = 1').get() as { generation: number }).generation;
  }

  close(): void {
    if (this.db.inTransaction) this.db.prepare('COMMIT').run();
    this.db.close();
  }
}
