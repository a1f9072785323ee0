// A throwaway database on the machine's PostgreSQL (127.0.0.1:5432, trust auth) per test file,
// and the command queues its nodes declare on the machine's RabbitMQ.
import { randomUUID } from 'node:crypto';
import amqp, { type Channel } from 'amqplib';
import pg from 'pg';

const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `zstack_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export const AMQP_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

async function onBroker<T>(work: (channel: Channel) => Promise<T>): Promise<T> {
  const connection = await amqp.connect(AMQP_URL);
  try {
    return await work(await connection.createChannel());
  } finally {
    await connection.close();
  }
}

const commandQueues = (prefix: string, partitions: number) => Array.from({ length: partitions }, (_, p) => `${prefix}.commands.${p}`);

/** Messages waiting in the command queues of nodes started with ZSTACK_BUS_PREFIX `prefix`
 *  (messages delivered to a node and not yet acknowledged are not counted). */
export function queuedCommands(prefix: string, partitions: number): Promise<number> {
  return onBroker(async (channel) => {
    let waiting = 0;
    for (const queue of commandQueues(prefix, partitions)) waiting += (await channel.checkQueue(queue)).messageCount;
    return waiting;
  });
}

/** Removes the command queues that a test's nodes declared with ZSTACK_BUS_PREFIX `prefix`. */
export function deleteCommandQueues(prefix: string, partitions: number): Promise<void> {
  return onBroker(async (channel) => {
    for (const queue of commandQueues(prefix, partitions)) await channel.deleteQueue(queue).catch(() => undefined);
  });
}
