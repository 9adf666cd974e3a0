// A story's id comes from the item that founded it, not from a counter: replaying the same items
// (recluster, a rebuilt database) gives the same ids, so readers never see a story twice.
import { createHash } from 'node:crypto';

/** The id of the story founded by the item (sourceId, itemKey). */
export function storyIdFor(sourceId: string, itemKey: string): string {
  return createHash('sha256').update(`${sourceId}\n${itemKey}`).digest('hex').slice(0, 20);
}
