// Test support: real faults in a real database of either backend, injected from outside the store
// (a trigger that aborts inserts into one table), for tests of what the rest of the code does
// when the store fails. SQLite goes through sqlite-faults.ts; PostgreSQL through its own trigger.
import { failInserts as failSqliteInserts } from './sqlite-faults.js';
import { postgresBackend } from '../support/backends.js';

/**
 * Makes inserts into `table` of `database` (a file or a postgres:// URL) fail with `message`
 * (only those of item `onlyItemId`, when given) until the returned function is called.
 */
export async function failInserts(
  database: string,
  table: 'decisions' | 'items' | 'stories',
  options: { message?: string; onlyItemId?: number } = {},
): Promise<() => Promise<void>> {
  const message = options.message ?? 'disk full';
  if (!database.startsWith('postgres')) {
    if (options.onlyItemId !== undefined) throw new Error('onlyItemId: PostgreSQL only here');
    const heal = failSqliteInserts(database, table, message);
    return async () => heal();
  }
  const name = `fail_${table}_${Date.now()}`;
  const when = options.onlyItemId === undefined ? '' : `WHEN (NEW.item_id = ${Math.floor(options.onlyItemId)})`;
  await postgresBackend.sql(
    database,
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message.replace(/'/g, "''")}'; END $$;
     CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW ${when} EXECUTE FUNCTION ${name}();`,
  );
  return async () => {
    await postgresBackend.sql(database, `DROP TRIGGER ${name} ON ${table}; DROP FUNCTION ${name}();`);
  };
}
