// Recorded from virsh 9.0.0 (Debian 12's libvirt-clients) against libvirt's test driver:
// `virsh -c test:///default version`, `... list --all`, and `list --all` after defining a
// second domain whose name holds spaces (the "define" line of that session is cut off).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseVirshList, parseVirshVersion } from './virsh-output.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('virsh output, recorded from libvirt 9.0.0', () => {
  it('reads the library and the running hypervisor from `virsh version`', () => {
    expect(parseVirshVersion(fixture('virsh-9.0.0-test-driver-version.txt'))).toEqual({
      libvirtVersion: '9.0.0',
      hypervisorType: 'TEST',
      hypervisorVersion: '0.0.2',
    });
  });

  it("lists the test driver's running domain", () => {
    expect(parseVirshList(fixture('virsh-9.0.0-test-driver-list-all.txt'))).toEqual([{ name: 'test', state: 'running' }]);
  });

  it('keeps spaces in names and in the "shut off" state', () => {
    expect(parseVirshList(fixture('virsh-9.0.0-test-driver-list-all-shut-off.txt'))).toEqual([
      { name: 'test', state: 'running' },
      { name: 'vm-4b0d2f5c with spaces', state: 'shut off' },
    ]);
  });

  it('splits a name longer than old virsh pads to at its state', () => {
    // written for this test: virsh 4.5 (CentOS 7) pads names to 30 columns and a longer one
    // pushes the state out of the header's column
    const old = ' Id    Name                           State\n----------------------------------------------------\n 3     a-domain-name-longer-than-thirty-columns running\n';
    expect(parseVirshList(old)).toEqual([{ name: 'a-domain-name-longer-than-thirty-columns', state: 'running' }]);
  });

  it('finds no domains in output without the table', () => {
    expect(parseVirshList('error: failed to connect to the hypervisor\n')).toEqual([]);
  });
});
