// The /ceph/* paths: the cluster a mon host's agent reaches, named by the conf in each body.
import {
  CephAgentPath,
  type CephCapacityReply,
  type CephMonsReply,
  type CephPoolCreateReply,
  type CephPoolDeleteReply,
  type CephPoolsReply,
  type CephStatusReply,
} from '#agent-protocol';
import type { CephDriver } from '../drivers/ceph/ceph-driver.js';
import { cephTargetOf, pgNumOf, poolNameOf } from './ceph-requests.js';
import type { RouteHandler } from './agent-routes.js';

const ok = { success: true, error: null } as const;

export function cephRoutes(ceph: CephDriver | undefined): [string, RouteHandler][] {
  if (!ceph) return [];
  return [
    [CephAgentPath.status, async (body): Promise<CephStatusReply> => ({ ...ok, status: await ceph.status(cephTargetOf(body)) })],
    [
      CephAgentPath.capacity,
      async (body): Promise<CephCapacityReply> => {
        const target = cephTargetOf(body);
        return { ...ok, fsid: await ceph.fsid(target), capacity: await ceph.capacity(target) };
      },
    ],
    [CephAgentPath.mons, async (body): Promise<CephMonsReply> => ({ ...ok, ...(await ceph.mons(cephTargetOf(body))) })],
    [CephAgentPath.pools, async (body): Promise<CephPoolsReply> => ({ ...ok, pools: await ceph.pools(cephTargetOf(body)) })],
    [
      CephAgentPath.poolCreate,
      async (body): Promise<CephPoolCreateReply> => ({ ...ok, ...(await ceph.createPool(cephTargetOf(body), poolNameOf(body), pgNumOf(body))) }),
    ],
    [CephAgentPath.poolDelete, async (body): Promise<CephPoolDeleteReply> => ({ ...ok, deleted: await ceph.deletePool(cephTargetOf(body), poolNameOf(body)) })],
  ];
}
