// Last-Modified must move whenever a document's bytes change, or a reader that sends only
// If-Modified-Since gets a wrong 304. The newest story update does not always move: a story
// ageing out, a new title in the config or a changed member list leave it where it was.
import type { DocumentValidators } from '../store/store.js';
import { httpDateMs } from '../http-date.js';
import { publicationFiles, type Publication, type RenderedDocument } from './render-publication.js';

/**
 * A publication whose documents carry the Last-Modified they were first served with when unchanged,
 * and at least `now` when changed without a newer story update. Pure: validators in, publication out.
 */
export function carryLastModified(publication: Publication, previous: ReadonlyMap<string, DocumentValidators>, now: Date): Publication {
  const byDocument = new Map<RenderedDocument, string>();
  for (const [path, doc] of publicationFiles(publication)) byDocument.set(doc, path);
  const carry = (doc: RenderedDocument): RenderedDocument => {
    const before = previous.get(byDocument.get(doc)!);
    if (!before) return doc;
    if (before.etag === doc.etag) return { ...doc, lastModified: before.lastModified };
    const changedMs = httpDateMs(doc.lastModified, now);
    const beforeMs = httpDateMs(before.lastModified, now);
    if (changedMs !== null && beforeMs !== null && changedMs > beforeMs) return doc;
    // A stored value that is no HTTP-date dates the change now (Date.parse's NaN made "Invalid Date").
    return { ...doc, lastModified: new Date(Math.max(now.getTime(), (beforeMs ?? -Infinity) + 1000)).toUTCString() };
  };
  return {
    ...publication,
    outputs: new Map(
      [...publication.outputs].map(([id, formats]) => [id, new Map([...formats].map(([format, doc]) => [format, carry(doc)]))]),
    ),
    pages: new Map([...publication.pages].map(([path, doc]) => [path, carry(doc)])),
  };
}

/** The validators of every document of a publication, by file path. */
export function documentValidators(publication: Publication): Map<string, DocumentValidators> {
  return new Map([...publicationFiles(publication)].map(([path, doc]) => [path, { etag: doc.etag, lastModified: doc.lastModified }]));
}
