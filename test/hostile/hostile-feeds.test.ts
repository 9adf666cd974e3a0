// Hostile feeds through the real pipeline: one good source and one source per attack, served from a
// loopback server and polled in the SAME cycle (fetch → parse → store → collapse), then published.
// Every case must end as a value on its own source (ingested safely, or failed with a one-line cause)
// while the good source is still ingested, nothing stored is lost in a later cycle, and every
// published document stays well-formed and free of active markup.
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, deflateSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import { decodeHTML } from 'entities';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config/load-config.js';
import { closeFetchAgents } from '../../src/fetch/fetch-feed.js';
import type { SourceState, StoredItem, StoryWithItems } from '../../src/model.js';
import type { Publication } from '../../src/publish/render-publication.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { runPollCycle, type CycleReport, type SourceReport, type WorkerContext } from '../../src/worker/poll-cycle.js';
import { workerContext } from '../../src/worker/service.js';
import { Publisher } from '../../src/worker/publisher.js';
import { serveBody, startFixtureServer, type FixtureServer, type Route } from '../support/fixture-server.js';

const fixtureDir = path.join(import.meta.dirname, '../fixtures/hostile');
const fixtureText = (name: string): string => readFileSync(path.join(fixtureDir, name), 'utf8');

/** A fixture with every "[BYTES:hex]" marker replaced by those raw bytes (invalid UTF-8, NUL …). */
function fixtureWithBytes(name: string): Buffer {
  const parts = fixtureText(name).split(/\[BYTES:([0-9a-f]+)\]/);
  return Buffer.concat(parts.map((part, i) => (i % 2 === 1 ? Buffer.from(part, 'hex') : Buffer.from(part, 'utf8'))));
}

const MiB = 1024 * 1024;
const SECRET = 'XXE-SECRET-MARKER-5d41402abc';
const rssType = { 'content-type': 'application/rss+xml; charset=utf-8' };
const t0 = new Date('2026-02-06T06:00:00.000Z');
const t1 = new Date('2026-02-06T07:00:00.000Z');

/** A gzip bomb as concatenated gzip members (RFC 1952 §2.2), each 1 MiB of zeros in ~1 KB: cheap to build. */
function gzipBomb(members: number): Buffer {
  const member = gzipSync(Buffer.alloc(MiB), { level: 9 });
  return Buffer.concat(Array.from({ length: members }, () => member));
}

/** Headers at once, then one byte of a feed per second, for ever (until the client gives up). */
const drip: Route = (req, res) => {
  res.writeHead(200, rssType);
  const body = Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><title>Tropfen</title>');
  let sent = 0;
  const timer = setInterval(() => res.write(body.subarray(sent % body.length, (sent++ % body.length) + 1)), 1000);
  res.on('close', () => clearInterval(timer));
  req.on('close', () => clearInterval(timer));
};

/** A body over the cap, streamed in chunks without Content-Length (so only the wire count can stop it). */
const oversizedStream: Route = async (_req, res) => {
  res.writeHead(200, rssType);
  res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Riesig</title><description>');
  const chunk = Buffer.alloc(64 * 1024, 'a');
  for (let sent = 0; sent < 2 * MiB && !res.destroyed; sent += chunk.length) {
    if (!res.write(chunk)) await once(res, 'drain').catch(() => undefined);
  }
  res.end('</description></channel></rss>');
};

/** One item whose description nests `depth` elements (not CDATA): recursion in a reader must not crash the worker. */
function deeplyNested(depth: number): Buffer {
  return Buffer.from(
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Tief</title><link>https://tief.example.de/</link><item><title>Tief verschachtelte Meldung</title><guid>tief-1</guid><description>${'<div>'.repeat(depth)}Kern${'</div>'.repeat(depth)}</description></item></channel></rss>`,
  );
}

interface HostileCase {
  /** The source id, named after what it exercises. */
  id: string;
  status: SourceReport['status'];
  /** The one-line cause in the cycle report and in the stored lastError; null when none. */
  error: RegExp | null;
  /** Items stored for this source after the first cycle. */
  items: number;
}

