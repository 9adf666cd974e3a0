// Shared by the scale-out benchmark and fault script: loopback feeds for many sources (some slow,
// some failing), a fresh database of either backend, and feedmerge role processes started through
// the real command line.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { soakFeed } from '../soak-feeds.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The server every scale-out run uses (trust auth). */
export const POSTGRES_SERVER = process.env.FEEDMERGE_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';

export interface FeedFarm {
  origin: string;
  /** Requests answered (any status), by source number. */
  requests: Map<number, number>;
  /** When the first request since `reset` came in (ms since the epoch), or null. */
  firstRequestAt: number | null;
  /** Forgets the requests counted so far. */
  reset(): void;
  /** Item keys served per source (what the store must hold in the end). */
  served: Map<number, Set<string>>;
  /** Every feed answered, per source: when (ms since the epoch) and at which generation (to explain a lost item). */
  answers: Map<number, { at: number; generation: number }[]>;
  /** Moves a source's feed to generation `g` (g·perPoll items published so far). */
  setGeneration(i: number, g: number): void;
  close(): Promise<void>;
}

export interface FarmShape {
  /** Items in a feed document. */
  window: number;
  /** New items per generation. */
  perPoll: number;
  /** Every `slowEvery`-th source answers after `slowMs` (0: none). */
  slowEvery: number;
  slowMs: number;
  /** Every `failEvery`-th source (offset by one from the slow ones) answers 500 (0: none). */
  failEvery: number;
}

/** Serves /q<i>.rss for every source number: soak feeds (shared events every third item), some slow, some failing. */
export async function startFeedFarm(shape: FarmShape): Promise<FeedFarm> {
  const generation = new Map<number, number>();
  const requests = new Map<number, number>();
  const served = new Map<number, Set<string>>();
  const answers = new Map<number, { at: number; generation: number }[]>();
  const server = http.createServer((req, res) => {
    const match = /^\/q(\d+)\.rss$/.exec(req.url ?? '');
    if (!match) return void res.writeHead(404).end();
    const i = Number(match[1]);
    farm.firstRequestAt ??= Date.now();
    requests.set(i, (requests.get(i) ?? 0) + 1);
    if (shape.failEvery && i % shape.failEvery === 1)
      return void res.writeHead(500, { 'content-type': 'text/plain' }).end('failing on purpose');
    const g = generation.get(i) ?? 1;
    const body = soakFeed(i, g, shape);
    const keys = served.get(i) ?? new Set<string>();
    for (const [, key] of body.matchAll(/<guid isPermaLink="false">([^<]+)<\/guid>/g)) keys.add(key!);
    served.set(i, keys);
    const answered = answers.get(i) ?? [];
    answered.push({ at: Date.now(), generation: g });
    answers.set(i, answered);
    const send = () => res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
    if (shape.slowEvery && i % shape.slowEvery === 0) setTimeout(send, shape.slowMs);
    else send();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const farm: FeedFarm = {
    origin: `http://127.0.0.1:${port}`,
    requests,
    firstRequestAt: null,
    reset() {
      requests.clear();
      farm.firstRequestAt = null;
    },
    served,
    answers,
    setGeneration: (i, g) => void generation.set(i, g),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return farm;
}

/** A fresh, empty database: a new PostgreSQL database (dropped by `drop`), or a file in a new folder. */
export async function freshDatabase(backend: 'sqlite' | 'postgres'): Promise<{ database: string; folder: string; drop(): Promise<void> }> {
  const folder = mkdtempSync(path.join(tmpdir(), 'feedmerge-scale-'));
  if (backend === 'sqlite') return { database: path.join(folder, 'feedmerge.db'), folder, drop: async () => undefined };
  const name = `feedmerge_bench_${process.pid}_${Date.now().toString(36)}`;
  await admin(`CREATE DATABASE ${name}`);
  return { database: `${POSTGRES_SERVER}/${name}`, folder, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Runs SQL on `database` (PostgreSQL), outside any store: what the fault script uses to look and to make sources due. */
export async function sql(database: string, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

async function admin(text: string): Promise<void> {
  await sql(`${POSTGRES_SERVER}/postgres`, text);
}

/**
 * Writes the config of a scale-out run: feeds 0 … sources−1 of the farm (or the numbers listed, in
 * that order), fetches limited only by `concurrency`.
 */
export function writeScaleConfig(
  folder: string,
  database: string,
  farm: FeedFarm,
  sources: number | readonly number[],
  concurrency = 64,
): string {
  const numbers = typeof sources === 'number' ? Array.from({ length: sources }, (_, i) => i) : sources;
  const file = path.join(folder, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      database,
      publicDir: path.join(folder, 'public'),
      server: { host: '127.0.0.1', port: 0 },
      // Every feed is on 127.0.0.1: the per-host politeness limit would make this one host's queue.
      fetch: { concurrency, perHostConcurrency: concurrency, timeoutSeconds: 10 },
      outputs: [{ id: 'all', limit: 100 }],
      sources: numbers.map((i) => ({ id: `q${i}`, url: `${farm.origin}/q${i}.rss` })),
    }),
  );
  return file;
}

export interface RoleProcess {
  child: ChildProcess;
  role: string;
  readonly stderr: string;
  exited: Promise<number | null>;
  /** Resolves once stderr matches `pattern`. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
}

/** Starts `feedmerge <args…>` from source (tsx), as the README's commands do. */
export function startRole(role: string, args: readonly string[]): RoleProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stderr!.on('data', (chunk: Buffer) => {
    // Only the tail matters for waiting; keep memory bounded on long runs.
    stderr = (stderr + chunk.toString()).slice(-200_000);
    for (const check of waiters) check();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    role,
    get stderr() {
      return stderr;
    },
    exited,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = pattern.exec(stderr);
          if (found) {
            waiters.delete(check);
            resolve(found);
          }
        };
        waiters.add(check);
        check();
        void exited.then((code) => reject(new Error(`${role} exited (${code}) before ${pattern}:\n${stderr.slice(-2000)}`)));
      });
    },
  };
}

/** Stops a role process (SIGTERM: it finishes what it is doing) and waits for it. */
export async function stopRole(p: RoleProcess): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  await p.exited;
}

