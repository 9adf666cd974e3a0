// The page for people in headless Chromium on a phone-sized viewport: content, escaping, no
// horizontal overflow, no requests beyond the page itself. Screenshot: test-output/page.png.
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

describe.skipIf(chromiumTool.skip)('the page at / in Chromium', () => {
  let browser: Browser;
  let server: RunningServer;
  beforeAll(async () => {
    chromiumTool.require();
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
      lastError: 'HTTP 500 <script>alert("state")</script>',
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

  it("shows every output's stories with their sources and times, and every source's state", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const response = await page.goto(`${server.origin}/`);
    expect(response?.status()).toBe(200);

    const outputs = await page.locator('section h2').allTextContents();
    expect(outputs).toEqual(['Alle Meldungen', 'Nur SPIEGEL', 'Sources']);
    const firstStory = page.locator('ol.stories').first().locator('> li').first();
    expect(await firstStory.locator('.story-title').textContent()).toBe('Bundestag beschließt Haushalt für 2027');
    const members = await firstStory.locator('.members li').allTextContents();
    expect(members).toEqual([
      'tagesschau.de · 2026-11-26 06:00 UTC · Bundestag beschließt Haushalt für 2027',
      'DER SPIEGEL · 2026-11-26 06:10 UTC · Haushalt 2027: Bundestag stimmt zu',
      'ZEIT ONLINE · 2026-11-26 06:20 UTC · Bundestag verabschiedet Haushalt',
    ]);
    // Hostile text shows as text; nothing ran.
    expect(
      await page.locator('.story-title').getByText('Böse Eingabe ]]> <script>alert(1)</script> &amp; mehr', { exact: true }).count(),
    ).toBe(1);
    expect(await page.getByText('HTTP 500 <script>alert("state")</script>').count()).toBe(1);
    expect(dialogs).toEqual([]);
    expect(await page.locator('script').count()).toBe(0);

    const rows = await page.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(4);
    expect(rows[2]).toContain('ZEIT ONLINE');
    expect(rows[2]).toContain('3 failures');
    expect(rows[3]).toContain('not polled yet');

    // Readable on a phone: nothing wider than the viewport.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // No external assets: the page is the only request.
    expect(requested).toEqual([`${server.origin}/`]);

    const out = path.resolve(import.meta.dirname, '../../test-output');
    mkdirSync(out, { recursive: true });
    await page.screenshot({ path: path.join(out, 'page.png'), fullPage: true });
    await page.close();
  });
});
