// npx tsx bench/xml-base-scan.ts [--rounds=7] — does the xml:base scan (readXmlBases) and parseFeed grow
// linearly with the document when the root carries xml:base (every WordPress Atom feed)? Generated Atom
// documents of 1,000–16,000 entries, with and without a root xml:base; median CPU time (user+system) per
// call, and per 1,000 entries: a flat per-1,000 column is linear. Writes nothing; copy the figures into
// BENCHMARKS.md with the load average.
import os from 'node:os';
import { parseFeed } from '../src/parse/parse-feed.js';
import { readXmlBases } from '../src/parse/xml-base-scopes.js';

const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 7);
const lead = 'Die nächsten Verhandlungen über ein Ende des Krieges werden nach Angaben des Präsidenten in den USA stattfinden.';

function atom(entries: number, rootBase: boolean): string {
  const parts: string[] = [];
  for (let i = 0; i < entries; i++) {
    parts.push(
      `<entry><title type="html">Meldung ${i}</title><link rel="alternate" type="text/html" href="/ausland/meldung-${i}.html"/><id>tag:example.de,2026:meldung-${i}</id><published>2026-02-05T20:38:53+01:00</published><updated>2026-02-05T21:00:00+01:00</updated><summary type="html">&lt;p&gt;${lead} &lt;a href="/x/${i}"&gt;mehr&lt;/a&gt;&lt;/p&gt;</summary><content type="html">&lt;p&gt;${lead}&lt;/p&gt;&lt;img src="/bild/${i}.jpg"/&gt;</content></entry>\n`,
    );
  }
  const base = rootBase ? ' xml:base="https://www.example.de/"' : '';
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"${base}><title>Nachrichten</title><id>tag:example.de,2026:feed</id><updated>2026-02-05T21:00:00Z</updated>${parts.join('')}</feed>`;
}

async function cpuMedian(run: () => unknown): Promise<number> {
  for (let i = 0; i < 2; i++) await run();
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = process.cpuUsage();
    await run();
    const used = process.cpuUsage(started);
    cpu.push((used.user + used.system) / 1000);
  }
  return [...cpu].sort((a, b) => a - b)[Math.floor(cpu.length / 2)]!;
}

const fetchedAt = '2026-02-06T00:00:00.000Z';
const url = 'https://www.example.de/feed/atom';
console.log(
  `node ${process.version}, ${os.cpus().length} cpus, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log('entries   MB   scan ms (/1k)   parseFeed root base ms (/1k)   parseFeed no base ms (/1k)');
for (const entries of [1_000, 2_000, 4_000, 8_000, 16_000]) {
  const withBase = atom(entries, true);
  const bytesWith = Buffer.from(withBase);
  const bytesWithout = Buffer.from(atom(entries, false));
  const scan = await cpuMedian(() => readXmlBases(withBase, url));
  const parsed = await cpuMedian(() => parseFeed(bytesWith, { url, fetchedAt }));
  const plain = await cpuMedian(() => parseFeed(bytesWithout, { url, fetchedAt }));
  const per = (ms: number): string => `${ms.toFixed(0)} (${((ms / entries) * 1000).toFixed(1)})`;
  console.log(
    `${String(entries).padStart(7)} ${(bytesWith.length / 1024 / 1024).toFixed(2).padStart(5)}   ${per(scan).padEnd(15)} ${per(parsed).padEnd(30)} ${per(plain)}`,
  );
}
