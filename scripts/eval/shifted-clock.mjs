// Loaded with `node --import` into the command line the eval runs (feedmerge-cli.ts), never into the service: moves the
// process's clock by FEEDMERGE_EVAL_CLOCK_OFFSET_MS. The eval moves a labelled set by whole weeks, so the weekday each
// text names stays its item's own (the forecast conflict reads it), and runs the command line at the moment just after
// the set's newest item, as a deployment polls its feeds right after they publish. Timers and durations keep the real
// monotonic clock (performance.now); only the wall clock (Date) moves.
const offset = Number(process.env.FEEDMERGE_EVAL_CLOCK_OFFSET_MS ?? 0);
if (Number.isFinite(offset) && offset !== 0) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
