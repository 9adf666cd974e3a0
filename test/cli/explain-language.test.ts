// `explain` says which language the matcher read an item in and where that came from (the feed's tag, the
// source's "language" in the config, a guess from the words), and, when none was found, what that means and
// how to set it: it printed "[?]" before, which told a new user nothing.
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { printExplanation } from '../../src/cli/print.js';
import { explainItem } from '../../src/dedup/explain-item.js';
import { addStory, feedItem, memoryStore, testConfig } from '../publish/story-db.js';

const now = '2026-11-26T06:05:00.000Z';

it.each([
  [
    'a two-word title the guess cannot place',
    { sourceId: 'local', language: null, title: 'Dup item' },
    'language: not detected (the title and lead are too short, or hold too few common words of de, en, fr, es, it or nl): matched with every word, unstemmed; set "language" on source "local" in the config if its feed does not declare one',
    'as matched: dup item',
  ],
  [
    'an English headline in an undeclared feed',
    { sourceId: 'local', language: null, title: 'The council says it will close the bridge for the winter' },
    'language: en (guessed from the title and lead)',
    'as matched: council close bridge winter',
  ],
  [
    'a feed without a tag whose source sets one in the config',
    { sourceId: 'tagesschau', language: null, title: 'Der Bundestag stimmt über das neue Gesetz ab' },
    'language: de (sources[].language of "tagesschau" in the config)',
    'as matched: bundestag stimmt gesetz',
  ],
  [
    'a feed that declares its language',
    { sourceId: 'zeit', language: 'de-DE', title: 'Bahn streicht Züge' },
    'language: de (declared by the feed: de-DE)',
    'as matched: bahn streicht zuege',
  ],
  [
    'a title of stopwords only',
    { sourceId: 'zeit', language: 'en', title: 'What is it?' },
    'language: en (declared by the feed: en)',
    'as matched: (no word of the title left once stopwords are dropped)',
  ],
])('names the language of %s', async (_, member, languageLine, matchedLine) => {
  const store = await memoryStore();
  const config = testConfig();
  const url = 'https://news.example/1';
  await addStory(
    store,
    [{ sourceId: member.sourceId, language: member.language, item: feedItem({ key: 'k1', url, title: member.title, published: now }) }],
    { now },
  );
  const explanations = await explainItem(store, url, (id) => config.sources.find((s) => s.id === id)?.language ?? null);
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  printExplanation(explanations, config, {}, out);
  expect(text).toContain(`\n  ${languageLine}\n  ${matchedLine}\n`);
  expect(text).not.toContain('[?]');
});
