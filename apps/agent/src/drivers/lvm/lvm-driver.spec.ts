// The LVM driver on real LVM (Debian's lvm2, installed when missing) over loop devices on
// sparse files. This machine's kernel has no device-mapper, so the driver runs every LVM
// command with `--driverloaded n`: the metadata (PVs, the VG, its capacity) is real, only
// activation of logical volumes is impossible. Everything made here is removed at the end,
// also after a failure: the VG, the PVs and the loop devices.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentLog } from '../../agent-log.js';
import { SpawnCommandRunner } from '../../command-runner.js';
import { kernelHasDeviceMapper, LinuxLvmDriver } from './lvm-driver.js';
import { ensurePackages } from '../../../../../test/support/test-hosts.js';

const dir = mkdtempSync(join(tmpdir(), 'agent-lvm-'));
const vgName = `zstack-test-${process.pid}`;
const driver = new LinuxLvmDriver(new SpawnCommandRunner(new AgentLog(join(dir, 'agent.log'))));
const noDeviceMapper = kernelHasDeviceMapper() ? [] : ['--driverloaded', 'n'];
const loops: string[] = [];
const MIB = 1024 * 1024;

/** What an operator would run to check: vgs in bytes. */
function vgsSizeBytes(): number {
  const text = execFileSync('vgs', [...noDeviceMapper, '--noheadings', '--units', 'b', '--nosuffix', '-o', 'vg_size', vgName], { encoding: 'utf8', env: { ...process.env, LVM_SUPPRESS_FD_WARNINGS: '1' }, stdio: ['ignore', 'pipe', 'ignore'] });
  return Number(text.trim());
}

const tryTo = (argv: string[]): void => {
  try {
    execFileSync(argv[0], argv.slice(1), { stdio: 'ignore', env: { ...process.env, LVM_SUPPRESS_FD_WARNINGS: '1' } });
  } catch {
    // cleanup goes on with the next step whatever this one left
  }
};

beforeAll(() => {
  ensurePackages({ lvm2: '/usr/sbin/pvcreate' });
  for (let i = 0; i < 4; i++) {
    const file = join(dir, `disk${i}.img`);
    writeFileSync(file, '');
    truncateSync(file, 128 * MIB);
    loops.push(execFileSync('losetup', ['-f', '--show', file], { encoding: 'utf8' }).trim());
  }
});

afterAll(() => {
  tryTo(['vgremove', ...noDeviceMapper, '-f', vgName]);
  for (const loop of loops) tryTo(['pvremove', ...noDeviceMapper, '-ff', '-y', loop]);
  for (const loop of loops) tryTo(['losetup', '-d', loop]);
  rmSync(dir, { recursive: true, force: true });
});

describe('Shared Block volume groups on real LVM over loop devices', () => {
  it('lists the loop devices as disks with their size and no physical volume', async () => {
    const disks = await driver.disks();
    for (const loop of loops) expect(disks).toContainEqual(expect.objectContaining({ path: loop, type: 'loop', sizeBytes: 128 * MIB, pvUuid: null, vgName: null }));
  });

  it('makes a volume group of two disks whose capacity is what vgs reports', async () => {
    const report = await driver.createVolumeGroup(vgName, [loops[0], loops[1]]);
    expect(report.volumeGroup).toMatchObject({ name: vgName, pvCount: 2, lvCount: 0, sizeBytes: vgsSizeBytes() });
    expect(report.volumeGroup.freeBytes).toBe(report.volumeGroup.sizeBytes);
    expect(report.physicalVolumes.map((pv) => pv.path).sort()).toEqual([loops[0], loops[1]].sort());
    expect(report.deviceMapper).toBe(kernelHasDeviceMapper());
    // the driver said so in every LVM command it ran
    const lvmCommands = readFileSync(join(dir, 'agent.log'), 'utf8').split('\n').filter((l) => /"argv":\["(pvcreate|vgcreate|vgs|pvs|lvs)"/.test(l));
    expect(lvmCommands.length).toBeGreaterThan(3);
    for (const line of lvmCommands) expect(line.includes('"--driverloaded","n"')).toBe(!report.deviceMapper);
    const disks = await driver.disks();
    expect(disks.find((d) => d.path === loops[0])).toMatchObject({ vgName, pvUuid: report.physicalVolumes.find((pv) => pv.path === loops[0])?.uuid });
  });

  it('grows by the third disk when it is added, still equal to vgs', async () => {
    const before = (await driver.report(vgName)).volumeGroup.sizeBytes;
    const report = await driver.extendVolumeGroup(vgName, [loops[2]]);
    const added = report.physicalVolumes.find((pv) => pv.path === loops[2]);
    expect(report.volumeGroup).toMatchObject({ pvCount: 3, sizeBytes: vgsSizeBytes() });
    expect(report.volumeGroup.sizeBytes).toBe(before + (added?.sizeBytes ?? NaN));
  });

  it('refuses a disk already in a group, and a disk the host does not have', async () => {
    await expect(driver.extendVolumeGroup(vgName, [loops[0]])).rejects.toMatchObject({ error: { code: 'HOST.1000', details: `${loops[0]} (${loops[0]}) belongs to volume group ${vgName} already` } });
    await expect(driver.createVolumeGroup('zstack-test-other', ['wwn:0x600140500000000'])).rejects.toMatchObject({ error: { details: 'no disk wwn:0x600140500000000 on this host' } });
  });

  it('undoes its pvcreate when vgcreate fails, with vgcreate\'s stderr in the error', async () => {
    await expect(driver.createVolumeGroup(vgName, [loops[3]])).rejects.toMatchObject({ error: { details: expect.stringMatching(/^`vgcreate .*` exited with 5: .*already exists/s) } });
    expect((await driver.disks()).find((d) => d.path === loops[3])).toMatchObject({ pvUuid: null, vgName: null });
  });

  it('answers a group that does not exist with vgs\'s own words', async () => {
    await expect(driver.report('zstack-test-missing')).rejects.toMatchObject({ error: { details: expect.stringContaining('Volume group "zstack-test-missing" not found') } });
  });
});
