// npm run bench:parse — parse + normalise throughput (MB/s) of parseFeed on generated 5 MB feeds of
// German news items: RSS 2.0 and Atom 1.0; rss-parser's parseString alone on the same RSS bytes as a
// baseline, and the CPU time of each step of parseFeed (decode, prepare, read, normalise). Writes nothing;
// copy the printed figures into BENCHMARKS.md.
import os from 'node:os';
import Parser from 'rss-parser';
import { decodeFeedBytes } from '../src/parse/decode-feed-bytes.js';
import { normaliseFeed } from '../src/parse/normalise-feed.js';
import { parseFeed, prepareXml } from '../src/parse/parse-feed.js';
import type { RawFeed } from '../src/parse/raw-feed.js';
import { readWithRssParser } from '../src/parse/read-with-rss-parser.js';

const targetBytes = 5 * 1024 * 1024;
const lead =
  'Die nächsten Verhandlungen über ein Ende des Ukraine-Krieges werden nach Angaben von Präsident Wolodymyr Selenskyj wahrscheinlich in den USA stattfinden. «Es ist wichtig, dass dieser Krieg so endet», sagte er – „keinen Lohn für Aggression“.';

function rssFeed(): Buffer {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const item = `<item><title>Selenskyj erwartet nächste Gesprächsrunde in den USA (${i})</title><link>https://www.example.de/ausland/meldung-${i}.html?utm_source=rss</link><guid isPermaLink="false">meldung-${i}</guid><pubDate>Thu, 05 Feb 2026 20:38:53 +0100</pubDate><dc:creator>Anna Müller</dc:creator><category>Ausland</category><description><![CDATA[<p>${lead}</p>]]></description><content:encoded><![CDATA[<p>${lead}</p><p>${lead}</p>]]></content:encoded></item>\n`;
    parts.push(item);
    size += Buffer.byteLength(item);
  }
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Nachrichten</title><link>https://www.example.de/</link><language>de</language>${parts.join('')}</channel></rss>`,
  );
}

function atomFeed(): Buffer {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const entry = `<entry><title type="html">Selenskyj erwartet nächste Gesprächsrunde in den USA (${i})</title><link rel="alternate" type="text/html" href="https://www.example.de/ausland/meldung-${i}.html"/><id>tag:example.de,2026:meldung-${i}</id><published>2026-02-05T20:38:53+01:00</published><updated>2026-02-05T21:00:00+01:00</updated><author><name>Anna Müller</name></author><category term="ausland"/><summary type="html">&lt;p&gt;${lead}&lt;/p&gt;</summary><content type="html">&lt;p&gt;${lead}&lt;/p&gt;&lt;p&gt;${lead}&lt;/p&gt;</content></entry>\n`;
    parts.push(entry);
    size += Buffer.byteLength(entry);
  }
  return Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><title>Nachrichten</title><id>tag:example.de,2026:feed</id><updated>2026-02-05T21:00:00Z</updated>${parts.join('')}</feed>`,
  );
}

/** Median wall time and median CPU time of this process (user+system): CPU time is what other load on the machine disturbs least. */
async function measure(name: string, bytes: number, run: () => Promise<unknown>, rounds = 7): Promise<void> {
  // Three warm-up runs: on a 5 MB document the JIT needs a few passes before sax, xml2js and our own
  // code run optimised (the first runs take 2–3× as long), and a poller runs warm.
  for (let i = 0; i < 3; i++) await run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    await run();
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1000);
    wall.push(performance.now() - started);
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const mb = bytes / 1024 / 1024;
  console.log(
    `${name.padEnd(34)} ${mb.toFixed(2)} MB  wall ${median(wall).toFixed(0)} ms = ${(mb / (median(wall) / 1000)).toFixed(1)} MB/s  cpu ${median(cpu).toFixed(0)} ms = ${(mb / (median(cpu) / 1000)).toFixed(1)} MB/s`,
  );
}

const rss = rssFeed();
const atom = atomFeed();
const fetchedAt = '2026-02-06T00:00:00.000Z';
console.log(`node ${process.version}, ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? 'unknown'})`);
const rssItems = (await parseFeed(rss, { fetchedAt })).items.length;
const atomItems = (await parseFeed(atom, { fetchedAt })).items.length;
console.log(`RSS 2.0: ${rssItems} items; Atom 1.0: ${atomItems} entries`);
await measure('parseFeed RSS 2.0', rss.length, () => parseFeed(rss, { fetchedAt }));
await measure('parseFeed Atom 1.0', atom.length, () => parseFeed(atom, { fetchedAt }));
// Every WordPress Atom feed carries xml:base on its root: the xml:base scan runs, and each entry's HTML is
// made absolute against the base (xml-base-scopes.ts, normalise-feed.ts).
const atomWithRootBase = Buffer.from(atom.toString('utf8').replace('xml:lang="de"', 'xml:lang="de" xml:base="https://www.example.de/"'));
await measure('parseFeed Atom, root xml:base', atomWithRootBase.length, () => parseFeed(atomWithRootBase, { fetchedAt }));
// One unreadable <published> makes rss-parser reject the document: the tolerant reader does it all.
const atomWithBadDate = Buffer.from(
  atom.toString('utf8').replace('<published>2026-02-05T20:38:53+01:00</published>', '<published>gestern</published>'),
);
await measure('parseFeed Atom, fallback reader', atomWithBadDate.length, () => parseFeed(atomWithBadDate, { fetchedAt }), 3);
const baseline = new Parser();
const rssText = rss.toString('utf8');
await measure('rss-parser parseString alone (RSS)', rss.length, () => baseline.parseString(rssText));
const atomText = atom.toString('utf8');
await measure('rss-parser parseString alone (Atom)', atom.length, () => baseline.parseString(atomText));

/** Median CPU time of each step parseFeed takes on one document, so a slowdown can be placed. */
async function stages(name: string, body: Buffer, isAtom: boolean, rounds = 7, warmUp = 3): Promise<void> {
  const times: Record<string, number[]> = { decode: [], prepare: [], 'read (rss-parser + adapter)': [], normalise: [] };
  const timed = async <T>(step: string, run: () => T | Promise<T>): Promise<T> => {
    const started = process.cpuUsage();
    const result = await run();
    const used = process.cpuUsage(started);
    times[step]!.push((used.user + used.system) / 1000);
    return result;
  };
  for (let i = 0; i < warmUp + rounds; i++) {
    const { text } = await timed('decode', () => decodeFeedBytes(body, null));
    const xml = await timed('prepare', () => prepareXml(text));
    const raw: RawFeed = await timed('read (rss-parser + adapter)', () => readWithRssParser(xml, isAtom));
    await timed('normalise', () =>
      normaliseFeed(raw, { format: isAtom ? 'atom1.0' : 'rss2.0', documentUrl: null, rootLanguage: null, fetchedAt }),
    );
  }
  const parts = Object.entries(times).map(([step, values]) => {
    const sorted = values.slice(warmUp).sort((a, b) => a - b);
    return `${step} ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms`;
  });
  console.log(`${`steps ${name}`.padEnd(34)} cpu: ${parts.join(', ')}`);
}

await stages('RSS 2.0', rss, false);
await stages('Atom 1.0', atom, true);
