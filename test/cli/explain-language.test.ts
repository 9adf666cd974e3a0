// `explain` says which language the matcher read an item in and where that came from (stored with the item:
// the feed's tag or the source's "language", which a poll does not tell apart; the config's, for an item
// stored without one; a guess from the words), and, when none was found, what that means and how to set it:
// it printed "[?]" before, which told a new user nothing. explain-language-after-poll.test.ts runs the real poll.
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
    'an item stored before its source set a language in the config',
    { sourceId: 'tagesschau', language: null, title: 'Der Bundestag stimmt über das neue Gesetz ab' },
    'language: de (source "tagesschau" has "language": "de" in the config; the item was stored without one: its feed had no language tag and the config then set none)',
    'as matched: bundestag stimmt gesetz',
  ],
  [
    'a feed that declares its language',
    { sourceId: 'zeit', language: 'de-DE', title: 'Bahn streicht Züge' },
    'language: de (stored as "de-DE" from the feed\'s language tag or the source\'s "language" setting; source "zeit" has "language": "de" in the config now)',
    'as matched: bahn streicht zuege',
  ],
  [
    'a title of stopwords only',
    { sourceId: 'zeit', language: 'en', title: 'What is it?' },
    'language: en (stored as "en" from the feed\'s language tag or the source\'s "language" setting; source "zeit" has "language": "de" in the config now)',
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
