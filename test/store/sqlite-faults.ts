// Test support: real faults in a real SQLite file, injected through a second connection (a
// trigger that aborts writes to one table), for tests of what the rest of the code does when
// the store fails. The only place outside src/store that writes SQL, kept with the store's tests.
import Database from 'better-sqlite3';

/** Makes every insert into `table` of the database at `file` fail with `message` until the returned function is called. */
export function failInserts(file: string, table: 'decisions' | 'items' | 'stories', message = 'disk full'): () => void {
  const db = new Database(file);
  const name = `fail_${table}_${Date.now()}`;
  db.exec(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, '${message.replace(/'/g, "''")}'); END`);
  return () => {
    db.exec(`DROP TRIGGER ${name}`);
    db.close();
  };
}

/** Drops `table` from the database at `file` (a store whose schema was broken behind its back). */
export function dropTable(file: string, table: 'source_state' | 'items' | 'stories'): void {
  const db = new Database(file);
  db.exec(`DROP TABLE ${table}`);
  db.close();
}
