// `feedmerge migrate --to postgres://…`: copies a SQLite deployment into PostgreSQL, table by table
// in pages, from one snapshot of the SQLite file: items with their ids, stories with theirs,
// aliases, decisions, source state with validators, published documents' validators, the last poll
// cycle and store failures. Rows already in PostgreSQL are left alone, so a second run (or one
// after an interruption) only adds what is missing and changes nothing else.
import { openPostgresStore } from './postgres/postgres-store.js';
import { PostgresImport } from './postgres/import-rows.js';
import { SqliteExport } from './sqlite/export-rows.js';

/** The copied tables in an order that keeps references valid (decisions after items), with their shared columns. */
const TABLES: readonly { table: string; columns: readonly string[] }[] = [
  {
    table: 'source_state',
    columns: [
      'source_id',
      'current_url',
      'etag',
      'last_modified',
      'body_hash',
      'last_fetch_at',
      'last_success_at',
      'last_status',
      'last_error',
      'next_poll_at',
      'consecutive_failures',
      'disabled_reason',
      'redirect_target',
      'redirect_seen',
      'publisher_hints',
      'configured_url',
      'warning',
      'last_error_cause',
      'last_error_cause_line',
    ],
  },
  {
    table: 'items',
    columns: [
      'id',
      'source_id',
      'item_key',
      'guid',
      'url',
      'canonical_url',
      'title',
      'summary',
      'content_html',
      'author',
      'categories',
      'enclosures',
      'language',
      'published',
      'updated',
      'first_seen',
      'last_seen',
      'content_hash',
      'story_id',
      'link_key',
      'pending',
      'content_length',
      'replaced_length',
      'replaced_title',
      'replaced_summary',
      'replaced_url',
      'replaced_published',
      'joined_story',
      'joined_absorbed',
      'feed_position',
    ],
  },
  { table: 'stories', columns: ['id', 'representative_item_id', 'title', 'url', 'published', 'updated'] },
  {
    table: 'story_aliases',
    columns: ['alias', 'story_id', 'absorbed_at', 'absorbed_published', 'absorbed_sources', 'absorbed_title', 'absorbed_items'],
  },
  { table: 'decisions', columns: ['item_id', 'story_id', 'rule', 'score', 'matched_item_id', 'components', 'decided_at'] },
  { table: 'published_documents', columns: ['path', 'etag', 'last_modified'] },
  { table: 'poll_cycles', columns: ['id', 'started_at', 'finished_at', 'sources_polled', 'sources_failed'] },
  { table: 'store_failures', columns: ['source_id', 'error', 'at'] },
];

/** Rows per INSERT (PostgreSQL takes at most 65,535 parameters; items have 30 columns). */
const PAGE_ROWS = 1_000;

export interface CopiedTable {
  table: string;
  /** Rows in the SQLite file. */
  read: number;
  /** Rows new in PostgreSQL (the rest were there already). */
  copied: number;
}

/** Copies the SQLite deployment at `file` into the PostgreSQL database at `url`; `progress` hears of each table when done. */
export async function copySqliteToPostgres(file: string, url: string, progress?: (table: CopiedTable) => void): Promise<CopiedTable[]> {
  // Creates feedmerge's tables when the database has none yet.
  await (await openPostgresStore(url)).close();
  const source = SqliteExport.open(file);
  const target = PostgresImport.open(url);
  try {
    const report: CopiedTable[] = [];
    for (const { table, columns } of TABLES) {
      const done: CopiedTable = { table, read: 0, copied: 0 };
      for (let after = 0; ;) {
        const page = source.page(table, columns, after, PAGE_ROWS);
        if (page.rows.length === 0) break;
        done.read += page.rows.length;
        done.copied += await target.insert(table, columns, page.rows);
        after = page.last;
      }
      if (table === 'items') await target.continueItemIds();
      report.push(done);
      progress?.(done);
    }
    await target.raiseGeneration(source.generation());
    return report;
  } finally {
    source.close();
    await target.close();
  }
}
