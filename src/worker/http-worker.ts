// An HTTP worker process (node:cluster): serves the publication the primary sends it, on the port
// all workers share. It never opens the database: /readyz and /metrics are asked of the primary,
// and its server's error lines (each 5xx with its cause) are written by the primary's log.
// The primary decides when to stop (it finishes its poll cycle first), so SIGINT/SIGTERM sent to
// the whole process group (Ctrl-C, systemd) are left to it; a worker whose primary is gone exits.
import { collectProcessMetrics, processMetricsJson } from '../metrics.js';
import { createFeedServer, type FeedServer, type Readiness } from '../publish/http-server.js';
import type { Publication } from '../publish/render-publication.js';
import { isOurs, type ToPrimary, type ToWorker } from './http-messages.js';

const ANSWER_TIMEOUT_MS = 10_000;

function sendToPrimary(message: ToPrimary): void {
  process.send?.(message);
}

function runHttpWorker(): void {
  let publication: Publication | null = null;
  let server: FeedServer | null = null;
  // Read by the server per document prepared; a reload sends a new schedule.
  const serving = { schedule: '' };
  let nextId = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  const ask = (what: 'readiness' | 'metrics' | 'search', query?: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`the primary process did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`));
      }, ANSWER_TIMEOUT_MS);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      sendToPrimary({ type: 'feedmerge:ask', id, what, ...(query === undefined ? {} : { query }) });
    });

  const stop = async (): Promise<void> => {
    await server?.close();
    process.exit(0);
  };

  process.on('message', (message: unknown) => {
    if (!isOurs<ToWorker>(message)) return;
    switch (message.type) {
      case 'feedmerge:start': {
        publication = message.publication;
        const { settings } = message;
        serving.schedule = settings.schedule;
        server = createFeedServer({
          config: serving,
          getPublication: () => publication!,
          status: {
            readiness: () => ask('readiness') as Promise<Readiness>,
            metrics: () => ask('metrics') as Promise<{ contentType: string; text: string }>,
            search: (query) => ask('search', query) as Promise<string>,
          },
          // A worker has no log of its own: each 5xx line goes to the primary, which writes it as a
          // one-process server would (README: every 5xx is logged with its cause).
          log: { error: (line) => sendToPrimary({ type: 'feedmerge:log', line }) },
        });
        server.server.once('error', (error) => {
          sendToPrimary({ type: 'feedmerge:failed', error: error.message });
          process.exit(1);
        });
        server.server.listen(settings.port, settings.host, () => {
          const address = server!.server.address();
          sendToPrimary({ type: 'feedmerge:listening', port: typeof address === 'object' && address ? address.port : settings.port });
        });
        break;
      }
      case 'feedmerge:publication':
        publication = message.publication;
        break;
      case 'feedmerge:settings':
        serving.schedule = message.schedule;
        break;
      case 'feedmerge:answer': {
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        if (message.error !== undefined) waiting?.reject(new Error(message.error));
        else waiting?.resolve(message.value);
        break;
      }
      case 'feedmerge:metrics-json':
        void processMetricsJson().then((json) => sendToPrimary({ type: 'feedmerge:metrics-json', id: message.id, json }));
        break;
      case 'feedmerge:stop':
        void stop();
        break;
    }
  });
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {});
  // A reload is the primary's to do (it re-reads the config and sends what changes); a SIGHUP sent
  // to the whole process group (a closed terminal) must not end a worker.
  process.on('SIGHUP', () => {});
  process.on('disconnect', () => void stop());
  collectProcessMetrics();
  // Messages that arrive before a listener exists are dropped, and loading this module takes a
  // while after the process is online: the primary sends the settings only after this.
  sendToPrimary({ type: 'feedmerge:ready' });
}

runHttpWorker();
