// Publishing: every output rendered in every format (plus older pages and the page for people),
// once per cycle, never per request; then written to disk atomically.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config, OutputConfig } from '../config/schema.js';
import type { StoryWithItems } from '../model.js';
import type { Store } from '../store/store.js';
import { renderAtom, renderRss } from './feed-xml.js';
import { renderIndexPage, type IndexPageOutput } from './index-page.js';
import { renderJsonFeed } from './json-feed.js';
import { newestUpdate, tagIdFor, toPublishedEntry, type FeedView, type PublishedEntry } from './published-entry.js';
import { toRenderedDocument, type RenderedDocument } from './rendered-document.js';
import { schedulePeriodSeconds } from '../cron-schedule.js';
import { compileStoryFilter } from './story-filter.js';

export type { RenderedDocument } from './rendered-document.js';
export type FeedFormatOut = 'rss' | 'atom' | 'json';

export interface Publication {
  /** output id → format → document (the first page). */
  outputs: Map<string, Map<FeedFormatOut, RenderedDocument>>;
  /** Other documents by URL path: older pages ("/feeds/<id>/page/2.atom") and "/". */
  pages: Map<string, RenderedDocument>;
  renderedAt: string;
}

export const FEED_EXTENSIONS: Record<FeedFormatOut, string> = { rss: 'xml', atom: 'atom', json: 'json' };
export const FEED_CONTENT_TYPES: Record<FeedFormatOut, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};
/** Pages per output (the first and older ones, RFC 5005 / next_url), each of `limit` stories. */
export const ARCHIVE_PAGES = 5;
// Only Atom and JSON Feed define paging; RSS readers get the first page only.
const PAGED_FORMATS: readonly FeedFormatOut[] = ['atom', 'json'];
// A rare include word must not make one publish read the whole database.
const MAX_STORIES_SCANNED = 20_000;

/** The URL path of an output's document: page 1 is "/feeds/<id>.<ext>", older pages below it. */
export function feedPath(outputId: string, format: FeedFormatOut, page = 1): string {
  const ext = FEED_EXTENSIONS[format];
  return page <= 1 ? `/feeds/${outputId}.${ext}` : `/feeds/${outputId}/page/${page}.${ext}`;
}

/** The public URL of a path under server.baseUrl (which may carry a path prefix). */
export function publicUrl(config: Pick<Config, 'server'>, urlPath: string): string {
  return `${config.server.baseUrl.replace(/\/+$/, '')}${urlPath}`;
}

/** Stories of an output, newest first, filtered, at most `max`: reads the store page by page. */
export async function selectStories(store: Store, output: OutputConfig, now: Date, max: number): Promise<StoryWithItems[]> {
  const keep = compileStoryFilter(output);
  const publishedSince = output.maxAgeHours ? new Date(now.getTime() - output.maxAgeHours * 3_600_000).toISOString() : undefined;
  const batch = Math.min(Math.max(max * 2, 200), 2000);
  const selected: StoryWithItems[] = [];
  let before: { published: string; id: string } | undefined;
  for (let scanned = 0; selected.length < max && scanned < MAX_STORIES_SCANNED;) {
    const stories = await store.stories.list({ sourceIds: output.sources, publishedSince, before, limit: batch });
    for (const story of stories) if (selected.length < max && keep(story)) selected.push(story);
    scanned += stories.length;
    const last = stories.at(-1);
    if (!last || stories.length < batch) break;
    before = { published: last.published, id: last.id };
  }
  return selected;
}

function chunk<T>(list: readonly T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < list.length; i += size) pages.push(list.slice(i, i + size));
  return pages.length ? pages : [[]];
}

function renderFormat(view: FeedView, format: FeedFormatOut, language: string | undefined): RenderedDocument {
  const text = format === 'rss' ? renderRss(view, { language }) : format === 'atom' ? renderAtom(view) : renderJsonFeed(view, { language });
  return toRenderedDocument(text, FEED_CONTENT_TYPES[format], view.updated);
}

/**
 * Renders every output (RSS, Atom, JSON Feed; Atom and JSON Feed also as older pages) and the
 * page at "/". Deterministic: the same stories give byte-identical documents and ETags; `now`
 * only decides which stories are too old (maxAgeHours) and never appears in a feed.
 */
