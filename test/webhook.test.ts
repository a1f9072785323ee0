// X-Web-Hook callbacks are delivered at least once from a persisted outbox: here the
// receiver is down for the first tries and the node restarts meanwhile, and the signed
// callback still arrives, once.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort, type RunningNode, startNode, tempDataDir } from './support/management-node.js';
import { ZStackClient } from './support/zstack-client.js';

const SECRET = 'test-webhook-secret';
let data: ReturnType<typeof tempDataDir>;
let node: RunningNode | null = null;
let receiver: Server | null = null;

beforeAll(() => {
  data = tempDataDir();
});

afterAll(async () => {
  await node?.stop();
  receiver?.close();
  data.cleanup();
});

it('a callback survives a receiver that is down and a node restart, and arrives signed, once', async () => {
  const hookPort = await freePort();
  const env = { ZSTACK_DATA_DIR: data.dir, ZSTACK_WEBHOOK_SECRET: SECRET, ZSTACK_WEBHOOK_RETRY_BASE_MS: '300', ZSTACK_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };
  node = await startNode(env);
  const api = new ZStackClient(node.url);
  await api.login();

  const jobUuid = '1234567890abcdef1234567890abcdef';
  const accepted = await api.call('POST', '/v1/zones', { params: { name: 'hooked' } }, { 'X-Web-Hook': `http://127.0.0.1:${hookPort}/callback`, 'X-Job-UUID': jobUuid });
  expect(accepted.status).toBe(202);
  const result = await api.poll(accepted.body.location);
  expect(result.status).toBe(200);

  // Nobody listens on the hook port yet: let a few deliveries fail, then restart the node.
  await new Promise((r) => setTimeout(r, 1500));
  expect(node.output()).toMatch(/webhook delivery failed/);
  const port = node.port;
  await node.stop();
  node = await startNode(env, port);

  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver!.listen(hookPort, '127.0.0.1', () => r()));

  const deadline = Date.now() + 30_000;
  while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  // Wait past several retry intervals: nothing more may arrive once one was accepted.
  await new Promise((r) => setTimeout(r, 2500));
  expect(received).toHaveLength(1);

  const [callback] = received;
  expect(callback.headers['x-job-uuid']).toBe(jobUuid);
  expect(callback.headers['x-job-success']).toBe('true');
  expect(JSON.parse(callback.body)).toEqual(result.body);
  const signature = String(callback.headers['x-zstack-signature']);
  const expected = `sha256=${createHmac('sha256', SECRET).update(callback.body).digest('hex')}`;
  expect(timingSafeEqual(Buffer.from(signature), Buffer.from(expected))).toBe(true);

  // The embedded database kept the zone across the restart too.
  const again = new ZStackClient(node.url);
  await again.login();
  expect((await again.call('GET', '/v1/zones?q=name=hooked')).body.inventories).toHaveLength(1);
}, 120_000);

it('a hook host outside ZSTACK_WEBHOOK_ALLOWED_HOSTS is refused with 400', async () => {
  const api = new ZStackClient(node!.url);
  await api.login();
  const answer = await api.call('POST', '/v1/zones', { params: { name: 'x' } }, { 'X-Web-Hook': 'http://169.254.169.254/latest' });
  expect(answer.status).toBe(400);
  expect(answer.body.error.details).toMatch(/169\.254\.169\.254/);
});
