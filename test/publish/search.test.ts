// Searching the stored stories: plain words and "phrases" (never regular expressions), all of them
// in a story's title or its members' titles and leads, newest first; the page and its route.
import { beforeAll, describe, expect, it } from 'vitest';
import { searchStories, searchTerms } from '../../src/publish/search-stories.js';
import type { Store } from '../../src/store/store.js';
import { request, servePublication, type RunningServer } from './serve-publication.js';
import { addStory, feedItem, memoryStore, newsDay, testConfig } from './story-db.js';
import { renderPublication } from '../../src/publish/render-publication.js';

const config = testConfig();
const titles = (result: Awaited<ReturnType<typeof searchStories>>): string[] => result.entries.map((e) => e.title);

describe('searchTerms', () => {
  it.each([
    ['Haushalt 2027', ['Haushalt', '2027']],
    ['"Bundestag beschließt" Haushalt', ['Bundestag beschließt', 'Haushalt']],
    ['  Bahn   Bahn ', ['Bahn']],
    ['', []],
    ['"Bundestag beschließt', ['Bundestag beschließt']],
    ['Haushalt "Bundestag', ['Haushalt', 'Bundestag']],
    ['Köln" "" Bahn', ['Köln', 'Bahn']],
    ['a b c d e f g h i j', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']],
  ])('%j → %j', (query, terms) => {
    expect(searchTerms(query)).toEqual(terms);
  });
});

describe('searchStories', () => {
  let store: Store;
  beforeAll(async () => {
    store = await memoryStore();
    await newsDay(store);
    await addStory(
      store,
      [
        {
          sourceId: 'zeit',
          item: feedItem({
            key: 'bahnhof',
            url: 'https://www.zeit.de/bahnhof',
            title: 'Neuer Bahnhof eröffnet',
            summary: 'Der Bahnhof ist fertig.',
            published: '2026-11-26T07:00:00.000Z',
          }),
        },
      ],
      { now: '2026-11-26T07:00:00.000Z' },
    );
  });

  // A key written in a title or lead is searched as published, without it: a hit would confirm a guess.
  it('does not find a story by a key written in its title or lead', async () => {
    const keyed = await memoryStore();
    const item = feedItem({
      key: 'schluessel',
      url: 'https://www.zeit.de/schluessel',
      title: 'Neuer Schlüsseldienst https://www.zeit.de/s?token=GEHEIM7',
      summary: 'Der Dienst öffnet: //leser:PASSWORT9@www.zeit.de/s',
      published: '2026-11-26T07:00:00.000Z',
    });
    await addStory(keyed, [{ sourceId: 'zeit', item }], { now: '2026-11-26T07:00:00.000Z' });
    expect(titles(await searchStories(keyed, config, 'GEHEIM7'))).toEqual([]);
    expect(titles(await searchStories(keyed, config, '"token=GEHEIM7"'))).toEqual([]);
    expect(titles(await searchStories(keyed, config, 'PASSWORT9'))).toEqual([]);
    expect(titles(await searchStories(keyed, config, 'Schlüsseldienst öffnet'))).toEqual(['Neuer Schlüsseldienst https://www.zeit.de/s']);
  });

  it('finds a story by a word in any member, case-insensitively, and needs every word', async () => {
    expect(titles(await searchStories(store, config, 'HAUSHALT'))).toEqual(['Bundestag beschließt Haushalt für 2027']);
    // "stimmt" is only in the SPIEGEL member's title: the story (headed by tagesschau) is found.
    expect(titles(await searchStories(store, config, 'stimmt'))).toEqual(['Bundestag beschließt Haushalt für 2027']);
    expect(titles(await searchStories(store, config, 'haushalt gletscher'))).toEqual([]);
    expect(titles(await searchStories(store, config, '"Alpen verlieren"'))).toEqual([
      'Klimawandel: Gletscher schmelzen schneller "als erwartet" & 3 < 5 \'nicht\' fett',
    ]);
  });

  it('matches whole words only, in German as in the output filters ("Bahn" is not "Bahnhof"), umlauts included', async () => {
    expect(titles(await searchStories(store, config, 'Bahn'))).toEqual([]);
    expect(titles(await searchStories(store, config, 'bahnhof'))).toEqual(['Neuer Bahnhof eröffnet']);
    expect(titles(await searchStories(store, config, 'ERÖFFNET'))).toEqual(['Neuer Bahnhof eröffnet']);
  });

  it('reads a query that looks like a regular expression as text, and finds nothing for an empty one', async () => {
    const crafted = await searchStories(store, config, '/(a+)+$/');
    expect(crafted.entries).toEqual([]);
    expect((await searchStories(store, config, '  ')).terms).toEqual([]);
  });

  it('reads at most the newest stories it may, and says so', async () => {
    // Newest first: the Bahnhof story (07:00) alone does not hold the word, and older ones were not read.
    const result = await searchStories(store, config, 'Haushalt', 1);
    expect(result).toMatchObject({ scanned: 1, complete: false, entries: [] });
    expect(await searchStories(store, config, 'Haushalt', 10)).toMatchObject({ scanned: 4, complete: true });
  });
});

describe('GET /search', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const store = await memoryStore();
    await newsDay(store);
    const publication = await renderPublication(store, config, new Date('2026-11-26T07:00:00Z'));
    server = await servePublication(config, store, () => publication);
    return () => server.close();
  });

  it('answers a page with the matching stories and every source, the query escaped', async () => {
    const res = await request(`${server.origin}/search?q=${encodeURIComponent('haushalt <b>')}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const html = res.body.toString();
    expect(html).toContain('value="haushalt &lt;b&gt;"');
    expect(html).not.toContain('<b>"');
    // "<b>" is a term too: no story has it as a word, so none is shown.
    expect(html).toContain('0 stories with “<bdi>haushalt</bdi>” and “<bdi>&lt;b&gt;</bdi>”.');
    const found = (await request(`${server.origin}/search?q=haushalt`)).body.toString();
    expect(found).toContain('1 story with “<bdi>haushalt</bdi>”.');
    expect(found).toContain('Bundestag beschließt Haushalt für 2027');
    expect(found).toContain('Haushalt 2027: Bundestag stimmt zu');
  });

  it('shows the form alone without a query, and answers HEAD', async () => {
    const empty = await request(`${server.origin}/search`);
    expect(empty.status).toBe(200);
    expect(empty.body.toString()).toContain('<form class="search" role="search" action="search" method="get">');
    expect(empty.body.toString()).not.toContain('<ol class="stories">');
    const head = await request(`${server.origin}/search?q=haushalt`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });
});
