// Publishing: every output rendered in every format (plus older pages and the page for people),
// once per cycle, never per request; then written to disk atomically.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeFolder } from '../make-folder.js';
import { resolveSourceLocation } from '../config/load-config.js';
import type { Config, OutputConfig } from '../config/schema.js';
import type { StoryWithItems } from '../model.js';
import { cursorAfter, type DocumentValidators, type Store, type StoryCursor } from '../store/store.js';
import { renderAtom, renderRss } from './feed-xml.js';
import { renderIndexPage, type IndexPageOutput } from './index-page.js';
import { renderJsonFeed } from './json-feed.js';
import { renderOutputPage } from './output-page.js';
import type { FeedLinks } from './page-layout.js';
import { newestUpdate, tagIdFor, toPublishedEntry, type FeedView, type PublishedEntry } from './published-entry.js';
import { carriedMerges, selectDeletedEntries, type DeletedEntries } from './deleted-entries.js';
import { startCompressionRound, toRenderedDocument, type RenderedDocument } from './rendered-document.js';
import { schedulePeriodSeconds } from '../cron-schedule.js';
import { compileStoryFilter } from './story-filter.js';

export type { RenderedDocument } from './rendered-document.js';
export type FeedFormatOut = 'rss' | 'atom' | 'json';

export interface Publication {
  /** output id → format → document (the first page). */
  outputs: Map<string, Map<FeedFormatOut, RenderedDocument>>;
  /** Other documents by URL path: older pages ("/feeds/<id>/page/2.atom"), each output's page and "/". */
  pages: Map<string, RenderedDocument>;
  /** Ids of every story on a page of any output: retention keeps them whatever their age. */
  storyIds: Set<string>;
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
const HTML_TYPE = 'text/html; charset=utf-8';
// Only Atom and JSON Feed define paging; RSS readers get the first page only.
const PAGED_FORMATS: readonly FeedFormatOut[] = ['atom', 'json'];
// A rare include word must not make one publish read the whole database.
const MAX_STORIES_SCANNED = 20_000;

/** The URL path of an output's document: page 1 is "/feeds/<id>.<ext>", older pages below it. */
export function feedPath(outputId: string, format: FeedFormatOut, page = 1): string {
  const ext = FEED_EXTENSIONS[format];
  return page <= 1 ? `/feeds/${outputId}.${ext}` : `/feeds/${outputId}/page/${page}.${ext}`;
}

/** The URL path of an output's page for people. */
export function outputPagePath(outputId: string): string {
  return `/outputs/${outputId}.html`;
}

/** An output's feed paths relative to a page `depth` folders below the root ("" at "/", "../" one below). */
function feedLinksFrom(outputId: string, prefix: string): FeedLinks {
  const link = (format: FeedFormatOut): string => `${prefix}${feedPath(outputId, format).slice(1)}`;
  return { rss: link('rss'), atom: link('atom'), json: link('json') };
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
  let before: StoryCursor | undefined;
  for (let scanned = 0; selected.length < max && scanned < MAX_STORIES_SCANNED;) {
    const stories = await store.stories.list({ sourceIds: output.sources, publishedSince, before, limit: batch });
    for (const story of stories) if (selected.length < max && keep(story)) selected.push(story);
    scanned += stories.length;
    const last = stories.at(-1);
    if (!last || stories.length < batch) break;
    before = cursorAfter(last);
  }
  if (publishedSince && selected.length < max)
    selected.push(...(await survivorsKeptByMerge(store, output, publishedSince, selected, max - selected.length)));
  return selected;
}

/**
 * Stories published before the maxAgeHours limit that absorbed a story published within it that the output
 * carried (a member from its sources, its words passed: a story the output would still list), newest first,
 * at most `room`. A merged story takes the older story's date (the older id survives), so without this a
 * merge with a story just past the limit takes both out of the output: the survivor stays as long as the
 * story it absorbed would have, after the stories within the limit (it is older than all of them).
 */
async function survivorsKeptByMerge(
  store: Store,
  output: OutputConfig,
  publishedSince: string,
  selected: readonly StoryWithItems[],
  room: number,
): Promise<StoryWithItems[]> {
  const keep = compileStoryFilter(output);
  const shown = new Set(selected.map((s) => s.id));
  // Merged at or after the limit: a story is published no later than it is merged.
  const merges = await store.stories.absorbedSince({ since: publishedSince, sourceIds: output.sources, limit: MAX_STORIES_SCANNED });
  // Only for a story the output carried: its words, categories and languages passed as it was merged.
  const within = merges.filter((m) => m.published >= publishedSince && !shown.has(m.survivorId));
  const carried = await carriedMerges(store, output, within);
  const ids = new Set(carried.map((m) => m.survivorId));
  // One bulk read, not one per survivor: with PostgreSQL each read is a round trip, per output per publish.
  const loaded = await store.stories.withItemsByIds([...ids]);
  const survivors = [...loaded.values()].filter((story) => story.published < publishedSince && keep(story));
  survivors.sort((a, b) => (a.published === b.published ? (a.id < b.id ? 1 : -1) : a.published < b.published ? 1 : -1));
  return survivors.slice(0, room);
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
 * only decides which stories are too old (maxAgeHours) and never appears in a feed. An output with
 * no stories is dated `emptySince` (lastBuildDate, Atom <updated>, Last-Modified, the file's mtime):
 * a publisher passes the time it first rendered, so its empty feeds keep one date and ETag. With the
 * `previous` validators (by publicationFiles path), an output that was already empty keeps the date
 * it was stored with, so a `poll --once` from cron (a new publisher each run) keeps it too.
 */
export async function renderPublication(
  store: Store,
  config: Config,
  now: Date,
  emptySince: Date = now,
  previous: ReadonlyMap<string, DocumentValidators> = new Map(),
): Promise<Publication> {
  const emptyDate = wholeSecondDate(emptySince);
  const sources = new Map(config.sources.map((s) => [s.id, s]));
  startCompressionRound();
  const publication: Publication = { outputs: new Map(), pages: new Map(), storyIds: new Set(), renderedAt: now.toISOString() };
  const pageOutputs: IndexPageOutput[] = [];
  const newestUpdates: string[] = [];

  for (const output of config.outputs) {
    const capacity = output.limit * ARCHIVE_PAGES;
    const stories = await selectStories(store, output, now, capacity);
    for (const story of stories) publication.storyIds.add(story.id);
    const storyPageUrl = publicUrl(config, outputPagePath(output.id));
    const allowedSources = output.sources ? new Set(output.sources) : undefined;
    const entries = stories.map((story) =>
      toPublishedEntry(story, { sources, baseUrl: config.server.baseUrl, storyPageUrl, allowedSources }),
    );
    const deleted = await selectDeletedEntries(store, output, stories, {
      baseUrl: config.server.baseUrl,
      newestFirstPageEntry: newestUpdate(entries.slice(0, output.limit), ''),
      capacity,
      now,
    });
    let rendered = renderOutput(config, output, entries, deleted, emptyDate);
    // Already empty when stored: the same empty feed dated as stored has the stored ETag (RSS names the date).
    const stored = entries.length === 0 ? previous.get(feedPath(output.id, 'rss').slice(1)) : undefined;
    if (stored && rendered.firstPage.get('rss')!.etag !== stored.etag) {
      const asStored = renderOutput(config, output, entries, deleted, wholeSecondDate(new Date(stored.lastModified)));
      if (asStored.firstPage.get('rss')!.etag === stored.etag) rendered = asStored;
    }
    publication.outputs.set(output.id, rendered.firstPage);
    for (const [urlPath, document] of rendered.pages) publication.pages.set(urlPath, document);
    newestUpdates.push(rendered.updated);
    pageOutputs.push(rendered.indexEntry);
  }

  const states = await store.sources.all();
  const newest = [...newestUpdates, ...[...states.values()].map((s) => s.lastFetchAt ?? '')].sort().at(-1) || emptyDate;
  const configuredUrls = new Map(config.sources.map((s) => [s.id, resolveSourceLocation(s.url, config)]));
  // A state stored for another configured URL is the old URL's (the poll cycle starts afresh).
  const movedSourceIds = new Set(
    config.sources
      .filter((s) => {
        const state = states.get(s.id);
        return state?.currentUrl && (state.configuredUrl ?? s.url) === s.url && state.currentUrl !== configuredUrls.get(s.id);
      })
      .map((s) => s.id),
  );
  const index = renderIndexPage(pageOutputs, {
    config: config.sources,
    states,
    itemCounts: await store.items.countBySource(),
    configuredUrls,
    movedSourceIds,
    notStored: await store.sources.storeFailures(),
  });
  publication.pages.set('/', toRenderedDocument(index, HTML_TYPE, newest));
  return publication;
}

// Whole seconds: Last-Modified and the file's mtime hold no more, and the feed's date must equal them.
function wholeSecondDate(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}

interface RenderedOutput {
  /** Format → the first page. */
  firstPage: Map<FeedFormatOut, RenderedDocument>;
  /** Older pages and the output's page for people, by URL path. */
  pages: Map<string, RenderedDocument>;
  /** Its newest entry update, or `emptyDate`. */
  updated: string;
  indexEntry: IndexPageOutput;
}

/**
 * One output's documents from its entries; `emptyDate` dates them when there are none. `deleted` (merged-away
 * entries) go on the first page only: the document readers poll, wherever their survivors sit; its newest
 * merge dates that page too.
 */
function renderOutput(
  config: Config,
  output: OutputConfig,
  entries: PublishedEntry[],
  deleted: DeletedEntries,
  emptyDate: string,
): RenderedOutput {
  const homeUrl = publicUrl(config, '/');
  const ttlMinutes = Math.max(1, Math.round(schedulePeriodSeconds(config.schedule) / 60));
  const pages = chunk(entries, output.limit);
  const language = output.languages?.length === 1 ? output.languages[0] : undefined;
  const title = output.title ?? `feedmerge: ${output.id}`;
  const firstPage = new Map<FeedFormatOut, RenderedDocument>();
  const otherPages = new Map<string, RenderedDocument>();

  // The paged formats' first page is dated by every page's entries: a site polls that page alone with its
  // validators, and an edit of a story on page 3 must change it too, or the site never walks there.
  const newestOfAllPages = newestUpdate(entries, emptyDate);
  pages.forEach((pageEntries: PublishedEntry[], index) => {
    const page = index + 1;
    const formats: readonly FeedFormatOut[] = page === 1 ? ['rss', 'atom', 'json'] : PAGED_FORMATS;
    const pageDeleted = page === 1 ? deleted.entries : [];
    // A merge changes the first page at its time even when no entry there moved (the absorbed one left), and
    // its tombstone leaving later (the pages moved past the absorbed story) takes the date back no further.
    const merged = page === 1 && deleted.newestMerge ? [deleted.newestMerge] : [];
    const pageUpdated = [newestUpdate(pageEntries, emptyDate), ...merged].sort().at(-1)!;
    const outputUpdated = [pageUpdated, newestOfAllPages].sort().at(-1)!;
    for (const format of formats) {
      // RSS has no older pages: its one document is dated by what it carries.
      const updated = page === 1 && PAGED_FORMATS.includes(format) ? outputUpdated : pageUpdated;
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
        updated,
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
        deleted: pageDeleted,
      };
      const document = renderFormat(view, format, language);
      if (page === 1) firstPage.set(format, document);
      else otherPages.set(feedPath(output.id, format, page), document);
    }
  });
  const firstEntries = pages[0]!;
  // Links are relative, so the pages work behind a proxy that mounts feedmerge under a path.
  const page = renderOutputPage({
    id: output.id,
    title,
    description: output.description ?? '',
    feedLinks: feedLinksFrom(output.id, '../'),
    entries: firstEntries,
  });
  const updated = newestUpdate(firstEntries, emptyDate);
  otherPages.set(outputPagePath(output.id), toRenderedDocument(page, HTML_TYPE, updated));
  return {
    firstPage,
    pages: otherPages,
    updated,
    indexEntry: {
      id: output.id,
      title,
      description: output.description ?? '',
      feedLinks: feedLinksFrom(output.id, ''),
      pagePath: outputPagePath(output.id).slice(1),
      storyCount: firstEntries.length,
    },
  };
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
 * Puts `body` at `target` through a temp file and a rename, so a reader sees the old file or the
 * new one, never half of one. The file's mtime is the document's Last-Modified: a static server
 * (nginx) in front then sends the same Last-Modified as feedmerge, and its mtime-based ETag
 * changes with the content, because Last-Modified moves whenever the bytes do (carryLastModified).
 */
function putFile(target: string, body: Buffer, modified: Date): void {
  if (sameBytes(target, body)) {
    if (statSync(target).mtimeMs !== modified.getTime()) utimesSync(target, modified, modified);
    return;
  }
  makeFolder(path.dirname(target));
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(temp, body);
  utimesSync(temp, modified, modified);
  renameSync(temp, target);
}

// Folders that hold only published documents: what is not published any more is removed there.
const PUBLISHED_FOLDERS = ['feeds', 'outputs'];
const PUBLISHED_FILE = /\.(xml|atom|json|html)(\.gz|\.br)?$/;

/**
 * Writes every document under `publicDir` (feeds/<id>.xml|.atom|.json, feeds/<id>/page/N.*,
 * outputs/<id>.html, index.html), each with its precompressed siblings `<file>.gz` and `<file>.br`
 * for a static server (nginx's gzip_static and brotli_static). Every file is replaced atomically;
 * the siblings are written before the file itself. Unchanged files are not rewritten, and
 * documents no longer published (a removed output, fewer pages) are deleted with their siblings.
 */
export function writePublication(publication: Publication, publicDir: string): void {
  try {
    writePublicationFiles(publication, publicDir);
  } catch (error) {
    // fs names only the file it failed on; say which setting put it there, so the fix is findable.
    const cause = error as NodeJS.ErrnoException;
    const wrapped = new Error(`cannot write the feeds to publicDir "${publicDir}": ${cause.message}`, { cause });
    throw Object.assign(wrapped, { code: cause.code });
  }
}

function writePublicationFiles(publication: Publication, publicDir: string): void {
  const files = publicationFiles(publication);
  const wanted = new Set<string>();
  for (const [relative, doc] of files) {
    const target = path.join(publicDir, relative);
    const modified = new Date(doc.lastModified);
    putFile(`${target}.gz`, doc.gzip, modified);
    putFile(`${target}.br`, doc.brotli, modified);
    putFile(target, doc.body, modified);
    wanted.add(target).add(`${target}.gz`).add(`${target}.br`);
  }
  for (const folder of PUBLISHED_FOLDERS) {
    for (const file of listFiles(path.join(publicDir, folder))) {
      if (!wanted.has(file) && PUBLISHED_FILE.test(file)) rmSync(file, { force: true });
    }
  }
}
