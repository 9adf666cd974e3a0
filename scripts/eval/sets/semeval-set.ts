// SemEval-2022 Task 8, German pairs with text (../shared/eval/semeval2022-de): 16 labelled pairs of 32
// articles (title + lead). Same story = Overall ≤ 1.5, different = Overall ≥ 3.
import path from 'node:path';
import { readJsonl } from './read-jsonl.js';

interface SemevalArticle {
  id: string;
  source: string;
  title: string;
  description: string | null;
  publish_date: string | null;
  url: string;
}

interface SemevalRow {
  pair_id: string;
  overall: number;
  article1: SemevalArticle;
  article2: SemevalArticle;
}

export interface SemevalArticleItem {
  id: string;
  outlet: string;
  title: string;
  lead: string;
  url: string;
  publishedMs: number;
}

export interface SemevalPair {
  id: string;
  overall: number;
  a: SemevalArticleItem;
  b: SemevalArticleItem;
}

export const semevalSameUpTo = 1.5;
export const semevalDifferentFrom = 3;

/** The pairs; a missing date takes the other article's (the pairs were sampled from the same days). */
export function semevalPairs(evalDir: string): SemevalPair[] {
  return readJsonl<SemevalRow>(path.join(evalDir, 'semeval2022-de/pairs_with_text.jsonl')).map((r) => {
    const d1 = r.article1.publish_date ? Date.parse(r.article1.publish_date) : NaN;
    const d2 = r.article2.publish_date ? Date.parse(r.article2.publish_date) : NaN;
    const fallback = Number.isFinite(d1) ? d1 : Number.isFinite(d2) ? d2 : Date.parse('2020-01-01T12:00:00Z');
    const side = (a: SemevalArticle, d: number): SemevalArticleItem => ({
      id: a.id,
      outlet: a.source,
      title: a.title,
      lead: a.description ?? '',
      url: a.url,
      publishedMs: Number.isFinite(d) ? d : fallback,
    });
    return { id: r.pair_id, overall: r.overall, a: side(r.article1, d1), b: side(r.article2, d2) };
  });
}
