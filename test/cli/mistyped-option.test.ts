// A mistyped `poll --once` ("--onc") is named as the unknown option it is, with the suggestion, not
// reported as "required option '--once' not specified" (commander checks required options first, so
// the typo the operator made went unmentioned). `poll` alone still says that --once is needed.
import { describe, expect, it } from 'vitest';
import { runCli } from '../store/cli-process.js';

describe('poll with a mistyped or missing --once', () => {
  it('names the mistyped option and suggests --once, exit 2', async () => {
    const result = await runCli('poll', '--onc');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: unknown option '--onc'");
    expect(result.stderr).toContain('Did you mean --once?');
  });

  it('says --once is needed when it is missing, exit 2', async () => {
    const result = await runCli('poll', '--all');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: required option '--once' not specified");
  });
});
