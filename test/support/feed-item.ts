// One FeedItem for tests: every field a parsed item has, with neutral defaults.
import type { FeedItem } from '../../src/model.js';

/** A parsed item with the given fields; the guid defaults to the key, the title to "Untitled". */
export function feedItem(fields: Partial<FeedItem> & { key: string }): FeedItem {
  return {
    guid: fields.key,
    url: null,
    canonicalUrl: null,
    title: 'Untitled',
    summary: '',
    contentHtml: null,
    author: null,
    categories: [],
    published: null,
    updated: null,
    enclosures: [],
    ...fields,
  };
}
