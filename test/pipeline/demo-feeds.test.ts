// `npm run demo` as a new user runs it, on any day: the samples re-dated by whole weeks into
// the week before now (scripts/demo/write-demo-feeds.mjs), config.demo.json polled once into a
// temp folder, its stories read back. Unshifted, the February 2026 samples would be months older than
// the story window and never added to it, so the demo would merge nothing.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { newestFeedDate, shiftFeedDates, SHIFTABLE_SAMPLE, WEEK_MS } from '../../scripts/demo/shift-feed-dates.mjs';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const samplesDir = path.join(root, 'data/samples');
const sampleNames = readdirSync(samplesDir).sort();
const samples = sampleNames.map((name) => readFileSync(path.join(samplesDir, name)));

interface StoryJson {
  title: string;
  items: { title: string; published: string }[];
}

describe('the demo feeds', () => {
  it('move every RSS and Atom date by whole weeks, keeping the weekday, time, zone and every other byte', () => {
    const rss = Buffer.from('<item><pubDate>Thu, 05 Feb 2026 20:38:53 +0100</pubDate><title>Gespräch</title></item>', 'latin1');
    const atom = Buffer.from('<entry><published>2026-02-03T13:55:00Z</published><updated>2026-02-04T17:35:00+01:00</updated></entry>');
    expect(shiftFeedDates(rss, 43).toString('latin1')).toBe(
      '<item><pubDate>Thu, 03 Dec 2026 20:38:53 +0100</pubDate><title>Gespräch</title></item>',
    );
    expect(shiftFeedDates(atom, 43).toString()).toBe(
      '<entry><published>2026-12-01T13:55:00Z</published><updated>2026-12-02T17:35:00+01:00</updated></entry>',
    );
    const shifted = Date.parse('Thu, 03 Dec 2026 20:38:53 +0100');
    expect(shifted - Date.parse('Thu, 05 Feb 2026 20:38:53 +0100')).toBe(43 * WEEK_MS);
    expect(new Date(shifted).getUTCDay()).toBe(4); // a Thursday, as the pubDate says
    // The ISO-8859-1 sample: only date digits change, its umlauts stay single bytes.
    const latin1 = samples[sampleNames.indexOf('regionalzeitung-latin1.rss')]!;
    const moved = shiftFeedDates(latin1, 43);
    expect(moved.length).toBe(latin1.length);
    expect(moved.toString('latin1').replace(/<pubDate>[^<]*</g, '')).toBe(latin1.toString('latin1').replace(/<pubDate>[^<]*</g, ''));
  });

  // A copied sample the shift cannot move would keep its February dates and fall outside the window.
  it.each([
    ['dpa-newsticker.rss', true],
    ['ticker.atom', true],
    ['feed.xml', true],
    ['feed.json', false],
  ])('copy %s: %s (only samples whose dates the shift moves)', (name, copied) => {
    expect(SHIFTABLE_SAMPLE.test(name)).toBe(copied);
  });
  it('leave a JSON Feed as it is (which is why JSON samples are not copied)', () => {
    const json = Buffer.from('{"items":[{"date_published":"2026-02-03T13:55:00Z"}]}');
    expect(shiftFeedDates(json, 43)).toEqual(json);
  });

  it('fit, with the spread of the samples, into the story window config.demo.json sets', () => {
    // Whole weeks leave the newest item up to 7 days old; every item must still be inside the
    // window then, or a first poll compares the samples with the live window only, never with each other.
    const dates = samples.flatMap((bytes) =>
      [...bytes.toString('latin1').matchAll(/<(pubDate|published|updated)>([^<]+)</g)].map((m) => Date.parse(m[2]!)),
    );
    const spread = Math.max(...dates) - Math.min(...dates);
    expect(loadConfig(path.join(root, 'config.demo.json')).dedup.windowHours * 3_600_000).toBeGreaterThanOrEqual(WEEK_MS + spread);
  });
});

describe('npm run demo, polled once into a temp folder', () => {
  let dir: string;
  let stories: StoryJson[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-demo-'));
    copyFileSync(path.join(root, 'config.demo.json'), path.join(dir, 'config.demo.json'));
    await run(process.execPath, [path.join(root, 'scripts/demo/write-demo-feeds.mjs'), path.join(dir, 'data/demo-feeds')]);
    const cli = [process.execPath, '--import', 'tsx', path.join(root, 'src/cli/main.ts')] as const;
    const configArgs = ['--config', path.join(dir, 'config.demo.json')];
    await run(cli[0], [...cli.slice(1), 'poll', '--once', ...configArgs], { cwd: root });
    stories = JSON.parse((await run(cli[0], [...cli.slice(1), 'stories', '--json', ...configArgs], { cwd: root })).stdout) as StoryJson[];
  }, 60_000);

  it('dates the newest item within the week before now, on the weekday the sample gave it', () => {
    const written = readdirSync(path.join(dir, 'data/demo-feeds')).sort();
    expect(written).toEqual(sampleNames);
    const newest = newestFeedDate(written.map((name) => readFileSync(path.join(dir, 'data/demo-feeds', name))));
    expect(Date.now() - newest).toBeGreaterThanOrEqual(0);
    expect(Date.now() - newest).toBeLessThan(WEEK_MS);
    // The newest sample item is "Thu, 05 Feb 2026 21:05:00 +0100" (20:05 UTC, a Thursday).
    expect(new Date(newest).getUTCDay()).toBe(4);
    expect(new Date(newest).toISOString().slice(11)).toBe('20:05:00.000Z');
  });

  it('keeps the talks of 3 February and their end on 5 February two stories', () => {
    const storyOf = (title: string) => stories.findIndex((s) => s.items.some((i) => i.title === title));
    const resumed = storyOf('Ukraine und Russland sprechen wieder in Abu Dhabi');
    const ended = storyOf('Ukrainisch-russische Verhandlungen in Abu Dhabi beendet');
    expect(resumed).toBeGreaterThanOrEqual(0);
    expect(ended).toBeGreaterThanOrEqual(0);
    expect(resumed).not.toBe(ended);
  });

  it('shows what the README promises: the exchange one story of three copies, the two "produktiv" headlines one story', () => {
    const exchange = stories.filter((s) => s.items.some((i) => i.title.includes('tauschen Hunderte Gefangene aus')));
    expect(exchange.map((s) => s.items.length)).toEqual([3]);
    const productive = stories.filter((s) => s.items.some((i) => /produktiv/.test(i.title)));
    expect(productive.map((s) => s.items.length)).toEqual([2]);
    expect(stories.filter((s) => /haben begonnen|Verhandlungstag hat begonnen/.test(s.title))).toHaveLength(2);
  });
});
