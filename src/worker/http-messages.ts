// The messages between the primary process and its HTTP workers (node:cluster IPC with the
// "advanced" serialization, so Maps and Buffers of a publication arrive as they were sent).
import type { Publication } from '../publish/render-publication.js';

/** What a worker needs to serve: the schedule (Cache-Control) and where to listen. */
export interface WorkerSettings {
  schedule: string;
  host: string;
  port: number;
}

export type ToWorker =
  | { type: 'feedmerge:start'; settings: WorkerSettings; publication: Publication }
  | { type: 'feedmerge:publication'; publication: Publication }
  /** A reloaded config's schedule (Cache-Control of the documents prepared from now on). */
  | { type: 'feedmerge:settings'; schedule: string }
  | { type: 'feedmerge:answer'; id: number; value?: unknown; error?: string }
  | { type: 'feedmerge:metrics-json'; id: number }
  | { type: 'feedmerge:stop' };

export type ToPrimary =
  | { type: 'feedmerge:ready' }
  | { type: 'feedmerge:ask'; id: number; what: 'readiness' | 'metrics' | 'search'; query?: string }
  | { type: 'feedmerge:metrics-json'; id: number; json: object[] }
  | { type: 'feedmerge:listening'; port: number }
  | { type: 'feedmerge:failed'; error: string }
  /** An error line of the worker's HTTP server (a 5xx and its cause), for the primary's log. */
  | { type: 'feedmerge:log'; line: string };

/** True for a message of ours (cluster also carries its own internal messages). */
export function isOurs<T extends { type: string }>(message: unknown): message is T {
  return typeof message === 'object' && message !== null && String((message as { type?: unknown }).type).startsWith('feedmerge:');
}