// The expected outcome of each case after the first cycle.
const cases: HostileCase[] = [
  { id: 'xxe-external-entity', status: 'ingested', error: null, items: 1 },
  { id: 'billion-laughs', status: 'ingested', error: null, items: 1 },
  { id: 'gzip-bomb', status: 'failed', error: /^body larger than 1 MiB \(fetch\.maxBodyBytes\)$/, items: 0 },
  { id: 'gzip-bomb-large', status: 'failed', error: /^body larger than 1 MiB \(fetch\.maxBodyBytes\)$/, items: 0 },
  { id: 'brotli-bomb', status: 'failed', error: /^body larger than 1 MiB \(fetch\.maxBodyBytes\)$/, items: 0 },
  { id: 'deflate-bomb', status: 'failed', error: /^body larger than 1 MiB \(fetch\.maxBodyBytes\)$/, items: 0 },
  { id: 'body-over-cap-streamed', status: 'failed', error: /^body larger than 1 MiB \(fetch\.maxBodyBytes\)$/, items: 0 },
  { id: 'body-over-cap-declared', status: 'failed', error: /^body larger than 1 MiB \(fetch\.maxBodyBytes\)$/, items: 0 },
  { id: 'slow-drip', status: 'failed', error: /^timeout after 2 s$/, items: 0 },
  { id: 'headers-never-sent', status: 'failed', error: /^timeout after 2 s$/, items: 0 },
  { id: 'body-shorter-than-declared', status: 'failed', error: /^UND_ERR_SOCKET \(connection closed by the server\)$/, items: 0 },
  { id: 'redirect-chain-too-long', status: 'failed', error: /^too many redirects \(more than 5\)$/, items: 0 },
  { id: 'redirect-loop', status: 'failed', error: /^redirect loop$/, items: 0 },
  { id: 'redirect-to-local-file', status: 'failed', error: /^redirect to unsupported scheme "file:"$/, items: 0 },
  { id: 'invalid-utf8', status: 'ingested', error: null, items: 2 },
  { id: 'control-characters', status: 'ingested', error: null, items: 1 },
  { id: 'proto-element-names', status: 'ingested', error: null, items: 2 },
  { id: 'javascript-links', status: 'ingested', error: null, items: 7 },
  { id: 'script-in-content', status: 'ingested', error: null, items: 2 },
  { id: 'html-in-titles', status: 'ingested', error: null, items: 2 },
  { id: 'atom-hostile', status: 'ingested', error: null, items: 2 },
  { id: 'json-feed-hostile', status: 'ingested', error: null, items: 2 },
  { id: 'dates-future-missing', status: 'ingested', error: null, items: 3 },
  // 10,000 nested elements in one description (~110 KB; 5,000 already do) overflow the readers' recursion: the source fails
  // on its own and the worker goes on; the message could name the cause better (see the report).
  // The nested elements are HTML in a description: read as its text, not as 10,000 levels of elements.
  { id: 'deeply-nested-elements', status: 'ingested', error: null, items: 1 },
  { id: 'duplicate-guids', status: 'ingested', error: null, items: 4 },
  { id: 'empty-feed', status: 'ingested', error: null, items: 0 },
  { id: 'html-error-page', status: 'failed', error: /^not a feed \(HTML page\)$/, items: 0 },
];

/** After the first cycle these sources, good then, start failing; their items must stay. */
const failingLater: Record<string, RegExp> = {
  'html-in-titles': /^HTTP 500 Internal Server Error$/,
  'proto-element-names': /^not a feed \(HTML page\)$/,
};

interface Snapshot {
  report: CycleReport;
  counts: Map<string, number>;
  items: StoredItem[];
  publication: Publication;
}

/** Every stored item, whole. */
async function allItems(store: Store): Promise<StoredItem[]> {
  const ids: number[] = [];
  for await (const item of store.items.all()) ids.push(item.id);
  return store.items.byIds(ids);
}

