// The storage paths over real HTTP with this machine's real drivers: bodies checked before
// anything runs (400 naming the field, never echoing a CHAP secret), and a capacity answered
// from the real df of a directory.
import { StorageAgentPath, bearer, type AgentReply } from '#agent-protocol';
import { mkdtempSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentLog } from '../agent-log.js';
import { SpawnCommandRunner } from '../command-runner.js';
import { linuxStorageDrivers } from '../drivers/storage-drivers.js';
import { createAgentServer, listen } from './agent-server.js';
import { storageRoutes } from './storage-routes.js';

const SECRET = 'storage-routes-secret';
const dir = mkdtempSync(join(tmpdir(), 'agent-storage-routes-'));
const logFile = join(dir, 'agent.log');
let agent: Server;
let agentUrl = '';

async function post(path: string, body: unknown): Promise<{ status: number; reply: AgentReply & Record<string, unknown> }> {
  const response = await fetch(`${agentUrl}${path}`, { method: 'POST', headers: { authorization: bearer(SECRET) }, body: JSON.stringify(body) });
  return { status: response.status, reply: (await response.json()) as AgentReply & Record<string, unknown> };
}

beforeAll(async () => {
  const log = new AgentLog(logFile);
  agent = createAgentServer({ secret: SECRET, log, routes: new Map(storageRoutes(linuxStorageDrivers(new SpawnCommandRunner(log)))) });
  await listen(agent, '127.0.0.1', 0);
  agentUrl = `http://127.0.0.1:${(agent.address() as AddressInfo).port}`;
});

afterAll(() => {
  agent?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('storage paths of the agent', () => {
  it('prepares a directory and answers the capacity of its file system, as statfs counts it', async () => {
    const { status, reply } = await post(StorageAgentPath.filesystemPrepare, { path: `${dir}/ps-1/` });
    const fs = statfsSync(dir);
    expect(status).toBe(200);
    expect(reply).toMatchObject({ success: true, capacity: { path: join(dir, 'ps-1'), totalBytes: fs.blocks * fs.bsize } });
  });

  it.each([
    [StorageAgentPath.filesystemCapacity, { path: 'relative/dir' }, 'path must be an absolute path without ".."'],
    [StorageAgentPath.filesystemCapacity, { path: '/var/lib/../../etc' }, 'path must be an absolute path without ".."'],
    [StorageAgentPath.markerWrite, { directory: dir, token: '../../etc/passwd' }, 'token must be 1 to 64 letters, digits or "-"'],
    [StorageAgentPath.nfsMount, { url: '10.0.0.5:/export', mountPoint: '/mnt/ps', options: ['suid'] }, 'mount option "suid" is not one the agent allows for NFS'],
    [StorageAgentPath.nfsMount, { url: '-o:/export', mountPoint: '/mnt/ps' }, 'url names no valid server: "-o"'],
    [StorageAgentPath.volumeGroupCreate, { vgName: '-ff', disks: ['/dev/loop0'] }, 'vgName must be 1 to 127 letters, digits or +_.- and not start with "-"'],
    [StorageAgentPath.volumeGroupCreate, { vgName: 'vg', disks: ['/dev/loop0', '/dev/loop0'] }, 'disks names a disk twice'],
    [StorageAgentPath.volumeGroupExtend, { vgName: 'vg', disks: ['/etc/passwd'] }, 'disks must be a non-empty array of /dev paths, wwn:<wwn> or serial:<serial>'],
    [StorageAgentPath.iscsiDiscover, { portal: '127.0.0.1:99999' }, 'portal must be host or host:port (IPv6 in brackets)'],
    [StorageAgentPath.iscsiDiscover, { portal: '127.0.0.1', chap: { username: 'u', password: 'pass@word%x' } }, 'chap.password must be 1 to 255 characters without spaces, "%", "@", "/" or ":"'],
  ])('answers %s with %j: 400 "%s", running nothing', async (path, body, details) => {
    const before = readFileSync(logFile, 'utf8').split('\n').filter((l) => l.includes('"event":"command"')).length;
    const { status, reply } = await post(path, body);
    expect(status).toBe(400);
    expect(reply.error).toMatchObject({ code: 'SYS.1007', details });
    expect(JSON.stringify(reply)).not.toContain('pass@word%x');
    expect(readFileSync(logFile, 'utf8').split('\n').filter((l) => l.includes('"event":"command"'))).toHaveLength(before);
  });
});
