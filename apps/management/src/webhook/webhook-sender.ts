// Delivers the webhook outbox. Any node may deliver any callback: a row is claimed with a
// lease (FOR UPDATE SKIP LOCKED), so a node that dies mid-delivery only delays it.
// Delivery is at least once; receivers de-duplicate by X-Job-UUID.
import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { logger } from '../logging/logger.js';
import type { WebhookDeliveryEntity } from './webhook-delivery.entity.js';
import { privilegedTargetReason, redactUrlCredentials } from './webhook-target.js';

/** The signature to verify: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`
 *  under ZSTACK_WEBHOOK_SECRET, as Stripe signs. The timestamp lets a receiver refuse a
 *  replayed callback (docs/security.md shows how). */
export const TIMESTAMPED_SIGNATURE_HEADER = 'X-ZStack-Webhook-Signature';
/** The body-only signature of earlier releases (`sha256=<hex HMAC of the body>`), kept for
 *  receivers that check it; it does not protect against replays. */
export const SIGNATURE_HEADER = 'X-ZStack-Signature';

export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function signWebhookTimestamped(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex')}`;
}

const BATCH = 50;
const MAX_BACKOFF_MS = 5 * 60_000;

@Injectable()
export class WebhookSender {
  private readonly log = logger('webhook');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), 1000);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Runs a delivery round now (a job just finished), or right after the current one. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round()
      .catch((err) => this.log.warn({ err: String(err) }, 'webhook round failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async round(): Promise<void> {
    for (;;) {
      const due = await this.claimDue();
      if (due.length === 0 || this.stopped) return;
      await Promise.all(due.map((d) => this.deliver(d)));
    }
  }

  private async claimDue(): Promise<WebhookDeliveryEntity[]> {
    const leaseSeconds = Math.ceil(this.config.webhookTimeoutMs / 1000) + 30;
    const rows = await this.db.query(
      `UPDATE "webhook_delivery" SET "nextAttemptAt" = now() + make_interval(secs => $1)
        WHERE "id" IN (SELECT "id" FROM "webhook_delivery" WHERE "nextAttemptAt" <= now()
                        ORDER BY "nextAttemptAt" LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [leaseSeconds, BATCH],
    );
    return (Array.isArray(rows) && Array.isArray(rows[0]) ? rows[0] : rows) as WebhookDeliveryEntity[];
  }

  private async deliver(d: WebhookDeliveryEntity): Promise<void> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-Job-UUID': d.jobUuid,
      'X-Job-Success': String(d.success),
    };
    if (this.config.webhookSecret) {
      headers[SIGNATURE_HEADER] = signWebhookBody(this.config.webhookSecret, d.body);
      headers[TIMESTAMPED_SIGNATURE_HEADER] = signWebhookTimestamped(this.config.webhookSecret, d.body, Math.floor(Date.now() / 1000));
    }
    let error: string | null = await this.refusedTarget(d.url);
    if (error) return this.recordFailure(d, error, true);
    try {
      const res = await fetch(d.url, { method: 'POST', headers, body: d.body, signal: AbortSignal.timeout(this.config.webhookTimeoutMs), redirect: 'manual' });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status >= 300) error = `the hook answered HTTP ${res.status}`;
    } catch (err) {
      error = redactUrlCredentials((err as { cause?: { code?: string } }).cause?.code ?? String(err));
    }
    if (!error) {
      const attempts = Number(d.attempts) + 1;
      await this.db.query(`UPDATE "webhook_delivery" SET "attempts" = $2, "deliveredDate" = now(), "nextAttemptAt" = NULL, "lastError" = NULL WHERE "id" = $1`, [d.id, attempts]);
      this.log.info({ jobUuid: d.jobUuid, attempts }, 'webhook delivered');
      return;
    }
    await this.recordFailure(d, error, false);
  }

  /** The hook's name may resolve to a link-local or metadata address even though the URL
   *  named none: checked again now, unless such targets are allowed. */
  private async refusedTarget(url: string): Promise<string | null> {
    if (this.config.webhookAllowPrivileged) return null;
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (this.config.webhookAllowedHosts.includes(host)) return null;
    const addresses = await lookup(host, { all: true }).catch(() => []);
    const bad = [host, ...addresses.map((a) => a.address)].find((a) => privilegedTargetReason(a));
    return bad ? `refused: the hook's host ${host} is or resolves to ${bad}, ${privilegedTargetReason(bad)} (docs/security.md)` : null;
  }

  private async recordFailure(d: WebhookDeliveryEntity, error: string, refused: boolean): Promise<void> {
    const attempts = Number(d.attempts) + 1;
    const giveUp = refused || Date.now() - new Date(d.createDate).getTime() > this.config.webhookRetryForSeconds * 1000;
    const backoff = Math.min(this.config.webhookRetryBaseMs * 2 ** Math.min(attempts - 1, 20), MAX_BACKOFF_MS);
    await this.db.query(
      `UPDATE "webhook_delivery" SET "attempts" = $2, "lastError" = $3, "gaveUp" = $4,
              "nextAttemptAt" = CASE WHEN $4 THEN NULL ELSE now() + make_interval(secs => $5) END
        WHERE "id" = $1`,
      [d.id, attempts, error.slice(0, 2000), giveUp, backoff / 1000],
    );
    this.log[giveUp ? 'error' : 'warn']({ jobUuid: d.jobUuid, attempts, error, retryInMs: giveUp ? null : backoff }, giveUp ? 'webhook given up' : 'webhook delivery failed');
  }
}
