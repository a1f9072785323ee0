// The job store on the real embedded database (PGlite, the same migrations as production).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config/config.js';
import { openDataSource } from '../database/data-source.js';
import { installSecretBox, SecretBox } from '../secrets/secret-box.js';
import { WebhookDeliveryEntity } from '../webhook/webhook-delivery.entity.js';
import { type JobWork, JobStore } from './job-store.js';

let db: DataSource;
let dir: string;
const config = { ...loadConfig({}), jobResultTtlSeconds: 1 };
let store: JobStore;
const uuid = (n: number) => n.toString(16).padStart(32, '0');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'job-store-'));
  db = await openDataSource({ databaseUrl: null, dataDir: dir });
  store = new JobStore(db, config);
});

afterAll(async () => {
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const newJob = (n: number, webhookUrl: string | null = null) => ({ uuid: uuid(n), apiName: 'CreateZone', resourceUuid: uuid(1000 + n), accountUuid: uuid(9), request: {}, webhookUrl });

describe('a job seen through its location', () => {
  it('is 202 while it runs, shows the progress a long handler reports, then 200 with its result', async () => {
    await store.create(newJob(1));
    expect(await store.poll(uuid(1))).toEqual({ status: 202, progress: null });
    await store.progress(uuid(1), 'uploading the agent', 40.4);
    expect(await store.poll(uuid(1))).toEqual({ status: 202, progress: { step: 'uploading the agent', percent: 40 } });
    await db.transaction(async (tx) => {
      const job = await store.lockUnfinished(tx, uuid(1));
      await store.finish(tx, job!, { httpStatus: 200, body: { inventory: { b: 1, a: 2 } } }, 'node-a');
    });
    const done = await store.poll(uuid(1));
    expect(done).toEqual({ status: 200, body: { inventory: { b: 1, a: 2 } } });
    // The reply keeps its fields in order (json, not jsonb).
    expect(JSON.stringify((done as { body: unknown }).body)).toBe('{"inventory":{"b":1,"a":2}}');
    // A finished job cannot be locked for running again.
    await db.transaction(async (tx) => expect(await store.lockUnfinished(tx, uuid(1))).toBeNull());
  });

  it('a failed job answers 503, and its webhook is in the outbox of the same transaction', async () => {
    await store.create(newJob(2, 'http://127.0.0.1:9/hook'));
    await db.transaction(async (tx) => {
      const job = await store.lockUnfinished(tx, uuid(2));
      await store.finish(tx, job!, { httpStatus: 503, body: { error: { code: 'SYS.1003' } } }, 'node-a');
    });
    expect(await store.poll(uuid(2))).toMatchObject({ status: 503 });
    const outbox = await db.getRepository(WebhookDeliveryEntity).findBy({ jobUuid: uuid(2) });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ success: false, url: 'http://127.0.0.1:9/hook' });
    expect(JSON.parse(outbox[0].body)).toEqual({ error: { code: 'SYS.1003' } });
  });

  it('an outcome written with the commit keeps quotes and backslashes as given; a finished job is not run again', async () => {
    await store.create(newJob(4, "http://127.0.0.1:9/hook?a='b'"));
    const body = { inventory: { name: `it's a \\ back'slash \\' "quoted"`, description: 'ok' } };
    const finished = await store.complete(uuid(4), "node-'a'", async () => ({ httpStatus: 200, body }));
    expect(finished).toMatchObject({ uuid: uuid(4), state: 'Succeeded', result: body });
    expect(await store.poll(uuid(4))).toEqual({ status: 200, body });
    expect(await store.find(uuid(4))).toMatchObject({ finishedBy: "node-'a'", progressPercent: 100 });
    const outbox = await db.getRepository(WebhookDeliveryEntity).findBy({ jobUuid: uuid(4) });
    expect(outbox).toMatchObject([{ success: true, url: "http://127.0.0.1:9/hook?a='b'" }]);
    expect(JSON.parse(outbox[0].body)).toEqual(body);
    let ranAgain = false;
    expect(await store.complete(uuid(4), 'node-b', async () => ((ranAgain = true), { httpStatus: 200, body: {} }))).toBeNull();
    expect(ranAgain).toBe(false);
  });

  it('a finished job keeps its request, with every secret it was given masked', async () => {
    installSecretBox(new SecretBox(randomBytes(32))); // a secret is sealed in the row while the job runs
    const withPassword = { ...newJob(5), request: { params: { name: 'h', password: 'pw-in-clear', sshPort: 22 } } };
    await store.create(withPassword);
    await store.create({ ...newJob(6), request: { params: { name: 'z', description: null } } });
    await store.completeAll([uuid(5), uuid(6)], 'node-a', async () => ({ httpStatus: 200, body: {} }));
    expect((await store.find(uuid(5)))?.request).toEqual({ params: { name: 'h', password: '*****', sshPort: 22 } });
    expect((await store.find(uuid(6)))?.request).toEqual({ params: { name: 'z', description: null } });
  });

  it('a reused job uuid is refused with 400', async () => {
    await expect(store.create(newJob(1))).rejects.toMatchObject({ status: 400 });
  });

  it('results expire once unread for the TTL; unfinished jobs never do', async () => {
    await store.create(newJob(3));
    await new Promise((r) => setTimeout(r, 1100));
    expect(await store.poll(uuid(1))).toEqual({ status: 404 });
    await store.deleteExpired();
    expect(await store.find(uuid(1))).toBeNull();
    expect(await store.find(uuid(3))).not.toBeNull();
  });

  it('hands out stale unfinished jobs for re-publishing once, then again only after the interval', async () => {
    await db.query(`UPDATE "api_job" SET "createDate" = now() - interval '10 minutes' WHERE "uuid" = $1`, [uuid(3)]);
    expect((await store.claimStale(300, 10)).map((j) => j.uuid)).toEqual([uuid(3)]);
    expect(await store.claimStale(300, 10)).toEqual([]);
  });
});

