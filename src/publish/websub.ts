// WebSub (W3C Recommendation, §7 "Publishing"): telling hubs that a topic changed.
import type { Config } from '../config/schema.js';
import { FEED_EXTENSIONS, feedPath, publicUrl, type FeedFormatOut } from './render-publication.js';

export interface NotifyOptions {
  /** Further attempts after the first failure (default 3). */
  retries?: number;
  /** First pause before a retry; doubles each time (default 500 ms). */
  backoffMs?: number;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  userAgent?: string;
}

export interface HubResult {
  hub: string;
  ok: boolean;
  error?: string;
}

/** The topic URLs (every format's first page) of the given outputs, for notifyHubs. */
export function topicUrlsFor(config: Pick<Config, 'server'>, outputIds: readonly string[]): string[] {
  return outputIds.flatMap((id) =>
    (Object.keys(FEED_EXTENSIONS) as FeedFormatOut[]).map((format) => publicUrl(config, feedPath(id, format))),
  );
}

class HubRefusal extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

async function publishOnce(hub: string, topic: string, options: Required<Omit<NotifyOptions, 'retries' | 'backoffMs'>>): Promise<void> {
  let response: Response;
  try {
    response = await fetch(hub, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': options.userAgent },
      body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }).toString(),
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'follow',
    });
    await response.arrayBuffer();
  } catch (error) {
    throw new HubRefusal(`${(error as Error).name === 'TimeoutError' ? 'timeout' : (error as Error).message}`, true);
  }
  if (!response.ok) {
    // A 4xx will not change by asking again, except 408 and 429.
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    throw new HubRefusal(`HTTP ${response.status}`, retryable);
  }
}

/**
 * POSTs `hub.mode=publish&hub.url=<topic>` (form-encoded) to every hub for every topic, retrying
 * network errors, timeouts, 5xx, 408 and 429 with exponential backoff. Never throws: one result
 * per hub, ok only when every topic was accepted (any 2xx).
 */
export async function notifyHubs(hubs: readonly string[], topicUrls: readonly string[], options: NotifyOptions = {}): Promise<HubResult[]> {
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 500;
  const once = { timeoutMs: options.timeoutMs ?? 10_000, userAgent: options.userAgent ?? 'feedmerge (WebSub publisher)' };
  return Promise.all(
    hubs.map(async (hub): Promise<HubResult> => {
      const errors: string[] = [];
      for (const topic of topicUrls) {
        for (let attempt = 0; ; attempt++) {
          try {
            await publishOnce(hub, topic, once);
            break;
          } catch (error) {
            const refusal = error as HubRefusal;
            if (!refusal.retryable || attempt >= retries) {
              errors.push(`${topic}: ${refusal.message}${attempt ? ` after ${attempt + 1} attempts` : ''}`);
              break;
            }
            await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** attempt));
          }
        }
      }
      return errors.length ? { hub, ok: false, error: errors.join('; ') } : { hub, ok: true };
    }),
  );
}
