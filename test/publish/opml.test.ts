// OPML export and import of the source list.
import { describe, expect, it } from 'vitest';
import { opmlToSources, sourcesToOpml } from '../../src/publish/opml.js';
import { parseXml, children, child } from './xml-tree.js';
import { testConfig } from './story-db.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';

describe('OPML', () => {
  it('exports every source as an rss outline with escaped attributes, and reads it back', () => {
    const sources = testConfig().sources;
    const xml = sourcesToOpml(sources, 'feedmerge <Quellen> & mehr');
    const opml = parseXml(xml);
    expect(opml.attributes['version']).toBe('2.0');
    expect(child(child(opml, 'head'), 'title').text).toBe('feedmerge <Quellen> & mehr');
    const outlines = children(child(opml, 'body'), 'outline');
    expect(outlines.map((o) => [o.attributes['type'], o.attributes['text'], o.attributes['xmlUrl']])).toEqual(
      sources.map((s) => ['rss', s.title ?? s.id, s.url]),
    );
    expect(opmlToSources(xml).map((s) => s.url)).toEqual(sources.map((s) => s.url));
    expect(opmlToSources(xml).find((s) => s.url === 'feeds/local.xml')).toEqual({
      id: 'local-file-co',
      url: 'feeds/local.xml',
      title: 'Local file & Co',
    });
  });

  it('imports nested folders, makes config-safe unique ids, skips outlines without xmlUrl and duplicate URLs', () => {
    const xml = readFileSync(path.join(import.meta.dirname, '../fixtures/publish/subscriptions-nested.opml'), 'utf8');
    expect(opmlToSources(xml)).toEqual([
      {
        id: 'tagesschau-die-nachrichten-der-ard',
        url: 'https://www.tagesschau.de/xml/rss2/',
        title: 'tagesschau – Die Nachrichten der ARD',
      },
      { id: 'heise-de', url: 'https://www.heise.de/rss/heise-atom.xml' },
      { id: 'suddeutsche-zeitung', url: 'https://rss.sueddeutsche.de/rss/Topthemen', title: 'Süddeutsche Zeitung' },
      { id: 'suddeutsche-zeitung-2', url: 'https://rss.sueddeutsche.de/rss/Politik', title: 'Süddeutsche Zeitung' },
      { id: 'strasse-gruss', url: 'https://example.org/a.xml?x=1&y=2', title: 'Straße & Gruß' },
    ]);
  });

  it('rejects a document that is not OPML', () => {
    expect(() => opmlToSources('<rss version="2.0"/>')).toThrow(/no <opml> root/);
    expect(() => opmlToSources('<opml><body><outline</body></opml>')).toThrow(/Cannot read OPML/);
  });
});
