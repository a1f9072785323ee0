import type { MigrationInterface, QueryRunner } from 'typeorm';

/** QueryLongJob's relation: every API job as ZStack's LongJobInventory sees it, over the job
 *  store (api_job), so the query engine serves it like any resource. Passwords in the
 *  request are masked here too: a running job still holds them (the store masks them at
 *  the end), and jobData must never show them, nor match a condition on them. */
export class LongJobView1764000400000 implements MigrationInterface {
  name = 'LongJobView1764000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW "long_job" AS
      SELECT
        j."uuid",
        j."apiName" AS "name",
        NULL::varchar AS "description",
        j."uuid" AS "apiId",
        'API' || j."apiName" || 'Msg' AS "jobName",
        (CASE WHEN jsonb_typeof(j."request"->'params') = 'object'
              THEN jsonb_set(j."request", '{params}', (
                     SELECT coalesce(jsonb_object_agg(p.key, CASE WHEN p.key ~* 'password' THEN '"*****"'::jsonb ELSE p.value END), '{}'::jsonb)
                       FROM jsonb_each(j."request"->'params') AS p))
              ELSE j."request" END)::text AS "jobData",
        CASE WHEN j."state" = 'Failed' THEN (j."result"->'error')::text
             WHEN j."state" = 'Succeeded' THEN j."progressStep" END AS "jobResult",
        CASE WHEN j."state" = 'Processing' THEN 'Running' ELSE j."state" END AS "state",
        j."resourceUuid" AS "targetResourceUuid",
        j."finishedBy" AS "managementNodeUuid",
        j."createDate",
        coalesce(j."finishedDate", j."createDate") AS "lastOpDate",
        floor(extract(epoch FROM coalesce(j."finishedDate", now()) - j."createDate"))::bigint AS "executeTime",
        j."progressPercent" AS "progress",
        j."progressStep",
        j."result"->'error'->>'code' AS "errorCode",
        j."result"->'error'->>'details' AS "errorDetails"
      FROM "api_job" j
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW "long_job"`);
  }
}
