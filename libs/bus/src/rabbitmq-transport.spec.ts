// Against the machine's real RabbitMQ (127.0.0.1:5672, guest/guest).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import amqp from 'amqplib';
import { afterAll, expect, it } from 'vitest';
import type { BusCommand } from './command-transport.js';
import { RabbitMqTransport } from './rabbitmq-transport.js';
import { keysOfOnePartition, slowCommandConsumer } from './slow-command.spec-support.js';

const URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const prefix = `bus-spec-${randomUUID().slice(0, 8)}`;
const PARTITIONS = 4;

afterAll(async () => {
  const connection = await amqp.connect(URL);
  const channel = await connection.createChannel();
  for (let p = 0; p < PARTITIONS; p++) await channel.deleteQueue(`${prefix}.commands.${p}`);
  await connection.close();
});

async function waitFor(check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('keeps per-key order through durable partition queues and survives a dropped connection', async () => {
  const connectionName = `${prefix}-consumer`;
  const transport = new RabbitMqTransport({ url: URL, prefix, partitions: PARTITIONS, connectionName });
  const seen: BusCommand[] = [];
  await transport.start(async (c) => {
    seen.push(c);
  });
  const keys = ['a', 'b', 'c', 'd', 'e'];
  for (let i = 0; i < 40; i++) for (const k of keys) await transport.publish({ jobUuid: `${k}-${i}`, apiName: 'X', partitionKey: k });
  await waitFor(() => seen.length === 200);
  for (const k of keys) expect(seen.filter((c) => c.partitionKey === k).map((c) => c.jobUuid)).toEqual(Array.from({ length: 40 }, (_, i) => `${k}-${i}`));

  // The broker drops our connection, as it does when it restarts: the transport comes back by itself.
  const { stdout } = await promisify(execFile)('rabbitmqctl', ['-q', 'list_connections', 'pid', 'client_properties']);
  const pid = stdout.split('\n').find((l) => l.includes(connectionName))?.split('\t')[0];
  expect(pid, 'our connection is listed by rabbitmqctl').toBeTruthy();
  await promisify(execFile)('rabbitmqctl', ['close_connection', pid!, 'test: broker going away']);
  await waitFor(() => !transport.healthy(), 5000).catch(() => undefined);
  await transport.publish({ jobUuid: 'after-reconnect', apiName: 'X', partitionKey: 'a' });
  await waitFor(() => seen.some((c) => c.jobUuid === 'after-reconnect'));
  expect(transport.healthy()).toBe(true);
  await transport.close();
}, 60_000);

it('runs the commands of one partition side by side across resources, one after another within one', async () => {
  const transport = new RabbitMqTransport({ url: URL, prefix, partitions: PARTITIONS });
  // Keys that all hash to one partition, so they share one queue.
  const keys = keysOfOnePartition(PARTITIONS, 4);
  expect(keys).toHaveLength(4);
  const [slowKey, ...otherKeys] = keys;
  const { consume, finished, release } = slowCommandConsumer();
  await transport.start(consume);
  await transport.publish({ jobUuid: 'slow', apiName: 'X', partitionKey: slowKey });
  await transport.publish({ jobUuid: 'after-slow', apiName: 'X', partitionKey: slowKey });
  for (const k of otherKeys) for (let i = 0; i < 3; i++) await transport.publish({ jobUuid: `${k}-${i}`, apiName: 'X', partitionKey: k });
  await waitFor(() => finished.length === 9);
  for (const k of otherKeys) expect(finished.filter((j) => j.startsWith(`${k}-`))).toEqual([0, 1, 2].map((i) => `${k}-${i}`));
  expect(finished).not.toContain('slow');
  release();
  await waitFor(() => finished.length === 11);
  expect(finished.slice(9)).toEqual(['slow', 'after-slow']);
  await transport.close();
}, 30_000);

it('sends the commands published in one turn to the broker in one socket write', async () => {
  const transport = new RabbitMqTransport({ url: URL, prefix, partitions: PARTITIONS });
  await transport.connectPublisher();
  // The socket under amqplib's connection: if an amqplib upgrade moves it, this test says so.
  const socket = (transport as unknown as { connection: { connection: { stream: import('node:net').Socket } } }).connection.connection.stream;
  let writes = 0;
  const count = (original: (...args: never[]) => unknown) =>
    function (this: unknown, ...args: never[]) {
      writes++;
      return original.apply(this, args);
    };
  Object.assign(socket, { _write: count(socket._write), _writev: count(socket._writev!) });
  await Promise.all(Array.from({ length: 20 }, (_, i) => transport.publish({ jobUuid: `batch-${i}`, apiName: 'X', partitionKey: `k${i}` })));
  expect(writes).toBe(1);
  await transport.close();
});

it('sends the commands of one turn as one message per partition, and runs each of them once', async () => {
  const batchPrefix = `${prefix}-batch`;
  const publisher = new RabbitMqTransport({ url: URL, prefix: batchPrefix, partitions: PARTITIONS });
  await publisher.connectPublisher();
  const [zone] = keysOfOnePartition(PARTITIONS, 1);
  // 30 creates free of any partition, and 3 commands on one zone, all in one turn.
  const commands: BusCommand[] = [
    ...Array.from({ length: 30 }, (_, i) => ({ jobUuid: `create-${i}`, apiName: 'X', partitionKey: `new-zone-${i}`, anyPartition: true })),
    ...[0, 1, 2].map((i) => ({ jobUuid: `update-${i}`, apiName: 'X', partitionKey: zone })),
  ];
  await Promise.all(commands.map((c) => publisher.publish(c)));
  const connection = await amqp.connect(URL);
  const channel = await connection.createChannel();
  try {
    const counts = await Promise.all(Array.from({ length: PARTITIONS }, async (_, p) => (await channel.checkQueue(`${batchPrefix}.commands.${p}`)).messageCount));
    expect(counts.reduce((a, b) => a + b)).toBe(1);
    expect(counts[0]).toBe(1); // the zone's partition, which the creates joined

    const consumer = new RabbitMqTransport({ url: URL, prefix: batchPrefix, partitions: PARTITIONS });
    const seen: string[] = [];
    await consumer.start(async (c) => {
      seen.push(c.jobUuid);
    });
    await waitFor(() => seen.length === commands.length);
    expect([...seen].sort()).toEqual(commands.map((c) => c.jobUuid).sort());
    expect(seen.filter((j) => j.startsWith('update-'))).toEqual(['update-0', 'update-1', 'update-2']);
    // Acknowledged once all its commands ran: nothing is left for another node.
    await consumer.close();
    const left = await Promise.all(Array.from({ length: PARTITIONS }, async (_, p) => (await channel.checkQueue(`${batchPrefix}.commands.${p}`)).messageCount));
    expect(left).toEqual([0, 0, 0, 0]);
  } finally {
    for (let p = 0; p < PARTITIONS; p++) await channel.deleteQueue(`${batchPrefix}.commands.${p}`);
    await connection.close();
    await publisher.close();
  }
}, 30_000);
