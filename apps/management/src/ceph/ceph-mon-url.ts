// A Ceph mon as ZStack's AddCeph*/AddMonToCeph* take it: `user:password@host[:sshPort][/?monPort=N]`
// (sshPort 22 and monPort 6789 by default). The mon is reached over SSH as a KVM host is.
import { ApiError } from '#contract';

export interface MonUrl {
  username: string;
  password: string;
  hostname: string;
  sshPort: number;
  monPort: number;
}

const HOST = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]{1,253})$/;

/** Longest part of a bad value an error shows. */
const SHOWN = 64;

/** Parses one mon url. The error names the url by its place in the request (`monUrls[1]`),
 *  never by its text: a malformed url may hold a password anywhere. */
export function parseMonUrl(url: string, name = 'monUrls[0]'): MonUrl {
  const at = url.lastIndexOf('@');
  const bad = (why: string) => ApiError.invalidArgument(`${name} ${why}; a mon url must be user:password@host[:sshPort][/?monPort=port]`);
  if (at <= 0) throw bad('has no user:password@');
  const credentials = url.slice(0, at);
  const colon = credentials.indexOf(':');
  if (colon <= 0 || colon === credentials.length - 1) throw bad('has no user and password');
  const [address, query = ''] = url.slice(at + 1).split(/\/\??/, 2);
  const portMatch = /^(.*?)(?::(\d+))?$/.exec(address)!;
  const hostname = portMatch[1];
  if (!HOST.test(hostname)) throw bad(`names no host ("${hostname.slice(0, SHOWN)}")`);
  const sshPort = portMatch[2] === undefined ? 22 : Number(portMatch[2]);
  const monPortText = new URLSearchParams(query).get('monPort');
  const monPort = monPortText === null ? 6789 : Number(monPortText);
  for (const [name, port] of [['sshPort', sshPort], ['monPort', monPort]] as const) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad(`has ${name} ${port}, not a port (1-65535)`);
  }
  return { username: credentials.slice(0, colon), password: credentials.slice(colon + 1), hostname, sshPort, monPort };
}

/** The mons of one request, each host once. */
export function parseMonUrls(urls: readonly string[] | null | undefined): MonUrl[] {
  if (!urls?.length) throw ApiError.invalidArgument('monUrls must name at least one mon');
  const mons = urls.map((url, i) => parseMonUrl(url, `monUrls[${i}]`));
  const twice = mons.find((m, i) => mons.findIndex((o) => o.hostname === m.hostname) !== i);
  if (twice) throw ApiError.invalidArgument(`monUrls names host ${twice.hostname} twice`);
  return mons;
}
