// The page for people at "/": every output with its feeds (linked for discovery too) and its
// own page, then the state of every source. A source's error is shown by its cause's fixed wording
// (publicFailureText), never by its stored line: with fetch.allowPrivateNetworks that line may name an
// internal address, and so may a store failure's; `feedmerge sources` shows both lines whole.
import type { SourceConfig } from '../config/schema.js';
import { publicFailureText } from '../fetch/failure-cause.js';
import type { SourceState } from '../model.js';
import type { StoreFailureRecord } from '../store/store.js';
import { alternateLinks, feedLinksHtml, pageDocument, timeHtml, type FeedLinks } from './page-layout.js';
import { searchFormHtml } from './search-page.js';
import { bdiHtml, isolateAttributes } from './text-direction.js';
import { escapeXml as esc } from './xml-text.js';
import { publishedFeedUrl } from './without-login.js';

export interface IndexPageOutput {
  id: string;
  title: string;
  description: string;
  /** Relative to "/" ("feeds/<id>.xml"), so the page works behind a proxy that mounts feedmerge under a path. */
  feedLinks: FeedLinks;
  /** The output's own page, relative to "/". */
  pagePath: string;
  /** Stories on the output's first page. */
  storyCount: number;
}

export interface IndexPageSources {
  config: readonly SourceConfig[];
  states: ReadonlyMap<string, SourceState>;
  /** Items stored per source id. */
  itemCounts: ReadonlyMap<string, number>;
  /** Each source's configured URL (a file path resolved against the config's folder). */
  configuredUrls: ReadonlyMap<string, string>;
  /**
   * The sources polled at another URL than the configured one: where a confirmed permanent redirect
   * led, or the feed a configured page advertises. The page says so without naming that URL: a
   * remote server chose it, and with fetch.allowPrivateNetworks it may be an internal address.
   */
  movedSourceIds: ReadonlySet<string>;
  /** Polls the store could not keep, by source id. */
  notStored?: ReadonlyMap<string, StoreFailureRecord>;
}

function outputHtml(o: IndexPageOutput): string {
  return `<li id="output-${esc(o.id)}"><div class="output-title"${isolateAttributes(o.title)}><a href="${esc(o.pagePath)}">${esc(o.title)}</a></div>
${o.description ? `<div class="muted"${isolateAttributes(o.description)}>${esc(o.description)}</div>` : ''}<div class="muted">${o.storyCount} ${o.storyCount === 1 ? 'story' : 'stories'} on the first page</div>
${feedLinksHtml(o.feedLinks)}</li>`;
}

function urlHtml(url: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${esc(url)}">${esc(url)}</a>` : esc(url);
}

function sourceRow(
  source: SourceConfig,
  state: SourceState | undefined,
  items: number,
  configuredUrl: string,
  moved: boolean,
  notStored: StoreFailureRecord | undefined,
): string {
  const status = !source.enabled
    ? '<span class="muted">disabled in the config</span>'
    : state?.disabledReason
      ? `<span class="bad">disabled: ${esc(state.disabledReason)}</span>`
      : state?.lastError
        ? `<span class="bad">${esc(String(state.lastStatus ?? 'error'))}</span>`
        : state?.lastStatus
          ? `<span class="ok">${esc(String(state.lastStatus))}</span>`
          : '<span class="muted">not polled yet</span>';
  // A source with no next poll time is due at the next scheduler tick.
  const nextPoll = !source.enabled || state?.disabledReason ? '<span class="muted">—</span>' : timeHtml(state?.nextPollAt ?? null, 'now');
  return `<tr><td data-label="Source"><strong>${bdiHtml(source.title ?? source.id, source.language)}</strong><br><span class="muted">${esc(source.id)}</span></td>
<td data-label="URL">${urlHtml(publishedFeedUrl(configuredUrl))}${moved ? '<br><span class="muted">polled where it led (a permanent redirect or the feed the page advertises)</span>' : ''}</td>
<td data-label="Last fetch">${timeHtml(state?.lastFetchAt ?? null)}</td><td data-label="Last success">${timeHtml(state?.lastSuccessAt ?? null)}</td>
<td data-label="Next poll">${nextPoll}</td><td data-label="Items" class="number">${items}</td>
<td data-label="Status">${status}${state?.consecutiveFailures ? ` <span class="muted">(${state.consecutiveFailures} ${state.consecutiveFailures === 1 ? 'failure' : 'failures'})</span>` : ''}</td>
<td data-label="Error">${state?.lastError ? `<span class="bad">${esc(publicFailureText(state.lastErrorCause, state.lastStatus))}</span>` : ''}${
    state?.warning ? `${state.lastError ? '<br>' : ''}<span class="bad">warning: ${esc(state.warning)}</span>` : ''
  }${
    notStored
      ? `${state?.lastError || state?.warning ? '<br>' : ''}<span class="bad">not stored (${timeHtml(notStored.at)}): store error</span>`
      : ''
  }</td></tr>`;
}

/** The HTML page at "/": the outputs with their feeds and pages, then every source's state. */
export function renderIndexPage(outputs: readonly IndexPageOutput[], sources: IndexPageSources): string {
  const rows = sources.config
    .map((s) =>
      sourceRow(
        s,
        sources.states.get(s.id),
        sources.itemCounts.get(s.id) ?? 0,
        sources.configuredUrls.get(s.id) ?? s.url,
        sources.movedSourceIds.has(s.id),
        sources.notStored?.get(s.id),
      ),
    )
    .join('\n');
  const body = `<h1>feedmerge</h1>
${searchFormHtml('search')}
<section><h2 id="outputs">Feeds</h2>
${outputs.length ? `<ul class="outputs">${outputs.map(outputHtml).join('\n')}</ul>` : '<p class="muted">No outputs configured.</p>'}</section>
<section><h2 id="sources">Sources</h2><table><thead><tr><th>Source</th><th>URL</th><th>Last fetch</th><th>Last success</th><th>Next poll</th><th>Items</th><th>Status</th><th>Error</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
  return pageDocument({ title: 'feedmerge', head: outputs.map((o) => alternateLinks(o.title, o.feedLinks)).join('\n'), body, wide: true });
}
