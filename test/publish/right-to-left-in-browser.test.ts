// Arabic and Hebrew titles and source names on our left-to-right pages and in the "Also reported by" list of the
// published content, as headless Chromium lays them out. Each piece of feed text must be its own bidi isolate:
// an RTL title's trailing "!" sits at its visual left end (its end, read right to left), and the page's " · date"
// or "(date UTC)" after it stays to its right, where the LTR line puts it. Without isolation the Unicode Bidi
// Algorithm pulls the "!", the brackets and the separators into the Hebrew run (UAX #9, rules W2 and N1), and
// "הארץ · 2026-…" shows as "· הארץ 2026-…". Positions are read from the layout (Range.getClientRects).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPublication } from '../../src/publish/render-publication.js';
import { debianTool } from './debian-tool.js';
import { addStory, feedItem, memoryStore, testConfig } from './story-db.js';
import { request, servePublication, type RunningServer } from './serve-publication.js';

const chromiumTool = debianTool('/usr/bin/chromium', 'chromium');
const out = path.resolve(import.meta.dirname, '../../test-output');

const HEBREW_TITLE = 'הכנסת אישרה את התקציב!';
const ARABIC_TITLE = 'البرلمان يقر الموازنة!';
// An Arabic feed's title that opens with Latin letters: its feed says "ar", so the line is right to left all the same.
const ARABIC_WITH_LATIN_START = 'BBC: عاصفة ثلجية تضرب لبنان';
// Hostile text in a right-to-left title, and a language tag that tries to leave its attribute.
const HOSTILE_TITLE = 'خبر <img src=x onerror=alert(1)> عاجل';
const HOSTILE_LANGUAGE = 'ar" onmouseover="alert(2)';

/** Where, in CSS pixels, pieces of an element's text are laid out (the union of their client rects). */
async function layout(page: Page, selector: string): Promise<Record<string, { left: number; right: number }>> {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel);
    if (!root) throw new Error(`no ${sel}`);
    const boxes: Record<string, { left: number; right: number }> = {};
    const box = (name: string, rects: DOMRectList | DOMRect[]) => {
      const list = [...rects].filter((r) => r.width > 0);
      if (list.length) boxes[name] = { left: Math.min(...list.map((r) => r.left)), right: Math.max(...list.map((r) => r.right)) };
    };
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const [name, needle] of [
        ['bang', '!'],
        ['open', '('],
        ['dot', '·'],
        ['colon', ':'],
      ] as const) {
        const at = text.indexOf(needle);
        if (at < 0 || boxes[name]) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        box(name, range.getClientRects());
      }
    }
    for (const [index, el] of [...root.querySelectorAll('bdi, time, a[dir]')].entries()) {
      box(`element${index}`, el.getClientRects());
      // The first letter of each, to tell an isolate's start from its end.
      const node = document.createTreeWalker(el, NodeFilter.SHOW_TEXT).nextNode();
      if (!node) continue;
      const range = document.createRange();
      range.setStart(node, 0);
      range.setEnd(node, 1);
      box(`first${index}`, range.getClientRects());
    }
    return boxes;
  }, selector);
}

