// /readyz when the store cannot be used: anyone may ask it, so its answer says "store unavailable"
// in fixed words, while the store's own message (which names the PostgreSQL server's host and port,
// or the SQLite file's path) goes to the log line only. A real store of each backend (PostgreSQL at
// 127.0.0.1:5432), closed under a real server on 127.0.0.1.
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createFeedServer } from '../../src/publish/http-server.js';
import { renderPublication } from '../../src/publish/render-publication.js';
import { openStore } from '../../src/store/open-store.js';
import { describeEachBackend } from '../support/backends.js';
import { request, servePublication } from './serve-publication.js';
import { memoryStore, testConfig } from './story-db.js';

const config = testConfig({ schedule: '*/10 * * * *', outputs: [{ id: 'all' }] });

describeEachBackend('/readyz with a store that cannot be used', (backend) => {
  it('answers a fixed reason, and logs where the database is and what it said', async () => {
    const database = await backend.database();
    const store = await openStore(database);
    const publication = await renderPublication(store, config, new Date('2026-11-26T07:00:00Z'));
    const logged: string[] = [];
    const server = await servePublication(config, store, () => publication, { error: (line) => void logged.push(line) });
    try {
      await store.close();
      const res = await request(`${server.origin}/readyz`);
      expect(res.status).toBe(503);
      expect(JSON.parse(res.body.toString())).toEqual({ ready: false, reason: 'store unavailable' });
      // Where the database is: the server's host and port, or the file's path.
      const where = backend.name === 'postgres' ? new URL(database).host : database;
      expect(where).not.toBe('');
      expect(res.body.toString()).not.toContain(where);
      expect(res.body.toString()).not.toMatch(/127\.0\.0\.1|5432|closed/);
      // The operator's log line keeps the store's whole message.
      expect(logged).toEqual([expect.stringMatching(/^GET \/readyz: 503: store unavailable: the database ".*" is closed$/)]);
      expect(logged[0]).toContain(where);
    } finally {
      await server.close();
    }
  });
});

describe('/readyz when the readiness check itself throws', () => {
  it('answers a fixed reason and logs the error', async () => {
    const publication = await renderPublication(await memoryStore(), config, new Date('2026-11-26T07:00:00Z'));
    const logged: string[] = [];
    const feedServer = createFeedServer({
      config,
      getPublication: () => publication,
      status: {
        readiness: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432')),
        metrics: () => Promise.reject(new Error('unused')),
        search: () => Promise.reject(new Error('unused')),
      },
      log: { error: (line) => void logged.push(line) },
    });
    await new Promise<void>((resolve) => feedServer.server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = feedServer.server.address() as import('node:net').AddressInfo;
      const res = await request(`http://127.0.0.1:${port}/readyz`);
      expect(res.status).toBe(503);
      expect(JSON.parse(res.body.toString())).toEqual({ ready: false, reason: 'readiness check failed' });
      expect(logged).toEqual(['GET /readyz: 503: readiness check failed: Error: connect ECONNREFUSED 10.0.0.5:5432']);
    } finally {
      await feedServer.close();
    }
  });
});
