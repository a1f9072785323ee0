// An image VMs can be made from, on real parts: a blank qcow2 made by qemu-img (the guest has
// no OS, which libvirt runs all the same), served by an HTTP server in this process and
// imported into an ImageStore on a test host of its own, attached to the zone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startTestHost, type TestHost } from './test-hosts.js';
import type { ZStackClient } from './zstack-client.js';

export interface BlankImage {
  imageUuid: string;
  backupStorageUuid: string;
  /** The image's bytes. */
  bytes: Buffer;
  /** Stops the HTTP server and removes the scratch file (the store's host is the caller's). */
  close(): void;
}

/** `hosts` gets the store's host, so the caller's afterAll stops it even when a later step fails. */
export async function blankImage(api: ZStackClient, zoneUuid: string, hosts: TestHost[], virtualSize = '256M'): Promise<BlankImage> {
  const scratch = mkdtempSync(join(tmpdir(), 'zstack-image-'));
  const file = join(scratch, 'blank.qcow2');
  execFileSync('qemu-img', ['create', '-f', 'qcow2', file, virtualSize], { stdio: 'pipe' });
  const bytes = readFileSync(file);
  const server = createServer((req, res) => {
    if (req.url === '/blank.qcow2') res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const close = () => {
    server.close();
    rmSync(scratch, { recursive: true, force: true });
  };
  const storeHost = await startTestHost();
  hosts.push(storeHost);
  const bs = await api.run('POST', '/v1/backup-storage/image-store', { params: { name: `store-${storeHost.username}`, hostname: storeHost.ip, username: storeHost.username, password: storeHost.password, sshPort: storeHost.sshPort, url: `${storeHost.home}/store` } }, {}, 90_000);
  expect(bs.body.inventory?.status).toBe('Connected');
  const backupStorageUuid = bs.body.inventory.uuid as string;
  expect((await api.run('POST', `/v1/zones/${zoneUuid}/backup-storage/${backupStorageUuid}`, {})).status).toBe(200);
  const port = (server.address() as AddressInfo).port;
  const added = await api.run('POST', '/v1/images', { params: { name: 'blank', url: `http://127.0.0.1:${port}/blank.qcow2`, format: 'qcow2', backupStorageUuids: [backupStorageUuid] } }, {}, 60_000);
  expect(added.status).toBe(200);
  return { imageUuid: added.body.inventory.uuid, backupStorageUuid, bytes, close };
}
