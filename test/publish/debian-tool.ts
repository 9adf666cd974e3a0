// Tests that need a Debian tool (xmllint, newsboat, chromium, python3-feedparser): on CI the
// tool must be there (.ci/run installs it) and its absence fails the test; elsewhere we skip
// with a message saying what to install.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface ToolCheck {
  /** True when the test should be skipped (tool missing, not on CI). */
  skip: boolean;
  /** Throws a clear error on CI when the tool is missing; call at the start of the test. */
  require(): void;
}

/** Checks for an executable path (and optionally a command that must succeed, e.g. an import). */
export function debianTool(path: string, install: string, probe?: readonly string[]): ToolCheck {
  let present = existsSync(path);
  if (present && probe) {
    try {
      execFileSync(path, probe, { stdio: 'ignore' });
    } catch {
      present = false;
    }
  }
  const onCi = process.env['CI'] === 'true';
  if (!present && !onCi) console.warn(`skipping: ${path} not found (apt-get install -y ${install})`);
  return {
    skip: !present && !onCi,
    require() {
      if (!present) throw new Error(`${path} is required on CI but missing: apt-get install -y ${install}`);
    },
  };
}
