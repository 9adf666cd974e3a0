// The SSRF policy: which addresses a fetch may connect to. Applied by guarded-connector.ts to the
// address actually dialled, for every connection of every request and redirect hop.
//
// - Public addresses: always.
// - Loopback and private ones (RFC 1918, fc00::/7, carrier-grade NAT, …): when fetch.allowPrivateNetworks
//   is set, or on the one host:port that the source being fetched names literally in config.json.
// - Link-local, cloud metadata and reserved ones: only on the host:port a source names literally.
// A source "names a host literally" when its URL's host is an IP literal (any spelling the URL parser
// accepts: 0x7f000001, 2130706433, [::ffff:127.0.0.1]) or `localhost`: the operator chose that address,
// no DNS answer or redirect did.
import { isIP } from 'node:net';
import { classifyAddress, type AddressClass } from './classify-address.js';

/** What config allows beyond public addresses; built once from config.json by worker/settings.ts. */
export interface PrivateNetworkPolicy {
  /** fetch.allowPrivateNetworks: loopback and private addresses for every request and redirect. */
  allowPrivateNetworks: boolean;
  /**
   * "host:port" of every configured source URL that names a non-public host literally, as
   * `operatorNamedHost` returns it. Only requests that start at one of these get an allowance.
   */
  operatorNamedHosts: readonly string[];
}

/** The strictest policy: public addresses only. What fetchFeed uses when its settings carry none. */
export const publicNetworksOnly: PrivateNetworkPolicy = Object.freeze({ allowPrivateNetworks: false, operatorNamedHosts: [] });

/** A host (name or IP without brackets, lowercase) and a port. */
export interface HostPort {
  host: string;
  port: number;
}

/** The host:port a URL names literally, with its class, when that host is an IP literal or `localhost`; else null. */
export function literalHostOf(url: string): (HostPort & { key: string; class: AddressClass }) | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = Number(parsed.port) || (parsed.protocol === 'https:' ? 443 : 80);
  let addressClass: AddressClass;
  if (isIP(host)) addressClass = classifyAddress(host);
  else if (host === 'localhost') addressClass = { kind: 'loopback', label: 'loopback' };
  else return null;
  return { host, port, key: hostPortText({ host, port }), class: addressClass };
}

/**
 * The "host:port" key of a URL that names a loopback, private, link-local or reserved host
 * literally (what the operator may allow by writing it in config.json); null for anything else.
 */
export function operatorNamedHost(url: string): string | null {
  const literal = literalHostOf(url);
  return literal && literal.class.kind !== 'public' ? literal.key : null;
}

/**
 * The non-public host:port a request starting at `url` may connect to: the URL's own host:port when
 * config names it literally, else null. It is derived from config alone, never carried along a
 * request, so a redirect target or a URL found in a page earns none of its own.
 */
export function allowanceFor(url: string, policy: PrivateNetworkPolicy): HostPort | null {
  const literal = literalHostOf(url);
  if (!literal || literal.class.kind === 'public' || !policy.operatorNamedHosts.includes(literal.key)) return null;
  return { host: literal.host, port: literal.port };
}

/**
 * Why connecting to `address` (what `target` resolved to) is refused, as one line; null when allowed.
 * "refused to connect to 127.0.0.1:9000 (loopback; only 127.0.0.1:8081 is allowed for this source; set …)"
 */
export function connectRefusal(target: HostPort, address: string, policy: PrivateNetworkPolicy, allowance: HostPort | null): string | null {
  const addressClass = classifyAddress(address);
  if (addressClass.kind === 'public') return null;
  if (allowance && allowance.port === target.port && (allowance.host === target.host || allowance.host === address)) return null;
  if (policy.allowPrivateNetworks && (addressClass.kind === 'loopback' || addressClass.kind === 'private')) return null;

  const named = isIP(target.host) ? '' : `${address}, `;
  const what = `${named}${addressClass.label}${addressClass.via ? ` as ${addressClass.via}` : ''}`;
  const reasons = [what];
  if (allowance) reasons.push(`only ${hostPortText(allowance)} is allowed for this source`);
  if (addressClass.kind === 'loopback' || addressClass.kind === 'private') reasons.push('set fetch.allowPrivateNetworks to allow');
  else reasons.push('allowed only for a source that names this address in config.json');
  return `refused to connect to ${hostPortText(target)} (${reasons.join('; ')})`;
}

/** "127.0.0.1:8081", "[::1]:8081", "localhost:8081". */
export function hostPortText({ host, port }: HostPort): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
