// The decisions table: why each item sits in its story, for `feedmerge explain`.
import type { DedupDecision, DedupRule } from '../model.js';
import { statement, type Db } from './database.js';

interface DecisionRow {
  item_id: number;
  story_id: string;
  rule: string;
  score: number;
  matched_item_id: number | null;
  components: string;
  decided_at: string;
}

/** Records (or replaces) the decision for an item. */
export function saveDecision(db: Db, decision: DedupDecision): void {
  statement(
    db,
    `INSERT INTO decisions (item_id, story_id, rule, score, matched_item_id, components, decided_at)
     VALUES (@itemId, @storyId, @rule, @score, @matchedItemId, @components, @decidedAt)
     ON CONFLICT (item_id) DO UPDATE SET story_id = excluded.story_id, rule = excluded.rule, score = excluded.score,
       matched_item_id = excluded.matched_item_id, components = excluded.components, decided_at = excluded.decided_at`,
  ).run({ ...decision, components: JSON.stringify(decision.components) });
}

export function getDecision(db: Db, itemId: number): DedupDecision | undefined {
  const row = statement<[number], DecisionRow>(db, 'SELECT * FROM decisions WHERE item_id = ?').get(itemId);
  if (!row) return undefined;
  return {
    itemId: row.item_id,
    storyId: row.story_id,
    rule: row.rule as DedupRule,
    score: row.score,
    matchedItemId: row.matched_item_id,
    components: JSON.parse(row.components) as DedupDecision['components'],
    decidedAt: row.decided_at,
  };
}

/** Decision counts by rule, for metrics. */
export function countDecisionsByRule(db: Db): Map<DedupRule, number> {
  const rows = statement<[], { rule: DedupRule; n: number }>(db, 'SELECT rule, COUNT(*) AS n FROM decisions GROUP BY rule').all();
  return new Map(rows.map((r) => [r.rule, r.n]));
}
