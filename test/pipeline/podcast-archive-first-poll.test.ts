// A new user adds a podcast whose feed carries its whole archive (test/fixtures/pipeline/podcast-archive-look-alike-episodes.rss,
// 54 episodes from 2010 to 2019 with look-alike titles) beside two live outlets carrying one report. Through the real
// path: `poll --once` from local files, then `stories --json`. The archive's episodes must stay apart (once they were
// timed by first sight, all "0 h apart", and "Game of the Year 2010: Day Three" joined "Day Four"), the live copies
// must still merge, and polling the archive after the live items must give the same stories.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const archive = path.join(root, 'test/fixtures/pipeline/podcast-archive-look-alike-episodes.rss');

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

/** An outlet's feed with one report, published an hour before the test runs (the CLI reads the real clock). */
function liveFeed(outlet: string): string {
  const published = new Date(Date.now() - 3_600_000).toUTCString();
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${outlet}</title><link>https://${outlet}.example/</link><description>News</description>
<item><title>Nintendo confirms a new Switch console for the spring of 2027</title><link>https://${outlet}.example/nintendo-switch-2027</link>
<guid>${outlet}-1</guid><pubDate>${published}</pubDate>
<description>Nintendo said on Monday that its next Switch console will reach shops in the spring of 2027, priced below 400 dollars.</description></item>
</channel></rss>`;
}

interface StoryJson {
  items: { source: string; guid: string | null; title: string }[];
}

/** Each story as the sorted source/guid list of its items, the stories sorted: a partition to compare. */
function partition(stories: StoryJson[]): string[] {
  return stories
    .map((s) =>
      s.items
        .map((i) => `${i.source}/${i.guid}`)
        .sort((a, b) => (a < b ? -1 : 1))
        .join(' + '),
    )
    .sort();
}

describe('a podcast archive on its first poll', () => {
  it('keeps every episode its own story, still merges live copies, and gives the same stories polled after them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-archive-'));
    for (const outlet of ['alpha', 'beta']) writeFileSync(path.join(dir, `${outlet}.rss`), liveFeed(outlet));
    const live = ['alpha', 'beta'].map((id) => ({ id, url: path.join(dir, `${id}.rss`) }));
    const config = (name: string, sources: object[]): string => {
      const file = path.join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify({ database: path.join(dir, `${name}.db`), publicDir: path.join(dir, name), sources }));
      return file;
    };
    const all = [...live, { id: 'bombcast', url: archive }];

    // All at once.
    const together = config('together', all);
    expect(await feedmerge('poll', '--once', '--all', '--config', together)).toContain('bombcast: 54 new');
    const stories = JSON.parse(await feedmerge('stories', '--json', '--config', together)) as StoryJson[];
    const episodes = stories.filter((s) => s.items.some((i) => i.source === 'bombcast'));
    expect(episodes).toHaveLength(54);
    for (const story of episodes) expect(story.items.map((i) => i.title)).toHaveLength(1);
    const copies = stories.filter((s) => s.items.some((i) => i.source !== 'bombcast'));
    expect(copies.map((s) => s.items.map((i) => i.source).sort())).toEqual([['alpha', 'beta']]);

    // The live outlets first, the archive added a poll later, into another database.
    const first = config('live-first', live);
    await feedmerge('poll', '--once', '--all', '--config', first);
    const later = config('live-first', all);
    expect(await feedmerge('poll', '--once', '--all', '--config', later)).toContain('bombcast: 54 new');
    const again = JSON.parse(await feedmerge('stories', '--json', '--config', later)) as StoryJson[];
    expect(partition(again)).toEqual(partition(stories));
  }, 300_000); // 5 CLI processes, each a node start with tsx
});
