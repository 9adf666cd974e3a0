// Writing copied rows into PostgreSQL, for `feedmerge migrate` (copy-store.ts): rows that are
// already there (same key, or same source and item key) are left as they are, so a second copy
// changes nothing.
import type pg from 'pg';
import { createPool } from './connection.js';

/** A PostgreSQL database being filled: a pool for the copy. */
export class PostgresImport {
  private constructor(private readonly db: pg.Pool) {}

  static open(url: string): PostgresImport {
    return new PostgresImport(createPool(url, () => undefined, 2));
  }

  /** Inserts `rows` (arrays in `columns` order) into `table`, skipping those already there; returns how many were new. */
  async insert(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<number> {
    if (rows.length === 0) return 0;
    const params: unknown[] = [];
    const values = rows.map(
      (row) =>
        `(${row
          .map((value) => {
            // PostgreSQL text cannot hold U+0000 (SQLite can); the store drops it the same way.
            params.push(typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '') : value);
            return `$${params.length}`;
          })
          .join(', ')})`,
    );
    const result = await this.db.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')} ON CONFLICT DO NOTHING`,
      params,
    );
    return result.rowCount ?? 0;
  }

  /** After items were copied with their ids: new items get ids above the copied ones. */
  async continueItemIds(): Promise<void> {
    await this.db.query("SELECT setval(pg_get_serial_sequence('items', 'id'), GREATEST((SELECT MAX(id) FROM items), 1))");
  }

  /** The dedup generation is at least `generation` (never lowered: a placer may have moved it since). */
  async raiseGeneration(generation: number): Promise<boolean> {
    const result = await this.db.query('UPDATE dedup_meta SET generation = $1 WHERE id = 1 AND generation < $1', [generation]);
    return (result.rowCount ?? 0) > 0;
  }

  async close(): Promise<void> {
    await this.db.end();
  }
}
