import { Module } from '@nestjs/common';
import { HostCascade } from './host-cascade.js';

/** Hosts: queryable now (QueryHost); AddKVMHost and the other host APIs come with the KVM host family. */
@Module({ providers: [HostCascade] })
export class HostModule {}
