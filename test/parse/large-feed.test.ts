// A 100,000-item feed parses completely (no timing assertion: speed is measured in bench/).
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parse/parse-feed.js';

describe('large feeds', () => {
  it('parses a 100,000-item RSS 2.0 feed with distinct keys', async () => {
    const items: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      items.push(
        `<item><title>Meldung ${i}: Gespräche</title><guid>id-${i}</guid><pubDate>Wed, 04 Feb 2026 18:35:00 +0100</pubDate></item>`,
      );
    }
    const body = Buffer.from(
      `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Groß</title>${items.join('')}</channel></rss>`,
    );
    const feed = await parseFeed(body, { fetchedAt: '2026-02-06T00:00:00.000Z' });
    expect(feed.items).toHaveLength(100_000);
    expect(feed.items[99_999]).toMatchObject({ title: 'Meldung 99999: Gespräche', key: 'id-99999', published: '2026-02-04T17:35:00.000Z' });
    expect(new Set(feed.items.map((i) => i.key)).size).toBe(100_000);
  }, 60_000);
});
