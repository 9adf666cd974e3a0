// The published_documents table: the validators each published document was last served with.
import type { DocumentValidators } from '../store.js';
import { statement, type Db } from './database.js';

/** Validators by document path (e.g. "feeds/all.atom", "index.html"). */
export function getPublishedDocuments(db: Db): Map<string, DocumentValidators> {
  const rows = statement<[], { path: string; etag: string; last_modified: string }>(db, 'SELECT * FROM published_documents').all();
  return new Map(rows.map((r) => [r.path, { etag: r.etag, lastModified: r.last_modified }]));
}

/** Replaces the stored validators with those of the current publication, in one transaction. */
export function savePublishedDocuments(db: Db, documents: ReadonlyMap<string, DocumentValidators>): void {
  const upsert = statement(
    db,
    `INSERT INTO published_documents (path, etag, last_modified) VALUES (?, ?, ?)
     ON CONFLICT (path) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified`,
  );
  db.transaction(() => {
    statement(db, 'DELETE FROM published_documents').run();
    for (const [path, v] of documents) upsert.run(path, v.etag, v.lastModified);
  })();
}
