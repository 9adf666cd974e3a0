// The page for people at "/": every output's stories and the state of every source.
// Server-rendered, no scripts, no external assets, every value escaped.
import type { SourceConfig } from '../config/schema.js';
import type { SourceState } from '../model.js';
import type { PublishedEntry } from './published-entry.js';
import { escapeXml as esc } from './xml-text.js';

export interface IndexPageOutput {
  id: string;
  title: string;
  description: string;
  feedPaths: { rss: string; atom: string; json: string };
  entries: readonly PublishedEntry[];
}

function time(iso: string | null): string {
  if (!iso) return '<span class="muted">never</span>';
  return `<time datetime="${esc(iso)}">${esc(iso.slice(0, 16).replace('T', ' '))} UTC</time>`;
}

const CSS = `
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fdfdfb;--muted:#666;--line:#ddd;--accent:#0b5cad;--bad:#b00020;--ok:#1a7f37}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--bg:#151515;--muted:#9a9a9a;--line:#333;--accent:#6cb2ff;--bad:#ff6b7f;--ok:#56d364}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:46rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:2rem 0 .25rem}
a{color:var(--accent)}.muted{color:var(--muted)}.feeds a{margin-right:.75rem}
ol.stories{list-style:none;padding:0;margin:0}ol.stories>li{border-top:1px solid var(--line);padding:.75rem 0}
.story-title{font-weight:600;font-size:1.05rem;overflow-wrap:anywhere}.members{margin:.25rem 0 0;padding-left:1.1rem;font-size:.9rem}
.members li{overflow-wrap:anywhere}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.4rem .3rem;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
.bad{color:var(--bad)}.ok{color:var(--ok)}
@media (max-width:34rem){table,thead,tbody,tr,th,td{display:block}thead{display:none}tr{border-top:1px solid var(--line);padding:.4rem 0}td{border:0;padding:.1rem 0}td[data-label]::before{content:attr(data-label) ": ";color:var(--muted)}td:empty{display:none}}
`;

function storyHtml(entry: PublishedEntry): string {
  const members = entry.members
    .map((m) => {
      const title = m.url && /^https?:\/\//i.test(m.url) ? `<a href="${esc(m.url)}">${esc(m.title)}</a>` : esc(m.title);
      return `<li><strong>${esc(m.sourceTitle)}</strong> · ${time(m.published)} · ${title}</li>`;
    })
    .join('');
  return `<li id="story-${esc(entry.storyId)}"><div class="story-title"><a href="${esc(entry.link)}">${esc(entry.title)}</a></div>
<div class="muted">${time(entry.published)}${entry.updated !== entry.published ? ` · updated ${time(entry.updated)}` : ''} · ${entry.members.length} ${entry.members.length === 1 ? 'source' : 'sources'}</div>
<ul class="members">${members}</ul></li>`;
}

function sourceRow(source: SourceConfig, state: SourceState | undefined): string {
  const status = state?.disabledReason
    ? `<span class="bad">disabled: ${esc(state.disabledReason)}</span>`
    : state?.lastError
      ? `<span class="bad">${esc(String(state.lastStatus ?? 'error'))}</span>`
      : state?.lastStatus
        ? `<span class="ok">${esc(String(state.lastStatus))}</span>`
        : '<span class="muted">not polled yet</span>';
  return `<tr><td data-label="Source"><strong>${esc(source.title ?? source.id)}</strong><br><span class="muted">${esc(source.id)}</span></td>
<td data-label="Last fetch">${time(state?.lastFetchAt ?? null)}</td><td data-label="Last success">${time(state?.lastSuccessAt ?? null)}</td>
<td data-label="Status">${status}${state?.consecutiveFailures ? ` <span class="muted">(${state.consecutiveFailures} failures)</span>` : ''}</td>
<td data-label="Error">${state?.lastError ? `<span class="bad">${esc(state.lastError)}</span>` : ''}</td></tr>`;
}

/** The HTML page at "/": outputs with their stories newest first, then every source's state. */
export function renderIndexPage(
  outputs: readonly IndexPageOutput[],
  sources: readonly SourceConfig[],
  states: ReadonlyMap<string, SourceState>,
): string {
  const sections = outputs
    .map(
      (o) => `<section><h2 id="output-${esc(o.id)}">${esc(o.title)}</h2>
${o.description ? `<p class="muted">${esc(o.description)}</p>` : ''}<p class="feeds">Feeds: <a href="${esc(o.feedPaths.rss)}">RSS</a><a href="${esc(o.feedPaths.atom)}">Atom</a><a href="${esc(o.feedPaths.json)}">JSON Feed</a></p>
${o.entries.length ? `<ol class="stories">${o.entries.map(storyHtml).join('\n')}</ol>` : '<p class="muted">No stories yet.</p>'}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>feedmerge</title><style>${CSS}</style></head>
<body><main><h1>feedmerge</h1>
${sections}
<section><h2 id="sources">Sources</h2><table><thead><tr><th>Source</th><th>Last fetch</th><th>Last success</th><th>Status</th><th>Error</th></tr></thead>
<tbody>${sources.map((s) => sourceRow(s, states.get(s.id))).join('\n')}</tbody></table></section>
</main></body></html>
`;
}
