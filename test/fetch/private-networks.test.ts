// The SSRF guard: address classes, every IP spelling the URL parser accepts, the connector that checks
// the address it dials (DNS rebinding included), and fetchFeed against real loopback servers: a source's
// own loopback server works, a redirect to any other loopback port or name is refused on the hop itself.
// Nothing here connects anywhere but 127.0.0.1 and ::1: refusals of other addresses are checked on a
// connector whose dial only records (and fails), so even a broken guard could not send a packet out.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request, type buildConnector } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress, type AddressKind } from '../../src/fetch/classify-address.js';
import { connectRefusal, literalHostOf, operatorNamedHost, type PrivateNetworkPolicy } from '../../src/fetch/connect-policy.js';
import { closeFetchAgents, defaultUserAgent, fetchFeed, type FetchOutcome, type FetchSettings } from '../../src/fetch/fetch-feed.js';
import { guardedConnector, type ResolveHost } from '../../src/fetch/guarded-connector.js';
import { serveBody, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

const rss = (title: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title></channel></rss>`;
const strict: PrivateNetworkPolicy = { allowPrivateNetworks: false, operatorNamedHosts: [] };
const permissive: PrivateNetworkPolicy = { allowPrivateNetworks: true, operatorNamedHosts: [] };

describe('classifyAddress', () => {
  it.each<[string, AddressKind]>([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.128.0.1', 'public'],
    ['169.254.169.254', 'link-local'],
    ['169.254.1.1', 'link-local'],
    ['0.0.0.0', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['::1', 'loopback'],
    ['::', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['::ffff:0:a9fe:a9fe', 'link-local'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b::808:808', 'public'],
    ['64:ff9b:1::1', 'private'],
    ['2002:a9fe:a9fe::1', 'link-local'],
    ['2002:808:808::1', 'public'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fd00:ec2::254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2001::1', 'reserved'],
    ['100::1', 'reserved'],
    ['2606:4700::1111', 'public'],
    ['2a00:1450:4001::200e', 'public'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address).kind).toBe(kind);
  });

  it('names the IPv4 address an IPv6 form carries', () => {
    expect(classifyAddress('::ffff:a9fe:a9fe')).toEqual({
      kind: 'link-local',
      label: 'cloud metadata',
      via: 'IPv4-mapped 169.254.169.254',
    });
    expect(classifyAddress('64:ff9b::7f00:1')).toEqual({ kind: 'loopback', label: 'loopback', via: 'NAT64 127.0.0.1' });
  });
});

// Every spelling of the AWS/GCP/Azure metadata address that the WHATWG URL parser accepts: it
// normalises the IPv4 ones to the dotted quad and the IPv6 ones to canonical hex.
const metadataSpellings = [
  'http://169.254.169.254/latest/meta-data/',
  'http://0xa9fea9fe/',
  'http://0XA9FEA9FE/',
  'http://2852039166/',
  'http://0251.0376.0251.0376/',
  'http://0xa9.0xfe.0xa9.0xfe/',
  'http://169.254.43518/',
  'http://169.16689662/',
  'http://169.254.169.254./',
  'http://[::ffff:169.254.169.254]/',
  'http://[::ffff:a9fe:a9fe]/',
  'http://[0:0:0:0:0:ffff:a9fe:a9fe]/',
];

describe('what config.json names literally', () => {
  it.each(metadataSpellings)('%s names 169.254.169.254 literally', (url) => {
    const literal = literalHostOf(url);
    expect(literal?.class).toMatchObject({ kind: 'link-local', label: 'cloud metadata' });
    expect(operatorNamedHost(url)).toMatch(/^(169\.254\.169\.254|\[::ffff:a9fe:a9fe\]):80$/);
  });

  it.each([
    ['http://127.0.0.1:8081/feed', '127.0.0.1:8081'],
    ['http://0x7f000001:8081/feed', '127.0.0.1:8081'],
    ['http://2130706433/', '127.0.0.1:80'],
    ['https://localhost/feed', 'localhost:443'],
    ['http://LOCALHOST:9000/', 'localhost:9000'],
    ['http://[::1]:8081/', '[::1]:8081'],
    ['http://10.0.0.5/', '10.0.0.5:80'],
    ['http://[fe80::1]:8080/', '[fe80::1]:8080'],
  ])('%s → %s', (url, key) => expect(operatorNamedHost(url)).toBe(key));

  it.each(['https://example.org/feed', 'http://8.8.8.8/', 'http://intranet.example/feed', '/var/feeds/local.xml', 'not a url'])(
    '%s names no private host',
    (url) => expect(operatorNamedHost(url)).toBeNull(),
  );
});

describe('connectRefusal', () => {
  const allowance = { host: '127.0.0.1', port: 8081 };
  it('allows public addresses, the named host:port, and private ones with allowPrivateNetworks', () => {
    expect(connectRefusal({ host: 'example.org', port: 443 }, '93.184.216.34', strict, null)).toBeNull();
    expect(connectRefusal({ host: '127.0.0.1', port: 8081 }, '127.0.0.1', strict, allowance)).toBeNull();
    // The named address reached through a name is still that address on that port.
    expect(connectRefusal({ host: 'feed.test', port: 8081 }, '127.0.0.1', strict, allowance)).toBeNull();
    expect(connectRefusal({ host: '10.0.0.5', port: 80 }, '10.0.0.5', permissive, null)).toBeNull();
    expect(
      connectRefusal({ host: '169.254.169.254', port: 80 }, '169.254.169.254', strict, { host: '169.254.169.254', port: 80 }),
    ).toBeNull();
  });

  it('refuses with one line naming the address and the way to allow it', () => {
    expect(connectRefusal({ host: '127.0.0.1', port: 9000 }, '127.0.0.1', strict, allowance)).toBe(
      'refused to connect to 127.0.0.1:9000 (loopback; only 127.0.0.1:8081 is allowed for this source; set fetch.allowPrivateNetworks to allow)',
    );
    expect(connectRefusal({ host: 'localhost', port: 9000 }, '::1', strict, null)).toBe(
      'refused to connect to localhost:9000 (::1, loopback; set fetch.allowPrivateNetworks to allow)',
    );
    expect(connectRefusal({ host: '169.254.169.254', port: 80 }, '169.254.169.254', permissive, null)).toBe(
      'refused to connect to 169.254.169.254:80 (cloud metadata; allowed only for a source that names this address in config.json)',
    );
    expect(connectRefusal({ host: '::ffff:a9fe:a9fe', port: 80 }, '::ffff:a9fe:a9fe', permissive, null)).toBe(
      'refused to connect to [::ffff:a9fe:a9fe]:80 (cloud metadata as IPv4-mapped 169.254.169.254; allowed only for a source that names this address in config.json)',
    );
  });
});

/** A connector whose dial never touches the network: it records what it was asked to open and fails. */
function recordingDial(): { dial: buildConnector.connector; dialled: string[] } {
  const dialled: string[] = [];
  return {
    dialled,
    dial: (options, callback) => {
      dialled.push(`${options.hostname}:${options.port}`);
      callback(new Error('test dial: no network here'), null);
    },
  };
}

async function requestError(url: string, dispatcher: Agent): Promise<string> {
  try {
    const response = await request(url, { dispatcher });
    await response.body.dump();
    return `answered ${response.statusCode}`;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('the guarded connector', () => {
  const agents: Agent[] = [];
  const agent = (options: Parameters<typeof guardedConnector>[0]) => {
    const created = new Agent({ connect: guardedConnector(options) });
    agents.push(created);
    return created;
  };
  afterAll(async () => {
    await Promise.all(agents.map((a) => a.close()));
  });

  it.each(metadataSpellings)('refuses %s even with allowPrivateNetworks, without dialling', async (url) => {
    const { dial, dialled } = recordingDial();
    const message = await requestError(url, agent({ connectTimeoutMs: 1000, policy: permissive, allowance: null, dial }));
    expect(message).toMatch(
      /^refused to connect to (169\.254\.169\.254|\[::ffff:a9fe:a9fe\]):80 \(cloud metadata( as IPv4-mapped 169\.254\.169\.254)?; allowed only for a source that names this address in config\.json\)$/,
    );
    expect(dialled).toEqual([]);
  });

  it.each([
    ['http://[fd00:ec2::254]/', 'cloud metadata'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://255.255.255.255/', 'broadcast'],
    ['http://192.0.2.1/', 'documentation'],
  ])('refuses %s (%s) even with allowPrivateNetworks, without dialling', async (url, label) => {
    const { dial, dialled } = recordingDial();
    const message = await requestError(url, agent({ connectTimeoutMs: 1000, policy: permissive, allowance: null, dial }));
    expect(message).toContain(`(${label}; allowed only for a source that names this address in config.json)`);
    expect(dialled).toEqual([]);
  });

  it.each(['http://10.0.0.5/', 'http://[fc00::1]/', 'http://100.64.0.1/', 'http://0x7f000001:9/'])(
    'refuses private %s without allowPrivateNetworks, without dialling',
    async (url) => {
      const { dial, dialled } = recordingDial();
      const message = await requestError(url, agent({ connectTimeoutMs: 1000, policy: strict, allowance: null, dial }));
      expect(message).toMatch(/^refused to connect to .*; set fetch\.allowPrivateNetworks to allow\)$/);
      expect(dialled).toEqual([]);
    },
  );

  it('dials a link-local address that a source names literally', async () => {
    const { dial, dialled } = recordingDial();
    const allowance = { host: '169.254.169.254', port: 80 };
    const message = await requestError('http://0xa9fea9fe/', agent({ connectTimeoutMs: 1000, policy: strict, allowance, dial }));
    expect(message).toBe('test dial: no network here');
    expect(dialled).toEqual(['169.254.169.254:']);
  });

  it('dials only the resolved addresses it allows, and a name never reaches the dial', async () => {
    const { dial, dialled } = recordingDial();
    const resolve: ResolveHost = async () => ['10.0.0.1', '127.0.0.1', '::1'];
    const allowance = { host: '127.0.0.1', port: 8081 };
    const message = await requestError(
      'http://feed.test:8081/',
      agent({ connectTimeoutMs: 1000, policy: strict, allowance, resolve, dial }),
    );
    expect(message).toBe('test dial: no network here');
    expect(dialled).toEqual(['127.0.0.1:8081']);
  });

  it('refuses a name whose addresses are all private, naming the first', async () => {
    const { dial, dialled } = recordingDial();
    const resolve: ResolveHost = async () => ['10.0.0.1', 'fd00::1'];
    const message = await requestError(
      'http://intranet.test/',
      agent({ connectTimeoutMs: 1000, policy: strict, allowance: null, resolve, dial }),
    );
    expect(message).toBe('refused to connect to intranet.test:80 (10.0.0.1, private; set fetch.allowPrivateNetworks to allow)');
    expect(dialled).toEqual([]);
  });

  it('tries the next allowed address when one refuses the connection', async () => {
    const server = await startFixtureServer({ '/feed': serveBody(rss('second address')) });
    try {
      const port = Number(new URL(server.origin).port);
      // The fixture server listens on 127.0.0.1 only: ::1 refuses (or is missing), 127.0.0.1 answers.
      const resolve: ResolveHost = async () => ['::1', '127.0.0.1'];
      const dispatcher = agent({ connectTimeoutMs: 1000, policy: permissive, allowance: null, resolve });
      const response = await request(`http://two-addresses.test:${port}/feed`, { dispatcher });
      expect(await response.body.text()).toContain('second address');
    } finally {
      await server.close();
    }
  });

  it('resolves once per connection and dials the checked address: DNS rebinding has no second answer to use', async () => {
    const server = await startFixtureServer({ '/feed': serveBody(rss('rebound')) });
    try {
      const port = Number(new URL(server.origin).port);
      // A rebinding name server: the allowed loopback address first, a private one on every later question.
      const answers: string[][] = [];
      const resolve: ResolveHost = async () => {
        const answer = answers.length === 0 ? ['127.0.0.1'] : ['10.0.0.1'];
        answers.push(answer);
        return answer;
      };
      const dispatcher = agent({ connectTimeoutMs: 1000, policy: strict, allowance: { host: '127.0.0.1', port }, resolve });
      const response = await request(`http://rebind.test:${port}/feed`, { dispatcher });
      expect(response.statusCode).toBe(200);
      expect(await response.body.text()).toContain('rebound');
      expect(answers).toEqual([['127.0.0.1']]);
      // The Host header still names the host; only the socket went to the checked address.
      expect(server.requests.at(-1)?.headers.host).toBe(`rebind.test:${port}`);
    } finally {
      await server.close();
    }
  });
});

