// JSON Feed 1.1 (https://jsonfeed.org/version/1.1), written here: `feed` only knows 1.0.
import type { FeedView } from './published-entry.js';
import { escapeXml } from './xml-text.js';

/** JSON Feed 1.1 with hubs, next_url paging and a `_feedmerge` attribution extension per item. */
export function renderJsonFeed(view: FeedView, options: { language?: string }): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: view.title,
    home_page_url: view.homeUrl,
    feed_url: view.selfUrl,
    ...(view.description ? { description: view.description } : {}),
    ...(view.paging.next ? { next_url: view.paging.next } : {}),
    ...(options.language ? { language: options.language } : {}),
    ...(view.hubs.length ? { hubs: view.hubs.map((url) => ({ type: 'WebSub', url })) } : {}),
    // JSON Feed has no date of its own: without one, an edit on an older page left the first page's bytes (and
    // ETag) as they were, and a site polling it with If-None-Match never learnt of the edit.
    _feedmerge: { updated: view.updated },
    items: view.entries.map((e) => ({
      id: e.id,
      url: e.link,
      title: e.title,
      content_html: e.contentHtml || `<p>${escapeXml(e.title)}</p>`,
      ...(e.summaryText ? { summary: e.summaryText } : {}),
      date_published: e.published,
      date_modified: e.updated,
      ...(e.author ? { authors: [{ name: e.author }] } : {}),
      ...(e.categories.length ? { tags: e.categories } : {}),
      // mime_type is required by JSON Feed 1.1.
      ...(e.enclosures.length
        ? {
            attachments: e.enclosures.map((a) => ({
              url: a.url,
              mime_type: a.type ?? 'application/octet-stream',
              ...(a.length !== null ? { size_in_bytes: a.length } : {}),
              ...(a.durationSeconds !== undefined ? { duration_in_seconds: a.durationSeconds } : {}),
            })),
          }
        : {}),
      ...(e.language ? { language: e.language } : {}),
      _feedmerge: {
        story_id: e.storyId,
        // A later item showed these stories were this one: a site that stored their entries folds them in here.
        ...(e.absorbed.length ? { absorbed: e.absorbed.map((a) => ({ story_id: a.storyId, id: a.id })) } : {}),
        items: e.members.map((m) => ({
          source: m.sourceId,
          // The item's identity: a digest of (source, its stored key), never the key itself (a link may carry a login).
          key: m.key,
          // Exactly as published (the top-level url is the normalised, valid form).
          url: m.url,
          title: m.title,
          published: m.published,
        })),
      },
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