async function snapshot(store: Store, report: CycleReport, publication: Publication): Promise<Snapshot> {
  return { report, counts: await store.items.countBySource(), items: await allItems(store), publication };
}

/** Every published document (each output's formats, older pages, the page at "/"), by a readable name. */
function documents(publication: Publication): Map<string, string> {
  const all = new Map<string, string>();
  for (const [id, formats] of publication.outputs)
    for (const [format, doc] of formats) all.set(`${id}.${format}`, doc.body.toString('utf8'));
  for (const [urlPath, doc] of publication.pages) all.set(urlPath, doc.body.toString('utf8'));
  return all;
}

/** Parses XML with saxes (throws on any well-formedness error) and returns every text, CDATA and attribute value. */
function xmlStrings(xml: string): string[] {
  const strings: string[] = [];
  const parser = new SaxesParser({ xmlns: false });
  parser.on('text', (text) => void strings.push(text));
  parser.on('cdata', (text) => void strings.push(text));
  parser.on('opentag', (tag) => void strings.push(...Object.values(tag.attributes as Record<string, string>)));
  parser.write(xml).close();
  return strings;
}

function jsonStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) jsonStrings(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (out.push(k), jsonStrings(v, out));
  return out;
}

// What a reader would execute once it turns the published (escaped) HTML back into markup.
const unsafeMarkup: [string, RegExp][] = [
  ['<script', /<\s*script/i],
  ['on*= handler', /<[^>]*\son[a-z]+\s*=/i],
  ['javascript:', /javascript:/i],
  ['vbscript:', /vbscript:/i],
  ['data:text/html', /data:text\/html/i],
  ['<iframe', /<\s*iframe/i],
];
const xmlIllegal = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/**
 * The unsafe markup in `strings`, looked for as written, after one round of HTML entity decoding (what a
 * reader does to attribute values), and with whitespace and controls removed (browsers strip tabs and
 * newlines inside URL schemes: "java&#x09;script:" runs).
 */
function unsafeIn(strings: readonly string[]): string[] {
  return strings.flatMap((s) => {
    const decoded = decodeHTML(s);
    const forms = [s, decoded, decoded.replace(/[\u0000-\u0020]+/g, '')];
    return unsafeMarkup.filter(([, pattern]) => forms.some((form) => pattern.test(form))).map(([name]) => `${name}: ${s.slice(0, 160)}`);
  });
}

