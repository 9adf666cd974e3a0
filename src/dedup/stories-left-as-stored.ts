// A re-placement places again items that were placed already. Where it puts one back in the story it
// was in, with the story's row as it was, nothing changed for readers, yet placing it stamps the
// story `updated` now (a new story's clock, a joined story's refresh): readers would see an update
// with nothing new in it (a feed's undated item placed again after a later-seen one whose link
// sorts first). This puts the stored `updated` back on such stories.
import type { PlacementBatch, Story } from '../model.js';
import { readerLink } from './shown-change.js';

/**
 * The stories of a re-placement `batch` that it leaves as stored, with their stored `updated` time
 * set back in `batch.stories` (and returned): no item joined or left them (`previousStory` holds the
 * story of each item placed again that was not waiting, or waiting with an update readers cannot see:
 * shown-change.ts unseenUpdate; an item without an entry counts as arriving),
 * no merge or retirement touched them, and their representative, title, link (as a reader tells it apart:
 * readerLink) and published time are the stored ones.
 */
export function keepStoredUpdated(
  batch: PlacementBatch,
  previousStory: ReadonlyMap<number, string>,
  stored: ReadonlyMap<string, Story>,
): Story[] {
  const changed = new Set<string>();
  for (const m of [...batch.merges, ...(batch.retired ?? [])]) changed.add(m.absorbed).add(m.survivor);
  // The last placement of an item is where it ends (as the store applies them).
  const placedIn = new Map(batch.placements.map((p) => [p.itemId, p.storyId]));
  for (const [itemId, storyId] of placedIn) {
    const before = previousStory.get(itemId);
    if (before === storyId) continue;
    changed.add(storyId);
    if (before !== undefined) changed.add(before);
  }
  const kept: Story[] = [];
  batch.stories.forEach((story, k) => {
    const row = stored.get(story.id);
    if (!row || changed.has(story.id) || story.updated <= row.updated) return;
    const same =
      story.representativeItemId === row.representativeItemId &&
      story.title === row.title &&
      readerLink(story.url) === readerLink(row.url) &&
      story.published === row.published;
    if (!same) return;
    batch.stories[k] = { ...story, updated: row.updated };
    kept.push(batch.stories[k]!);
  });
  return kept;
}
