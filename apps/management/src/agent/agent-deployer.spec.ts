// The host check's report, parsed and judged. The fixture is the check script's real
// output on a Debian 12 test machine (as root, no systemd).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { agentDirOf, hostCheckProblem, lacksHardwareVirtualisation, parseHostCheck } from './agent-deployer.js';

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

it('accepts a KVM host without hardware virtualisation only when emulation is allowed', () => {
  const ok = parseHostCheck(recorded);
  const noVirt = { ...ok, kvmDevice: false, cpuVirtualization: false };
  expect(lacksHardwareVirtualisation(noVirt)).toBe(true);
  expect(lacksHardwareVirtualisation(ok)).toBe(false); // /dev/kvm without the CPU flags (nested): KVM still works
  expect(lacksHardwareVirtualisation(noVirt, 'storage')).toBe(false);
  // Without the setting (the default), or with it false: refused as before.
  expect(hostCheckProblem(noVirt)).toBe('no hardware virtualisation: the CPU shows neither vmx nor svm and /dev/kvm does not exist');
  expect(hostCheckProblem(noVirt, 'kvm-host', { allowEmulation: false })).toMatch(/no hardware virtualisation/);
  // With it: accepted, its guests run under QEMU's emulation.
  expect(hostCheckProblem(noVirt, 'kvm-host', { allowEmulation: true })).toBeNull();
  // Everything else a host lacks is still refused.
  expect(hostCheckProblem({ ...noVirt, virsh: false }, 'kvm-host', { allowEmulation: true })).toMatch(/virsh is not on PATH/);
  expect(hostCheckProblem({ ...noVirt, nodeVersion: 'v16.20.0' }, 'kvm-host', { allowEmulation: true })).toMatch(/too old/);
  expect(hostCheckProblem({ ...noVirt, nodeVersion: null }, 'kvm-host', { allowEmulation: true })).toMatch(/Node.js runtime not found/);
  expect(hostCheckProblem({ ...noVirt, freeKiB: 1024 }, 'kvm-host', { allowEmulation: true })).toMatch(/only 1 MiB free/);
});
