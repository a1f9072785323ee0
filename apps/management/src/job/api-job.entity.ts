import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type JobState = 'Processing' | 'Succeeded' | 'Failed';

/** One asynchronous API call: what was asked, and once it ends, what it answered. */
@Entity('api_job')
export class ApiJobEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  uuid: string;

  @Column({ type: 'varchar', length: 128 })
  apiName: string;

  /** The resource the command acts on; commands on one resource run in order. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  resourceUuid: string | null;

  @Column({ type: 'varchar', length: 32 })
  accountUuid: string;

  /** The validated request, so any node can run (or re-run) the command. */
  @Column({ type: 'jsonb' })
  request: object;

  @Index()
  @Column({ type: 'varchar', length: 16 })
  state: JobState;

  @Column({ type: 'int', nullable: true })
  httpStatus: number | null;

  /** json, not jsonb: the reply keeps its fields in the inventory's order. */
  @Column({ type: 'json', nullable: true })
  result: unknown;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  webhookUrl: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  progressStep: string | null;

  @Column({ type: 'int', nullable: true })
  progressPercent: number | null;

  @Column({ type: 'timestamptz' })
  createDate: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedDate: Date | null;

  /** Results expire a while after they were last read (REST.md: 2 days). */
  @Index()
  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  /** Completion order across the installation (a database sequence). */
  @Column({ type: 'bigint', nullable: true })
  completionSeq: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  finishedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  republishedDate: Date | null;
}
