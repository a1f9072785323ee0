// USB discovery. The test machines have no USB controller, so the parsers and the driver run
// on a tree written from published descriptor dumps (fixtures/README.md names them), laid
// out as sysfs files and links in a temporary folder; live, the driver must answer what
// this host has (nothing here) without an error.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentLog } from '../../agent-log.js';
import { SpawnCommandRunner, type CommandResult, type CommandRunner } from '../../command-runner.js';
import type { SysfsSnapshot } from '../sysfs/sysfs-snapshot.js';
import { LinuxUsbDriver } from './usb-driver.js';
import { parseLsusb, parseUsbSysfs } from './usb-parsers.js';

const SOURCE = 'from-usbutils-pr-103-and-smartmontools-issue-538';
const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const TREE = JSON.parse(fixture(`sysfs-usb-devices-${SOURCE}.json`)) as SysfsSnapshot;
const LSUSB = fixture(`lsusb-${SOURCE}.txt`);

/** The snapshot as a sysfs folder: one file per attribute (with the kernel's newline), links as links. */
function writeTree(snapshot: SysfsSnapshot): string {
  const root = mkdtempSync(join(tmpdir(), 'usb-sysfs-'));
  for (const [name, entry] of Object.entries(snapshot)) {
    mkdirSync(join(root, name));
    for (const [attribute, value] of Object.entries(entry.attributes)) writeFileSync(join(root, name, attribute), `${value}\n`);
    for (const [link, target] of Object.entries(entry.links)) symlinkSync(target, join(root, name, link));
  }
  return root;
}

describe('USB devices of the recorded tree', () => {
  const root = writeTree(TREE);
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const lsusb: CommandRunner = {
    run: async (argv): Promise<CommandResult> => ({ argv: [...argv], returnCode: 0, stdout: LSUSB, stderr: '', timedOut: false, started: true }),
  };

  it('finds the devices, not their interfaces, in bus and device order', async () => {
    const devices = await new LinuxUsbDriver(lsusb, root).devices();
    expect(devices.map((d) => `${d.busNumber}:${d.deviceNumber} ${d.port} ${d.vendorId}:${d.productId}`)).toEqual([
      '2:4 2-1 0781:558c',
      '7:1 usb7 1d6b:0002',
      '7:2 7-3 2109:2812',
      '7:3 7-3.1 045e:0023',
    ]);
  });

  it("keeps the device's own strings, serial and speed beside lsusb's description", async () => {
    const [ssd, , hub, trackball] = await new LinuxUsbDriver(lsusb, root).devices();
    expect(ssd).toEqual({
      busNumber: 2,
      deviceNumber: 4,
      port: '2-1',
      vendorId: '0781',
      productId: '558c',
      manufacturer: 'SanDisk',
      product: 'Extreme SSD',
      serial: '32303434555A343030313137',
      speed: '5000',
      usbVersion: '3.10',
      deviceClass: '00',
      description: 'SanDisk Corp. Extreme Portable SSD',
    });
    expect(hub).toMatchObject({ deviceClass: '09', serial: null, description: 'VIA Labs, Inc. VL812 Hub' });
    expect(trackball).toMatchObject({ product: 'Microsoft Trackball Optical®', speed: '1.5', usbVersion: '1.10' });
  });

  it('does without lsusb, and without a description for a device usb.ids lacks', () => {
    expect(parseUsbSysfs(TREE).every((d) => d.description === null)).toBe(true);
    expect(parseLsusb('Bus 002 Device 061: ID feed:6060  \n').size).toBe(0);
  });
});

describe('USB devices of this machine, live', () => {
  it('answers what the host has, an empty list when it has no USB bus', async () => {
    const devices = await new LinuxUsbDriver(new SpawnCommandRunner(new AgentLog(null))).devices();
    const dir = '/sys/bus/usb/devices';
    const expected = existsSync(dir) ? readdirSync(dir).filter((name) => existsSync(join(dir, name, 'busnum'))) : [];
    expect(devices.map((d) => d.port).sort()).toEqual(expected.sort());
  });
});
