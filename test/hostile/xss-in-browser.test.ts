// Hostile HTML from sources, through the real path, rendered in Chromium the way careless readers render it.
// Feeds of sanitiser bypasses (test/fixtures/hostile: xss-*, less-than-*, noncharacters-*, lone-surrogates-*, invisible-*) are served on 127.0.0.1 and polled by the
// CLI's `poll --once`; the service then serves what was published. Our RSS, Atom and JSON Feed and the pages
// are fetched over HTTP and handed to a reader page in Chromium that parses the feeds (DOMParser, JSON.parse and
// eval) and puts every string of them into the page as HTML: innerHTML, a parsed fragment (which runs
// scripts, as jQuery's .html() does) and a template that concatenates it between its own tags. The page records
// every script run (alert/confirm/prompt/print/open and console hooks, window.onerror, dialogs, page errors),
// every navigation, and every request (all aborted: only the reader page itself may load, and an image our
// allowlist keeps). After rendering, the DOM must hold no element or attribute outside the allowlist (no
// event handler, style, srcset, formaction, base or meta) and no link or image whose scheme, as the browser
// reads it, is not http(s) (or mailto for links).
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createLog } from '../../src/log.js';
import { startService, type Service } from '../../src/worker/service.js';
import { debianTool } from '../publish/debian-tool.js';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const fixtureDir = path.join(root, 'test/fixtures/hostile');
const chromiumTool = debianTool('/usr/bin/chromium', 'chromium');
const xmllintTool = debianTool('/usr/bin/xmllint', 'libxml2-utils');

const fixtures = {
  'rss-mutation': ['xss-mutation-and-scheme-vectors-in-rss-content-encoded.xml', 'application/rss+xml; charset=utf-8'],
  'atom-xhtml': ['xss-vectors-in-atom-xhtml-and-html-content.xml', 'application/atom+xml'],
  'json-feed': ['xss-vectors-in-json-feed-content-html-and-titles.json', 'application/feed+json'],
  'rss-titles': ['xss-vectors-in-rss-titles-authors-and-cdata.xml', 'application/rss+xml; charset=utf-8'],
  'rss-less-than': ['less-than-and-equals-in-titles-and-title-ending-in-less-than.xml', 'application/rss+xml; charset=utf-8'],
  'rss-noncharacters': ['noncharacters-between-less-than-and-tag-name.xml', 'application/rss+xml; charset=utf-8'],
  'json-surrogates': ['lone-surrogates-around-removed-characters-before-tag-names.json', 'application/feed+json'],
  'rss-invisible': ['invisible-characters-between-less-than-and-tag-name.xml', 'application/rss+xml; charset=utf-8'],
} as const;

/** Every "Kennung xNN." the fixtures carry: each item's body or lead must be published for the checks to mean anything. */
const markers = Object.values(fixtures).flatMap(([file]) => [
  ...new Set([...readFileSync(path.join(fixtureDir, file), 'utf8').matchAll(/Kennung ([a-z]\d\d)\./g)].map((m) => m[1]!)),
]);

