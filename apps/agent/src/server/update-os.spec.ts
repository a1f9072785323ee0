// /host/update-os over real HTTP, against an agent server in this process and a callback
// receiver standing in for the management node. The package tools are replayed (nothing
// upgrades this machine): apt-get's output is recorded from a simulated upgrade on Debian 12.
import { AgentPath, bearer, type AgentCallback, type AgentReply } from '#agent-protocol';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentLog } from '../agent-log.js';
import type { CommandResult, CommandRunner } from '../command-runner.js';
import { ProcessCommandDriver } from '../drivers/command/command-driver.js';
import { LinuxHostFactsDriver } from '../drivers/host-facts/host-facts-driver.js';
import { VirshHypervisorDriver } from '../drivers/hypervisor/hypervisor-driver.js';
import { PackageManagerOsUpdateDriver } from '../drivers/os-update/os-update-driver.js';
import { linuxStorageDrivers } from '../drivers/storage-drivers.js';
import { agentRoutes } from './agent-routes.js';
import { createAgentServer, listen } from './agent-server.js';
import { HttpCallbackPoster } from './callback-client.js';
import { OsUpdateTask } from './os-update-task.js';

const SECRET = 'update-os-spec-secret';
const UPGRADE = readFileSync(new URL('../drivers/os-update/fixtures/apt-get-2.6.1-upgrade-simulated-debian12-epyc-vm.txt', import.meta.url), 'utf8');

/** apt on a Debian host whose upgrade waits until the test lets it finish. */
class GatedAptRunner implements CommandRunner {
  upgradeCode = 0;
  private release: () => void = () => undefined;
  private gate = Promise.resolve();

  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }
  finish(): void {
    this.release();
  }

  async run(argv: readonly string[]): Promise<CommandResult> {
    const result = { argv: [...argv], returnCode: 0, stdout: '', stderr: '', timedOut: false, started: true };
    if (argv[0] !== 'apt-get') return result;
    await this.gate;
    return { ...result, returnCode: this.upgradeCode, stdout: UPGRADE, stderr: this.upgradeCode ? 'E: Sub-process /usr/bin/dpkg returned an error code (1)\n' : '' };
  }
}

const runner = new GatedAptRunner();
const callbacks: { authorization: string | undefined; body: AgentCallback }[] = [];
let agent: Server;
let receiver: Server;
let agentUrl: string;
let callbackUrl: string;

async function post(path: string, body: unknown): Promise<{ status: number; reply: AgentReply & Record<string, unknown> }> {
  const response = await fetch(`${agentUrl}${path}`, { method: 'POST', headers: { authorization: bearer(SECRET) }, body: JSON.stringify(body) });
  return { status: response.status, reply: (await response.json()) as AgentReply & Record<string, unknown> };
}

async function nextCallback(count: number): Promise<AgentCallback> {
  for (let i = 0; i < 100 && callbacks.length < count; i++) await new Promise((r) => setTimeout(r, 50));
  expect(callbacks.length).toBe(count);
  expect(callbacks[count - 1].authorization).toBe(bearer(SECRET));
  return callbacks[count - 1].body;
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      callbacks.push({ authorization: req.headers.authorization, body: JSON.parse(text) as AgentCallback });
      res.end('{}');
    });
  });
  await listen(receiver, '127.0.0.1', 0);
  callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/zstack/asyncrest/callback`;

  const log = new AgentLog(null);
  const osUpdate = new OsUpdateTask(new PackageManagerOsUpdateDriver(runner, (p) => p === 'apt-get'), new HttpCallbackPoster(SECRET, log, [50]), 'host-1', log);
  const drivers = { hostFacts: new LinuxHostFactsDriver(runner, '/'), hypervisor: new VirshHypervisorDriver(runner, 'test:///default'), command: new ProcessCommandDriver(runner), ...linuxStorageDrivers(runner) };
  agent = createAgentServer({ secret: SECRET, log, routes: agentRoutes({ hostUuid: 'host-1', agentVersion: 'v', drivers, osUpdate }) });
  await listen(agent, '127.0.0.1', 0);
  agentUrl = `http://127.0.0.1:${(agent.address() as AddressInfo).port}`;
});

afterAll(() => {
  agent?.close();
  receiver?.close();
});

describe('updating a host OS through the agent', () => {
  it('answers at once, refuses a second update meanwhile, and calls back with the outcome', async () => {
    runner.hold();
    const first = await post(AgentPath.updateOs, { taskUuid: 'task-1', callbackUrl, excludePackages: ['qemu-system-x86'] });
    expect(first).toMatchObject({ status: 200, reply: { success: true, error: null, accepted: true } });

    const second = await post(AgentPath.updateOs, { taskUuid: 'task-2', callbackUrl, excludePackages: [] });
    expect(second.reply).toMatchObject({ success: false, error: { code: 'HOST.1000' } });
    expect(second.reply.error?.details).toContain('already running');

    runner.finish();
    const callback = await nextCallback(1);
    expect(callback).toMatchObject({ success: true, error: null, hostUuid: 'host-1', taskUuid: 'task-1', returnCode: 0 });
    expect(callback.stdout).toContain('Calculating upgrade...');
  });

  it('calls back with HOST.1000 and the stderr when the upgrade fails, and takes the next update', async () => {
    runner.upgradeCode = 100;
    expect((await post(AgentPath.updateOs, { taskUuid: 'task-3', callbackUrl })).reply).toMatchObject({ success: true, accepted: true });
    const callback = await nextCallback(2);
    expect(callback).toMatchObject({ success: false, taskUuid: 'task-3', returnCode: 100, error: { code: 'HOST.1000' } });
    expect(callback.error?.details).toContain('dpkg returned an error code');
  });

  it('answers 400 SYS.1007 for a package name that would read as an option, and runs nothing', async () => {
    const bad = await post(AgentPath.updateOs, { taskUuid: 'task-4', callbackUrl, excludePackages: ['--allow-remove-essential'] });
    expect(bad).toMatchObject({ status: 400, reply: { success: false, error: { code: 'SYS.1007' } } });
    const noUrl = await post(AgentPath.updateOs, { taskUuid: 'task-4', callbackUrl: 'file:///etc/passwd' });
    expect(noUrl.status).toBe(400);
  });
});
