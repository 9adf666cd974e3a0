// Two outlets carry one wire item, served on 127.0.0.1: the later-dated copy's feed is polled first
// (`poll --once`) and its story published; then a second `poll --once` (a new process, which
// rebuilds the engine's memory from the store) also polls the outlet whose copy is dated earlier.
// Re-placement (on by default) places that copy first, but the story keeps the id readers have:
// one story in `stories --json` and in the published JSON Feed, the same entry id, and no absorbed
// entry for an id that never was published. On both backends.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { storyIdFor } from '../../src/dedup/story-id.js';
import type { FeedItem } from '../../src/model.js';
import { describeEachBackend } from '../support/backends.js';
import { eventRss } from '../support/event-feeds.js';
import { feedItem } from '../support/feed-item.js';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function feedmerge(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
  return stdout;
}

const TITLE = 'Hochwasser in Passau: Pegel der Donau steigt auf zwölf Meter';
const LEAD = 'Die Stadt Passau ruft den Katastrophenfall aus, die Altstadt wird geräumt, teilte das Landratsamt mit.';

interface JsonFeed {
  items: { id: string; _feedmerge: { story_id: string; absorbed?: { story_id: string }[]; items: { source: string }[] } }[];
}

describeEachBackend('a published story when an earlier-dated copy comes a poll later', (backend) => {
  let server: FixtureServer;
  let dir: string;

  beforeAll(async () => {
    // Dated within the last hour of the real clock: `poll --once` stamps first sight with it.
    const T = Date.now() - 600_000;
    const copy = (outlet: string, minutesBefore: number): FeedItem =>
      feedItem({
        key: 'wire-1',
        url: `https://${outlet}.example/wire-1`,
        title: TITLE,
        summary: LEAD,
        published: new Date(T - minutesBefore * 60_000).toISOString(),
      });
    server = await startFixtureServer({
      '/late.rss': serveBody(eventRss('late', [copy('late', 5)])),
      '/early.rss': serveBody(eventRss('early', [copy('early', 10)])),
    });
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-keepid-'));
  });
  afterAll(() => server.close());

  it('keeps its id: one story, the same entry, nothing absorbed', async () => {
    const database = await backend.database();
    const publicDir = path.join(dir, `public-${backend.name}`);
    const config = (name: string, sources: string[]): string => {
      const file = path.join(dir, `${backend.name}-${name}.json`);
      const list = sources.map((id) => ({ id, url: server.url(`/${id}.rss`) }));
      writeFileSync(file, JSON.stringify({ database, publicDir, sources: list }));
      return file;
    };
    const stories = async (file: string) =>
      JSON.parse(await feedmerge('stories', '--json', '--config', file)) as { id: string; items: { source: string }[] }[];
    const published = (): JsonFeed => JSON.parse(readFileSync(path.join(publicDir, 'feeds', 'all.json'), 'utf8')) as JsonFeed;

    const first = config('first', ['late']);
    await feedmerge('poll', '--once', '--config', first);
    const id = storyIdFor('late', 'wire-1');
    expect((await stories(first)).map((s) => s.id)).toEqual([id]);
    const entry = published().items.map((item) => item.id);
    expect(published().items.map((item) => item._feedmerge.story_id)).toEqual([id]);

    const both = config('both', ['late', 'early']);
    await feedmerge('poll', '--once', '--config', both);
    const after = await stories(both);
    expect(after.map((s) => [s.id, s.items.map((item) => item.source).sort()])).toEqual([[id, ['early', 'late']]]);
    const feed = published();
    expect(feed.items.map((item) => item.id)).toEqual(entry);
    expect(feed.items.map((item) => [item._feedmerge.story_id, item._feedmerge.items.length])).toEqual([[id, 2]]);
    // The earlier copy's own id never was published: nothing lists it as absorbed.
    expect(feed.items.flatMap((item) => item._feedmerge.absorbed ?? [])).toEqual([]);
    // `explain` of the story's id explains both items: the earlier copy founded it in the second run.
    const explained = JSON.parse(await feedmerge('explain', id, '--json', '--config', both)) as {
      item: { sourceId: string };
      decision: { rule: string; storyId: string; components: Record<string, unknown> };
    }[];
    const bySource = new Map(explained.map((e) => [e.item.sourceId, e.decision]));
    expect(bySource.get('early')).toMatchObject({ rule: 'new-story', storyId: id });
    expect(bySource.get('late')?.components).toMatchObject({ keptStoryId: id, renamedStoryId: storyIdFor('early', 'wire-1') });
  }, 120_000);
});