/** Runs the CLI from source and returns its exit code and output. */
async function feedmerge(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Runs first in every frame: anything a vector could call to prove it ran is recorded in window.__hits.
const instrumentation = `(() => {
  const hits = (window.__hits = []);
  const hit = (kind, detail) => hits.push(kind + ': ' + String(detail).slice(0, 200));
  for (const name of ['alert', 'confirm', 'prompt', 'print']) window[name] = (m) => hit(name, m);
  window.open = (u) => hit('open', u);
  for (const name of ['log', 'info', 'warn', 'error', 'debug']) console[name] = (...a) => hit('console.' + name, a.join(' '));
  window.onerror = (message) => { hit('onerror', message); };
  try { if (window.top && window.top !== window) window.top.__hits.push('script ran in a frame: ' + location.href); } catch {}
})();`;

// The careless reader. Each string goes into the page three ways; then the DOM it made is checked against the
// allowlist, as the browser reads it. "html" strings are bodies (allowlisted tags and attributes may stay),
// "text" strings are titles, summaries, names: no element with an attribute and nothing active may come of them.
const reader = String.raw`
const XHTML = 'http://www.w3.org/1999/xhtml';
const ALLOWED_ATTRIBUTES = new Set(['href', 'src', 'alt', 'title', 'width', 'height', 'colspan', 'rowspan', 'scope', 'datetime', 'start']);
const ACTIVE = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'link', 'style',
  'form', 'input', 'button', 'textarea', 'select', 'isindex', 'noscript', 'template', 'xmp', 'noembed', 'noframes', 'plaintext',
  'svg', 'math', 'video', 'audio', 'source', 'picture', 'portal', 'details', 'marquee']);
const PAGE_ACTIVE = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'noscript', 'template', 'img', 'video', 'audio', 'picture']);
const startBase = document.baseURI;
const problems = [];
function check(root, where, level) {
  for (const el of root.querySelectorAll('*')) {
    const name = el.localName;
    const tag = '<' + el.nodeName.toLowerCase() + '>';
    if (level === 'html' && (el.namespaceURI !== XHTML || ACTIVE.has(name))) problems.push(where + ': element ' + tag);
    if (level === 'text' && ACTIVE.has(name) && name !== 'svg' && name !== 'math') problems.push(where + ': element ' + tag);
    // Our own pages have their own form, styles and metadata; nothing on them may script or frame.
    if (level === 'page' && (PAGE_ACTIVE.has(name) || el.namespaceURI !== XHTML)) problems.push(where + ': element ' + tag);
    for (const attr of el.attributes) {
      if (level === 'page') { if (/^on/i.test(attr.name) || /^(srcset|formaction|xlink:href|background|poster)$/i.test(attr.name)) problems.push(where + ': attribute ' + attr.name + ' on ' + tag); }
      // From text, an attribute with a value or a handler (a bare name on an unknown element, "<scr ipt>", does nothing).
      else if (level === 'text') { if (attr.value !== '' || /^on/i.test(attr.name)) problems.push(where + ': attribute ' + attr.name + ' on ' + tag + ' from text'); }
      else if (!ALLOWED_ATTRIBUTES.has(attr.name)) problems.push(where + ': attribute ' + attr.name + ' on ' + tag);
    }
    if (el.namespaceURI === XHTML && name === 'a' && el.hasAttribute('href') && !['http:', 'https:', 'mailto:'].includes(el.protocol))
      problems.push(where + ': link ' + el.getAttribute('href'));
    if (el.namespaceURI === XHTML && name === 'img' && !/^https?:$/.test(new URL(el.src, 'x:/').protocol))
      problems.push(where + ': image ' + el.getAttribute('src'));
  }
  if (document.baseURI !== startBase) problems.push(where + ': base URL now ' + document.baseURI);
}
function render(where, value, level) {
  const modes = {
    innerHTML: (el) => { el.innerHTML = value; },
    fragment: (el) => { el.append(document.createRange().createContextualFragment(value)); },
    template: (el) => { el.innerHTML = '<h2>' + value + '</h2><p>mehr</p>'; },
  };
  for (const [mode, put] of Object.entries(modes)) {
    const el = document.createElement('article');
    document.body.append(el);
    put(el);
    check(el, where + ' [' + mode + ']', level);
  }
}
function checkUrl(where, value) {
  let protocol;
  try { protocol = new URL(value, 'http://feeds.example.org/').protocol; } catch { protocol = 'invalid'; }
  if (!['http:', 'https:', 'mailto:', 'urn:', 'tag:'].includes(protocol)) problems.push(where + ': url ' + value);
}
const URL_ELEMENTS = new Set(['link', 'guid', 'comments', 'docs', 'id', 'uri', 'url', 'icon', 'logo']);
window.readXmlFeed = (label, xml) => {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return problems.push(label + ': not well-formed XML');
  for (const e of doc.getElementsByTagName('*')) {
    const where = label + ' <' + e.nodeName + '>';
    // A member's title rides in Atom's <link rel="related" title="…">: attribute values are text a reader may render too.
    for (const attr of e.attributes) {
      if (['href', 'url', 'src', 'uri', 'ref'].includes(attr.localName)) checkUrl(where + ' @' + attr.name, attr.value);
      else render(where + ' @' + attr.name, attr.value, 'text');
    }
    // A reader that joins an item's title and summary in one text ('<li>' + title + ' ' + summary + '</li>'), or
    // glues them with nothing between: a tag left open at the end of the title, or a "<" ending it, would take
    // its name and attributes from the summary.
    if (e.localName === 'item' || e.localName === 'entry') {
      const title = [...e.children].find((c) => c.localName === 'title');
      for (const c of e.children)
        if (title && ['description', 'summary', 'content'].includes(c.localName) && c.getAttribute('type') !== 'xhtml')
          for (const [join, separator] of [['', ' '], [' glued', '']])
            render(where + ' title+' + c.localName + join, title.textContent + separator + c.textContent, c.localName === 'summary' && c.getAttribute('type') !== 'html' ? 'text' : 'html');
    }
    if (e.getAttribute('type') === 'xhtml') {
      render(where, [...e.children].map((c) => new XMLSerializer().serializeToString(c)).join(''), 'html');
      continue;
    }
    if (e.children.length > 0 || !e.textContent.trim()) continue;
    const body = (e.localName === 'description' && e.parentNode.localName === 'item') || e.nodeName === 'content:encoded' || (e.localName === 'content' && e.parentNode.localName === 'entry');
    if (URL_ELEMENTS.has(e.localName) && e.namespaceURI !== 'http://www.w3.org/2005/Atom' || e.localName === 'uri') checkUrl(where, e.textContent.trim());
    render(where, e.textContent, body ? 'html' : 'text');
  }
};
const URL_KEYS = new Set(['url', 'external_url', 'home_page_url', 'feed_url', 'next_url', 'icon', 'favicon', 'image', 'banner_image', 'avatar']);
window.readJsonFeed = (label, text) => {
  const feed = JSON.parse(text);
  // A reader that evaluates the feed as script (JSONP, or inlined in a <script>) must get the same value.
  if (JSON.stringify(new Function('return (' + text + ')')()) !== JSON.stringify(feed)) problems.push(label + ': eval differs from JSON.parse');
  const walk = (value, where, key) => {
    if (typeof value === 'string') {
      if (URL_KEYS.has(key)) checkUrl(where, value);
      render(where, value, key === 'content_html' ? 'html' : 'text');
    } else if (value && typeof value === 'object') {
      // A reader that joins an item's title and summary (or text) in one text, or glues them, as above.
      if (typeof value.title === 'string')
        for (const k of ['summary', 'content_text', 'content_html'])
          if (typeof value[k] === 'string')
            for (const [join, separator] of [['', ' '], [' glued', '']])
              render(where + ' title+' + k + join, value.title + separator + value[k], k === 'content_html' ? 'html' : 'text');
      for (const [k, v] of Object.entries(value)) walk(v, where + '.' + k, Array.isArray(value) ? key : k);
    }
  };
  walk(feed, label, '');
};
window.checkPage = (label) => check(document, label, 'page');
window.settle = async () => {
  await Promise.all([...document.images].map((img) => img.complete ? null : new Promise((r) => { img.addEventListener('load', r); img.addEventListener('error', r); })));
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  await new Promise((r) => setTimeout(r, 0));
  return { problems, hits: window.__hits, images: [...document.images].map((i) => i.currentSrc || i.src) };
};
`;

interface Observed {
  problems: string[];
  hits: string[];
  images: string[];
  requests: { url: string; type: string }[];
  navigations: string[];
  dialogs: string[];
  pageErrors: string[];
}

/** A fresh page with the instrumentation, every request but `allowed` aborted and recorded. */
async function instrumentedPage(browser: Browser, allowed: string): Promise<{ page: Page; observed: Observed }> {
  const page = await browser.newPage();
  const observed: Observed = { problems: [], hits: [], images: [], requests: [], navigations: [], dialogs: [], pageErrors: [] };
  await page.addInitScript(instrumentation);
  await page.route('**/*', (route) => (route.request().url() === allowed ? route.continue() : route.abort()));
  page.on('request', (r) => void observed.requests.push({ url: r.url(), type: r.resourceType() }));
  page.on('framenavigated', (f) => void (f.url() !== allowed && observed.navigations.push(f.url())));
  page.on('dialog', (d) => {
    observed.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => void observed.pageErrors.push(e.message));
  return { page, observed };
}

async function settle(page: Page, observed: Observed): Promise<Observed> {
  const inPage = await page.evaluate('window.settle()');
  return { ...observed, ...(inPage as Pick<Observed, 'problems' | 'hits' | 'images'>) };
}

describe.skipIf(chromiumTool.skip)('hostile HTML from sources, polled, published and rendered by careless readers in Chromium', () => {
  let sources: FixtureServer;
  let readerServer: FixtureServer;
  let dir: string;
  let service: Service;
  let browser: Browser;
  let poll: { code: number; stdout: string; stderr: string };
  const published = new Map<string, string>();

  beforeAll(async () => {
    chromiumTool.require();
    sources = await startFixtureServer(
      Object.fromEntries(
        Object.entries(fixtures).map(([id, [file, type]]) => [
          `/${id}`,
          serveBody(readFileSync(path.join(fixtureDir, file)), { 'content-type': type }),
        ]),
      ),
    );
    readerServer = await startFixtureServer({
      '/reader.html': serveBody(
        `<!doctype html><html lang="de"><meta charset="utf-8"><title>Leser</title><body><script>${reader}</script>`,
        {
          'content-type': 'text/html; charset=utf-8',
        },
      ),
    });
    dir = mkdtempSync(path.join(tmpdir(), 'feedmerge-xss-'));
    const configFile = path.join(dir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        database: path.join(dir, 'feedmerge.db'),
        publicDir: path.join(dir, 'public'),
        server: { host: '127.0.0.1', port: 0, baseUrl: 'http://feeds.example.org' },
        sources: Object.keys(fixtures).map((id) => ({ id, url: sources.url(`/${id}`) })),
      }),
    );
    poll = await feedmerge('poll', '--once', '--config', configFile);
    service = await startService(loadConfig(configFile), createLog(new PassThrough()), { poll: false });
    for (const doc of ['/feeds/all.xml', '/feeds/all.atom', '/feeds/all.json', '/', '/outputs/all.html']) {
      const response = await fetch(`${service.url}${doc}`);
      expect(response.status, doc).toBe(200);
      published.set(doc, await response.text());
    }
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await sources?.close();
    await readerServer?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('polls every hostile feed and publishes every item, each body or lead with its marker', () => {
    expect(poll.code).toBe(0);
    expect(poll.stderr).toBe('');
    expect(poll.stdout.trim().split('\n').sort()).toEqual([
      'atom-xhtml: 4 new, 0 updated, 0 unchanged',
      'json-feed: 10 new, 0 updated, 0 unchanged',
      'json-surrogates: 5 new, 0 updated, 0 unchanged',
      'rss-invisible: 4 new, 0 updated, 0 unchanged',
      'rss-less-than: 6 new, 0 updated, 0 unchanged',
      'rss-mutation: 16 new, 0 updated, 0 unchanged',
      'rss-noncharacters: 4 new, 0 updated, 0 unchanged',
      'rss-titles: 8 new, 0 updated, 0 unchanged',
    ]);
    expect(markers).toHaveLength(57);
    for (const doc of ['/feeds/all.xml', '/feeds/all.atom', '/feeds/all.json'])
      for (const marker of markers) expect(published.get(doc), `${doc} ${marker}`).toContain(`Kennung ${marker}`);
  });

  it.skipIf(xmllintTool.skip)('publishes well-formed RSS and Atom (xmllint) and JSON', () => {
    xmllintTool.require();
    for (const doc of ['/feeds/all.xml', '/feeds/all.atom'])
      expect(
        () => execFileSync('/usr/bin/xmllint', ['--noout', '-'], { input: published.get(doc), stdio: ['pipe', 'pipe', 'pipe'] }),
        doc,
      ).not.toThrow();
    expect(() => JSON.parse(published.get('/feeds/all.json')!)).not.toThrow();
  });

  it('catches, as a control, what a string that acts does in each way the reader renders it', async () => {
    const harness = readerServer.url('/reader.html');
    const { page, observed } = await instrumentedPage(browser, harness);
    await page.goto(harness);
    const feed = JSON.stringify({
      items: [
        {
          title: "<img src=x onerror=alert('control')><script>alert('control-script')</script>",
          content_html:
            '<a href="java&#x09;script:x()">a</a><img src="https://evil.example/control.png" srcset="https://evil.example/c.png 1x">',
        },
        // Harmless alone, each; joined by the reader, the summary completes the title's open tag.
        { title: 'Neu <img src onerror', summary: "=alert('control-joined')//" },
        // Glued with nothing between, a "<" ending the title takes its name and attributes from the summary.
        { title: 'Stand: 3 <', summary: "img src=x onerror=alert('control-glued')>" },
        // Text holding "<" and "=", left as written: an element named "b," with attributes that act.
        { title: 'a<b, b=c autofocus tabindex=1 style=color:red>c' },
      ],
    });
    await page.evaluate((text) => (window as unknown as { readJsonFeed(l: string, t: string): void }).readJsonFeed('control', text), feed);
    const seen = await settle(page, observed);
    await page.close();
    expect(seen.problems).toEqual(
      expect.arrayContaining([
        'control.items.0.title [innerHTML]: attribute onerror on <img> from text',
        'control.items.0.title [fragment]: element <script>',
        'control.items.0.content_html [template]: link java\tscript:x()',
        'control.items.0.content_html [innerHTML]: attribute srcset on <img>',
        'control.items.1 title+summary [template]: attribute onerror on <img> from text',
        'control.items.2 title+summary glued [innerHTML]: attribute onerror on <img> from text',
        'control.items.3.title [innerHTML]: attribute b on <b,> from text',
        'control.items.3.title [innerHTML]: attribute style on <b,> from text',
      ]),
    );
    // An onerror handler runs from each of the three ways, alone, joined and glued with the item's content_html;
    // the script only from the parsed fragment; the joined pair only where the reader's own markup closes the tag
    // (joined and glued); the glued pair in each of the three ways.
    expect(seen.hits.sort()).toEqual([
      ...Array<string>(9).fill('alert: control'),
      ...Array<string>(3).fill('alert: control-glued'),
      'alert: control-joined',
      'alert: control-joined',
      ...Array<string>(3).fill('alert: control-script'),
    ]);
    expect(seen.requests.some((r) => r.url.startsWith('https://evil.example/'))).toBe(true);
  });

  it.each([
    ['RSS', '/feeds/all.xml', 'readXmlFeed'],
    ['Atom', '/feeds/all.atom', 'readXmlFeed'],
    ['JSON Feed', '/feeds/all.json', 'readJsonFeed'],
  ])('every string of our %s, put into a page as HTML, runs nothing, loads nothing and leaves nothing active', async (label, doc, read) => {
    const harness = readerServer.url('/reader.html');
    const { page, observed } = await instrumentedPage(browser, harness);
    await page.goto(harness);
    await page.evaluate(({ fn, name, text }) => (window as unknown as Record<string, (l: string, t: string) => void>)[fn]!(name, text), {
      fn: read,
      name: label,
      text: published.get(doc)!,
    });
    const seen = await settle(page, observed);
    await page.close();
    expect(seen.problems).toEqual([]);
    expect(seen.hits).toEqual([]);
    expect(seen.dialogs).toEqual([]);
    expect(seen.pageErrors).toEqual([]);
    expect(seen.navigations).toEqual([]);
    // The reader page, and the images the allowlist keeps (http(s), from the item's own site): nothing else.
    const images = new Set(seen.images.filter((src) => /^https?:\/\//.test(src)));
    const others = seen.requests.filter((r) => r.url !== harness && !(r.type === 'image' && images.has(r.url)));
    expect(others).toEqual([]);
    expect(seen.requests.map((r) => r.url).filter((url) => url.includes('evil.example'))).toEqual([]);
  });

  it.each([
    '/',
    '/outputs/all.html',
    `/search?q=${encodeURIComponent('alert')}`,
    `/search?q=${encodeURIComponent('<img src=x onerror=alert(1)>')}`,
  ])('our page %s runs nothing and loads nothing but itself', async (doc) => {
    const url = `${service.url}${doc}`;
    const { page, observed } = await instrumentedPage(browser, url);
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    expect(await page.locator('script').count()).toBe(0);
    // The checks are evaluated from outside: the page's Content-Security-Policy refuses every script of its own.
    await page.evaluate(`${reader}\nwindow.checkPage(${JSON.stringify(doc)});`);
    const seen = await settle(page, observed);
    await page.close();
    expect(seen.problems.filter((p) => !p.endsWith('element <script>'))).toEqual([]);
    expect(seen.hits).toEqual([]);
    expect(seen.dialogs).toEqual([]);
    expect(seen.pageErrors).toEqual([]);
    expect(seen.navigations).toEqual([]);
    expect(seen.requests.map((r) => r.url)).toEqual([url]);
  });
});
