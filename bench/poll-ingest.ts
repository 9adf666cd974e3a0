// npm run bench:poll-ingest — the poll path WITHOUT placement: fetch → parse → store of the same 100,000
// items in 50 local files as bench:poll-files, through the real runPollCycle on a fresh database, with
// the story engine left out (its placement step does nothing here). This is the part of the poll that
// does not depend on the story engine, so it can be compared across engine changes. Each mode runs in
// its own process (clean heap, own peak RSS): parsing on this thread ("inline") and on 1 and 2 parse
// threads (parse-pool.ts). Reports wall, CPU of all threads and peak RSS per mode.
//
//   npm run bench:poll-ingest -- [--items 100000] [--feeds 50] [--rounds 1]
//
// The machine may be shared: compare CPU seconds, not wall.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { feedDocument } from '../scripts/eval/feed-document.js';
import { runTempRoot } from '../scripts/eval/real-path-run.js';
import type { Placer } from '../src/dedup/placer.js';
import { loadConfig } from '../src/config/load-config.js';
import { createParsePool } from '../src/parse/parse-pool.js';
import { openStore } from '../src/store/open-store.js';
import { runPollCycle } from '../src/worker/poll-cycle.js';
import { workerContext } from '../src/worker/service.js';
import { realisticFeeds } from './generate/realistic-items.js';

function value(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** One mode in this process: poll every file once, print one JSON line. */
async function runMode(dir: string, mode: string): Promise<void> {
  const config = loadConfig(path.join(dir, 'config.json'));
  const store = await openStore(path.join(dir, `${mode}.db`), { writer: { command: 'bench', waitMs: () => 0 } });
  const context = workerContext(config, store);
  await context.parsePool?.close();
  context.parsePool = mode === 'inline' ? undefined : createParsePool({ threads: Number(mode.replace('threads-', '')) });
  // Placement left out: the items stay pending (this bench measures everything else).
  context.placer = { placePendingCounted: async () => new Map() } as unknown as Placer;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const report = await runPollCycle(context, new Date(), { force: true });
  const used = process.cpuUsage(cpu);
  const wallSeconds = (performance.now() - started) / 1000;
  await context.parsePool?.close();
  await store.close();
  const items = report.sources.reduce((n, s) => n + s.newItems, 0);
  const failed = report.sources.filter((s) => s.status !== 'ingested').length;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({ mode, items, failed, wallSeconds, cpuSeconds: (used.user + used.system) / 1e6, peakRssMiB })}\n`,
  );
}

async function main(): Promise<void> {
  const mode = value('mode');
  if (mode) return runMode(value('dir')!, mode);
  const items = Number(value('items') ?? 100_000);
  const feeds = Number(value('feeds') ?? 50);
  const rounds = Number(value('rounds') ?? 1);
  const dir = mkdtempSync(path.join(runTempRoot(), 'feedmerge-bench-poll-ingest-'));
  try {
    const perFeed = Math.ceil(items / feeds);
    // The same generator and seed as bench:poll-files: the same files.
    const files = realisticFeeds(feeds, perFeed, Date.now() - 5 * 60_000, 71 * 3_600_000, 'poll-files-1').map((list, f) => {
      const format = f % 2 === 0 ? 'rss2' : 'atom1';
      const document = feedDocument(format, { title: `Outlet ${f}`, link: `https://outlet${f}.bench.example/`, language: null }, list);
      const file = path.join(dir, `outlet-${f}.${format === 'rss2' ? 'rss' : 'atom'}`);
      writeFileSync(file, document.body);
      return file;
    });
    writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ database: 'unused.db', publicDir: 'public', sources: files.map((file, f) => ({ id: `outlet-${f}`, url: file })) }),
    );
    process.stdout.write(
      `${(perFeed * feeds).toLocaleString('en')} items in ${feeds} files, ${os.availableParallelism()} cores, load ${os.loadavg()[0]!.toFixed(1)}\n`,
    );
    for (let round = 0; round < rounds; round++) {
      for (const m of ['inline', 'threads-1', 'threads-2']) {
        const out = execFileSync(process.execPath, ['--import', 'tsx', process.argv[1]!, '--mode', m, '--dir', dir], { encoding: 'utf8' });
        const r = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number | string>;
        rmSync(path.join(dir, `${m}.db`), { force: true });
        rmSync(path.join(dir, `${m}.db-wal`), { force: true });
        process.stdout.write(
          `${String(r.mode).padEnd(9)}: ${Number(r.items).toLocaleString('en')} items (${r.failed} sources not ingested), CPU ${Number(r.cpuSeconds).toFixed(2)} s, wall ${Number(r.wallSeconds).toFixed(2)} s, peak RSS ${Number(r.peakRssMiB).toFixed(0)} MiB\n`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:poll-ingest: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
