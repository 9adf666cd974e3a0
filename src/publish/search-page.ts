// The search page at "/search?q=…": a form, and the stories that match, each with its sources.
// Rendered per request (it is the one page that is), no scripts, every value escaped.
import { storyItemHtml } from './output-page.js';
import { pageDocument } from './page-layout.js';
import { SEARCH_SCANNED_STORIES, type SearchResult } from './search-stories.js';
import { bdiHtml, isolatedPlainText } from './text-direction.js';
import { escapeXml as esc } from './xml-text.js';

/** The search form; `action` is relative so the pages work behind a proxy that mounts feedmerge under a path. */
export function searchFormHtml(action: string, query = ''): string {
  return `<form class="search" role="search" action="${esc(action)}" method="get"><label>Search stories <input type="search" name="q" value="${esc(query)}" maxlength="200" dir="auto"></label> <button type="submit">Search</button></form>`;
}

/** The whole page for `query` and its result (null: no query yet). */
export function renderSearchPage(query: string, result: SearchResult | null): string {
  let body = `<p class="crumbs"><a href="./">feedmerge</a></p>
<h1>Search</h1>
${searchFormHtml('search', query)}`;
  if (result && result.terms.length) {
    const count = result.entries.length;
    const words = result.terms.map((t) => `“${bdiHtml(t)}”`).join(' and ');
    body += `\n<p class="muted">${count} ${count === 1 ? 'story' : 'stories'} with ${words}${
      result.complete ? '' : `, among the newest ${SEARCH_SCANNED_STORIES.toLocaleString('en')} stories`
    }.</p>`;
    if (count) body += `\n<ol class="stories">${result.entries.map(storyItemHtml).join('\n')}</ol>`;
  }
  return pageDocument({ title: query ? `${isolatedPlainText(query)} – search – feedmerge` : 'Search – feedmerge', head: '', body });
}
