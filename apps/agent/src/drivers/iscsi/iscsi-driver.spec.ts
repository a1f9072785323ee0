// iSCSI discovery against a real target: tgtd (Debian's tgt, installed when missing) started
// as a daemon on a free port of 127.0.0.1, serving file-backed LUNs behind CHAP, discovered
// with libiscsi's userspace tools (libiscsi-bin): this machine has no kernel initiator
// (no iscsi_tcp module). At the end the targets and tgtd are removed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../../test/support/management-node.js';
import { startTgtd, type Tgtd } from '../../../../../test/support/tgtd.js';
import { AgentLog } from '../../agent-log.js';
import { SpawnCommandRunner, type CommandRunner } from '../../command-runner.js';
import { IscsiToolsDriver } from './iscsi-driver.js';

const dir = mkdtempSync(join(tmpdir(), 'agent-iscsi-'));
const logFile = join(dir, 'agent.log');
const driver = new IscsiToolsDriver(new SpawnCommandRunner(new AgentLog(logFile)));
const IQN = 'iqn.2026-11.org.zstack.test:agent-storage';
const CHAP = { username: 'zstack-initiator', password: 'chap-secret-4711' };
const MIB = 1024 * 1024;
let tgtd: Tgtd;
let portal = '';

beforeAll(async () => {
  tgtd = await startTgtd(IQN, CHAP);
  portal = tgtd.portal;
  tgtd.addLun(1, 64);
  tgtd.addLun(2, 32);
});

afterAll(() => {
  tgtd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const lun = (lunId: number, sizeMib: number): object => ({ lunId, type: 'DIRECT_ACCESS', sizeBytes: sizeMib * MIB, serial: `beaf1${lunId}`, wwn: null });

describe('iSCSI discovery against tgtd', () => {
  it("lists exactly the target and its LUNs with their sizes and serials (tgt's controller LUN 0 left out)", async () => {
    expect(await driver.discover({ portal, chap: CHAP })).toEqual({
      tool: 'libiscsi',
      lunsListed: true,
      targets: [{ iqn: IQN, portal: `${portal},1`, luns: [lun(1, 64), lun(2, 32)] }],
    });
  });

  it('shows a LUN added to the target on the next discovery', async () => {
    tgtd.addLun(3, 16);
    expect((await driver.discover({ portal, chap: CHAP })).targets[0].luns).toEqual([lun(1, 64), lun(2, 32), lun(3, 16)]);
  });

  it('fails clearly on a wrong CHAP secret, and no secret reaches the error or the log', async () => {
    const wrong = { username: CHAP.username, password: 'wrong-secret-0815' };
    const failure = await driver.discover({ portal, chap: wrong }).catch((err: { error: { code: string; details: string } }) => err.error);
    expect(failure).toMatchObject({ code: 'HOST.1000', details: expect.stringContaining('Failed to log in to target. Status: Authentication failure(513)') });
    expect(failure).toMatchObject({ details: expect.stringContaining(`iscsi://${CHAP.username}%***@${portal}`) });
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('"returnCode":10');
    for (const text of [JSON.stringify(failure), log]) {
      expect(text).not.toContain(wrong.password);
      expect(text).not.toContain(CHAP.password);
    }
  });

  it('fails clearly on a portal where nothing listens', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    await expect(driver.discover({ portal: dead })).rejects.toMatchObject({ error: { code: 'HOST.1000', details: expect.stringContaining('Connection refused(111)') } });
  });
});

describe('choosing the initiator', () => {
  const nothingRuns: CommandRunner = { run: () => Promise.reject(new Error('nothing should run')) };

  it('says what to install when the host has neither libiscsi nor a kernel initiator', async () => {
    const bare = new IscsiToolsDriver(nothingRuns, () => false, () => false);
    await expect(bare.discover({ portal })).rejects.toMatchObject({ error: { details: 'no iSCSI initiator on this host: install libiscsi-bin (iscsi-ls), or open-iscsi with the iscsi_tcp module' } });
  });

  it('refuses CHAP discovery through iscsiadm, which would need the secret in its node database', async () => {
    const kernelOnly = new IscsiToolsDriver(nothingRuns, (p) => p === 'iscsiadm', () => true);
    await expect(kernelOnly.discover({ portal, chap: CHAP })).rejects.toMatchObject({ error: { details: 'discovery with CHAP needs libiscsi-bin (iscsi-ls) on this host' } });
  });
});