describe('running jobs this node accepted', () => {
  /** A work that creates a zone named after its job, as CreateZone does. */
  const createZone: JobWork = async (tx, job) => {
    await tx.query(`INSERT INTO "zone" ("uuid", "name", "state", "type", "createDate", "lastOpDate") VALUES ($1, $2, 'Enabled', 'zstack', now(), now())`, [job.resourceUuid, `zone of ${job.uuid}`]);
    return { httpStatus: 200, body: { name: `zone of ${job.uuid}` } };
  };
  const zoneOf = async (n: number) => (await db.query(`SELECT "name" FROM "zone" WHERE "uuid" = $1`, [uuid(1000 + n)])).length;
  /** Calls into PGlite (its round trips) made by `run`. */
  async function callsOf<T>(run: () => Promise<T>): Promise<{ calls: number; result: T }> {
    const exec = vi.spyOn(PGlite.prototype, 'exec');
    const query = vi.spyOn(PGlite.prototype, 'query');
    try {
      const result = await run();
      return { calls: exec.mock.calls.length + query.mock.calls.length, result };
    } finally {
      exec.mockRestore();
      query.mockRestore();
    }
  }
  const independent = () => true;

  it('sends the transaction start and the locks with the works’ first statements: one round trip fewer', async () => {
    await store.create(newJob(20));
    await store.create(newJob(21));
    const early = await callsOf(() => store.completeAll([uuid(20), uuid(21)], 'node-a', createZone, independent));
    expect(early.result.map((f) => f?.state)).toEqual(['Succeeded', 'Succeeded']);
    expect([await zoneOf(20), await zoneOf(21)]).toEqual([1, 1]);
    // The same jobs recorded elsewhere (not accepted here): their rows are read first.
    await db.transaction(async (tx) => {
      await store.create(newJob(22), tx);
      await store.create(newJob(23), tx);
    });
    const read = await callsOf(() => store.completeAll([uuid(22), uuid(23)], 'node-a', createZone, independent));
    expect(read.result.map((f) => f?.state)).toEqual(['Succeeded', 'Succeeded']);
    expect(early.calls).toBe(2); // start, locks and both INSERTs; outcomes and COMMIT
    expect(read.calls).toBe(3);
  });

  it('a job done meanwhile (by another node) is not run again: the work done early is rolled back', async () => {
    await store.create(newJob(24));
    await store.create(newJob(25));
    // Another node finished job 24 (this node still holds it as accepted here).
    await db.transaction(async (tx) => store.finish(tx, (await store.lockUnfinished(tx, uuid(24)))!, { httpStatus: 200, body: { by: 'node-b' } }, 'node-b'));
    const finished = await store.completeAll([uuid(24), uuid(25)], 'node-a', createZone, independent);
    expect(finished.map((f) => f?.state ?? null)).toEqual([null, 'Succeeded']);
    expect([await zoneOf(24), await zoneOf(25)]).toEqual([0, 1]);
    expect(await store.find(uuid(24))).toMatchObject({ finishedBy: 'node-b', result: { by: 'node-b' } });
  });

  it('a failing work fails the group early too, and nothing of it is written', async () => {
    await store.create(newJob(26));
    await store.create(newJob(27));
    const failing: JobWork = async (tx, job) => {
      const outcome = await createZone(tx, job);
      if (job.uuid === uuid(27)) throw new Error('handler failed');
      return outcome;
    };
    await expect(store.completeAll([uuid(26), uuid(27)], 'node-a', failing, independent)).rejects.toThrow('handler failed');
    expect([await zoneOf(26), await zoneOf(27)]).toEqual([0, 0]);
    expect((await store.find(uuid(26)))?.state).toBe('Processing');
  });
});
