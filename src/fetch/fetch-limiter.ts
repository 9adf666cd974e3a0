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
  /** Arrival order across all hosts. */
  order: number;
  start: () => void;
}

/** Creates a limiter; tasks start in arrival order, except that a task whose host is full never blocks other hosts. */
export function createFetchLimiter(options: FetchLimiterOptions): FetchLimiter {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const perHost = Math.max(1, Math.floor(options.perHostConcurrency));
  const runningByHost = new Map<string, number>();
  // One queue per host, so that picking the next task costs O(hosts waiting), not O(tasks waiting):
  // a cycle over 1,000 sources of one publisher would otherwise rescan the whole queue at every finish.
  const waitingByHost = new Map<string, Waiting[]>();
  let active = 0;
  let pending = 0;
  let arrivals = 0;

  const hostHasRoom = (host: string) => (runningByHost.get(host) ?? 0) < perHost;

  const begin = (host: string) => {
    active++;
    runningByHost.set(host, (runningByHost.get(host) ?? 0) + 1);
  };

  /** Starts the oldest waiting tasks whose hosts have room, while global slots last. */
  const startWaiting = () => {
    while (active < concurrency && pending > 0) {
      let chosen: string | null = null;
      let oldest = Infinity;
      for (const [host, waiting] of waitingByHost) {
        if (waiting[0]!.order < oldest && hostHasRoom(host)) {
          chosen = host;
          oldest = waiting[0]!.order;
        }
      }
      if (chosen === null) return;
      const waiting = waitingByHost.get(chosen)!;
      const next = waiting.shift()!;
      if (waiting.length === 0) waitingByHost.delete(chosen);
      pending--;
      begin(chosen);
      next.start();
    }
  };

  const finish = (host: string) => {
    active--;
    const left = (runningByHost.get(host) ?? 1) - 1;
    if (left === 0) runningByHost.delete(host);
    else runningByHost.set(host, left);
    startWaiting();
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
        if (active < concurrency && hostHasRoom(host) && !waitingByHost.has(host)) {
          begin(host);
          start();
        } else {
          const waiting = waitingByHost.get(host);
          const entry = { order: arrivals++, start };
          if (waiting) waiting.push(entry);
          else waitingByHost.set(host, [entry]);
          pending++;
        }
      });
    },
    get active() {
      return active;
    },
    get pending() {
      return pending;
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
