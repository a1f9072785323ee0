import { Module } from '@nestjs/common';
import { AgentModule } from '../agent/agent.module.js';
import type { FamilyManifest } from '../api/family.js';
import { CephMonEntity } from './ceph-mon.entity.js';
import { CephMons } from './ceph-mons.js';

/** What the Ceph primary and backup storage plug-ins share: their mons and the agents on them. */
@Module({ imports: [AgentModule], providers: [CephMons], exports: [CephMons] })
export class CephModule {}

export const CEPH_MONS: FamilyManifest = {
  name: 'ceph-mons',
  module: CephModule,
  entities: [CephMonEntity],
};
