// Runs every example of docs/query.md against a real node: the docs cannot drift from
// what the engine does.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningNode, startEmbeddedNode } from './support/management-node.js';
import { ZStackClient } from './support/zstack-client.js';

const doc = readFileSync(resolve(import.meta.dirname, '../docs/query.md'), 'utf8');
const blocks = [...doc.matchAll(/```(http|json)\n([\s\S]*?)```/g)].map((m) => ({ kind: m[1], text: m[2].trim() }));
const [setup, ...rest] = blocks;
const examples: { request: string; expected: unknown }[] = [];
for (let i = 0; i < rest.length - 1; i++) {
  if (rest[i].kind === 'http' && rest[i + 1].kind === 'json') examples.push({ request: rest[i].text, expected: JSON.parse(rest[i + 1].text) });
}

let node: RunningNode;
let api: ZStackClient;

beforeAll(async () => {
  node = await startEmbeddedNode();
  api = new ZStackClient(node.url);
  await api.login();
  const clusterUuids = new Map<string, string>();
  for (const line of setup.text.split('\n')) {
    const [, method, rawPath, body] = /^(\w+) \/zstack(\S+) (.*)$/.exec(line)!;
    const path = rawPath.replace(/\{uuid-of-([\w-]+)\}/, (_, name) => clusterUuids.get(name)!);
    const done = await api.run(method, path, JSON.parse(body));
    expect(done.status, line).toBe(200);
    if (path === '/v1/clusters') clusterUuids.set(done.body.inventory.name, done.body.inventory.uuid);
  }
});

afterAll(async () => {
  await node?.stop();
});

describe('docs/query.md', () => {
  it('has examples', () => expect(examples.length).toBeGreaterThanOrEqual(10));

  it.each(examples.map((e) => [e.request, e.expected]))('%s', async (request, expected) => {
    const [, path] = /^GET \/zstack(\S+)$/.exec(request as string)!;
    expect((await api.call('GET', path)).body).toEqual(expected);
  });
});
