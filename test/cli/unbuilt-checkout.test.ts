// A checkout where `npm ci` did not run has no dist/: bin/feedmerge.js (what `npm start` and
// `npx feedmerge` run) says what to run, in one line and exit 1, instead of Node's stack trace.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
let folder = '';
afterEach(() => rmSync(folder, { recursive: true, force: true }));

it('bin/feedmerge.js without dist/ says to run npm ci', () => {
  folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-unbuilt-'));
  mkdirSync(path.join(folder, 'bin'));
  copyFileSync(path.join(root, 'bin/feedmerge.js'), path.join(folder, 'bin/feedmerge.js'));
  copyFileSync(path.join(root, 'package.json'), path.join(folder, 'package.json'));
  const result = spawnSync(process.execPath, ['bin/feedmerge.js', '--version'], { cwd: folder, encoding: 'utf8' });
  expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
    status: 1,
    stdout: '',
    stderr:
      'feedmerge: dist/ is not built: run `npm ci` in the checkout (it compiles src/ into dist/ through `prepare`; `npm run build` alone recompiles)\n',
  });
});

it('an error inside the built CLI is not taken for a missing build', () => {
  folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-unbuilt-'));
  mkdirSync(path.join(folder, 'bin'));
  mkdirSync(path.join(folder, 'dist/cli'), { recursive: true });
  copyFileSync(path.join(root, 'bin/feedmerge.js'), path.join(folder, 'bin/feedmerge.js'));
  copyFileSync(path.join(root, 'package.json'), path.join(folder, 'package.json'));
  // A built CLI whose dependency is missing (npm ci --omit=dev without it): Node's own error, naming the package.
  mkdirSync(path.join(folder, 'dist/cli'), { recursive: true });
  spawnSync('sh', ['-c', `printf "import 'no-such-package-feedmerge';\\n" > dist/cli/main.js`], { cwd: folder });
  const result = spawnSync(process.execPath, ['bin/feedmerge.js', '--version'], { cwd: folder, encoding: 'utf8' });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("Cannot find package 'no-such-package-feedmerge'");
  expect(result.stderr).not.toContain('dist/ is not built');
});
