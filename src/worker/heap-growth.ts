// How far V8 lets the worker's heap grow between full garbage collections. On a machine with more
// than 16 GB, V8 gives the heap a 4 GiB limit and then lets the old generation grow up to 4× its
// live data before collecting: a `poll --once` of 100,000 items holds ~500 MiB of live data at the
// end of placement (the story engine's window) and peaked at 1.4–1.6 GiB RSS. A fixed growing
// factor of 1.5 keeps it near the live data (figures: BENCHMARKS.md, "Memory of the 100k poll").
// A soft setting, unlike --max-old-space-size: the heap still grows as far as the data needs.
import v8 from 'node:v8';

/** The old generation may grow by this share of its live size before the next full collection. */
export const HEAP_GROWING_PERCENT = 50;

/** Sets V8's heap growing factor for this process (and its worker threads); V8 reads it at every full collection. */
export function limitHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
