// A labelled eval item as the feed item a poll would have read, for the scripts that place a set in process.
import type { FeedItem } from '../../src/model.js';
import type { LabelledItem } from './real-path-run.js';

export function labelledFeedItem(item: LabelledItem): FeedItem {
  return {
    key: item.id,
    guid: item.id,
    url: item.url,
    canonicalUrl: item.url,
    title: item.title,
    summary: item.summary,
    contentHtml: null,
    author: null,
    categories: [],
    published: new Date(item.publishedMs).toISOString(),
    updated: null,
    enclosures: [],
  };
}
