// Which kind of network an IP address belongs to, for the SSRF guard (connect-policy.ts).
// Ranges from the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and updates).
// IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that address:
// ::ffff:a9fe:a9fe reaches 169.254.169.254 just as well as the dotted quad does.
import { isIPv4, isIPv6 } from 'node:net';

/**
 * - loopback, private: a host on this machine or the local network (allowed by fetch.allowPrivateNetworks);
 * - link-local: link-local networks and cloud metadata services (only when a source names them literally);
 * - reserved: unspecified, multicast, broadcast, documentation and other special ranges (likewise).
 */
export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'reserved';

export interface AddressClass {
  kind: AddressKind;
  /** What the range is, for error messages: "loopback", "carrier-grade NAT", "cloud metadata", … */
  label: string;
  /** The IPv4 address an IPv6 form carries ("IPv4-mapped 169.254.169.254"), when that decided the class. */
  via?: string;
}

interface Range<T> {
  first: T;
  last: T;
  kind: AddressKind;
  label: string;
}

const v4 = (cidr: string, kind: AddressKind, label: string): Range<number> => {
  const [address, bits] = cidr.split('/') as [string, string];
  const first = ipv4Number(address)!;
  const size = 2 ** (32 - Number(bits));
  return { first, last: first + size - 1, kind, label };
};

// More specific ranges first: the first match wins.
const ipv4Ranges: Range<number>[] = [
  v4('255.255.255.255/32', 'reserved', 'broadcast'),
  v4('0.0.0.0/8', 'reserved', 'unspecified'),
  v4('10.0.0.0/8', 'private', 'private'),
  v4('100.64.0.0/10', 'private', 'carrier-grade NAT'),
  v4('127.0.0.0/8', 'loopback', 'loopback'),
  v4('169.254.169.254/32', 'link-local', 'cloud metadata'),
  v4('169.254.0.0/16', 'link-local', 'link-local'),
  v4('172.16.0.0/12', 'private', 'private'),
  v4('192.0.0.0/24', 'reserved', 'IETF protocol assignments'),
  v4('192.0.2.0/24', 'reserved', 'documentation'),
  v4('192.88.99.0/24', 'reserved', '6to4 relay anycast'),
  v4('192.168.0.0/16', 'private', 'private'),
  v4('198.18.0.0/15', 'reserved', 'benchmarking'),
  v4('198.51.100.0/24', 'reserved', 'documentation'),
  v4('203.0.113.0/24', 'reserved', 'documentation'),
  v4('224.0.0.0/4', 'reserved', 'multicast'),
  v4('240.0.0.0/4', 'reserved', 'reserved'),
];

const v6 = (cidr: string, kind: AddressKind, label: string): Range<bigint> => {
  const [address, bits] = cidr.split('/') as [string, string];
  const first = ipv6Number(address)!;
  const size = 1n << BigInt(128 - Number(bits));
  return { first, last: first + size - 1n, kind, label };
};

const ipv6Ranges: Range<bigint>[] = [
  v6('::/128', 'reserved', 'unspecified'),
  v6('::1/128', 'loopback', 'loopback'),
  // AWS's IPv6 instance metadata endpoint sits inside fc00::/7.
  v6('fd00:ec2::254/128', 'link-local', 'cloud metadata'),
  v6('64:ff9b:1::/48', 'private', 'local-use NAT64'),
  v6('100::/64', 'reserved', 'discard-only'),
  v6('2001:db8::/32', 'reserved', 'documentation'),
  v6('3fff::/20', 'reserved', 'documentation'),
  // Teredo (2001::/32) and the other IETF protocol assignments: no feed lives there.
  v6('2001::/23', 'reserved', 'IETF protocol assignments'),
  v6('fc00::/7', 'private', 'unique local'),
  v6('fe80::/10', 'link-local', 'link-local'),
  v6('fec0::/10', 'private', 'site-local'),
  v6('ff00::/8', 'reserved', 'multicast'),
];

// IPv6 prefixes whose low 32 bits (or, for 6to4, bits 16–47) are an IPv4 address.
const embeddedIpv4: { prefix: bigint; mask: bigint; name: string; shift: bigint }[] = [
  { prefix: ipv6Number('::ffff:0:0')!, mask: ~0xffffffffn & mask128(), name: 'IPv4-mapped', shift: 0n },
  { prefix: ipv6Number('::ffff:0:0:0')!, mask: ~0xffffffffn & mask128(), name: 'IPv4-translated', shift: 0n },
  { prefix: ipv6Number('::')!, mask: ~0xffffffffn & mask128(), name: 'IPv4-compatible', shift: 0n },
  { prefix: ipv6Number('64:ff9b::')!, mask: ~0xffffffffn & mask128(), name: 'NAT64', shift: 0n },
  { prefix: ipv6Number('2002::')!, mask: 0xffffn << 112n, name: '6to4', shift: 80n },
];

/** Classifies an IPv4 or IPv6 address (as `net.isIP` accepts it; an IPv6 zone "%eth0" is ignored). */
export function classifyAddress(address: string): AddressClass {
  if (isIPv4(address)) return classifyIpv4(ipv4Number(address)!);
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!isIPv6(bare)) return { kind: 'reserved', label: 'not an IP address' };
  const value = ipv6Number(bare)!;
  // ::1 and :: match the IPv4-compatible form too; they are themselves, not 0.0.0.1.
  if (value > 1n) {
    for (const form of embeddedIpv4) {
      if ((value & form.mask) !== form.prefix) continue;
      const ipv4 = Number((value >> form.shift) & 0xffffffffn);
      const inner = classifyIpv4(ipv4);
      if (inner.kind === 'public' && form.name !== 'IPv4-mapped') break;
      return { ...inner, via: `${form.name} ${ipv4Text(ipv4)}` };
    }
  }
  for (const range of ipv6Ranges) {
    if (value >= range.first && value <= range.last) return { kind: range.kind, label: range.label };
  }
  return { kind: 'public', label: 'public' };
}

function classifyIpv4(value: number): AddressClass {
  for (const range of ipv4Ranges) {
    if (value >= range.first && value <= range.last) return { kind: range.kind, label: range.label };
  }
  return { kind: 'public', label: 'public' };
}

function ipv4Number(address: string): number | null {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

function ipv4Text(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

function mask128(): bigint {
  return (1n << 128n) - 1n;
}

/** Parses an IPv6 address (possibly with a trailing dotted quad) into a 128-bit number. */
function ipv6Number(address: string): bigint | null {
  let text = address.toLowerCase();
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const ipv4 = ipv4Number(quad[1]!);
    if (ipv4 === null) return null;
    text = `${text.slice(0, quad.index)}${(ipv4 >>> 16).toString(16)}:${(ipv4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}
