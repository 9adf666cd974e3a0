// The published_documents table: the validators each published document was last served with.
import type { DocumentValidators } from '../store.js';
import type { Queryable } from './connection.js';

/** Validators by document path (e.g. "feeds/all.atom", "index.html"). */
export async function getPublishedDocuments(db: Queryable): Promise<Map<string, DocumentValidators>> {
  const { rows } = await db.query<{ path: string; etag: string; last_modified: string }>('SELECT * FROM published_documents');
  return new Map(rows.map((r) => [r.path, { etag: r.etag, lastModified: r.last_modified }]));
}

/** Replaces the stored validators with those of the current publication (the caller holds the transaction). */
export async function savePublishedDocuments(db: Queryable, documents: ReadonlyMap<string, DocumentValidators>): Promise<void> {
  await db.query('DELETE FROM published_documents');
  if (documents.size === 0) return;
  const entries = [...documents];
  await db.query('INSERT INTO published_documents (path, etag, last_modified) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])', [
    entries.map(([path]) => path),
    entries.map(([, v]) => v.etag),
    entries.map(([, v]) => v.lastModified),
  ]);
}
