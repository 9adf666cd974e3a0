// How far two databases formed the same stories, whatever the story ids: the pairs of items (by
// link) that share a story. Used by the scale-out test and benchmark to compare a PostgreSQL
// cluster's stories with a single SQLite process's.

/** A story as `feedmerge stories --json` prints it (only what the comparison needs). */
export interface StoryJson {
  id: string;
  items: { source: string; url: string }[];
}

/** The pairs of items (by link) that share a story: comparable across databases, whatever the story ids. */
export function mergedPairs(stories: readonly StoryJson[]): Set<string> {
  const pairs = new Set<string>();
  for (const story of stories) {
    const links = story.items.map((i) => i.url).sort();
    for (let a = 0; a < links.length; a++) for (let b = a + 1; b < links.length; b++) pairs.add(`${links[a]} ${links[b]}`);
  }
  return pairs;
}

/** How far two runs agree on merged pairs: shared pairs over all pairs either made (1 = the same stories). */
export function agreement(x: readonly StoryJson[], y: readonly StoryJson[]): number {
  const [a, b] = [mergedPairs(x), mergedPairs(y)];
  const shared = [...a].filter((p) => b.has(p)).length;
  return shared / (a.size + b.size - shared || 1);
}

/** Stories with at least four items: the shared events that prove the runs merged something. */
export function storiesOfFourOrMore(stories: readonly StoryJson[]): number {
  return stories.filter((s) => s.items.length >= 4).length;
}
