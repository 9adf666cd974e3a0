// The pages for people as HTML: feed discovery on "/" and on each output's page, the outputs and
// the source table on "/", stories with their own times and distinct sources on the output pages.
import { describe, expect, it } from 'vitest';
import { storyTimes } from '../../src/publish/output-page.js';
import type { PublishedEntry, PublishedMember } from '../../src/publish/published-entry.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import { emptySourceState } from '../../src/store/empty-source-state.js';
import { addStory, feedItem, memoryStore, newsDay, testConfig } from './story-db.js';

const NOW = new Date('2026-11-26T07:00:00Z');

function alternates(html: string): string[] {
  return [...html.matchAll(/<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">/g)].map((m) => `${m[1]} ${m[3]} ${m[2]}`);
}

async function publishedDay() {
  const db = await memoryStore();
  await newsDay(db);
  // The wire sends one report twice with new guids; our poll at 06:45 placed the copy (the story's
  // stored `updated`), but the report itself is from 06:30 and its copy from 06:32.
  await addStory(
    db,
    [
      {
        sourceId: 'tagesschau',
        item: feedItem({
          key: 'w1',
          url: 'https://www.tagesschau.de/w1',
          title: 'Gefangenenaustausch',
          published: '2026-11-26T06:30:00.000Z',
        }),
      },
      {
        sourceId: 'tagesschau',
        item: feedItem({
          key: 'w2',
          url: 'https://www.tagesschau.de/w2',
          title: 'Gefangenenaustausch',
          published: '2026-11-26T06:32:00.000Z',
        }),
      },
    ],
    { now: '2026-11-26T06:45:00.000Z', updated: '2026-11-26T06:45:00.000Z' },
  );
  await db.sources.save({
    ...emptySourceState('tagesschau'),
    currentUrl: 'https://www.tagesschau.de/xml/rss2/?moved=1',
    lastFetchAt: '2026-11-26T06:50:00.000Z',
    lastSuccessAt: '2026-11-26T06:50:00.000Z',
    lastStatus: 200,
    nextPollAt: '2026-11-26T07:00:00.000Z',
  });
  await db.sources.save({ ...emptySourceState('spiegel'), lastStatus: 503, lastError: 'HTTP 503', consecutiveFailures: 1 });
  await db.sources.save({ ...emptySourceState('zeit'), lastStatus: 503, lastError: 'HTTP 503', consecutiveFailures: 2 });
  const config = testConfig({
    outputs: [
      { id: 'all', title: 'Alle Meldungen', description: 'Deutsche Nachrichten' },
      { id: 'spiegel', title: 'Nur SPIEGEL', sources: ['spiegel'] },
    ],
  });
  return renderPublication(db, config, NOW);
}

describe('the page at /', async () => {
  const publication = await publishedDay();
  const html = publication.pages.get('/')!.body.toString();

  it("lets browsers and readers discover every output's RSS, Atom and JSON Feed", () => {
    expect(alternates(html)).toEqual([
      'application/rss+xml feeds/all.xml Alle Meldungen (RSS)',
      'application/atom+xml feeds/all.atom Alle Meldungen (Atom)',
      'application/feed+json feeds/all.json Alle Meldungen (JSON Feed)',
      'application/rss+xml feeds/spiegel.xml Nur SPIEGEL (RSS)',
      'application/atom+xml feeds/spiegel.atom Nur SPIEGEL (Atom)',
      'application/feed+json feeds/spiegel.json Nur SPIEGEL (JSON Feed)',
    ]);
  });

  it('lists the outputs with their pages and feeds, not their stories', () => {
    expect(html).toContain('<a href="outputs/all.html">Alle Meldungen</a>');
    expect(html).toContain('<a href="outputs/spiegel.html">Nur SPIEGEL</a>');
    expect(html).toContain('<a href="feeds/spiegel.json">JSON Feed</a>');
    expect(html).not.toContain('Bundestag beschließt Haushalt');
  });

  it('shows per source its configured URL (and that it moved, not where), the next poll and the items stored', () => {
    const row = /<tr><td data-label="Source"><strong><bdi[^>]*>tagesschau\.de<\/bdi><\/strong>[\s\S]*?<\/tr>/.exec(html)![0];
    expect(row).toContain(
      '<td data-label="URL"><a href="https://www.tagesschau.de/xml/rss2/">https://www.tagesschau.de/xml/rss2/</a><br><span class="muted">polled where it led',
    );
    expect(row).not.toContain('moved=1');
    expect(row).toContain('<td data-label="Next poll"><time datetime="2026-11-26T07:00:00.000Z">2026-11-26 07:00 UTC</time></td>');
    expect(row).toContain('<td data-label="Items" class="number">3</td>');
    const local = /<tr><td data-label="Source"><strong><bdi>Local file &amp; Co[\s\S]*?<\/tr>/.exec(html)![0];
    expect(local).toContain('<td data-label="URL">/tmp/feedmerge-publish-test/feeds/local.xml</td>');
    expect(local).toContain('<td data-label="Items" class="number">0</td>');
    expect(local).toContain('not polled yet');
  });

  it.each([
    ['DER SPIEGEL', '(1 failure)'],
    ['ZEIT ONLINE', '(2 failures)'],
  ])('counts the failures in a row of %s as "%s"', (title, count) => {
    const row = new RegExp(`<tr><td data-label="Source"><strong><bdi[^>]*>${title}</bdi></strong>[\\s\\S]*?</tr>`).exec(html)![0];
    expect(row).toContain(`<span class="muted">${count}</span>`);
  });
});

describe('the page of an output', async () => {
  const publication = await publishedDay();
  const html = publication.pages.get('/outputs/all.html')!.body.toString();

  it("links only this output's feeds, relative to the page", () => {
    expect(alternates(html)).toEqual([
      'application/rss+xml ../feeds/all.xml Alle Meldungen (RSS)',
      'application/atom+xml ../feeds/all.atom Alle Meldungen (Atom)',
      'application/feed+json ../feeds/all.json Alle Meldungen (JSON Feed)',
    ]);
    expect(html).toContain('<a href="../">feedmerge</a>');
    expect(alternates(publication.pages.get('/outputs/spiegel.html')!.body.toString())[0]).toBe(
      'application/rss+xml ../feeds/spiegel.xml Nur SPIEGEL (RSS)',
    );
  });

  it("shows a story's own times, never the time of our poll, and counts each source once", () => {
    const wire = /<li id="story-[^"]+"><div class="story-title"[^>]*><a href="https:\/\/www\.tagesschau\.de\/w1">[\s\S]*?<\/ul><\/li>/.exec(
      html,
    )![0];
    expect(wire).toContain(
      '<div class="muted"><time datetime="2026-11-26T06:30:00.000Z">2026-11-26 06:30 UTC</time> · updated <time datetime="2026-11-26T06:32:00.000Z">2026-11-26 06:32 UTC</time> · 1 source</div>',
    );
    expect(wire).not.toContain('06:45');
    // The merged story: stored `updated` 06:25 is our poll; the newest copy is ZEIT's of 06:20.
    const merged =
      /<li id="story-[^"]+"><div class="story-title"[^>]*><a href="https:\/\/www\.tagesschau\.de\/inland[\s\S]*?<\/ul><\/li>/.exec(
        html,
      )![0];
    expect(merged).toContain('06:00 UTC</time> · updated <time datetime="2026-11-26T06:20:00.000Z">');
    expect(merged).toContain('· 3 sources</div>');
    expect(merged).not.toContain('06:25');
  });
});

