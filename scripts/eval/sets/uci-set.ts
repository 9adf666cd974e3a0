// UCI News Aggregator (../shared/eval/uci-news-aggregator): 6,366 English headlines of 87 topic-level
// story clusters from 1,921 hostnames over 36 h; titles only. Split by story label with a fixed hash
// into a calibration half and a held-out half.
import path from 'node:path';
import type { LabelledItem } from '../real-path-run.js';
import { stableHash } from '../seeded-random.js';
import { readJsonl } from './read-jsonl.js';

interface UciRow {
  id: number;
  title: string;
  url: string;
  story: string;
  hostname: string;
  timestamp_ms: number;
}

/** Which half a story label belongs to: fixed by a hash of the label, never by the engine's results. */
export function uciHalf(story: string): 'cal' | 'held' {
  return stableHash(`uci-split/${story}`) % 2 === 0 ? 'cal' : 'held';
}

/** The UCI items in time order (id breaks ties); sources are the hostnames. */
export function uciItems(evalDir: string): LabelledItem[] {
  return readJsonl<UciRow>(path.join(evalDir, 'uci-news-aggregator/news.jsonl'))
    .sort((a, b) => a.timestamp_ms - b.timestamp_ms || a.id - b.id)
    .map((r) => ({
      id: `uci-${r.id}`,
      source: r.hostname,
      label: r.story,
      title: r.title,
      summary: '',
      // The data escapes "?" as "\?" (as in the original CSV).
      url: r.url.replace(/\\\?/g, '?'),
      publishedMs: r.timestamp_ms,
      language: 'en',
    }));
}
