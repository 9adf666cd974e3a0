// npm run bench:poll-files — the poll path's speed against the parser it is built on: 100,000 realistic
// items (title, lead, link, guid, date, HTML body) in 50 local RSS 2.0 / Atom 1.0 files. In one run:
// rss-parser's parseString alone over the same files (in this process: CPU and wall), then
// `node bin/feedmerge.js poll --once --all` on a fresh database over them (spawned; wall, CPU and peak
// RSS measured from outside by /usr/bin/time, see bench/support/process-usage.ts). Prints the ratio
// rss-parser time / poll time (goal ≥ 0.33×) and items/s.
//
//   npm run bench:poll-files -- [--items 100000] [--feeds 50] [--keep]
//
// Needs `npm run build`. The machine may be shared: compare CPU seconds, not wall.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Parser from 'rss-parser';
import { feedDocument } from '../scripts/eval/feed-document.js';
import { repositoryRoot } from '../scripts/eval/feedmerge-cli.js';
import { runTempRoot } from '../scripts/eval/real-path-run.js';
import { realisticFeeds } from './generate/realistic-items.js';
import { measureProcess } from './support/process-usage.js';

function value(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const items = Number(value('items') ?? 100_000);
const feeds = Number(value('feeds') ?? 50);
const log = (line: string) => process.stderr.write(`[bench:poll-files] ${line}\n`);

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(runTempRoot(), 'feedmerge-bench-poll-files-'));
  try {
    const perFeed = Math.ceil(items / feeds);
    const now = Date.now();
    const files = realisticFeeds(feeds, perFeed, now - 5 * 60_000, 71 * 3_600_000, 'poll-files-1').map((list, f) => {
      const format = f % 2 === 0 ? 'rss2' : 'atom1';
      const document = feedDocument(format, { title: `Outlet ${f}`, link: `https://outlet${f}.bench.example/`, language: null }, list);
      const file = path.join(dir, `outlet-${f}.${format === 'rss2' ? 'rss' : 'atom'}`);
      writeFileSync(file, document.body);
      return file;
    });
    const texts = files.map((file) => readFileSync(file, 'utf8'));
    const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
    log(`wrote ${files.length} files, ${(bytes / 2 ** 20).toFixed(1)} MiB, ${(perFeed * feeds).toLocaleString('en')} items`);

    const parser = new Parser();
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    let parsed = 0;
    for (const text of texts) parsed += (await parser.parseString(text)).items.length;
    const parserCpu = process.cpuUsage(cpuBefore);
    const parserCpuSeconds = (parserCpu.user + parserCpu.system) / 1e6;
    const parserWallSeconds = (performance.now() - wallBefore) / 1000;

    const configFile = path.join(dir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        database: 'feedmerge.db',
        publicDir: 'public',
        sources: files.map((file, f) => ({ id: `outlet-${f}`, url: file })),
      }),
    );
    log('polling …');
    const poll = await measureProcess(process.execPath, [
      path.join(repositoryRoot, 'bin/feedmerge.js'),
      'poll',
      '--once',
      '--all',
      '--config',
      configFile,
    ]);
    if (poll.code !== 0) throw new Error(`poll failed (${poll.code}): ${poll.stderr.slice(-500)}`);
    const newItems = [...poll.stdout.matchAll(/: (\d+) new,/g)].reduce((n, m) => n + Number(m[1]), 0);

    const out = (line: string) => process.stdout.write(`${line}\n`);
    const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
    out(
      `${(perFeed * feeds).toLocaleString('en')} items in ${files.length} files (RSS 2.0 and Atom 1.0, ${(bytes / 2 ** 20).toFixed(1)} MiB), load ${os
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')} (machine may be shared)`,
    );
    out(
      `rss-parser parseString alone: CPU ${parserCpuSeconds.toFixed(2)} s, wall ${parserWallSeconds.toFixed(2)} s (${parsed.toLocaleString('en')} items)`,
    );
    out(
      `poll --once --all, fresh database: CPU ${poll.cpuSeconds.toFixed(2)} s, wall ${poll.wallSeconds.toFixed(2)} s, peak RSS ${mib(poll.peakRssBytes)} (${poll.method}); ${newItems.toLocaleString('en')} new items`,
    );
    out(
      `ratio rss-parser / poll: CPU ${(parserCpuSeconds / poll.cpuSeconds).toFixed(3)}×, wall ${(parserWallSeconds / poll.wallSeconds).toFixed(3)}× (goal ≥ 0.33×); peak RSS goal ≤ 1 GiB: ${poll.peakRssBytes <= 2 ** 30 ? 'met' : 'not met'}`,
    );
    out(
      `items/s: poll ${(newItems / poll.wallSeconds).toFixed(0)} wall, ${(newItems / poll.cpuSeconds).toFixed(0)} per CPU-second; rss-parser ${(parsed / parserCpuSeconds).toFixed(0)} per CPU-second`,
    );
  } finally {
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:poll-files: ${error.message}\n`);
  process.exit(1);
});
