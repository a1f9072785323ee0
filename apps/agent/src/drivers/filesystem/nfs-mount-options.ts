// What the agent lets reach `mount -t nfs`: an export `server:/path` and options from an
// allow-list, each value checked. Options such as `exec`, `suid`, `dev` or a `context=` label
// could weaken the host, so anything not listed is refused, naming the option.
import { isHostAddress } from '../tools/host-address.js';
/** A bad command: the request checks turn it into a 400 naming the part. */
export class NfsArgumentError extends Error {}

const NUMBER = /^\d{1,9}$/;
const FLAGS = new Set(['hard', 'soft', 'intr', 'nointr', 'ro', 'rw', 'sync', 'async', 'noatime', 'nodiratime', 'relatime', 'ac', 'noac', 'lock', 'nolock', 'cto', 'nocto', 'nosuid', 'nodev', 'noexec', 'resvport', 'noresvport', 'sharecache', 'nosharecache', 'fsc', 'nofsc', 'bg', 'fg', '_netdev']);
const VALUED: Record<string, RegExp> = {
  vers: /^(3|4|4\.0|4\.1|4\.2)$/,
  nfsvers: /^(3|4|4\.0|4\.1|4\.2)$/,
  proto: /^(tcp|tcp6|udp|udp6|rdma|rdma6)$/,
  mountproto: /^(tcp|tcp6|udp|udp6)$/,
  sec: /^(sys|krb5|krb5i|krb5p)(:(sys|krb5|krb5i|krb5p))*$/,
  lookupcache: /^(all|none|pos|positive)$/,
  local_lock: /^(none|all|flock|posix)$/,
  port: NUMBER,
  mountport: NUMBER,
  timeo: NUMBER,
  retrans: NUMBER,
  retry: NUMBER,
  rsize: NUMBER,
  wsize: NUMBER,
  acregmin: NUMBER,
  acregmax: NUMBER,
  acdirmin: NUMBER,
  acdirmax: NUMBER,
  actimeo: NUMBER,
  nconnect: /^([1-9]|1[0-6])$/,
};

/** The `-o` argument for mount: the options checked one by one, joined with commas. */
export function nfsMountOptions(options: readonly string[]): string {
  for (const option of options) {
    const [name, ...rest] = option.split('=');
    const value = rest.join('=');
    if (rest.length === 0 ? FLAGS.has(name) : VALUED[name]?.test(value)) continue;
    if (rest.length === 0 && name in VALUED) throw new NfsArgumentError(`mount option ${name} needs a value`);
    if (rest.length > 0 && name in VALUED) throw new NfsArgumentError(`mount option ${name} does not take the value ${JSON.stringify(value)}`);
    throw new NfsArgumentError(`mount option ${JSON.stringify(name)} is not one the agent allows for NFS`);
  }
  return options.join(',');
}

/** What an export path may hold: no commas (mount's option syntax), spaces or control characters. */
const EXPORT_PATH = /^\/[A-Za-z0-9._+@~/-]*$/;

/** `server:/export/path` split and checked; the server never starts with `-`, so mount cannot
 *  read it as an option. */
export function parseNfsUrl(url: string): { server: string; exportPath: string } {
  const colon = url.startsWith('[') ? url.indexOf(']:') + 1 : url.indexOf(':');
  if (colon <= 0) throw new NfsArgumentError('url must be server:/export/path');
  const server = url.slice(0, colon);
  const exportPath = url.slice(colon + 1);
  if (!isHostAddress(server)) throw new NfsArgumentError(`url names no valid server: ${JSON.stringify(server)}`);
  if (!EXPORT_PATH.test(exportPath) || exportPath.split('/').includes('..')) {
    throw new NfsArgumentError('url must have an absolute export path of letters, digits and ._+@~/- (no "..")');
  }
  return { server, exportPath };
}

/** The mount command for an export, as an argument array. */
export function nfsMountArgv(url: string, mountPoint: string, options: readonly string[]): string[] {
  const { server, exportPath } = parseNfsUrl(url);
  const optionArgs = options.length > 0 ? ['-o', nfsMountOptions(options)] : [];
  return ['mount', '-t', 'nfs', ...optionArgs, `${server}:${exportPath}`, mountPoint];
}

/** Two sources name the same export when they differ only by trailing slashes. */
export function sameExport(source: string, url: string): boolean {
  const trim = (text: string): string => text.replace(/\/+$/, '') || '/';
  return trim(source) === trim(url);
}