describe('hostile feeds, polled in one cycle with a good source', () => {
  let server: FixtureServer;
  let dir: string;
  let config: Config;
  let context: WorkerContext;
  let finalStates: Map<string, SourceState>;
  let finalStories: StoryWithItems[];
  let first: Snapshot;
  let second: Snapshot;
  const processErrors: unknown[] = [];
  const recordError = (error: unknown) => void processErrors.push(error);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-hostile-'));
    const secretFile = path.join(dir, 'secret.txt');
    writeFileSync(secretFile, SECRET);
    const good = fixtureText('good-rss-three-items.xml');
    const xxe = fixtureText('xxe-external-entity-local-file.xml')
      .replaceAll('FILE_URL', pathToFileURL(secretFile).href)
      .replaceAll('FILE_PATH', secretFile);
    const htmlPage = readFileSync(path.join(fixtureDir, 'html-error-page-with-status-200.html'));

    server = await startFixtureServer({
      '/good.rss': serveBody(good, rssType),
      '/xxe-external-entity': serveBody(xxe, rssType),
      '/billion-laughs': serveBody(fixtureText('billion-laughs-nested-entities.xml'), rssType),
      // 20 MiB from 20 KB: inflated on the main thread (below fetch's off-thread threshold).
      '/gzip-bomb': serveBody(gzipBomb(20), { ...rssType, 'content-encoding': 'gzip' }),
      // 400 MiB from ~400 KB: inflated on the thread pool.
      '/gzip-bomb-large': serveBody(gzipBomb(400), { ...rssType, 'content-encoding': 'gzip' }),
      '/brotli-bomb': serveBody(brotliCompressSync(Buffer.alloc(64 * MiB), { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }), {
        ...rssType,
        'content-encoding': 'br',
      }),
      '/deflate-bomb': serveBody(deflateSync(Buffer.alloc(64 * MiB), { level: 1 }), { ...rssType, 'content-encoding': 'deflate' }),
      '/body-over-cap-streamed': oversizedStream,
      '/headers-never-sent': () => undefined,
      '/body-shorter-than-declared': (_req, res) => {
        res.writeHead(200, { ...rssType, 'content-length': '5000' });
        res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Abgebrochen</title>');
        setTimeout(() => res.destroy(), 50);
      },
      '/redirect-chain-too-long': (req, res) => {
        const hop = Number(new URL(req.url!, 'http://x').searchParams.get('hop') ?? 0);
        res.writeHead(302, { location: `/redirect-chain-too-long?hop=${hop + 1}` }).end();
      },
      '/deeply-nested-elements': serveBody(deeplyNested(10_000), rssType),
      '/body-over-cap-declared': serveBody(Buffer.alloc(MiB + 1, 'a'), rssType),
      '/slow-drip': drip,
      '/redirect-loop': (_req, res) => void res.writeHead(302, { location: '/redirect-loop-b' }).end(),
      '/redirect-loop-b': (_req, res) => void res.writeHead(301, { location: '/redirect-loop' }).end(),
      '/redirect-to-local-file': (_req, res) => void res.writeHead(302, { location: pathToFileURL(secretFile).href }).end(),
      '/invalid-utf8': serveBody(fixtureWithBytes('invalid-utf8-bytes.xml'), rssType),
      '/control-characters': serveBody(fixtureWithBytes('nul-and-control-characters.xml'), rssType),
      '/proto-element-names': serveBody(fixtureText('proto-constructor-element-names.xml'), rssType),
      '/javascript-links': serveBody(fixtureText('javascript-and-data-links.xml'), rssType),
      '/script-in-content': serveBody(fixtureText('script-and-event-handlers-in-content.xml'), rssType),
      '/html-in-titles': serveBody(fixtureText('html-markup-in-titles.xml'), rssType),
      '/atom-hostile': serveBody(fixtureText('atom-xml-base-and-xhtml-scripts.xml'), { 'content-type': 'application/atom+xml' }),
      '/json-feed-hostile': serveBody(fixtureText('json-feed-proto-and-scripts.json'), { 'content-type': 'application/feed+json' }),
      '/dates-future-missing': serveBody(fixtureText('dates-far-future-and-missing.xml'), rssType),
      '/duplicate-guids': serveBody(fixtureText('duplicate-guids-in-one-document.xml'), rssType),
      '/empty-feed': serveBody(fixtureText('empty-channel-no-items.xml'), rssType),
      '/html-error-page': serveBody(htmlPage, { 'content-type': 'text/html; charset=utf-8' }),
    });

    config = parseConfig(
      {
        database: ':memory:',
        publicDir: 'public',
        server: { baseUrl: 'http://feeds.example.org' },
        // Every source lives on one loopback host: let them all run at once, as separate hosts would.
        // 2 s, not 1: the cycle's own parsing shares the event loop with every fetch's total timer, and CI has 2 busy cores.
        fetch: { timeoutSeconds: 2, connectTimeoutSeconds: 2, maxBodyBytes: MiB, maxRedirects: 5, perHostConcurrency: 32 },
        sources: [{ id: 'good', url: server.url('/good.rss') }, ...cases.map((c) => ({ id: c.id, url: server.url(`/${c.id}`) }))],
      },
      path.join(dir, 'config.json'),
    );
    context = workerContext(config, await openStore(':memory:'));
    const publisher = new Publisher(config, context.store);

    process.on('uncaughtException', recordError);
    process.on('unhandledRejection', recordError);
    const report1 = await runPollCycle(context, t0, { force: true });
    await publisher.publish(t0);
    first = await snapshot(context.store, report1, publisher.current());

    // Second cycle: the good feed gains an item, two sources that were fine now fail.
    server.route(
      '/good.rss',
      serveBody(
        good.replace(
          '<!-- NEXT_ITEM -->',
          '<item><title>Neue Buslinie zum Flughafen startet</title><link>https://gut.example.de/bus</link><guid>gut-4</guid></item>',
        ),
        rssType,
      ),
    );
    server.route('/html-in-titles', (_req, res) => void res.writeHead(500, { 'content-type': 'text/plain' }).end('kaputt'));
    server.route('/proto-element-names', serveBody(htmlPage, { 'content-type': 'text/html; charset=utf-8' }));
    const report2 = await runPollCycle(context, t1, { force: true });
    await publisher.publish(t1);
    second = await snapshot(context.store, report2, publisher.current());
    finalStates = await context.store.sources.all();
    finalStories = await context.store.stories.list({ limit: 10_000 });
  });

  afterAll(async () => {
    process.off('uncaughtException', recordError);
    process.off('unhandledRejection', recordError);
    await server.close();
    await closeFetchAgents();
    await context.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const reportOf = (snap: Snapshot, id: string): SourceReport => snap.report.sources.find((s) => s.sourceId === id)!;
  const itemsOf = (snap: Snapshot, id: string): StoredItem[] => snap.items.filter((i) => i.sourceId === id);

  it.each(cases)('$id: $status, error $error, $items items stored; the good source still ingested', (c) => {
    const report = reportOf(first, c.id);
    expect(report.status).toBe(c.status);
    const lastError = finalStates.get(c.id)?.lastError ?? null;
    if (c.error) {
      expect(report.error).toMatch(c.error);
      // The state after the second cycle: same cause (or the later failure for the sources broken on purpose).
      expect(lastError).toMatch(failingLater[c.id] ?? c.error);
      expect(lastError).not.toContain('\n');
    } else {
      expect(report.error).toBeNull();
      if (!failingLater[c.id]) expect(lastError).toBeNull();
    }
    expect(first.counts.get(c.id) ?? 0).toBe(c.items);
    expect(reportOf(first, 'good')).toMatchObject({ status: 'ingested', newItems: 3, error: null });
    expect(first.counts.get('good')).toBe(3);
    expect(processErrors).toEqual([]);
  });

  it('loses nothing in a second cycle in which the good feed grows and two good sources start failing', () => {
    expect(reportOf(second, 'good')).toMatchObject({ status: 'ingested', newItems: 1, unchangedItems: 3, error: null });
    expect(second.counts.get('good')).toBe(4);
    for (const [id, error] of Object.entries(failingLater)) {
      expect(reportOf(second, id)).toMatchObject({ status: 'failed' });
      expect(reportOf(second, id).error).toMatch(error);
      expect(finalStates.get(id)?.lastError).toMatch(error);
    }
    for (const c of cases) {
      expect(second.counts.get(c.id) ?? 0, c.id).toBe(c.items);
      expect(
        itemsOf(second, c.id)
          .map((i) => i.id)
          .sort(),
        c.id,
      ).toEqual(
        itemsOf(first, c.id)
          .map((i) => i.id)
          .sort(),
      );
    }
    // The failures of the first cycle fail the same way again; the rest saw the same body.
    for (const c of cases.filter((c) => !failingLater[c.id])) {
      const report = reportOf(second, c.id);
      if (c.error) expect(report.error, c.id).toMatch(c.error);
      else expect(report.status, c.id).toBe('unchanged');
    }
    expect(processErrors).toEqual([]);
  });

  it('never reads the file named by an external entity: the marker is nowhere in the store or the output', () => {
    const stored = JSON.stringify([first.items, second.items, [...finalStates.values()], finalStories]);
    expect(stored).not.toContain(SECRET);
    for (const [name, text] of [...documents(first.publication), ...documents(second.publication)])
      expect(text, name).not.toContain(SECRET);
    expect(itemsOf(first, 'xxe-external-entity')[0]!.title).toMatch(/^Externe Entität im Titel/);
  });

  it('stores the billion-laughs item without expanding it', () => {
    const [item] = itemsOf(first, 'billion-laughs');
    expect(item!.title).toMatch(/^Lachen/);
    expect(JSON.stringify(item).length).toBeLessThan(5_000);
    expect(JSON.stringify(item)).not.toContain('lollol');
  });

  it('turns invalid UTF-8 into replacement characters and keeps the rest of the text', () => {
    const titles = itemsOf(first, 'invalid-utf8')
      .map((i) => i.title)
      .sort();
    expect(titles).toEqual(['Gr\ufffdn und M\ufffdnchen', 'Zweite Meldung: Bürgerbüro \ufffd geöffnet']);
    expect(itemsOf(first, 'invalid-utf8').find((i) => i.key === 'bytes-1')!.summary).toMatch(
      /^Overlong \ufffd+ und Surrogat \ufffd+ Ende$/,
    );
  });

  it('keeps NUL and other control characters out of the stored text', () => {
    const [item] = itemsOf(first, 'control-characters');
    expect(item!.title).toBe('Nullbyte und Glocke im Titel');
    for (const text of [item!.title, item!.summary, item!.author ?? '', ...item!.categories, item!.contentHtml ?? ''])
      expect(text).not.toMatch(xmlIllegal);
  });

  it('pollutes no prototype and still stores the items named next to __proto__ / constructor', () => {
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    const items = itemsOf(first, 'proto-element-names');
    expect(items.map((i) => [i.key, i.title]).sort()).toEqual([
      ['proto-1', 'Prototyp-Meldung eins über Kommunalwahlen'],
      ['proto-2', 'Prototyp-Meldung zwei über Schulbau'],
    ]);
    for (const item of items) expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
  });

  it('never stores a javascript:, data: or vbscript: link as an item url or enclosure', () => {
    const links = itemsOf(first, 'javascript-links');
    expect(links.map((i) => i.url)).toEqual(Array.from({ length: 7 }, () => null));
    for (const item of second.items) {
      for (const url of [item.url, item.canonicalUrl, ...item.enclosures.map((e) => e.url)]) {
        if (url !== null) expect(url, item.key).toMatch(/^https?:\/\//);
      }
    }
  });

  it('keeps the raw content of the script case in the store (so the output check below means something)', () => {
    const item = itemsOf(first, 'script-in-content').find((i) => i.key === 'skript-1');
    expect(item!.contentHtml).toMatch(/<script>/);
    expect(item!.contentHtml).toMatch(/onerror="alert\(1\)"/);
    expect(item!.summary).not.toMatch(/<|alert\(/);
  });

  it('stores and publishes titles with HTML as plain text', () => {
    const expected = ['Eil: Landtag wählt neue "Präsidentin"', 'Kommentar: Der Haushalt & die Schulden'];
    expect(
      itemsOf(first, 'html-in-titles')
        .map((i) => i.title)
        .sort(),
    ).toEqual(expected);
    const json = JSON.parse(first.publication.outputs.get('all')!.get('json')!.body.toString('utf8')) as { items: { title: string }[] };
    const rssTitles = xmlTitles(first.publication.outputs.get('all')!.get('rss')!.body.toString('utf8'));
    const atomTitles = xmlTitles(first.publication.outputs.get('all')!.get('atom')!.body.toString('utf8'));
    for (const title of expected) {
      expect(json.items.map((i) => i.title)).toContain(title);
      expect(rssTitles).toContain(title);
      expect(atomTitles).toContain(title);
    }
    for (const title of [...json.items.map((i) => i.title), ...rssTitles, ...atomTitles]) expect(title).not.toMatch(/<\/?[a-z]/i);
  });

  it('drops a far-future date (the item is dated when first seen) and leaves missing or unreadable dates empty', () => {
    const byKey = new Map(itemsOf(first, 'dates-future-missing').map((i) => [i.key, i]));
    expect(byKey.get('datum-zukunft')!.published).toBeNull();
    expect(byKey.get('datum-zukunft')!.firstSeen).toBe(t0.toISOString());
    expect(byKey.get('datum-ohne')!.published).toBeNull();
    expect(byKey.get('datum-kaputt')!.published).toBeNull();
    // No story is dated after the cycle that found it.
    for (const story of finalStories) expect(story.published <= t1.toISOString(), story.title).toBe(true);
  });

  it.each(['first', 'second'] as const)(
    'publishes well-formed RSS, Atom and JSON without active markup or control characters (%s cycle)',
    (which) => {
      const snap = which === 'first' ? first : second;
      const docs = documents(snap.publication);
      const isPage = (name: string): boolean => name === '/' || name.endsWith('.html');
      const feeds = [...docs].filter(([name]) => !isPage(name));
      expect(feeds.map(([name]) => name)).toEqual(expect.arrayContaining(['all.rss', 'all.atom', 'all.json']));
      for (const [name, text] of feeds) {
        const strings = name.endsWith('json') ? jsonStrings(JSON.parse(text)) : xmlStrings(text);
        expect(unsafeIn(strings), name).toEqual([]);
        expect(unsafeIn([text]), name).toEqual([]);
        expect(text, name).not.toMatch(xmlIllegal);
        if (name.endsWith('json'))
          expect(
            strings.filter((s) => xmlIllegal.test(s)),
            name,
          ).toEqual([]);
      }
      // Every stored story is on the first page, hostile ones included, so the checks above saw them.
      const json = JSON.parse(docs.get('all.json')!) as { items: { title: string }[] };
      expect(json.items.map((i) => i.title)).toEqual(
        expect.arrayContaining(['Bürgerhaushalt vorgestellt', 'Nullbyte und Glocke im Titel', 'Link mit Skript-Schema klein']),
      );
      // The pages for people are HTML of our own: they may script themselves, but carry none of the feeds' handlers or links.
      expect(docs.get('/outputs/all.html')).toContain('Bürgerhaushalt vorgestellt');
      for (const [name, page] of docs) if (isPage(name)) expect(page, name).not.toMatch(/evil\.example|alert\(|javascript:/i);
    },
  );
});

/** Every link of an RSS or Atom document: <link> text and href / url attributes. */
function xmlLinks(xml: string): string[] {
  const links: string[] = [];
  const parser = new SaxesParser({ xmlns: false });
  let inLink = false;
  parser.on('opentag', (tag) => {
    const attributes = tag.attributes as Record<string, string>;
    for (const name of ['href', 'url']) if (attributes[name] !== undefined) links.push(attributes[name]);
    inLink = tag.name === 'link' && attributes['href'] === undefined;
    if (inLink) links.push('');
  });
  parser.on('text', (t) => void (inLink && (links[links.length - 1] += t)));
  parser.on('closetag', () => void (inLink = false));
  parser.write(xml).close();
  return links;
}

function xmlTitles(xml: string): string[] {
  const titles: string[] = [];
  const parser = new SaxesParser({ xmlns: false });
  let inItem = 0;
  let inTitle = false;
  let text = '';
  parser.on('opentag', (tag) => {
    if (tag.name === 'item' || tag.name === 'entry') inItem++;
    if (inItem > 0 && tag.name === 'title') ((inTitle = true), (text = ''));
  });
  parser.on('text', (t) => void (inTitle && (text += t)));
  parser.on('cdata', (t) => void (inTitle && (text += t)));
  parser.on('closetag', (tag) => {
    if (tag.name === 'title' && inTitle) ((inTitle = false), titles.push(text));
    if (tag.name === 'item' || tag.name === 'entry') inItem--;
  });
  parser.write(xml).close();
  return titles;
}

// Titles are plain text for every reader, even when the format declares them plain (JSON Feed,
// Atom type="text") or double-escapes markup: some readers render RSS titles as HTML. Links that
// are not valid URI syntax (quotes, angle brackets) are serialised by the URL parser, so no member
// link carries markup into the JSON Feed's _feedmerge list either.
describe('tag-shaped plain-text titles, links that are no valid URI', () => {
  let server: FixtureServer;
  let store: Store;
  let report: CycleReport;
  let publication: Publication;
  const sources = ['json-plain-text-titles', 'atom-text-titles', 'rss-double-escaped-title', 'link-with-quotes'];

  beforeAll(async () => {
    server = await startFixtureServer({
      '/good.rss': serveBody(fixtureText('good-rss-three-items.xml'), rssType),
      '/json-plain-text-titles': serveBody(fixtureText('titles-declared-plain-text-with-markup.json'), {
        'content-type': 'application/feed+json',
      }),
      '/atom-text-titles': serveBody(fixtureText('atom-text-titles-with-markup.xml'), { 'content-type': 'application/atom+xml' }),
      '/rss-double-escaped-title': serveBody(fixtureText('rss-double-escaped-markup-in-title.xml'), rssType),
      '/link-with-quotes': serveBody(fixtureText('link-with-quotes-and-angle-brackets.xml'), rssType),
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-hostile-titles-'));
    const config = parseConfig(
      {
        database: ':memory:',
        publicDir: 'public',
        fetch: { timeoutSeconds: 1, maxBodyBytes: MiB },
        sources: [{ id: 'good', url: server.url('/good.rss') }, ...sources.map((id) => ({ id, url: server.url(`/${id}`) }))],
      },
      path.join(dir, 'config.json'),
    );
    store = await openStore(':memory:');
    report = await runPollCycle(
      workerContext({ ...config, fetch: { ...config.fetch, concurrency: 8, perHostConcurrency: 8 } }, store),
      t0,
      {
        force: true,
      },
    );
    const publisher = new Publisher(config, store);
    await publisher.publish(t0);
    publication = publisher.current();
  });
  afterAll(async () => {
    await store.close();
    await server.close();
    await closeFetchAgents();
  });

  it('ingests them next to the good source and publishes well-formed documents', () => {
    expect(report.sources.map((s) => [s.sourceId, s.status, s.newItems, s.error])).toEqual([
      ['good', 'ingested', 3, null],
      ['json-plain-text-titles', 'ingested', 3, null],
      ['atom-text-titles', 'ingested', 1, null],
      ['rss-double-escaped-title', 'ingested', 1, null],
      ['link-with-quotes', 'ingested', 1, null],
    ]);
    for (const [name, text] of documents(publication))
      if (name !== '/' && !name.endsWith('.html'))
        expect(() => (name.endsWith('json') ? JSON.parse(text) : xmlStrings(text)), name).not.toThrow();
  });

  it('stores no tag-shaped text in titles and publishes none in RSS <title>', async () => {
    const titles = (await allItems(store)).filter((i) => sources.includes(i.sourceId)).map((i) => i.title);
    expect(titles.filter((t) => /<\/?[a-z][^<>]*>/i.test(t))).toEqual([]);
    const rssTitles = xmlTitles(publication.outputs.get('all')!.get('rss')!.body.toString('utf8'));
    expect(unsafeIn(rssTitles)).toEqual([]);
  });

  it('publishes item links as valid URIs, never with quotes or angle brackets', () => {
    const docs = documents(publication);
    const json = JSON.parse(docs.get('all.json')!) as { items: { url?: string; _feedmerge: { items: { url: string | null }[] } }[] };
    const urls = json.items.flatMap((i) => [i.url ?? '', ...i._feedmerge.items.map((m) => m.url ?? '')]);
    expect(urls.filter((u) => /["<>\s]/.test(u))).toEqual([]);
    const links = [...xmlLinks(docs.get('all.atom')!), ...xmlLinks(docs.get('all.rss')!)];
    expect(links.filter((u) => u.includes('quote.example.de'))).not.toEqual([]);
    expect(links.filter((u) => /["<>\s]/.test(u))).toEqual([]);
  });
});
