// npm's `prepare` script (run by `npm ci` and `npm install`): compiles src/ into dist/ with TypeScript.
// A production install (`npm ci --omit=dev`) has no TypeScript: it keeps a dist/ built before (for
// example on a build machine) and otherwise stops with what to run instead of "tsc: not found".
// Plain JavaScript on purpose: it must run where only the runtime dependencies are installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let tsc = null;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  // no TypeScript: a production install
}

if (tsc) {
  const { status } = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  process.exit(status ?? 1);
} else if (existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
  process.stdout.write('feedmerge: TypeScript is not installed (production install); using the dist/ built before\n');
} else {
  process.stderr.write(
    'feedmerge: dist/ is not built and TypeScript is not installed (npm ci --omit=dev).\n' +
      'Install with the dev dependencies, build, then drop them: npm ci && npm prune --omit=dev (README: "Production install").\n',
  );
  process.exit(1);
}
