// An iSCSI portal and CHAP credentials as the agent accepts them, and the libiscsi URL they
// make. libiscsi 1.19 takes CHAP only inside the URL (`iscsi://user%secret@host`), so the
// secret is in the tool's argv: the driver hands it to the runner as a secret to mask, and
// what may appear in it is limited to what the URL syntax cannot misread.
import type { IscsiChap } from '#agent-protocol';
import { isHostAddress } from '../tools/host-address.js';

export const DEFAULT_ISCSI_PORT = 3260;

export interface Portal {
  host: string;
  port: number;
}

/** `host`, `host:port`, `[v6]` or `[v6]:port`; null when it is not one. */
export function parsePortal(text: string): Portal | null {
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(text);
  if (!match || !isHostAddress(match[1])) return null;
  const port = match[2] === undefined ? DEFAULT_ISCSI_PORT : Number(match[2]);
  return port >= 1 && port <= 65535 ? { host: match[1], port } : null;
}

/** A CHAP user name or secret the URL carries intact: no `%`, `@`, `/`, `:`, spaces or control characters. */
export const CHAP_TEXT = /^[A-Za-z0-9._~!$&'()*+,;=-]{1,255}$/;

/** `iscsi://[user%secret@]host:port[/iqn/lun]`. */
export function libiscsiUrl(portal: Portal, chap: IscsiChap | undefined, target?: { iqn: string; lunId: number }): string {
  const credentials = chap ? `${chap.username}%${chap.password}@` : '';
  const path = target ? `/${target.iqn}/${target.lunId}` : '';
  return `iscsi://${credentials}${portal.host}:${portal.port}${path}`;
}
