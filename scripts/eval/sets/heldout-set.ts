// The held-out German multi-outlet set (eval/heldout-de/items.jsonl in the repository): written for
// feedmerge before the engine was tuned, never tuned on. One JSON object per line:
// {id, outlet, event, title, summary, url, published, role: "report" | "distractor", note}; `event` is the label.
import { existsSync } from 'node:fs';
import { sourceIdOf, type LabelledItem } from '../real-path-run.js';
import { readJsonl } from './read-jsonl.js';

interface HeldoutRow {
  id: string;
  outlet: string;
  event: string;
  title: string;
  summary: string;
  url: string;
  published: string;
  role: 'report' | 'distractor';
}

export interface HeldoutItem extends LabelledItem {
  role: 'report' | 'distractor';
}

/** The set's items in time order, or null when the file is absent; a malformed line is an error naming it. */
export function heldoutItems(file: string): HeldoutItem[] | null {
  if (!existsSync(file)) return null;
  return readJsonl<HeldoutRow>(file)
    .map((r, i) => {
      const publishedMs = Date.parse(r.published);
      for (const key of ['id', 'outlet', 'event', 'title', 'url', 'published'] as const)
        if (typeof r[key] !== 'string' || !r[key]) throw new Error(`${file}:${i + 1}: "${key}" missing or not a string`);
      if (!Number.isFinite(publishedMs)) throw new Error(`${file}:${i + 1}: "published" is not a date: ${r.published}`);
      return {
        id: `heldout-${r.id}`,
        source: sourceIdOf(r.outlet),
        label: r.event,
        title: r.title,
        summary: r.summary ?? '',
        url: r.url,
        publishedMs,
        language: 'de',
        role: r.role,
      };
    })
    .sort((a, b) => a.publishedMs - b.publishedMs || a.id.localeCompare(b.id));
}