describe.skipIf(chromiumTool.skip)('right-to-left feed text in Chromium', () => {
  let browser: Browser;
  let server: RunningServer;
  let storyId: string;
  beforeAll(async () => {
    chromiumTool.require();
    mkdirSync(out, { recursive: true });
    const store = await memoryStore();
    storyId = await addStory(
      store,
      [
        {
          sourceId: 'haaretz',
          language: 'he',
          item: feedItem({
            key: 'he-1',
            url: 'https://www.haaretz.co.il/news/1',
            title: HEBREW_TITLE,
            published: '2026-11-26T06:00:00.000Z',
          }),
        },
        {
          sourceId: 'aljazeera',
          language: 'ar',
          item: feedItem({
            key: 'ar-1',
            url: 'https://www.aljazeera.net/news/1',
            title: ARABIC_TITLE,
            published: '2026-11-26T06:05:00.000Z',
          }),
        },
      ],
      { now: '2026-11-26T06:30:00.000Z' },
    );
    await addStory(
      store,
      [
        {
          sourceId: 'aljazeera',
          language: 'ar',
          item: feedItem({
            key: 'ar-2',
            url: 'https://www.aljazeera.net/news/2',
            title: ARABIC_WITH_LATIN_START,
            published: '2026-11-26T05:00:00.000Z',
          }),
        },
      ],
      { now: '2026-11-26T06:30:00.000Z' },
    );
    await addStory(
      store,
      [
        {
          sourceId: 'aljazeera',
          language: HOSTILE_LANGUAGE,
          item: feedItem({
            key: 'ar-3',
            url: 'https://www.aljazeera.net/news/3',
            title: HOSTILE_TITLE,
            published: '2026-11-26T04:00:00.000Z',
          }),
        },
      ],
      { now: '2026-11-26T06:30:00.000Z' },
    );
    const config = testConfig({
      sources: [
        { id: 'haaretz', url: 'https://www.haaretz.co.il/rss', title: 'הארץ', language: 'he' },
        { id: 'aljazeera', url: 'https://www.aljazeera.net/rss', title: 'الجزيرة', language: 'ar' },
      ],
      outputs: [{ id: 'all', title: 'أخبار الشرق الأوسط' }],
    });
    const publication = await renderPublication(store, config, new Date('2026-11-26T07:00:00Z'));
    server = await servePublication(config, store, () => publication);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("lays out each title and source name in its own direction on the output's page, the page's words around them left to right", async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.origin}/outputs/all.html`);
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe('ltr');
    expect(await page.locator('h1').evaluate((h) => getComputedStyle(h).direction)).toBe('rtl');
    expect(await page.title()).toBe('\u2068أخبار الشرق الأوسط\u2069 – feedmerge');

    const story = `#story-${storyId}`;
    const title = page.locator(`${story} .story-title`);
    expect(await title.evaluate((t) => [getComputedStyle(t).direction, t.getAttribute('lang')])).toEqual(['rtl', 'he']);
    // The page's own line under it stays left to right: date, then the count.
    expect(await page.locator(`${story} > .muted`).evaluate((m) => getComputedStyle(m).direction)).toBe('ltr');

    // "הארץ · 2026-11-26 06:00 UTC · הכנסת אישרה את התקציב!": the source left of the dot, the dot left of the time,
    // the title right of the time with its "!" at its own left end.
    const member = await layout(page, `${story} .members li:first-child`);
    const [source, time, headline, headlineStart] = [member['element0']!, member['element1']!, member['element2']!, member['first2']!];
    expect(source.right).toBeLessThanOrEqual(member['dot']!.left);
    expect(member['dot']!.right).toBeLessThanOrEqual(time.left);
    expect(time.right).toBeLessThanOrEqual(headline.left);
    expect(member['bang']!.left).toBeLessThan(headlineStart.left);
    expect(member['bang']!.left - headline.left).toBeLessThan(1);

    // An Arabic feed's title that opens with "BBC:" is right to left (its language says so); dir="auto" would make it left to right.
    const latinStart = page.locator('.story-title').filter({ hasText: 'BBC:' });
    expect(await latinStart.evaluate((t) => getComputedStyle(t).direction)).toBe('rtl');

    // The hostile title's tag is gone (the plain-text rule, applied again at publishing); its language tag, not a
    // language tag, is left out rather than written into an attribute.
    const hostile = page.locator('.story-title').filter({ hasText: 'عاجل' });
    expect(await hostile.textContent()).toBe('خبر عاجل');
    expect(await hostile.evaluate((t) => [t.getAttribute('lang'), t.getAttribute('onmouseover'), getComputedStyle(t).direction])).toEqual([
      null,
      null,
      'rtl',
    ]);
    expect(await page.locator('main img, script, [onmouseover], [onerror]').count()).toBe(0);
    await page.locator('.story-title').last().hover();
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: path.join(out, 'right-to-left-page.png'), fullPage: true });
    await page.close();
  });

  it('keeps the "(date UTC)" after an Arabic title ending in "!" in the published "Also reported by" list', async () => {
    const json = JSON.parse((await request(`${server.origin}/feeds/all.json`)).body.toString()) as {
      items: { title: string; content_html: string }[];
    };
    const content = json.items.find((i) => i.title === HEBREW_TITLE)!.content_html;
    // A reader that shows content_html as it is, in a left-to-right page of its own.
    const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    await page.setContent(`<!doctype html><html lang="en"><meta charset="utf-8"><body><div id="entry">${content}</div></body></html>`);
    const line = await layout(page, '#entry li');
    const [source, sourceStart, title, titleStart] = [line['element0']!, line['first0']!, line['element1']!, line['first1']!];
    // "الجزيرة: البرلمان يقر الموازنة! (2026-11-26 06:05 UTC)": name, colon, title, date, from left to right.
    expect(source.right).toBeLessThanOrEqual(line['colon']!.left);
    expect(sourceStart.right - source.right).toBeLessThan(1);
    expect(line['colon']!.right).toBeLessThanOrEqual(title.left);
    expect(title.right).toBeLessThanOrEqual(line['open']!.left);
    expect(line['bang']!.left).toBeLessThan(titleStart.left);
    expect(line['bang']!.left - title.left).toBeLessThan(1);
    // The markup that does it: each name and title a <bdi> without attributes.
    expect(content).toContain(
      `<li><a href="https://www.aljazeera.net/news/1"><bdi>الجزيرة</bdi></a>: <bdi>${ARABIC_TITLE}</bdi> (2026-11-26 06:05 UTC)</li>`,
    );
    await page.close();
  });
});
