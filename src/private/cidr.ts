import { isIPv4, isIPv6 } from 'net';

/** An IPv4 or IPv6 CIDR as the API server parses it (address and prefix length in range). */
export function isCidr(range: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(range);
  if (!m) return false;
  const bits = isIPv4(m[1]) ? 32 : isIPv6(m[1]) ? 128 : 0;
  return bits > 0 && Number(m[2]) <= bits;
}
