// The seed cases: the sample feeds in data/samples (written from the two German news pages feedmerge
// was conceived around), served as they are, re-dated to end a few minutes before the run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { largestSourceDelaySeconds, sourceDelaysMs } from '../arrival-order.js';
import { seededRandom, shuffled } from '../seeded-random.js';
import { verdictOf, type SetReport } from '../eval-report.js';
import { repositoryRoot, pollOnce, storiesJson } from '../feedmerge-cli.js';
import { progress } from '../measure-stream.js';
import { endsMinutesBeforeRun, runTempRoot } from '../real-path-run.js';
import type { EvalContext } from './eval-context.js';

const samples = [
  { id: 'dpa', file: 'dpa-newsticker.rss', contentType: 'application/rss+xml; charset=utf-8', encoding: 'utf8' },
  { id: 'ticker', file: 'tag24-ukraine-ticker.atom', contentType: 'application/atom+xml', encoding: 'utf8' },
  { id: 'regional', file: 'regionalzeitung-latin1.rss', contentType: 'application/rss+xml; charset=ISO-8859-1', encoding: 'latin1' },
] as const;

/** The prisoner exchange: sent twice by the wire with new guids, and carried by the regional paper with a prefix and utm_ parameters. */
const exchange = ['dpa/dpa-20260205-1434-gefangene', 'dpa/dpa-20260205-1325-gefangene', 'regional/rz-998877'];
/** Day 1 and day 2 of the talks in Abu Dhabi. */
const talksDay1 = 'ticker/urn:example:tag24:ticker:20260204-1138';
const talksDay2 = 'dpa/dpa-20260205-0910-verhandlungstag';

const dateElements = /<(pubDate|published|updated)>([^<]+)<\/\1>/g;

/** Every date of a document moved by `shift` ms (RSS dates written as RFC 822, Atom dates as RFC 3339). */
function redated(text: string, shift: number): string {
  return text.replace(dateElements, (_, name: string, value: string) => {
    const at = new Date(Date.parse(value.trim()) + shift);
    return `<${name}>${name === 'pubDate' ? at.toUTCString() : at.toISOString()}</${name}>`;
  });
}

/** The items (or entries) of a document in another order; order 0 keeps them. */
function reordered(text: string, random: (() => number) | null): string {
  if (!random) return text;
  const blocks = [...text.matchAll(/<(item|entry)>[\s\S]*?<\/\1>/g)];
  if (blocks.length < 2) return text;
  const start = blocks[0]!.index;
  const end = blocks[blocks.length - 1]!.index + blocks[blocks.length - 1]![0].length;
  return (
    text.slice(0, start) +
    shuffled(
      blocks.map((b) => b[0]),
      random,
    ).join('\n') +
    text.slice(end)
  );
}

/** The seed checks (prisoner exchange one story of three; talks day 1 and day 2 apart) in every order. */
export async function evaluateSeeds(context: EvalContext): Promise<SetReport> {
  const started = performance.now();
  const texts = samples.map((s) => readFileSync(path.join(repositoryRoot, 'data/samples', s.file)).toString(s.encoding));
  const newest = Math.max(...texts.flatMap((t) => [...t.matchAll(dateElements)].map((m) => Date.parse(m[2]!.trim()))));
  const runs: { exchangeOk: boolean; talksOk: boolean; exchangeSize: number }[] = [];
  for (let order = 0; order < context.orders; order++) {
    const random = order === 0 ? null : seededRandom(`seeds/order-${order}`);
    const dir = mkdtempSync(path.join(runTempRoot(), 'feedmerge-eval-seeds-'));
    try {
      const shift = Date.now() - endsMinutesBeforeRun * 60_000 - newest;
      const delays = sourceDelaysMs(
        samples.map((s) => s.id),
        order,
        'seeds',
      );
      const prefix = `/${path.basename(dir)}`;
      samples.forEach((s, i) => {
        const body = Buffer.from(reordered(redated(texts[i]!, shift + delays.get(s.id)!), random), s.encoding);
        context.server.set(`${prefix}/${s.id}`, { body, contentType: s.contentType });
      });
      const sources = samples.map((s) => ({ id: s.id, url: `${context.server.origin}${prefix}/${s.id}` }));
      const configFile = path.join(dir, 'config.json');
      writeFileSync(
        configFile,
        JSON.stringify({ database: 'feedmerge.db', publicDir: 'public', sources: random ? shuffled(sources, random) : sources }),
      );
      const { errors } = await pollOnce(configFile);
      if (errors.length) throw new Error(`seed feeds: ${errors.join('; ')}`);
      const storyOf = new Map<string, { id: string; size: number }>();
      for (const story of await storiesJson(configFile))
        for (const item of story.items) storyOf.set(`${item.source}/${item.guid}`, { id: story.id, size: story.items.length });
      const exchangeStories = new Set(exchange.map((k) => storyOf.get(k)?.id));
      const size = storyOf.get(exchange[0]!)?.size ?? 0;
      runs.push({
        exchangeOk: exchangeStories.size === 1 && size === 3,
        talksOk: storyOf.get(talksDay1) !== undefined && storyOf.get(talksDay1)?.id !== storyOf.get(talksDay2)?.id,
        exchangeSize: size,
      });
    } finally {
      context.server.clear();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  progress(
    `seeds: exchange one story of 3 in ${runs.filter((r) => r.exchangeOk).length}/${runs.length}, talks apart in ${runs.filter((r) => r.talksOk).length}/${runs.length}`,
  );
  const yesNo = (ok: boolean) => (ok ? 'yes' : 'no');
  return {
    summary: [
      {
        set: 'seed cases',
        role: 'calibration',
        method: `data/samples served, one poll, ${runs.length} orders`,
        p: '–',
        r: '–',
        f1: '–',
        agreement: '–',
        goal: 'exchange = 1 story of 3; talks day 1 ≠ day 2',
        verdict: verdictOf(runs.map((r) => r.exchangeOk && r.talksOk)),
      },
    ],
    section: [
      '## Seed cases (*calibration*)',
      '',
      'The sample feeds in data/samples, served on 127.0.0.1 as they are (the regional paper as ISO-8859-1 with the charset in',
      'Content-Type), every date moved so the newest item is a few minutes old, polled by the CLI. Order 1 as given; the others shuffle',
      `the source order and the items within each document, and from order 3 on every feed's dates are also 0–${largestSourceDelaySeconds} s later (seeded per feed).`,
      '',
      '| order | prisoner exchange (2 wire copies + prefixed regional copy) one story of 3 items | talks day 1 and day 2 two stories |',
      '|---|---|---|',
      ...runs.map(
        (r, i) =>
          `| ${i + 1} | ${yesNo(r.exchangeOk)}${r.exchangeOk ? '' : ` (its story has ${r.exchangeSize} items)`} | ${yesNo(r.talksOk)} |`,
      ),
      '',
    ],
    timings: [{ part: `seed cases × ${runs.length} orders`, seconds: (performance.now() - started) / 1000 }],
  };
}
