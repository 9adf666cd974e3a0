// Parsing on worker threads. parseFeed is pure (bytes in, ParsedFeed out) and CPU-bound — about 70 ms
// and as much again in garbage collection per MB of XML — while the main thread also stores items,
// places them in stories and may serve HTTP. A small pool of threads parses feeds beside it and
// leaves the main thread only the storing. Small bodies are parsed
// in place: below ~64 KB the round trip and the copy cost about what parsing does.
//
// Output and errors are exactly parseFeed's: a ParseError comes back as a ParseError with its code,
// message and feed link (its `cause` stays in the thread). A thread that dies mid-feed (out of
// memory on a hostile document) fails that feed only, with a ParseStoppedError, and is replaced;
// so do the feeds still parsing or waiting when the pool is closed. When no thread can start at
// all (a broken install), every feed is parsed in place.
//
// Each parse has a time limit (parse.timeoutSeconds): a document that makes a reader slow (a
// super-linear path not yet known) would otherwise hold a thread, and the poll cycle waiting for
// it, for ever. A thread past the limit is terminated (which stops even a loop that never yields)
// and replaced; its feed fails with a ParseTimeoutError. A parse in place cannot be interrupted:
// one that overran fails the same way once it returns, so the source backs off as it would with
// threads and the same document gets the same outcome either way. The limit is read at each parse,
// so a reload (configure) applies to the next feed.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParsedFeed } from '../model.js';
import { ParseError, parseFeed, type ParseErrorCode, type ParseFeedOptions } from './parse-feed.js';

/**
 * A feed whose parse was cut short: its thread died, or the pool was closed. Not a ParseError: the
 * parser never judged the document, so its cause is PARSE_FAILED, not INVALID_FEED.
 */
export class ParseStoppedError extends Error {
  readonly code = 'PARSE_FAILED';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ParseStoppedError';
  }
}

/**
 * A feed that took longer than the limit to parse. PARSE_TIMEOUT, not INVALID_FEED: the document may
 * be valid, and not PARSE_FAILED: the time it took is the document's doing, and the operator's setting.
 */
export class ParseTimeoutError extends Error {
  readonly code = 'PARSE_TIMEOUT';
  constructor(timeoutMs: number) {
    super(`parse took longer than ${formatSeconds(timeoutMs)} (parse.timeoutSeconds)`);
    this.name = 'ParseTimeoutError';
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toPrecision(3))} s`;
}

/** The default parse time limit (parse.timeoutSeconds), for pools built without one. */
export const DEFAULT_PARSE_TIMEOUT_MS = 30_000;

/** Bodies smaller than this are parsed on the calling thread. */
export const POOL_MIN_BYTES = 64 * 1024;
/**
 * A thread idle this long stops, and its heap (tens to hundreds of MB after a large feed) goes back
 * to the system: the story engine runs after the feeds are parsed and needs the memory then. A
 * new thread costs ~0.1 s to start, once per cycle at most.
 */
const IDLE_MS = 1_000;

/** A feed parser that runs parseFeed on worker threads. */
export interface ParsePool {
  /** parseFeed(body, options), on a thread when the body is large enough. */
  parse(body: Uint8Array, options: ParseFeedOptions): Promise<ParsedFeed>;
  /** Sets the time limit of the parses that start from now on (a reload of parse.timeoutSeconds). */
  configure(options: { timeoutMs: number }): void;
  /** Stops the threads; feeds still waiting fail. Idle threads never keep the process alive, so a CLI run need not call this. */
  close(): Promise<void>;
}

/** What the pool posts to a thread. */
export interface ParseRequest {
  id: number;
  body: Uint8Array;
  options: ParseFeedOptions;
}

/** What a thread posts back. */
export type ParseReply =
  | { ready: true }
  | { id: number; feed: ParsedFeed }
  | { id: number; error: { name: string; message: string; code: ParseErrorCode | null; feedUrl: string | null } };

interface Task {
  id: number;
  body: Uint8Array;
  options: ParseFeedOptions;
  /** The pool's limit when the feed was handed to it. */
  timeoutMs: number;
  resolve: (feed: ParsedFeed) => void;
  reject: (error: unknown) => void;
}

interface Thread {
  worker: Worker;
  task: Task | null;
  /** The thread has loaded the parser (it said so). */
  ready: boolean;
  idleTimer: NodeJS.Timeout | null;
  /** Ends the task's time on the thread; set while a task runs on a ready thread. */
  limitTimer: NodeJS.Timeout | null;
}

// The entry sits beside this file: .js when built; .ts when run from source (tsx, vitest), where
// the thread first registers tsx's loader, as a worker does not inherit the parent's.
const here = fileURLToPath(import.meta.url);
const fromSource = path.extname(here) === '.ts';
const entry = path.join(path.dirname(here), `parse-worker${path.extname(here)}`);

function startWorker(): Worker {
  if (!fromSource) return new Worker(entry);
  // tsx's ESM entry (the `import` condition): from the CommonJS one, which require.resolve gives,
  // register() looked for a file that does not exist, no thread ever started and every feed was
  // quietly parsed in place (the fallback below) whenever feedmerge ran from source.
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); })`;
  return new Worker(code, { eval: true });
}

/**
 * A pool of `threads` parse threads, started when first needed. The default leaves one core to this
 * thread, which stores what the threads parse (one parse thread on 2 cores, at most 4); on the shared
 * 2-core project machine a second one showed no consistent gain (BENCHMARKS.md, bench:poll-ingest).
 */
