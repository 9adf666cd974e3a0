// Both store backends for the tests: `describe.each(backends)` runs a suite against SQLite (a file
// in a temporary folder) and PostgreSQL (127.0.0.1:5432, user postgres, trust auth). Each test
// file that uses PostgreSQL creates a database of its own (dropped when the file's tests end), and
// each `database()` call a fresh schema in it, so tests never see each other's rows.
//
// Without a reachable server the PostgreSQL suites are skipped with a message, except under
// CI=true, where they fail: CI must test both backends (.ci/run starts the server).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';

/** The server the tests use (override with FEEDMERGE_TEST_PG, e.g. another port). */
const SERVER = process.env.FEEDMERGE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432';

export interface TestBackend {
  name: 'sqlite' | 'postgres';
  /** A new, empty `database` setting: a file path, or a postgres:// URL of a fresh schema. */
  database(): Promise<string>;
  /** Runs SQL on a `database()` of this backend, outside any store (fault injection, checks). PostgreSQL only. */
  sql(database: string, text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

/** Why PostgreSQL cannot be used by the tests, or null when it can. */
async function unreachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres`, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const problem = await unreachable();

let testDatabase: Promise<string> | null = null;
let schemas = 0;

/** This test file's own database, created on first use and dropped after its tests. */
function fileDatabase(): Promise<string> {
  testDatabase ??= (async () => {
    const name = `feedmerge_test_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
    await admin(`CREATE DATABASE ${name}`);
    return name;
  })();
  return testDatabase;
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const postgres: TestBackend = {
  name: 'postgres',
  async database() {
    const name = await fileDatabase();
    const schema = `t${++schemas}`;
    const client = new pg.Client({ connectionString: `${SERVER}/${name}` });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA ${schema}`);
    } finally {
      await client.end();
    }
    return `${SERVER}/${name}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  },
  async sql(database, text, params = []) {
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  },
};

const folders: string[] = [];

// Registered when a test file imports this module, so it runs after that file's tests.
afterAll(async () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  if (testDatabase) await admin(`DROP DATABASE IF EXISTS ${await testDatabase} WITH (FORCE)`);
});

const sqlite: TestBackend = {
  name: 'sqlite',
  async database() {
    const folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-backend-'));
    folders.push(folder);
    return path.join(folder, 'feedmerge.db');
  },
  async sql() {
    throw new Error('sql() is for PostgreSQL; SQLite tests open the file with better-sqlite3');
  },
};

/** The backends to run store-level suites against: SQLite always, PostgreSQL when reachable (or under CI, to fail). */
export const backends: TestBackend[] = [sqlite, postgres];

/** The PostgreSQL backend, for suites about PostgreSQL only. */
export const postgresBackend = postgres;

/**
 * `describe` for one backend: a PostgreSQL suite without a server is skipped with a message
 * (or, under CI=true, replaced by one failing test that says why).
 */
export function describeBackend(backend: TestBackend, name: string, suite: () => void): void {
  if (backend.name === 'postgres' && problem !== null) {
    if (process.env.CI === 'true') {
      describe(`${name} [postgres]`, () => {
        it('needs a PostgreSQL server at 127.0.0.1:5432 under CI', () => {
          throw new Error(`PostgreSQL is not reachable at ${SERVER}: ${problem}`);
        });
      });
    } else {
      console.warn(`skipping "${name}" on PostgreSQL: not reachable at ${SERVER} (${problem})`);
      describe.skip(`${name} [postgres]`, suite);
    }
    return;
  }
  describe(`${name} [${backend.name}]`, suite);
}

/** `describe` once per backend; the suite gets the backend. */
export function describeEachBackend(name: string, suite: (backend: TestBackend) => void): void {
  for (const backend of backends) describeBackend(backend, name, () => suite(backend));
}
