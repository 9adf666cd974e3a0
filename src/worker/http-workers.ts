// HTTP worker processes (node:cluster), so that serving uses every core and a poll cycle never
// delays a response. The primary keeps the database, polls (under `run`) and publishes; after
// each publish that changed a document it hands the rendered publication to every worker, which
// serves it from memory. /readyz and /metrics are answered by the primary: the store is read
// there, and each worker's process metrics are collected and summed (see metrics.ts). The workers
// have no log: each error line of their servers (every 5xx with its cause) is written by the primary's.
import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Log } from '../log.js';
import type { Readiness } from '../publish/http-server.js';
import { publicationFiles, type Publication } from '../publish/render-publication.js';
import { isOurs, type ToPrimary, type ToWorker, type WorkerSettings } from './http-messages.js';
import { listenProblem } from './listen-problem.js';

/** What the primary answers for its workers. */
export interface PrimaryStatus {
  readiness(): Promise<Readiness>;
  /** The exposition, given every worker's process metrics (prom-client JSON). */
  metrics(workers: object[][]): Promise<{ contentType: string; text: string }>;
  /** The search page for a reader's query. */
  search(query: string): Promise<string>;
}

export interface HttpWorkers {
  /** The port the workers listen on (the configured one, or the one picked for port 0). */
  port: number;
  /** Hands the publication to every worker, unless no document changed since the last one. */
  publish(publication: Publication): void;
  /** New settings after a config reload: the schedule applies at once; host and port only to workers not listening yet. */
  configure(settings: WorkerSettings): void;
  /** Stops every worker (each closes its connections) and waits until they have exited. */
  stop(): Promise<void>;
}

const METRICS_TIMEOUT_MS = 5_000;
const STOP_TIMEOUT_MS = 10_000;
const RESTART_DELAY_MS = 1_000;

// The worker entry sits beside this file: .ts when run from source (tsx), .js when built.
const WORKER_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), `http-worker${path.extname(fileURLToPath(import.meta.url))}`);

/** Every document's tag, in order: equal fingerprints mean the workers already serve these bytes. */
function fingerprint(publication: Publication): string {
  return [...publicationFiles(publication)].map(([file, doc]) => `${file} ${doc.etag} ${doc.lastModified}`).join('\n');
}

// A worker may exit between the connected check and the write (one that could not listen exits on its own): the write
// then fails with EPIPE, which without a callback is an 'error' event nobody handles, and the primary crashed with it
// instead of naming the taken port. A gone worker needs no message; its exit is handled where it is forked.
function send(worker: Worker, message: ToWorker): void {
  if (worker.isConnected()) worker.send(message, () => {});
}

/**
 * Forks `count` workers listening on `settings.host`/`settings.port` (shared through the
 * primary, which hands out connections round-robin). Resolves when all listen; rejects when one
 * cannot (port in use). A worker that dies later is replaced.
 */
export async function startHttpWorkers(options: {
  count: number;
  settings: WorkerSettings;
  getPublication: () => Publication;
  status: PrimaryStatus;
  log: Log;
}): Promise<HttpWorkers> {
  const { status, log } = options;
  let settings = options.settings;
  cluster.setupPrimary({ exec: WORKER_ENTRY, args: [], serialization: 'advanced' });
  const workers = new Set<Worker>();
  let stopping = false;
  let sent = fingerprint(options.getPublication());
  let nextRequest = 0;
  const metricsRequests = new Map<number, (json: object[]) => void>();

  const collectWorkerMetrics = async (): Promise<object[][]> => {
    const answers = [...workers].map(
      (worker) =>
        new Promise<object[]>((resolve) => {
          const id = nextRequest++;
          // A worker that does not answer (busy, dying) is left out of this scrape.
          const timer = setTimeout(() => {
            metricsRequests.delete(id);
            resolve([]);
          }, METRICS_TIMEOUT_MS);
          metricsRequests.set(id, (json) => {
            clearTimeout(timer);
            resolve(json);
          });
          send(worker, { type: 'feedmerge:metrics-json', id });
        }),
    );
    return Promise.all(answers);
  };

  const answer = (worker: Worker, id: number, work: () => Promise<unknown>): void => {
    work().then(
      (value) => send(worker, { type: 'feedmerge:answer', id, value }),
      (error: unknown) => send(worker, { type: 'feedmerge:answer', id, error: (error as Error).message ?? String(error) }),
    );
  };

  const fork = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork();
      workers.add(worker);
      let listening = false;
      worker.on('message', (message: unknown) => {
        if (!isOurs<ToPrimary>(message)) return;
        switch (message.type) {
          case 'feedmerge:ready':
            // What it serves, with its settings; later publications follow in order.
            send(worker, { type: 'feedmerge:start', settings, publication: options.getPublication() });
            break;
          case 'feedmerge:listening':
            listening = true;
            resolve(message.port);
            break;
          case 'feedmerge:failed':
            reject(new Error(`HTTP worker cannot listen on ${settings.host}:${settings.port}: ${listenProblem(message.error)}`));
            break;
          case 'feedmerge:ask':
            answer(
              worker,
              message.id,
              message.what === 'readiness'
                ? () => status.readiness()
                : message.what === 'search'
                  ? () => status.search(message.query ?? '')
                  : async () => status.metrics(await collectWorkerMetrics()),
            );
            break;
          case 'feedmerge:log':
            // The worker's server wrote it as a one-process server does (a 503 of /readyz with the
            // store's whole message, which reached the worker in Readiness.detail but not its answer).
            log.error(message.line);
            break;
          case 'feedmerge:metrics-json':
            metricsRequests.get(message.id)?.(message.json);
            metricsRequests.delete(message.id);
            break;
        }
      });
      worker.on('exit', (code, signal) => {
        workers.delete(worker);
        if (!listening) reject(new Error(`HTTP worker exited before listening (${signal ?? `code ${code}`})`));
        else if (!stopping) {
          log.error(`HTTP worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
          setTimeout(() => {
            if (!stopping) fork().catch((error: Error) => log.error(error.message));
          }, RESTART_DELAY_MS).unref();
        }
      });
    });

  const stop = async (): Promise<void> => {
    stopping = true;
    await Promise.all(
      [...workers].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const timer = setTimeout(() => worker.process.kill('SIGKILL'), STOP_TIMEOUT_MS);
            worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            send(worker, { type: 'feedmerge:stop' });
          }),
      ),
    );
  };

  let port: number;
  try {
    const ports = await Promise.all(Array.from({ length: options.count }, () => fork()));
    port = ports[0]!;
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    publish(publication) {
      const next = fingerprint(publication);
      if (next === sent) return;
      sent = next;
      for (const worker of workers) send(worker, { type: 'feedmerge:publication', publication });
    },
    configure(next) {
      // A worker forked later (one replacing a dead one) starts with these.
      settings = next;
      // The next publication goes out even if unchanged, so the documents are prepared with the new schedule.
      sent = '';
      for (const worker of workers) send(worker, { type: 'feedmerge:settings', schedule: next.schedule });
    },
    stop,
  };
}