export function createParsePool(options: { threads?: number; minBytes?: number; timeoutMs?: number } = {}): ParsePool {
  const size = Math.max(1, Math.floor(options.threads ?? Math.min(4, os.availableParallelism() - 1)));
  const minBytes = options.minBytes ?? POOL_MIN_BYTES;
  let timeoutMs = options.timeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS;
  const threads: Thread[] = [];
  const waiting: Task[] = [];
  let nextId = 0;
  // Set when threads cannot start here at all: from then on everything is parsed in place.
  let inPlace = !existsSync(entry);
  let closed = false;

  const runInPlace = (task: Task): void => {
    parseInPlace(task.body, task.options, task.timeoutMs).then(task.resolve, task.reject);
  };

  // Cannot be interrupted (it runs on this thread): an overrun is judged when the parse returns.
  const parseInPlace = async (body: Uint8Array, parseOptions: ParseFeedOptions, limitMs: number): Promise<ParsedFeed> => {
    const started = performance.now();
    const feed = await parseFeed(body, parseOptions);
    if (performance.now() - started > limitMs) throw new ParseTimeoutError(limitMs);
    return feed;
  };

  // The limit counts from when the thread can parse: starting a thread (~0.1 s, more from source
  // under tsx or on a loaded machine) is not the document's doing.
  const startLimit = (thread: Thread): void => {
    if (!thread.ready || !thread.task || thread.limitTimer) return;
    const task = thread.task;
    thread.limitTimer = setTimeout(() => {
      // Decided one turn later. The timer and the thread's reply both land on this thread: after this
      // thread was blocked past the limit (a store transaction, a placement), libuv runs the due timers
      // before the poll phase that delivers a reply already waiting, so a feed parsed in time would fail
      // and its thread be killed for nothing. setImmediate runs after that poll phase: a reply that came
      // in time has settled the task by then.
      setImmediate(() => {
        if (thread.task !== task) return;
        // Out of the pool and without its task first: the exit that follows fails nothing more, and the
        // next feed goes to a new thread.
        thread.task = null;
        forget(thread);
        void thread.worker.terminate();
        task.reject(new ParseTimeoutError(task.timeoutMs));
        dispatch();
      });
    }, task.timeoutMs);
  };

  const stopLimit = (thread: Thread): void => {
    if (thread.limitTimer) clearTimeout(thread.limitTimer);
    thread.limitTimer = null;
  };

  const dispatch = (): void => {
    while (waiting.length > 0) {
      if (inPlace) {
        runInPlace(waiting.shift()!);
        continue;
      }
      let thread = threads.find((t) => t.task === null);
      if (!thread && threads.length < size) thread = spawn();
      if (!thread) return;
      const task = waiting.shift()!;
      thread.task = task;
      if (thread.idleTimer) clearTimeout(thread.idleTimer);
      thread.idleTimer = null;
      thread.worker.ref();
      // A copy of exactly the body, moved (not cloned again) to the thread; the caller's buffer stays usable.
      const body = new Uint8Array(task.body);
      thread.worker.postMessage({ id: task.id, body, options: task.options } satisfies ParseRequest, [body.buffer]);
      startLimit(thread);
    }
  };

  const forget = (thread: Thread): void => {
    const index = threads.indexOf(thread);
    if (index >= 0) threads.splice(index, 1);
  };

  const spawn = (): Thread => {
    const thread: Thread = { worker: startWorker(), task: null, ready: false, idleTimer: null, limitTimer: null };
    thread.worker.unref();
    threads.push(thread);
    thread.worker.on('message', (reply: ParseReply) => {
      if ('ready' in reply) {
        thread.ready = true;
        startLimit(thread);
        return;
      }
      const task = thread.task;
      if (!task || task.id !== reply.id) return;
      stopLimit(thread);
      thread.task = null;
      thread.worker.unref();
      if ('feed' in reply) task.resolve(reply.feed);
      else task.reject(rebuildError(reply.error));
      dispatch();
      if (thread.task === null) {
        thread.idleTimer = setTimeout(() => {
          // Out of the pool first, so that no feed is handed to a thread that is stopping.
          forget(thread);
          void thread.worker.terminate();
        }, IDLE_MS);
        thread.idleTimer.unref();
      }
    });
    let failure: Error | null = null;
    thread.worker.on('error', (error) => (failure = error));
    thread.worker.on('exit', (code) => {
      if (thread.idleTimer) clearTimeout(thread.idleTimer);
      stopLimit(thread);
      forget(thread);
      const task = thread.task;
      thread.task = null;
      if (closed) {
        task?.reject(new ParseStoppedError('the parse pool was closed'));
        return;
      }
      if (task) {
        if (!thread.ready) {
          // The thread could not even load the parser: threads cannot run here. Parse in place from now on.
          inPlace = true;
          runInPlace(task);
        } else {
          task.reject(
            new ParseStoppedError(`the parse thread stopped (${failure?.message ?? `exit code ${code}`})`, { cause: failure ?? undefined }),
          );
        }
      }
      dispatch();
    });
    return thread;
  };

  return {
    parse(body, parseOptions) {
      if (closed || inPlace || body.byteLength < minBytes) return parseInPlace(body, parseOptions, timeoutMs);
      return new Promise<ParsedFeed>((resolve, reject) => {
        waiting.push({ id: nextId++, body, options: parseOptions, timeoutMs, resolve, reject });
        dispatch();
      });
    },
    configure(next) {
      timeoutMs = next.timeoutMs;
    },
    async close() {
      closed = true;
      for (const task of waiting.splice(0)) task.reject(new ParseStoppedError('the parse pool was closed'));
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}

function rebuildError(error: Extract<ParseReply, { error: unknown }>['error']): Error {
  if (error.code !== null) return new ParseError(error.code, error.message, { feedUrl: error.feedUrl });
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}
