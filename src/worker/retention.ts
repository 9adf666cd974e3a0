// Retention, between polls: stories whose items all left their feeds more than `retention.days`
// ago are deleted whole, in small transactions with a turn for other work between them, except
// those on a published page. A first run over a large old database spreads over several cycles.
import { setImmediate } from 'node:timers/promises';
import type { Store } from '../store/store.js';

export interface RetentionSettings {
  days: number;
  /** Stories deleted per transaction. */
  storiesPerBatch?: number;
  /** Batches per call; the rest waits for the next cycle. */
  maxBatches?: number;
}

export interface RetentionReport {
  stories: number;
  items: number;
  /** False when the batch budget ran out before the scan reached the cutoff. */
  complete: boolean;
}

/**
 * Deletes the stories that expired at `now`, keeping every story in `published` (the ids on the
 * current publication's pages) whatever its age.
 */
export async function expireOldStories(
  store: Store,
  published: ReadonlySet<string>,
  now: Date,
  settings: RetentionSettings,
): Promise<RetentionReport> {
  const lastSeenBefore = new Date(now.getTime() - settings.days * 86_400_000).toISOString();
  const maxStories = settings.storiesPerBatch ?? 200;
  const maxBatches = settings.maxBatches ?? 25;
  const report: RetentionReport = { stories: 0, items: 0, complete: false };
  let afterItemId = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    if (batch > 0) await setImmediate();
    const step = await store.retention.deleteExpired({ lastSeenBefore, keep: published, maxStories, afterItemId });
    report.stories += step.stories;
    report.items += step.items;
    if (step.next === null) {
      report.complete = true;
      break;
    }
    afterItemId = step.next;
  }
  return report;
}
