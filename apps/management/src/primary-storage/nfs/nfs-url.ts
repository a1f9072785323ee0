// NFS urls and mount options as an operator gives them. The agent checks both again (its
// allow-list of options decides); these checks refuse a malformed one before any host is asked.
import { ApiError, isHostAddress } from '#contract';

/** `server:/export/path`; server a host name, an IPv4 address or a bracketed IPv6 address. */
export function checkNfsUrl(url: string): string {
  const text = url.trim();
  const m = /^(\[[^\]]+\]|[^:/\s]+):(\/[^\0\n]*)$/.exec(text);
  const server = m ? m[1].replace(/^\[(.*)\]$/, '$1') : '';
  if (!m || !isHostAddress(server) || m[2].split('/').some((part) => part === '..')) {
    throw ApiError.invalidArgument(`url "${url}" of an NFS primary storage must be server:/export/path (a host name, an IPv4 address or a bracketed IPv6 address, and an absolute path)`);
  }
  return text.replace(/([^:])\/+$/, '$1');
}

/** The `nfs::mount::options::<options>` system tag, as ZStack's NfsSystemTags.MOUNT_OPTIONS. */
export const MOUNT_OPTIONS_TAG = 'nfs::mount::options::';

/** The mount options a storage's system tags name: comma-separated `name` or `name=value`. */
export function mountOptionsOf(systemTags: readonly string[]): string[] {
  const tag = systemTags.find((t) => t.startsWith(MOUNT_OPTIONS_TAG));
  if (!tag) return [];
  const options = tag.slice(MOUNT_OPTIONS_TAG.length).split(',').map((o) => o.trim());
  const bad = options.find((o) => !/^[a-z][a-z0-9_]*(=[A-Za-z0-9_.:-]+)?$/.test(o));
  if (bad !== undefined) throw ApiError.invalidArgument(`NFS mount option "${bad}" of system tag ${tag} is not name or name=value`);
  return options;
}
