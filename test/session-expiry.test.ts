// Sessions slide: each use pushes the expiry out; an unused one expires (503 ID.1001).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningNode, startEmbeddedNode } from './support/management-node.js';
import { ZStackClient } from './support/zstack-client.js';

let node: RunningNode;

beforeAll(async () => {
  node = await startEmbeddedNode({ ZSTACK_SESSION_TIMEOUT: '3' });
});

afterAll(async () => {
  await node?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('a session used within its timeout stays alive; left unused, it expires with ID.1001', async () => {
  const api = new ZStackClient(node.url);
  await api.login();
  for (let i = 0; i < 3; i++) {
    await sleep(1800);
    expect((await api.call('GET', '/v1/zones')).status, `call ${i} after 1.8 s`).toBe(200);
  }
  await sleep(4000);
  const expired = await api.call('GET', '/v1/zones');
  expect(expired.status).toBe(503);
  expect(expired.body.error.code).toBe('ID.1001');
}, 30_000);
