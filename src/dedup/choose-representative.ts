// Which member stands for a story in the merged feed.

export interface RepresentativeCandidate {
  itemId: number;
  /** The source's configured priority. */
  priority: number;
  /** Plain-text length of the item's body. */
  contentLength: number;
  /** Window time (ms); earlier wins a tie. */
  atMs: number;
}

/** The better representative of two: higher source priority, else the fuller text, else the earlier item (then the lower id). */
export function betterRepresentative(a: RepresentativeCandidate, b: RepresentativeCandidate): RepresentativeCandidate {
  if (a.priority !== b.priority) return a.priority > b.priority ? a : b;
  if (a.contentLength !== b.contentLength) return a.contentLength > b.contentLength ? a : b;
  if (a.atMs !== b.atMs) return a.atMs < b.atMs ? a : b;
  return a.itemId <= b.itemId ? a : b;
}