describe('storyTimes', () => {
  const member = (ownPublished: string | null, ownUpdated: string | null): PublishedMember => ({
    sourceId: 's',
    key: 'k',
    sourceTitle: 'S',
    sourceFeedUrl: '',
    url: null,
    title: 't',
    headline: 't',
    published: '2026-11-26T09:00:00.000Z',
    ownPublished,
    ownUpdated,
    language: null,
  });
  const entry = (members: PublishedMember[]) => ({ members }) as unknown as PublishedEntry;

  it.each([
    ['one dated item', [member('2026-11-26T06:00:00.000Z', null)], { published: '2026-11-26T06:00:00.000Z', updated: null }],
    [
      'an item its source updated',
      [member('2026-11-26T06:00:00.000Z', '2026-11-26T08:00:00.000Z')],
      { published: '2026-11-26T06:00:00.000Z', updated: '2026-11-26T08:00:00.000Z' },
    ],
    [
      'a later copy',
      [member('2026-11-26T06:00:00.000Z', null), member('2026-11-26T06:10:00.000Z', null)],
      { published: '2026-11-26T06:00:00.000Z', updated: '2026-11-26T06:10:00.000Z' },
    ],
    ['only an update date', [member(null, '2026-11-26T07:00:00.000Z')], { published: '2026-11-26T07:00:00.000Z', updated: null }],
    ['no dates at all (never the poll time)', [member(null, null)], { published: null, updated: null }],
  ])('%s', (_name, members, expected) => {
    expect(storyTimes(entry(members))).toEqual(expected);
  });
});
