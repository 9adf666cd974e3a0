// The order in which a cycle hands its due sources to the fetch limiter, which starts them in that
// order as slots come free. A cycle lasts at least as long as its last-started slow poll: a source
// that answers after 10 s and is started when the fast ones are done adds its whole 10 s to the
// cycle, while started first it waits beside them. So the longest expected polls go first
// (longest-processing-time-first scheduling); each source is still polled once per cycle, so none
// starves, and the per-host limit is the limiter's, unchanged.

/**
 * The sources, those without a known duration first (a new source may be slow), then by their last
 * poll's duration, longest first; ties keep their given (config) order.
 */
export function longestExpectedFirst<T extends { id: string }>(sources: readonly T[], lastDurationMs: ReadonlyMap<string, number>): T[] {
  const expected = (source: T) => lastDurationMs.get(source.id) ?? Infinity;
  // Array.prototype.sort is stable, so equal expectations keep the config order.
  return [...sources].sort((a, b) => {
    const ea = expected(a);
    const eb = expected(b);
    return ea === eb ? 0 : ea > eb ? -1 : 1;
  });
}
