// undici's connector with the SSRF check in front: resolve the host once, check every address it
// resolved to against the policy, then dial one of the checked addresses itself (never the name).
// Because the socket is opened to the address that was checked, a name that answers a public address
// for a check and a private one for the dial (DNS rebinding) cannot exist here: there is no second
// lookup. undici calls the connector for every new connection, so every request and redirect hop is
// checked; a pooled keep-alive connection was checked when it was opened, and fetchFeed keeps one pool
// per allowance so no request reuses a connection opened under another source's allowance.
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { connectRefusal, hostPortText, type HostPort, type PrivateNetworkPolicy } from './connect-policy.js';

/** Resolves a host name to all its addresses (dns.lookup with `all: true`: /etc/hosts included). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

/** Thrown (through undici) when the policy refuses every address of a host. */
export class RefusedAddressError extends Error {
  readonly code = 'FEEDMERGE_REFUSED_ADDRESS';
}

export interface GuardedConnectorOptions {
  connectTimeoutMs: number;
  policy: PrivateNetworkPolicy;
  /** The host:port config lets this request reach although it is not public (see allowanceFor). */
  allowance: HostPort | null;
  /** DNS resolution; tests pass their own to play a rebinding name server. */
  resolve?: ResolveHost;
  /** Opens the socket to a checked address; tests pass their own to prove no attempt is made. Default: undici's. */
  dial?: buildConnector.connector;
}

const resolveWithDns: ResolveHost = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(addresses.map((a) => a.address));
    });
  });

/** A connector for undici's Agent (`connect` option) that only opens sockets to addresses the policy allows. */
export function guardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const dial = options.dial ?? buildConnector({ timeout: options.connectTimeoutMs });
  const resolve = options.resolve ?? resolveWithDns;
  return (connectOptions, callback) => {
    // undici passes IPv6 literals without brackets; an empty port means the scheme's default.
    const target: HostPort = {
      host: connectOptions.hostname.toLowerCase(),
      port: Number(connectOptions.port) || (connectOptions.protocol === 'https:' ? 443 : 80),
    };
    const addresses = isIP(target.host) ? Promise.resolve([target.host]) : resolve(target.host);
    addresses.then(
      (resolved) => {
        const allowed = resolved.filter((address) => connectRefusal(target, address, options.policy, options.allowance) === null);
        if (allowed.length === 0) {
          const first = resolved[0];
          const reason = first
            ? connectRefusal(target, first, options.policy, options.allowance)!
            : `no address for ${hostPortText(target)}`;
          callback(new RefusedAddressError(reason), null);
          return;
        }
        dialInTurn(allowed, 0);
      },
      (error: unknown) => callback(error as Error, null),
    );

    // Tries the allowed addresses in resolver order (a host whose IPv6 route is down still answers on IPv4).
    // TLS verifies the certificate against the name, not the address: servername stays the host name.
    function dialInTurn(allowed: string[], index: number): void {
      const servername = connectOptions.servername || (isIP(target.host) ? undefined : target.host);
      dial({ ...connectOptions, hostname: allowed[index]!, ...(servername ? { servername } : {}) }, (error, socket) => {
        if (error && index + 1 < allowed.length) dialInTurn(allowed, index + 1);
        else if (error) callback(error, null);
        else callback(null, socket!);
      });
    }
  };
}
