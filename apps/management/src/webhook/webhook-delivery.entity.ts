import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The outbox: a callback owed to an X-Web-Hook, written in the job's final transaction. */
@Entity('webhook_delivery')
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  jobUuid: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'boolean' })
  success: boolean;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Index()
  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'timestamptz' })
  createDate: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredDate: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'boolean', default: false })
  gaveUp: boolean;
}
