// STSb German news (../shared/eval/stsb-de-news): 3,799 machine-translated German news sentence pairs
// graded 0–5. A pair should merge at ≥ 4.5 and stay apart at ≤ 2.
import path from 'node:path';
import { readJsonl } from './read-jsonl.js';

export interface StsbRow {
  stsb_row: number;
  stsb_split: string;
  /** The STS Benchmark file the pair comes from: "headlines" (pairs of headlines), "MSRpar" or "deft-news" (sentences). */
  source_file: string;
  score: number;
  de_sentence1: string;
  de_sentence2: string;
}

export const stsbMergeFrom = 4.5;
export const stsbApartUpTo = 2;

/** The pairs as stored. */
export function stsbRows(evalDir: string): StsbRow[] {
  return readJsonl<StsbRow>(path.join(evalDir, 'stsb-de-news/stsb_de_news.jsonl'));
}

/** The distinct German sentences of the set (the SemEval runs use them as background news). */
export function stsbSentences(rows: readonly StsbRow[]): string[] {
  return [...new Set(rows.flatMap((r) => [r.de_sentence1, r.de_sentence2]))];
}
