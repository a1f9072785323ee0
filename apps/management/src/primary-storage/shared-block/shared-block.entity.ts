import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ResourceColumns } from '../../resource/resource-columns.js';

/** A shared LUN of a Shared Block group (ZStack's SharedBlockVO): the disk the operator named
 *  by WWN, serial or device path, one of the group's LVM physical volumes once connected. */
@Entity('shared_block')
export class SharedBlockEntity extends ResourceColumns {
  @Index()
  @Column({ type: 'varchar', length: 32 })
  sharedBlockGroupUuid: string;

  /** As the operator gave it: `0x6b08...` (WWN), a serial or `/dev/sdb`; unique over all groups. */
  @Column({ type: 'varchar', length: 255, unique: true })
  diskUuid: string;

  /** `LvmLogicalVolumeBasic`, as ZStack. */
  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'varchar', length: 32 })
  state: string;

  /** Connected once the disk is a physical volume of the group's volume group. */
  @Column({ type: 'varchar', length: 32 })
  status: string;

  /** The physical volume's size as `pvs` last reported it (bytes). */
  @Column({ type: 'bigint', default: 0 })
  size: string;
}

/** One host's connection to a Shared Block group (ZStack's SharedBlockGroupPrimaryStorageHostRefVO). */
@Entity('shared_block_group_primary_storage_host_ref')
export class SharedBlockHostRefEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  primaryStorageUuid: string;

  @Index()
  @PrimaryColumn({ type: 'varchar', length: 32 })
  hostUuid: string;

  /** The host's number in the group (1, 2, ...), as a lock space numbers its members. */
  @Column({ type: 'int' })
  hostId: number;

  /** Connected or Disconnected: whether the host saw the group's volume group when last asked. */
  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ type: 'timestamptz' })
  createDate: Date;

  @Column({ type: 'timestamptz' })
  lastOpDate: Date;
}
