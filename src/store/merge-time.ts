// When a batch's merges happened, for story_aliases.absorbed_at (both backends): the story engine
// dates every decision of a batch with the time it placed the batch (story-engine.ts `context.now`),
// and a merge is made by one of those placements, so the batch's latest decision time is when the
// absorbed stories left the published outputs (the next publish after it). The store reads no clock.
import type { PlacementBatch } from '../model.js';

/** The time a batch's merges are recorded with: its latest decision time, or null for a batch without decisions. */
export function mergeTimeOf(batch: PlacementBatch): string | null {
  let latest: string | null = null;
  for (const d of batch.decisions) if (latest === null || d.decidedAt > latest) latest = d.decidedAt;
  return latest;
}
