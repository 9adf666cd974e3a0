// `feedmerge` without a command prints the help on stderr and exits 2, as a usage error does; asking for the
// help (`--help`, `help`, `help <command>`) or the version is a success; `help` of a command there is not is
// a usage error too. Before, no command at all exited 0, so a script or unit
// that lost its command line ran "successfully".
import { describe, expect, it } from 'vitest';
import { runCli } from '../store/cli-process.js';

describe('the command line without a command', () => {
  it('prints the help on stderr and exits 2', async () => {
    const result = await runCli();
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: feedmerge [options] [command]');
  });

  it('`help` of a command there is not prints the help on stderr and exits 2, as a usage error', async () => {
    const result = await runCli('help', 'nosuch');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: feedmerge [options] [command]');
  });

  it.each([[['--help']], [['help']], [['poll', '--help']], [['--version']]])('%j exits 0', async (args) => {
    const result = await runCli(...args);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toBe('');
  });
});
