import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a tenant-supplied URL (webhook target, account proxy) may reach. ipaddr.js names
 * the special ranges; the policy is ours and fails closed: only plain public unicast is allowed,
 * and an IPv6 address that embeds or translates an IPv4 address is judged by that IPv4 address.
 */

// Every IPv6 range ipaddr.js names other than these is refused outright (loopback, link-local,
// unique-local, multicast, discard, documentation, ORCHID, benchmarking, segment routing, ...).
const EMBEDDING_V6 = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052', '6to4', 'teredo']);

// Global unicast (RFC 4291): everything else that ipaddr.js calls "unicast" is unassigned space.
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

// RFC 8215's local-use NAT64 prefix: the operator picks where the IPv4 address sits (/48 to /96),
// so it cannot be read back; the prefix is site-internal anyway.
const LOCAL_NAT64 = ipaddr.parseCIDR('64:ff9b:1::/48');

/**
 * True when a connection to this address must be refused. Anything that is not a valid IP literal
 * (without brackets or a zone) is refused too, so a caller passing a surprise value fails closed.
 */
export function isForbiddenAddress(ip: string): boolean {
  const bare = ip.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(bare); // strict dotted quads only; ipaddr.js alone also takes 0x7f.1 and friends
  if (family === 4) return ipaddr.IPv4.parse(bare).range() !== 'unicast';
  if (family !== 6) return true;
  const v6 = ipaddr.IPv6.parse(bare);
  const embedded = embeddedIPv4(v6);
  if (embedded === 'unknown') return true;
  if (embedded.length > 0) return embedded.some((v4) => v4.range() !== 'unicast');
  return v6.range() !== 'unicast' || !v6.match(GLOBAL_UNICAST);
}

/**
 * The IPv4 addresses an IPv6 address reaches through a translator, a tunnel or the kernel; an empty
 * list when it embeds none, 'unknown' when it embeds one whose position cannot be known.
 */
function embeddedIPv4(v6: ipaddr.IPv6): ipaddr.IPv4[] | 'unknown' {
  const b = v6.toByteArray();
  const quad = (offset: number, xor = 0) => new ipaddr.IPv4(b.slice(offset, offset + 4).map((x) => x ^ xor));
  // IPv4-compatible (::a.b.c.d, RFC 4291, deprecated): ipaddr.js calls it plain unicast. `::` and
  // `::1` are left to the range check below (unspecified, loopback).
  if (b.slice(0, 12).every((x) => x === 0) && !(b.slice(12, 15).every((x) => x === 0) && b[15] <= 1)) return [quad(12)];
  const range = v6.range();
  if (!EMBEDDING_V6.has(range)) return [];
  if (range === 'rfc6052' && v6.match(LOCAL_NAT64)) return 'unknown';
  switch (range) {
    case '6to4': // 2002:AABB:CCDD::/48 (RFC 3056)
      return [quad(2)];
    case 'teredo': // 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC, the client's address inverted (RFC 4380)
      return [quad(4), quad(12, 0xff)];
    default: // ::ffff:a.b.c.d, ::ffff:0:a.b.c.d (SIIT, RFC 6145), 64:ff9b::a.b.c.d (RFC 6052)
      return [quad(12)];
  }
}
