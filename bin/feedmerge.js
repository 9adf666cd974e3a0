#!/usr/bin/env node
// The compiled CLI; `npm ci` builds it through the `prepare` script. A checkout where that did not
// run (cloned, then `npm start` or `node bin/feedmerge.js`) gets one line saying what to run instead
// of Node's ERR_MODULE_NOT_FOUND stack trace for dist/cli/main.js.
try {
  await import('../dist/cli/main.js');
} catch (error) {
  const main = new URL('../dist/cli/main.js', import.meta.url).href;
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || error.url !== main) throw error;
  process.stderr.write(
    'feedmerge: dist/ is not built: run `npm ci` in the checkout (it compiles src/ into dist/ through `prepare`; `npm run build` alone recompiles)\n',
  );
  process.exit(1);
}
