// The one check of a server address a storage command names (an NFS server, an iSCSI portal):
// a DNS name, an IPv4 address or a bracketed IPv6 address. None starts with `-`, so no tool
// can read one as an option.
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const BRACKETED_IPV6 = /^\[[0-9A-Fa-f:.]{2,45}\]$/;

export function isHostAddress(text: string): boolean {
  return HOST_NAME.test(text) || BRACKETED_IPV6.test(text);
}
