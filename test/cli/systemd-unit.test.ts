// deploy/feedmerge.service: systemd accepts it (systemd-analyze verify prints nothing), it is hardened,
// and it starts the command and sets the variables feedmerge really reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentOverrides } from '../../src/config/load-config.js';
import { debianTool } from '../publish/debian-tool.js';

const root = path.resolve(import.meta.dirname, '../..');
const unitFile = path.join(root, 'deploy/feedmerge.service');
const unit = readFileSync(unitFile, 'utf8');
const systemdAnalyze = debianTool('/usr/bin/systemd-analyze', 'systemd');

/** Every `Key=value` of a section, in order (a key may repeat). */
function settings(section: string): [string, string][] {
  const body = unit.split(/^\[/m).find((s) => s.startsWith(`${section}]`)) ?? '';
  return [...body.matchAll(/^([A-Za-z]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]);
}
const service = new Map(settings('Service'));
const all = (key: string) =>
  settings('Service')
    .filter(([k]) => k === key)
    .map(([, v]) => v);

describe('deploy/feedmerge.service', () => {
  it.skipIf(systemdAnalyze.skip)('passes systemd-analyze verify without a warning', () => {
    systemdAnalyze.require();
    // verify checks that ExecStart's program exists: where Node.js is not /usr/bin/node, check a copy pointing at this one.
    let file = unitFile;
    if (!existsSync('/usr/bin/node')) {
      file = path.join(mkdtempSync(path.join(tmpdir(), 'feedmerge-unit-')), 'feedmerge.service');
      writeFileSync(file, unit.replace('ExecStart=/usr/bin/node ', `ExecStart=${process.execPath} `));
    }
    const result = spawnSync('/usr/bin/systemd-analyze', ['verify', file], { encoding: 'utf8' });
    // Unknown keys and bad values are only warnings with exit code 0: the output must be empty too.
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });

  it('runs `feedmerge run` from the production install, reloading on SIGHUP, restarting on failure but not on a bad config', () => {
    expect(service.get('ExecStart')).toBe('/usr/bin/node /opt/feedmerge/bin/feedmerge.js run --config /etc/feedmerge/config.json');
    expect(service.get('Restart')).toBe('on-failure');
    // Exit codes 2 (invalid config) and 3 (database cannot be opened): README, "Command line".
    expect(service.get('RestartPreventExitStatus')).toBe('2 3');
    expect(service.get('KillSignal')).toBe('SIGTERM');
    // `systemctl reload`: SIGHUP reloads config.json (test/cli/reload.test.ts) instead of ending the process.
    expect(service.get('ExecReload')).toBe('/bin/kill -HUP $MAINPID');
  });

  it('is hardened: its own user, one writable state directory, nothing to gain', () => {
    expect(service.get('DynamicUser')).toBe('yes');
    expect(service.get('StateDirectory')).toBe('feedmerge');
    for (const [key, value] of [
      ['ProtectSystem', 'strict'],
      ['ProtectHome', 'yes'],
      ['PrivateTmp', 'yes'],
      ['NoNewPrivileges', 'yes'],
      ['CapabilityBoundingSet', ''],
    ] as const) {
      expect(service.get(key), key).toBe(value);
    }
    expect(all('SystemCallFilter')).toContain('@system-service');
    // V8's JIT needs writable and executable memory: this setting would kill Node.js at start.
    expect(service.has('MemoryDenyWriteExecute')).toBe(false);
  });

  it('keeps the database and the feeds in the state directory, through variables feedmerge reads', () => {
    const known = new Set(environmentOverrides.flatMap((o) => o.variables));
    const variables = [...unit.matchAll(/^#?\s*Environment=(FEEDMERGE_[A-Z_]+)=/gm)].map((m) => m[1]!);
    expect(variables.length).toBeGreaterThan(0);
    expect(variables.filter((v) => !known.has(v))).toEqual([]);
    expect(all('Environment')).toEqual(
      expect.arrayContaining(['FEEDMERGE_DATABASE=/var/lib/feedmerge/feedmerge.db', 'FEEDMERGE_PUBLIC_DIR=/var/lib/feedmerge/public']),
    );
  });
});
