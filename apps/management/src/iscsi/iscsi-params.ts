// Checks of AddIscsiServer's and UpdateIscsiServer's parameters that the contract cannot make.
import { ApiError, isHostAddress } from '#contract';

export const DEFAULT_ISCSI_PORT = 3260;

export function checkPortal(ip: string, port: number | null | undefined): { ip: string; port: number } {
  if (!isHostAddress(ip)) throw ApiError.invalidArgument(`ip "${ip}" of an iSCSI server is neither an IP address nor a host name`);
  const p = port ?? DEFAULT_ISCSI_PORT;
  if (!Number.isInteger(p) || p < 1 || p > 65535) throw ApiError.invalidArgument(`port ${p} of an iSCSI server is not 1-65535`);
  return { ip, port: p };
}

/** CHAP is a user name and a secret together, or neither. */
export function checkChap(chapUserName: string | null | undefined, chapUserPassword: string | null | undefined): { chapUserName: string | null; chapUserPassword: string | null } {
  const name = chapUserName || null;
  const secret = chapUserPassword || null;
  if ((name === null) !== (secret === null)) throw ApiError.invalidArgument('chapUserName and chapUserPassword go together: give both or neither');
  return { chapUserName: name, chapUserPassword: secret };
}