export async function renderPublication(store: Store, config: Config, now: Date): Promise<Publication> {
  const sources = new Map(config.sources.map((s) => [s.id, s]));
  const homeUrl = publicUrl(config, '/');
  const ttlMinutes = Math.max(1, Math.round(schedulePeriodSeconds(config.schedule) / 60));
  const publication: Publication = { outputs: new Map(), pages: new Map(), renderedAt: now.toISOString() };
  const pageOutputs: IndexPageOutput[] = [];

  for (const output of config.outputs) {
    const allowedSources = output.sources ? new Set(output.sources) : undefined;
    const stories = await selectStories(store, output, now, output.limit * ARCHIVE_PAGES);
    const entries = stories.map((story) => toPublishedEntry(story, { sources, baseUrl: config.server.baseUrl, allowedSources }));
    const pages = chunk(entries, output.limit);
    const language = output.languages?.length === 1 ? output.languages[0] : undefined;
    const title = output.title ?? `feedmerge: ${output.id}`;
    const firstPage = new Map<FeedFormatOut, RenderedDocument>();

    pages.forEach((pageEntries: PublishedEntry[], index) => {
      const page = index + 1;
      const formats: readonly FeedFormatOut[] = page === 1 ? ['rss', 'atom', 'json'] : PAGED_FORMATS;
      for (const format of formats) {
        const url = (n: number): string => publicUrl(config, feedPath(output.id, format, n));
        const paged = PAGED_FORMATS.includes(format) && pages.length > 1;
        const view: FeedView = {
          id: tagIdFor(config.server.baseUrl, `feed:${output.id}`),
          title,
          description: output.description ?? '',
          homeUrl,
          selfUrl: url(page),
          // Hubs only know the first page as the topic.
          hubs: page === 1 ? config.websub.hubs : [],
          updated: newestUpdate(pageEntries),
          ttlMinutes,
          paging: paged
            ? {
                first: url(1),
                last: url(pages.length),
                ...(page > 1 ? { previous: url(page - 1) } : {}),
                ...(page < pages.length ? { next: url(page + 1) } : {}),
              }
            : {},
          entries: pageEntries,
        };
        const document = renderFormat(view, format, language);
        if (page === 1) firstPage.set(format, document);
        else publication.pages.set(feedPath(output.id, format, page), document);
      }
    });
    publication.outputs.set(output.id, firstPage);
    pageOutputs.push({
      id: output.id,
      title,
      description: output.description ?? '',
      // Relative, so the page works behind a proxy that mounts feedmerge under a path.
      feedPaths: {
        rss: feedPath(output.id, 'rss').slice(1),
        atom: feedPath(output.id, 'atom').slice(1),
        json: feedPath(output.id, 'json').slice(1),
      },
      entries: pages[0]!,
    });
  }

  const states = await store.sources.all();
  const newest = [...pageOutputs.map((o) => newestUpdate(o.entries)), ...[...states.values()].map((s) => s.lastFetchAt ?? '')]
    .sort()
    .at(-1)!;
  publication.pages.set('/', toRenderedDocument(renderIndexPage(pageOutputs, config.sources, states), 'text/html; charset=utf-8', newest));
  return publication;
}

/** Which outputs' documents differ from the previous publication (all of them when there is none). */
export function changedOutputIds(previous: Publication | null, next: Publication): string[] {
  return [...next.outputs].flatMap(([id, formats]) => {
    const before = previous?.outputs.get(id);
    const changed = !before || [...formats].some(([format, doc]) => before.get(format)?.etag !== doc.etag);
    return changed ? [id] : [];
  });
}

/** File path (relative to the public folder) of every document of a publication. */
export function publicationFiles(publication: Publication): Map<string, RenderedDocument> {
  const files = new Map<string, RenderedDocument>();
  for (const [id, formats] of publication.outputs) {
    for (const [format, doc] of formats) files.set(feedPath(id, format).slice(1), doc);
  }
  for (const [urlPath, doc] of publication.pages) files.set(urlPath === '/' ? 'index.html' : urlPath.slice(1), doc);
  return files;
}

function sameBytes(file: string, body: Buffer): boolean {
  try {
    return statSync(file).size === body.length && readFileSync(file).equals(body);
  } catch {
    return false;
  }
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

/**
 * Writes every document under `publicDir` (feeds/<id>.xml|.atom|.json, feeds/<id>/page/N.*,
 * index.html). Each file is written to a temp file and renamed over the old one, so a static
 * server never serves half a feed; unchanged files are not touched (their mtime stays), and feed
 * files no longer published (a removed output, fewer pages) are deleted.
 */
export function writePublication(publication: Publication, publicDir: string): void {
  const files = publicationFiles(publication);
  for (const [relative, doc] of files) {
    const target = path.join(publicDir, relative);
    if (sameBytes(target, doc.body)) continue;
    mkdirSync(path.dirname(target), { recursive: true });
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    writeFileSync(temp, doc.body);
    renameSync(temp, target);
  }
  const wanted = new Set([...files.keys()].map((f) => path.join(publicDir, f)));
  for (const file of listFiles(path.join(publicDir, 'feeds'))) {
    if (!wanted.has(file) && /\.(xml|atom|json)$/.test(file)) rmSync(file, { force: true });
  }
}
