// Test support: the publish HTTP handler listening on a real loopback port.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../../src/config/schema.js';
import { createHttpHandler } from '../../src/publish/http-server.js';
import type { Publication } from '../../src/publish/render-publication.js';
import type { Store } from '../../src/store/store.js';

export interface RunningServer {
  origin: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with an ephemeral port. */
export async function servePublication(config: Config, store: Store, getPublication: () => Publication): Promise<RunningServer> {
  const server = http.createServer(createHttpHandler({ config, store, getPublication }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
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
