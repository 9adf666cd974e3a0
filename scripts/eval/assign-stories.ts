// Maps `feedmerge stories --json` back to the labelled items: an output item is found by its source
// and guid (the harness writes a unique guid per item), or by source and link where the feed format
// carries no guid (RSS 1.0).

/** The parts of `stories --json` the harness reads. */
export interface StoryJson {
  id: string;
  title: string;
  items: { source: string; guid: string | null; url: string | null; title: string }[];
}

/** How an input item can be recognised in the output. */
export interface ItemIdentity {
  source: string;
  guid: string;
  url: string | null;
}

export interface Assignment {
  /** Story id per input item; an item that did not come out gets a story of its own ("missing:<i>"). */
  predicted: string[];
  /** Input items that did not come out. */
  missing: number[];
  /** Input items that came out more than once. */
  duplicated: number[];
  /** Output items that match no input item. */
  unknown: number;
}

/** Assigns every input item the story it came out in, and counts items missing, duplicated or unknown. */
export function assignStories(items: readonly ItemIdentity[], stories: readonly StoryJson[]): Assignment {
  const byGuid = new Map<string, number>();
  const byUrl = new Map<string, number[]>();
  items.forEach((item, i) => {
    byGuid.set(`${item.source}\u0000${item.guid}`, i);
    if (item.url) {
      const key = `${item.source}\u0000${item.url}`;
      byUrl.set(key, [...(byUrl.get(key) ?? []), i]);
    }
  });
  const seen = new Array<number>(items.length).fill(0);
  const predicted = items.map((_, i) => `missing:${i}`);
  let unknown = 0;
  for (const story of stories) {
    for (const out of story.items) {
      let index = out.guid !== null ? byGuid.get(`${out.source}\u0000${out.guid}`) : undefined;
      if (index === undefined && out.url !== null) {
        const candidates = byUrl.get(`${out.source}\u0000${out.url}`) ?? [];
        // Without a guid a link names an item only if no other item of the source has it.
        if (candidates.length === 1) index = candidates[0];
      }
      if (index === undefined) {
        unknown++;
        continue;
      }
      seen[index]!++;
      predicted[index] = story.id;
    }
  }
  return {
    predicted,
    missing: seen.flatMap((n, i) => (n === 0 ? [i] : [])),
    duplicated: seen.flatMap((n, i) => (n > 1 ? [i] : [])),
    unknown,
  };
}
