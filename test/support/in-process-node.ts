// A management node in the test's own process, on the embedded database in a fresh data
// directory, deploying the built agent bundle to test hosts; and a logged-in client for it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../apps/management/src/app.module.js';
import { startManagementNode } from '../../apps/management/src/main.js';
import { freePort, kvmEmulationEnv } from './management-node.js';
import { ZStackClient } from './zstack-client.js';

export interface InProcessNode {
  app: NestExpressApplication;
  api: ZStackClient;
  close(): Promise<void>;
}

export async function startInProcessNode(module: Type = AppModule, env: Record<string, string> = {}): Promise<InProcessNode> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zstack-node-'));
  const port = await freePort();
  Object.assign(process.env, {
    PORT: String(port),
    ZSTACK_BIND_ADDRESS: '127.0.0.1',
    ZSTACK_DATA_DIR: dataDir,
    ZSTACK_AGENT_BUNDLE: resolve(import.meta.dirname, '../../dist/agent/zstack-agent.mjs'),
    ZSTACK_KVM_LIBVIRT_URI: 'test:///default',
    LOG_LEVEL: 'warn',
    ...kvmEmulationEnv(), // no /dev/kvm here: the test hosts' guests run under TCG (management-node.ts)
    ...env,
  });
  const app = await startManagementNode(module);
  const api = new ZStackClient(`http://127.0.0.1:${port}`);
  const login = await api.login();
  if (login.status !== 200) throw new Error(`cannot log in: ${JSON.stringify(login.body)}`);
  return {
    app,
    api,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
