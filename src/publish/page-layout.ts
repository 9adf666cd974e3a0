// What the pages for people share: the HTML frame, the stylesheet, times and feed links.
// Server-rendered, no scripts, no external assets, every value escaped. The page is English and left to right
// (lang="en"); text from feeds and the config sits in isolates in its own direction (text-direction.ts).
import { isolatedPlainText } from './text-direction.js';
import { escapeXml as esc } from './xml-text.js';

/** An output's three feed documents, as paths relative to the page that links them. */
export interface FeedLinks {
  rss: string;
  atom: string;
  json: string;
}

const FEED_KINDS = [
  ['rss', 'application/rss+xml', 'RSS'],
  ['atom', 'application/atom+xml', 'Atom'],
  ['json', 'application/feed+json', 'JSON Feed'],
] as const;

const CSS = `
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fdfdfb;--muted:#666;--line:#ddd;--accent:#0b5cad;--bad:#b00020;--ok:#1a7f37}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--bg:#151515;--muted:#9a9a9a;--line:#333;--accent:#6cb2ff;--bad:#ff6b7f;--ok:#56d364}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:46rem;margin:0 auto;padding:1rem}main.wide{max-width:64rem}h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:2rem 0 .25rem}
a{color:var(--accent)}.muted{color:var(--muted)}.feeds a{margin-right:.75rem}.crumbs{margin:0;font-size:.9rem}
ul.outputs{list-style:none;padding:0;margin:0}ul.outputs>li{border-top:1px solid var(--line);padding:.75rem 0}
.output-title{font-weight:600;font-size:1.05rem;overflow-wrap:anywhere}
ol.stories{list-style:none;padding:0;margin:0}ol.stories>li{border-top:1px solid var(--line);padding:.75rem 0}
.story-title{font-weight:600;font-size:1.05rem;overflow-wrap:anywhere}.members{margin:.25rem 0 0;padding-left:1.1rem;font-size:.9rem}
.members li{overflow-wrap:anywhere}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.4rem .3rem;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
td.number{text-align:right}.bad{color:var(--bad)}.ok{color:var(--ok)}
form.search{margin:.5rem 0 1rem}form.search input{font:inherit;padding:.2rem .4rem;min-width:16rem;max-width:100%}
@media (max-width:40rem){table,thead,tbody,tr,th,td{display:block}thead{display:none}tr{border-top:1px solid var(--line);padding:.4rem 0}td{border:0;padding:.1rem 0}td.number{text-align:left}td[data-label]::before{content:attr(data-label) ": ";color:var(--muted)}td:empty{display:none}}
`;

/** A `<time>` in UTC to the minute, or a muted word when there is no time. */
export function timeHtml(iso: string | null, missing = 'never'): string {
  if (!iso) return `<span class="muted">${esc(missing)}</span>`;
  return `<time datetime="${esc(iso)}">${esc(iso.slice(0, 16).replace('T', ' '))} UTC</time>`;
}

/** `<link rel="alternate">` for each of an output's feeds, so browsers and readers discover them. */
export function alternateLinks(title: string, links: FeedLinks): string {
  return FEED_KINDS.map(
    ([kind, type, label]) =>
      `<link rel="alternate" type="${type}" title="${esc(`${isolatedPlainText(title)} (${label})`)}" href="${esc(links[kind])}">`,
  ).join('\n');
}

/** The visible links to an output's feeds. */
export function feedLinksHtml(links: FeedLinks): string {
  return `<p class="feeds">Feeds: ${FEED_KINDS.map(([kind, , label]) => `<a href="${esc(links[kind])}">${label}</a>`).join('')}</p>`;
}

/** A whole page: `head` holds extra elements (the alternate links), `body` the content of <main>. */
export function pageDocument(options: { title: string; head: string; body: string; wide?: boolean }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(options.title)}</title>
${options.head}
<style>${CSS}</style></head>
<body><main${options.wide ? ' class="wide"' : ''}>${options.body}</main></body></html>
`;
}
