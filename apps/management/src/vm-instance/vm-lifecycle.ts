// The state changes every VM API shares: holding the host's capacity while the VM runs and
// giving it back when it stops, with the VM's row moved in the same transaction.
import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '#contract';
import type { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { HostEntity } from '../host/host.entity.js';
import { releaseHostCapacity, reserveHostCapacity } from './host-capacity.js';
import { VmInstanceEntity } from './vm-instance.entity.js';
import { vmOrFail } from './vm-instance.repository.js';

export const sizeOf = (vm: VmInstanceEntity) => ({ cpuNum: vm.cpuNum, memorySize: Number(vm.memorySize) });

@Injectable()
export class VmLifecycle {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /** The VM, refused unless it is in one of `states`. */
  async inState(uuid: string, states: readonly string[], action: string): Promise<VmInstanceEntity> {
    const vm = await vmOrFail(this.db.manager, uuid);
    if (!states.includes(vm.state)) throw ApiError.operation(`VM ${vm.name} is ${vm.state}; it can be ${action} only when ${states.join(' or ')}`);
    return vm;
  }

  /** Its host, which must be Connected for the agent to act. */
  async connectedHost(hostUuid: string | null, vm: VmInstanceEntity): Promise<HostEntity> {
    const host = hostUuid ? await this.db.getRepository(HostEntity).findOneBy({ uuid: hostUuid }) : null;
    if (!host) throw ApiError.operation(`VM ${vm.name} has no host (its host was deleted)`);
    if (host.status !== 'Connected') throw ApiError.operation(`host ${host.name} of VM ${vm.name} is ${host.status}; reconnect it first`);
    return host;
  }

  /** Starting: the host's CPUs and memory taken, or a clear refusal. */
  async reserveOn(vm: VmInstanceEntity, host: HostEntity): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await reserveHostCapacity(tx, host.uuid, sizeOf(vm)))) {
        throw ApiError.operation(`host ${host.name} has not ${vm.cpuNum} CPUs and ${vm.memorySize} bytes of memory free for VM ${vm.name}`);
      }
      await tx.getRepository(VmInstanceEntity).update({ uuid: vm.uuid }, { state: 'Starting', hostUuid: host.uuid, lastHostUuid: host.uuid, lastOpDate: new Date() });
    });
  }

  /** Stopped (or failed to start): the host's capacity back, no host. */
  async stopped(vm: VmInstanceEntity, state = 'Stopped', tx?: EntityManager): Promise<void> {
    const run = async (db: EntityManager) => {
      const now = await db.getRepository(VmInstanceEntity).findOneBy({ uuid: vm.uuid });
      if (now?.hostUuid) await releaseHostCapacity(db, now.hostUuid, sizeOf(vm));
      await db.getRepository(VmInstanceEntity).update({ uuid: vm.uuid }, { state, hostUuid: null, lastOpDate: new Date() });
    };
    if (tx) await run(tx);
    else await this.db.transaction(run);
  }

  async setState(uuid: string, state: string): Promise<void> {
    await this.db.getRepository(VmInstanceEntity).update({ uuid }, { state, lastOpDate: new Date() });
  }
}