/** Percentile `q` (0–1) of `values` (nearest rank). */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Waits until every source was polled since now and nothing is pending: a source is made due again
 * until it was (a poll in flight when the feeds stopped saves a later next poll).
 */
export async function settle(database: string, sources: number, timeoutMs: number, intervalMs: number): Promise<void> {
  const settleFrom = new Date().toISOString();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await sql(database, 'UPDATE source_state SET next_poll_at = NULL WHERE last_fetch_at IS NULL OR last_fetch_at < $1', [settleFrom]);
    const [state] = await sql(
      database,
      `SELECT (SELECT count(*)::int FROM source_state WHERE last_fetch_at >= $1) AS polled,
              (SELECT count(*)::int FROM items WHERE pending <> 0) AS pending`,
      [settleFrom],
    );
    if ((state!.polled as number) === sources && (state!.pending as number) === 0) return;
    if (Date.now() > deadline) throw new Error(`did not settle: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The items the farm served, and how many of them are not among the stored rows (source_id, item_key). */
export function servedAndLost(
  farm: FeedFarm,
  stored: readonly Record<string, unknown>[],
): { served: number; lost: number; keys: Set<string> } {
  const keys = new Set(stored.map((r) => `${r.source_id as string} ${r.item_key as string}`));
  let served = 0;
  let lost = 0;
  for (const [i, set] of farm.served) {
    served += set.size;
    for (const key of set) if (!keys.has(`q${i} ${key}`)) lost++;
  }
  return { served, lost, keys };
}
