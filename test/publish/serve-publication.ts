// Test support: the publish HTTP handler listening on a real loopback port.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../../src/config/schema.js';
import type { Log } from '../../src/log.js';
import { createFeedServer } from '../../src/publish/http-server.js';
import type { Publication } from '../../src/publish/render-publication.js';
import type { Store } from '../../src/store/store.js';
import { createServiceStatus } from '../../src/worker/service-status.js';

export interface RunningServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * The whole server (fast path and node:http) with the service's status on `store`, on 127.0.0.1 with
 * an ephemeral port; `log` gets its 5xx lines.
 */
export async function servePublication(
  config: Config,
  store: Store,
  getPublication: () => Publication,
  log?: Pick<Log, 'error'>,
): Promise<RunningServer> {
  const status = createServiceStatus(() => config, store);
  const feedServer = createFeedServer({
    config,
    getPublication,
    status: { readiness: status.readiness, metrics: () => status.metrics([]), search: status.search },
    ...(log ? { log } : {}),
  });
  await new Promise<void>((resolve) => feedServer.server.listen(0, '127.0.0.1', resolve));
  const { port } = feedServer.server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => feedServer.close() };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request with exactly the given headers (no automatic decompression, unlike fetch). */
export function request(url: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