describe('fetchFeed and the SSRF policy, on real loopback servers', () => {
  let source: FixtureServer;
  let internal: FixtureServer;
  let sourceHost: string;
  let internalPort: string;

  const settingsWith = (privateNetworks: PrivateNetworkPolicy): FetchSettings => ({
    timeoutMs: 10_000,
    connectTimeoutMs: 5000,
    maxBodyBytes: 64 * 1024,
    maxRedirects: 5,
    userAgent: defaultUserAgent,
    privateNetworks,
  });
  const get = (url: string, privateNetworks: PrivateNetworkPolicy): Promise<FetchOutcome> =>
    fetchFeed({ url, etag: null, lastModified: null }, settingsWith(privateNetworks), new Date('2026-11-26T06:00:00Z'));
  // As worker/settings.ts builds it from a config.json whose source is the loopback server.
  const named = (): PrivateNetworkPolicy => ({ allowPrivateNetworks: false, operatorNamedHosts: [sourceHost] });

  beforeAll(async () => {
    internal = await startFixtureServer({
      '/secret': serveBody(rss('SECRET internal token 4f1c'), { 'content-type': 'application/rss+xml' }),
    });
    internalPort = new URL(internal.origin).port;
    source = await startFixtureServer({
      '/feed': serveBody(rss('Loopback source'), { 'content-type': 'application/rss+xml' }),
      '/moved': (_req, res) => void res.writeHead(301, { location: '/feed' }).end(),
      '/to-internal': (_req, res) => void res.writeHead(302, { location: internal.url('/secret') }).end(),
      '/to-localhost': (_req, res) => void res.writeHead(302, { location: `http://localhost:${internalPort}/secret` }).end(),
      '/hop': (_req, res) => void res.writeHead(302, { location: '/hop-2' }).end(),
      '/hop-2': (_req, res) => void res.writeHead(307, { location: '/to-internal' }).end(),
    });
    sourceHost = new URL(source.origin).host;
  });
  afterAll(async () => {
    await closeFetchAgents();
    await Promise.all([source.close(), internal.close()]);
  });

  it('fetches a configured loopback source, and a redirect that stays on its host:port', async () => {
    expect(await get(source.url('/feed'), named())).toMatchObject({ kind: 'fetched', status: 200 });
    expect(await get(source.url('/moved'), named())).toMatchObject({ kind: 'fetched', finalUrl: source.url('/feed') });
  });

  it('fetches a source configured as http://localhost:<port>/ (each resolved address is tried in turn)', async () => {
    const url = `http://localhost:${new URL(source.origin).port}/feed`;
    const byName: PrivateNetworkPolicy = { allowPrivateNetworks: false, operatorNamedHosts: [operatorNamedHost(url)!] };
    expect(await get(url, byName)).toMatchObject({ kind: 'fetched', status: 200, finalUrl: url });
  });

  it('refuses a 302 to another loopback port, naming the address; the internal body is never requested', async () => {
    const before = internal.requests.length;
    expect(await get(source.url('/to-internal'), named())).toEqual({
      kind: 'failed',
      status: null,
      cause: 'REFUSED_ADDRESS',
      error: `refused to connect to 127.0.0.1:${internalPort} (loopback; only ${sourceHost} is allowed for this source; set fetch.allowPrivateNetworks to allow)`,
    });
    expect(internal.requests.length).toBe(before);
  });

  it('refuses a redirect to http://localhost:<other port>/ (a name that resolves to loopback)', async () => {
    const outcome = await get(source.url('/to-localhost'), named());
    expect(outcome).toMatchObject({ kind: 'failed' });
    expect((outcome as { error: string }).error).toMatch(
      new RegExp(`^refused to connect to localhost:${internalPort} \\((127\\.0\\.0\\.1|::1), loopback; only ${sourceHost} is allowed`),
    );
  });

  it('checks the connection of every hop: two allowed hops, then the refused one', async () => {
    const paths = () => source.requests.map((r) => r.path);
    const before = paths().length;
    const outcome = await get(source.url('/hop'), named());
    expect((outcome as { error: string }).error).toMatch(/^refused to connect to 127\.0\.0\.1:\d+ \(loopback; only/);
    expect(paths().slice(before)).toEqual(['/hop', '/hop-2', '/to-internal']);
  });

  it('follows the redirect with fetch.allowPrivateNetworks', async () => {
    const outcome = await get(source.url('/to-internal'), { ...named(), allowPrivateNetworks: true });
    expect(outcome).toMatchObject({ kind: 'fetched', finalUrl: internal.url('/secret') });
  });

  it('gives a URL that config does not name (a redirect target, a discovered feed) no allowance of its own', async () => {
    expect(await get(internal.url('/secret'), named())).toEqual({
      kind: 'failed',
      status: null,
      cause: 'REFUSED_ADDRESS',
      error: `refused to connect to 127.0.0.1:${internalPort} (loopback; set fetch.allowPrivateNetworks to allow)`,
    });
    // Without a policy at all, fetchFeed allows public addresses only.
    const bare = { ...settingsWith(strict), privateNetworks: undefined };
    const outcome = await fetchFeed({ url: source.url('/feed'), etag: null, lastModified: null }, bare, new Date());
    expect(outcome).toMatchObject({ kind: 'failed', error: expect.stringMatching(/^refused to connect to 127\.0\.0\.1:/) });
  });

  it('never lends a pooled connection opened under one source allowance to another source', async () => {
    // Two loopback sources: the first one's connection to its server stays pooled after this fetch…
    const both: PrivateNetworkPolicy = { allowPrivateNetworks: false, operatorNamedHosts: [sourceHost, `127.0.0.1:${internalPort}`] };
    expect(await get(internal.url('/secret'), both)).toMatchObject({ kind: 'fetched' });
    // …and the second one's redirect there is still refused: its allowance is its own host:port.
    expect(await get(source.url('/to-internal'), both)).toMatchObject({
      kind: 'failed',
      error: expect.stringContaining(`only ${sourceHost} is allowed for this source`),
    });
  });

  it('leaves local file sources alone', async () => {
    const file = new URL('../fixtures/fetch/local-file-source.xml', import.meta.url).pathname;
    expect(await get(file, strict)).toMatchObject({ kind: 'fetched', status: 200 });
  });
});

describe('IPv6 loopback', () => {
  let server: http.Server | null = null;
  let port = 0;
  beforeAll(async () => {
    const candidate = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('over IPv6')));
    const listening = await new Promise<boolean>((resolve) => {
      candidate.once('error', () => resolve(false));
      candidate.listen(0, '::1', () => resolve(true));
    });
    if (listening) {
      server = candidate;
      port = (candidate.address() as AddressInfo).port;
    }
  });
  afterAll(async () => {
    await closeFetchAgents();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('fetches a source at [::1] that config names, and refuses [::1] for one that does not', async (context) => {
    if (!server) context.skip(); // no IPv6 loopback on this machine
    const settings = (operatorNamedHosts: string[]): FetchSettings => ({
      timeoutMs: 10_000,
      connectTimeoutMs: 5000,
      maxBodyBytes: 64 * 1024,
      maxRedirects: 5,
      userAgent: defaultUserAgent,
      privateNetworks: { allowPrivateNetworks: false, operatorNamedHosts },
    });
    const url = `http://[::1]:${port}/feed`;
    expect(await fetchFeed({ url, etag: null, lastModified: null }, settings([`[::1]:${port}`]), new Date())).toMatchObject({
      kind: 'fetched',
    });
    expect(await fetchFeed({ url, etag: null, lastModified: null }, settings([]), new Date())).toMatchObject({
      kind: 'failed',
      error: `refused to connect to [::1]:${port} (loopback; set fetch.allowPrivateNetworks to allow)`,
    });
  });
});
