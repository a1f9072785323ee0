// The host check's report, parsed and judged. The fixture is the check script's real
// output on a Debian 12 test machine (as root, no systemd).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { agentDirOf, hostCheckProblem, parseHostCheck } from './agent-deployer.js';

const recorded = readFileSync(new URL('./fixtures/host-check-debian12-root.txt', import.meta.url), 'utf8');

it('reads the check script\'s report', () => {
  expect(parseHostCheck(recorded)).toEqual({ home: '/root', uid: 0, nodeVersion: 'v20.20.2', kvmDevice: true, cpuVirtualization: false, virsh: true, freeKiB: 82036540, systemd: false });
  expect(hostCheckProblem(parseHostCheck(recorded))).toBeNull();
  expect(agentDirOf('/root')).toBe('/root/.zstack/agent');
});

it('names what a host lacks', () => {
  const ok = parseHostCheck(recorded);
  expect(hostCheckProblem({ ...ok, nodeVersion: null })).toMatch(/Node.js runtime not found/);
  expect(hostCheckProblem({ ...ok, nodeVersion: 'v16.20.0' })).toMatch(/too old/);
  expect(hostCheckProblem({ ...ok, kvmDevice: false, cpuVirtualization: false })).toMatch(/no hardware virtualisation/);
  expect(hostCheckProblem({ ...ok, virsh: false })).toMatch(/virsh/);
  expect(hostCheckProblem({ ...ok, freeKiB: 1024 })).toMatch(/only 1 MiB free/);
  // A storage host (ImageStore) needs neither virtualisation nor libvirt, only Node.js.
  expect(hostCheckProblem({ ...ok, kvmDevice: false, cpuVirtualization: false, virsh: false }, 'storage')).toBeNull();
  expect(hostCheckProblem({ ...ok, nodeVersion: null }, 'storage')).toMatch(/Node.js runtime not found/);
});
