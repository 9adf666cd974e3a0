// The pages for people in headless Chromium on a phone-sized viewport: feed discovery, content,
// escaping, no horizontal overflow, no requests beyond the page itself.
// Screenshots: test-output/page.png (/) and test-output/output-page.png (/outputs/all.html).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPublication } from '../../src/publish/render-publication.js';
import { emptySourceState } from '../../src/store/empty-source-state.js';
import { debianTool } from './debian-tool.js';
import { memoryStore, newsDay, testConfig } from './story-db.js';
import { servePublication, type RunningServer } from './serve-publication.js';

const chromiumTool = debianTool('/usr/bin/chromium', 'chromium');
const out = path.resolve(import.meta.dirname, '../../test-output');

describe.skipIf(chromiumTool.skip)('the pages for people in Chromium', () => {
  let browser: Browser;
  let server: RunningServer;
  beforeAll(async () => {
    chromiumTool.require();
    mkdirSync(out, { recursive: true });
    const store = await memoryStore();
    await newsDay(store);
    await store.sources.save({
      ...emptySourceState('tagesschau'),
      lastFetchAt: '2026-11-26T06:50:00.000Z',
      lastSuccessAt: '2026-11-26T06:50:00.000Z',
      lastStatus: 200,
    });
    await store.sources.save({
      ...emptySourceState('zeit'),
      lastFetchAt: '2026-11-26T06:51:00.000Z',
      lastSuccessAt: '2026-11-26T04:00:00.000Z',
      lastStatus: 500,
      lastError: 'HTTP 500 Internal Server Error',
      lastErrorCause: 'HTTP_STATUS',
      // Text from the feed reaches the page only through the warning: escaped there.
      warning: 'feed cut off <script>alert("state")</script>',
      consecutiveFailures: 3,
    });
    const config = testConfig({
      outputs: [
        { id: 'all', title: 'Alle Meldungen', description: 'Deutsche Nachrichten, zusammengeführt' },
        { id: 'spiegel', title: 'Nur SPIEGEL', sources: ['spiegel'] },
      ],
    });
    const publication = await renderPublication(store, config, new Date('2026-11-26T07:00:00Z'));
    server = await servePublication(config, store, () => publication);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the outputs with their feeds and every source's state at /, readable on a phone", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const response = await page.goto(`${server.origin}/`);
    expect(response?.status()).toBe(200);

    expect(await page.locator('section h2').allTextContents()).toEqual(['Feeds', 'Sources']);
    expect(await page.locator('.output-title').allTextContents()).toEqual(['Alle Meldungen', 'Nur SPIEGEL']);
    // What a browser's or reader's feed discovery sees, resolved against the page.
    const discovered = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLLinkElement>('link[rel="alternate"]')].map((l) => `${l.type} ${l.href}`),
    );
    expect(discovered).toEqual([
      `application/rss+xml ${server.origin}/feeds/all.xml`,
      `application/atom+xml ${server.origin}/feeds/all.atom`,
      `application/feed+json ${server.origin}/feeds/all.json`,
      `application/rss+xml ${server.origin}/feeds/spiegel.xml`,
      `application/atom+xml ${server.origin}/feeds/spiegel.atom`,
      `application/feed+json ${server.origin}/feeds/spiegel.json`,
    ]);

    const rows = await page.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(4);
    expect(rows[2]).toContain('ZEIT ONLINE');
    expect(rows[2]).toContain('https://newsfeed.zeit.de/index');
    expect(rows[2]).toContain('3 failures');
    expect(await page.locator('tbody tr').nth(2).locator('td[data-label="Items"]').textContent()).toBe('2');
    expect(rows[3]).toContain('not polled yet');
    expect(await page.getByText('HTTP 500 Internal Server Error').count()).toBe(1);
    expect(await page.getByText('warning: feed cut off <script>alert("state")</script>').count()).toBe(1);
    expect(await page.locator('script').count()).toBe(0);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(requested).toEqual([`${server.origin}/`]);

    await page.screenshot({ path: path.join(out, 'page.png'), fullPage: true });
    // The link to an output's page leads to its stories.
    await page.getByRole('link', { name: 'Alle Meldungen' }).click();
    await page.waitForURL(`${server.origin}/outputs/all.html`);
    await page.close();
  });

  it("shows an output's stories with their sources, own times and distinct sources, hostile text as text", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const response = await page.goto(`${server.origin}/outputs/all.html`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Alle Meldungen');
    const discovered = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLLinkElement>('link[rel="alternate"]')].map((l) => l.href),
    );
    expect(discovered).toEqual([`${server.origin}/feeds/all.xml`, `${server.origin}/feeds/all.atom`, `${server.origin}/feeds/all.json`]);

    const firstStory = page.locator('ol.stories > li').first();
    expect(await firstStory.locator('.story-title').textContent()).toBe('Bundestag beschließt Haushalt für 2027');
    // The story's own times (06:00, newest copy 06:20), not the 06:25 at which our poll changed it.
    expect(await firstStory.locator('> .muted').textContent()).toBe('2026-11-26 06:00 UTC · updated 2026-11-26 06:20 UTC · 3 sources');
    expect(await firstStory.locator('.members li').allTextContents()).toEqual([
      'tagesschau.de · 2026-11-26 06:00 UTC · Bundestag beschließt Haushalt für 2027',
      'DER SPIEGEL · 2026-11-26 06:10 UTC · Haushalt 2027: Bundestag stimmt zu',
      'ZEIT ONLINE · 2026-11-26 06:20 UTC · Bundestag verabschiedet Haushalt',
    ]);
    expect(await page.locator('.story-title').getByText('Böse Eingabe ]]> 3 < 5 &amp; mehr', { exact: true }).count()).toBe(1);
    // The title's stored <script> is gone, not shown as text; and no hostile text is live (no script, no dialog).
    expect(await page.getByText('alert(1)').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(await page.locator('script').count()).toBe(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(requested).toEqual([`${server.origin}/outputs/all.html`]);
    await page.screenshot({ path: path.join(out, 'output-page.png'), fullPage: true });
    await page.close();
  });

  it('searches the stored stories from the form at /, without scripts, showing the query as text', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.origin}/`);
    await page.getByRole('searchbox', { name: 'Search stories' }).fill('haushalt');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(`${server.origin}/search?q=haushalt`);
    expect(await page.locator('ol.stories > li .story-title').allTextContents()).toEqual(['Bundestag beschließt Haushalt für 2027']);
    expect(await page.getByRole('searchbox', { name: 'Search stories' }).inputValue()).toBe('haushalt');
    // A query that looks like markup stays text, in the form and in the summary line; the hostile story stored
    // a live <script> in its title, which is published (and searched) without it, so it is not found.
    await page.goto(`${server.origin}/search?q=${encodeURIComponent('"<script>alert(1)</script>"')}`);
    expect(await page.getByRole('searchbox', { name: 'Search stories' }).inputValue()).toBe('"<script>alert(1)</script>"');
    expect(await page.locator('p.muted').first().textContent()).toBe('0 stories with “<script>alert(1)</script>”.');
    expect(await page.locator('.story-title').count()).toBe(0);
    // Its "<" and "&" are text: a query holding them finds it, shown as text.
    await page.goto(`${server.origin}/search?q=${encodeURIComponent('"3 < 5 &amp;"')}`);
    expect(await page.getByRole('searchbox', { name: 'Search stories' }).inputValue()).toBe('"3 < 5 &amp;"');
    expect(await page.locator('p.muted').first().textContent()).toBe('1 story with “3 < 5 &amp;”.');
    expect(await page.locator('.story-title').textContent()).toBe('Böse Eingabe ]]> 3 < 5 &amp; mehr');
    expect(await page.locator('script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: path.join(out, 'search-page.png'), fullPage: true });
    await page.close();
  });
});
