import type { FamilyManifest } from '../api/family.js';
import { WebhookDeliveryEntity } from '../webhook/webhook-delivery.entity.js';
import { ApiJobEntity } from './api-job.entity.js';

/** API jobs and the webhooks owed for them; QueryLongJob reads the jobs (a view over api_job). */
export const JOB_FAMILY: FamilyManifest = { name: 'job', entities: [ApiJobEntity, WebhookDeliveryEntity], queryResources: ['LongJob'] };
