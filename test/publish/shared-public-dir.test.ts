// Several processes writing one publicDir, real processes on one SQLite file: a `serve` whose write
// failed holds an older publication and writes it again every 5 s; meanwhile `poll --once` from
// cron published a newer one. Before, the retry replaced the newer files with the older publication
// (until that serve's next render, a few seconds on); now a publish writes only while no other process
// claimed publicDir after it began to read the store. The serve runs as another user (nobody), so
// that it cannot write the root-owned folder the polls write; it is paused (SIGSTOP) while the newer
// poll runs, so that its retry comes after it whatever the machine's load. Needs root, else skipped.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runCli, startCliAs, writeConfig, type CliProcess } from '../store/cli-process.js';

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
let folder = '';
let serve: CliProcess | null = null;

afterEach(async () => {
  if (serve && serve.child.exitCode === null) {
    serve.child.kill('SIGCONT');
    serve.child.kill('SIGTERM');
    await serve.exited;
  }
  serve = null;
  rmSync(folder, { recursive: true, force: true });
});

/** An RSS feed whose items are the given titles, newest first. */
const feed = (titles: string[]) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Lokal</title><link>https://example.org/</link><description>d</description>
${titles
  .map(
    (title, i) =>
      `<item><title>${title}</title><link>https://example.org/${encodeURIComponent(title)}</link>` +
      `<pubDate>Thu, 26 Nov 2026 0${5 + titles.length - i}:00:00 GMT</pubDate></item>`,
  )
  .join('\n')}
</channel></rss>`;

/** Makes `dir` and everything in it writable by every user. */
function openUp(dir: string): void {
  chmodSync(dir, 0o777);
  for (const entry of readdirSync(dir, { recursive: true }).map((e) => path.join(dir, String(e)))) {
    chmodSync(entry, statSync(entry).isDirectory() ? 0o777 : 0o666);
  }
}

it.skipIf(!isRoot)("a serve's retry of an older publication does not replace the files of a newer poll", { timeout: 420_000 }, async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-shared-public-'));
  chmodSync(folder, 0o755); // nobody must reach the config, the feed and the database
  const feedFile = path.join(folder, 'feed.xml');
  writeFileSync(feedFile, feed(['Erste Meldung']));
  chmodSync(feedFile, 0o644);
  mkdirSync(path.join(folder, 'data'));
  const config = writeConfig(folder, {
    database: 'data/feedmerge.db',
    publicDir: 'public',
    server: { port: 0 },
    sources: [{ id: 'local', url: feedFile }],
  });
  chmodSync(config, 0o644);
  // The serve's own config names another baseUrl, so its documents never have the bytes the polls wrote (a write
  // of the same bytes is skipped, and would not fail); same database, same publicDir.
  const serveConfig = path.join(folder, 'serve.json');
  writeFileSync(
    serveConfig,
    JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), server: { port: 0, baseUrl: 'http://serve.example/' } }),
  );
  chmodSync(serveConfig, 0o644);
  expect((await runCli('poll', '--once', '--all', '--config', config)).code).toBe(0);
  openUp(path.join(folder, 'data')); // the serve reads the database; publicDir stays root's (0755)

  serve = startCliAs(NOBODY, 'serve', '--workers', '0', '--config', serveConfig);
  await serve.waitFor('serving http://');

  // A second item: the serve re-renders, and its write fails (nobody may not write publicDir).
  writeFileSync(feedFile, feed(['Zweite Meldung', 'Erste Meldung']));
  expect((await runCli('poll', '--once', '--all', '--config', config)).code).toBe(0);
  await serve.waitFor(/cannot write the feeds to publicDir.*"msg":"publish failed"/);
  serve.child.kill('SIGSTOP');

  // A third item, published by the next poll; then the folder takes the serve's files too.
  writeFileSync(feedFile, feed(['Dritte Meldung', 'Zweite Meldung', 'Erste Meldung']));
  expect((await runCli('poll', '--once', '--all', '--config', config)).code).toBe(0);
  const rss = path.join(folder, 'public/feeds/all.xml');
  expect(readFileSync(rss, 'utf8')).toContain('Dritte Meldung');
  openUp(path.join(folder, 'public'));

  // The serve's retry (its timer ran out while it was paused) comes first, then its next render.
  serve.child.kill('SIGCONT');
  await serve.waitFor(/the feed files are written by a newer publish of another process now|writing the feed files works again/);
  expect(serve.stderr).toContain('the feed files are written by a newer publish of another process now');
  expect(serve.stderr).not.toContain('writing the feed files works again');
  // Not replaced by the retry (the serve's next render, with the third item, may write its own bytes after it).
  expect(readFileSync(rss, 'utf8')).toContain('Dritte Meldung');
});
if (!isRoot) console.warn('skipping the shared publicDir test: it runs a serve as another user (nobody), which needs root');
