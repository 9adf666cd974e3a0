// One GET through undici: the pooled agents (each behind the SSRF-guarded connector), the request
// headers, and one retry when a reused keep-alive connection turns out to be dead.
import { Agent, request, type Dispatcher } from 'undici';
import { allowanceFor, hostPortText, publicNetworksOnly, type HostPort } from './connect-policy.js';
import type { FetchSettings } from './fetch-feed.js';
import { guardedConnector } from './guarded-connector.js';

// Feeds first; generic XML/JSON next (many feeds are served as text/xml); anything else last so that
// servers with strict content negotiation still answer.
const acceptHeader =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/** The headers of every GET of a feed; the validators belong to the feed wherever it now lives. */
export function feedRequestHeaders(userAgent: string, etag: string | null, lastModified: string | null): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': userAgent, accept: acceptHeader, 'accept-encoding': 'gzip, deflate, br' };
  if (etag) headers['if-none-match'] = etag;
  if (lastModified) headers['if-modified-since'] = lastModified;
  return headers;
}

// One Agent per distinct limits and allowance, so 1,000 sources on a few hosts reuse keep-alive
// connections, while a connection opened under one source's allowance (its own loopback server) is
// never handed to a request that has none. Keyed by value: the worker builds fresh settings every poll.
const agents = new Map<string, Agent>();

/** The agent for a request that starts at `startUrl`: its connector enforces the policy on every connection. */
export function agentFor(settings: FetchSettings, startUrl: string): Agent {
  const policy = settings.privateNetworks ?? publicNetworksOnly;
  const allowance: HostPort | null = allowanceFor(startUrl, policy);
  const key = [settings.connectTimeoutMs, settings.timeoutMs, policy.allowPrivateNetworks, allowance ? hostPortText(allowance) : ''].join(
    '|',
  );
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      connect: guardedConnector({ connectTimeoutMs: settings.connectTimeoutMs, policy, allowance }),
      // Inactivity timers only; the total timeout in fetchFeed is what stops a server dripping bytes.
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
    });
    agents.set(key, agent);
  }
  return agent;
}

/** Closes every pooled connection (at shutdown, and at the end of benchmarks and tests). */
export async function closeAgents(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((agent) => agent.close()));
}

export type GetOptions = { dispatcher: Dispatcher; headers: Record<string, string>; signal: AbortSignal };

/**
 * One GET, retried once when the connection dies before any response arrives: a pooled keep-alive
 * socket the server closed a moment earlier fails that way, and a GET is safe to repeat (RFC 9110 §9.2.2).
 */
export async function sendGet(url: URL, options: GetOptions): Promise<Dispatcher.ResponseData> {
  const requestOptions = { ...options, method: 'GET' as const };
  try {
    return await request(url, requestOptions);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (options.signal.aborted || (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET' && code !== 'EPIPE')) throw error;
    return request(url, requestOptions);
  }
}
