// The page of one output at "/outputs/<id>.html": its stories newest first, each with every
// source that reported it, and the output's feeds for browsers and readers to discover.
import { alternateLinks, feedLinksHtml, pageDocument, timeHtml, type FeedLinks } from './page-layout.js';
import type { PublishedEntry } from './published-entry.js';
import { searchFormHtml } from './search-page.js';
import { bdiHtml, isolateAttributes, isolatedPlainText } from './text-direction.js';
import { escapeXml as esc } from './xml-text.js';

export interface OutputPage {
  id: string;
  title: string;
  description: string;
  /** Relative to the output page ("../feeds/<id>.xml"). */
  feedLinks: FeedLinks;
  entries: readonly PublishedEntry[];
}

/**
 * The times a reader should see for a story: when the first of its shown members was published,
 * and the latest date any member carries (its own update, or a later copy's publication). Only
 * dates the sources gave count: the story's stored `updated` is the time of our poll that changed
 * it, which says nothing about the news. Null when no member is dated.
 */
export function storyTimes(entry: PublishedEntry): { published: string | null; updated: string | null } {
  const published = entry.members
    .map((m) => m.ownPublished ?? m.ownUpdated)
    .filter((t): t is string => t !== null)
    .sort()[0];
  const latest = entry.members
    .map((m) =>
      [m.ownUpdated, m.ownPublished]
        .filter((t): t is string => t !== null)
        .sort()
        .at(-1),
    )
    .filter((t): t is string => t !== undefined)
    .sort()
    .at(-1);
  return { published: published ?? null, updated: latest !== undefined && published !== undefined && latest > published ? latest : null };
}

/** How many different sources reported the story (a source that sent it twice counts once). */
export function distinctSources(entry: PublishedEntry): number {
  return new Set(entry.members.map((m) => m.sourceId)).size;
}

/**
 * One story as a list item: title, its own times, the number of sources and every member. Text from feeds is
 * isolated in its own direction (text-direction.ts); the page's words around it stay left to right.
 */
export function storyItemHtml(entry: PublishedEntry): string {
  const members = entry.members
    .map((m) => {
      // An untitled item's link still needs words to click (its headline, as the CLI names it); with no
      // link, the source and time say it all.
      const link = m.url && /^https?:\/\//i.test(m.url) ? m.url : null;
      const title = link
        ? ` · <a href="${esc(link)}"${isolateAttributes(m.headline, m.language)}>${esc(m.headline)}</a>`
        : m.title
          ? ` · ${bdiHtml(m.title, m.language)}`
          : '';
      return `<li><strong>${bdiHtml(m.sourceTitle)}</strong> · ${timeHtml(m.ownPublished ?? m.ownUpdated, 'undated')}${title}</li>`;
    })
    .join('');
  const times = storyTimes(entry);
  const sources = distinctSources(entry);
  return `<li id="story-${esc(entry.storyId)}"><div class="story-title"${isolateAttributes(entry.title, entry.language)}><a href="${esc(entry.link)}">${esc(entry.title)}</a></div>
<div class="muted">${timeHtml(times.published, 'undated')}${times.updated ? ` · updated ${timeHtml(times.updated)}` : ''} · ${sources} ${sources === 1 ? 'source' : 'sources'}</div>
<ul class="members">${members}</ul></li>`;
}

/** The HTML page of one output. */
export function renderOutputPage(output: OutputPage): string {
  const body = `<p class="crumbs"><a href="../">feedmerge</a></p>
<h1${isolateAttributes(output.title)}>${esc(output.title)}</h1>
${output.description ? `<p class="muted"${isolateAttributes(output.description)}>${esc(output.description)}</p>` : ''}${feedLinksHtml(output.feedLinks)}
${searchFormHtml('../search')}
${output.entries.length ? `<ol class="stories">${output.entries.map(storyItemHtml).join('\n')}</ol>` : '<p class="muted">No stories yet.</p>'}`;
  return pageDocument({
    title: `${isolatedPlainText(output.title)} – feedmerge`,
    head: alternateLinks(output.title, output.feedLinks),
    body,
  });
}
