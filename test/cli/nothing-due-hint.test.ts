// `poll --once` run by hand when nothing is due says that --all polls now (main.ts prints it on a terminal
// only), and not when every source is disabled: --all polls enabled sources only, so it would poll nothing.
import { expect, it } from 'vitest';
import { nothingDueHint } from '../../src/cli/print.js';
import type { SourceReport } from '../../src/worker/poll-cycle.js';

const hint = 'nothing was due; `feedmerge poll --once --all` polls every enabled source now';

it.each<[string, SourceReport['status'][], string | null]>([
  ['every source not due', ['not-due', 'not-due'], hint],
  ['some not due, the others disabled', ['not-due', 'disabled'], hint],
  ['every source disabled', ['disabled', 'disabled'], null],
  ['one source polled', ['not-due', 'ingested'], null],
  ['one source failed', ['failed', 'not-due'], null],
  ['no sources in the report', [], null],
])('%s', (_, statuses, expected) => {
  expect(nothingDueHint({ sources: statuses.map((status) => ({ status })) })).toBe(expected);
});
