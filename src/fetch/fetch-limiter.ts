// Bounds how many fetches run at once, overall and per host, so a cycle over 1,000 sources
// neither floods the machine nor hammers one publisher that hosts many of them.

export interface FetchLimiterOptions {
  /** Fetches in flight across all hosts. */
  concurrency: number;
  /** Fetches in flight to one host (host:port); local files share one slot group. */
  perHostConcurrency: number;
}

export interface FetchLimiter {
  /** Runs `task` once a global slot and a slot for the URL's host are free; resolves or rejects with it. */
  run<T>(url: string, task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly pending: number;
}

interface Waiting {
  host: string;
  start: () => void;
}

/** Creates a limiter; tasks start in arrival order, except that a task whose host is full never blocks other hosts. */
export function createFetchLimiter(options: FetchLimiterOptions): FetchLimiter {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const perHost = Math.max(1, Math.floor(options.perHostConcurrency));
  const runningByHost = new Map<string, number>();
  const queue: Waiting[] = [];
  let active = 0;

  const hasRoom = (host: string) => active < concurrency && (runningByHost.get(host) ?? 0) < perHost;

  const begin = (host: string) => {
    active++;
    runningByHost.set(host, (runningByHost.get(host) ?? 0) + 1);
  };

  const finish = (host: string) => {
    active--;
    const left = (runningByHost.get(host) ?? 1) - 1;
    if (left === 0) runningByHost.delete(host);
    else runningByHost.set(host, left);
    // Start as many waiting tasks as now fit, oldest first, skipping those whose host is still full.
    for (let i = 0; i < queue.length && active < concurrency; ) {
      const waiting = queue[i]!;
      if (hasRoom(waiting.host)) {
        queue.splice(i, 1);
        begin(waiting.host);
        waiting.start();
      } else {
        i++;
      }
    }
  };

  return {
    run<T>(url: string, task: () => Promise<T>): Promise<T> {
      const host = hostKey(url);
      return new Promise<T>((resolve, reject) => {
        const start = () => {
          // Promise.resolve().then: a task that throws synchronously still releases its slot.
          Promise.resolve()
            .then(task)
            .then(resolve, reject)
            .finally(() => finish(host));
        };
        if (hasRoom(host)) {
          begin(host);
          start();
        } else {
          queue.push({ host, start });
        }
      });
    },
    get active() {
      return active;
    },
    get pending() {
      return queue.length;
    },
  };
}

function hostKey(url: string): string {
  if (!/^https?:\/\//i.test(url)) return '(local files)';
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}
