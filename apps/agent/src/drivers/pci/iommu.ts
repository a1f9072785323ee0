// IOMMU: its state read from the kernel (groups, command line) and the boot loader's kernel
// arguments that turn it on. Pure functions; the driver does the reading and writing.
import type { IommuState } from '#agent-protocol';

/** Kernel arguments about the IOMMU, whatever their value (`intel_iommu=off` counts too). */
const IOMMU_ARGUMENT = /^(intel_iommu|amd_iommu|iommu)=/;

export function iommuKernelArguments(cmdline: string): string[] {
  return cmdline.split(/\s+/).filter((arg) => IOMMU_ARGUMENT.test(arg));
}

export function iommuState(iommuGroups: readonly string[], iommuUnits: readonly string[], cmdline: string, cpuinfo: string): IommuState {
  return {
    active: iommuGroups.length > 0,
    groupCount: iommuGroups.length,
    firmwareEnabled: iommuUnits.length > 0,
    kernelArguments: iommuKernelArguments(cmdline),
    cpuVendor: /^vendor_id\s*:\s*(\S+)/m.exec(cpuinfo)?.[1] ?? null,
  };
}

/** CPUs whose IOMMU is AMD-Vi: AMD's, and Hygon's (licensed Zen), as ZStack's kvmagent has it. */
const AMD_IOMMU_VENDORS = ['AuthenticAMD', 'HygonGenuine'];

/** What turns the IOMMU on for this CPU; `iommu=pt` keeps the host's own devices out of
 *  translation (passthrough mode), as virtualisation hosts are usually set up. */
export function iommuOnArguments(cpuVendor: string | null): string[] {
  return [AMD_IOMMU_VENDORS.includes(cpuVendor ?? '') ? 'amd_iommu=on' : 'intel_iommu=on', 'iommu=pt'];
}

export interface GrubEdit {
  text: string;
  changed: boolean;
  /** GRUB_CMDLINE_LINUX's value after the edit. */
  cmdline: string;
}

const CMDLINE_LINE = /^GRUB_CMDLINE_LINUX=(.*)$/m;

/** /etc/default/grub with GRUB_CMDLINE_LINUX holding exactly `wanted` as its IOMMU arguments
 *  (none when turning it off); every other argument and line stays as it was. Idempotent: a
 *  file that already says so comes back unchanged. A file without the line gets one. */
export function withIommuArguments(grubText: string, wanted: readonly string[]): GrubEdit {
  const match = CMDLINE_LINE.exec(grubText);
  const current = match ? unquote(match[1]) : '';
  const kept = current.split(/\s+/).filter((arg) => arg !== '' && !IOMMU_ARGUMENT.test(arg));
  const cmdline = [...kept, ...wanted].join(' ');
  if (match && sameArguments(current, cmdline)) return { text: grubText, changed: false, cmdline: current };
  const line = `GRUB_CMDLINE_LINUX="${cmdline}"`;
  const text = match ? grubText.replace(CMDLINE_LINE, () => line) : `${grubText}${grubText.endsWith('\n') || grubText === '' ? '' : '\n'}${line}\n`;
  return { text, changed: true, cmdline };
}

function sameArguments(a: string, b: string): boolean {
  const words = (s: string): string[] => s.split(/\s+/).filter(Boolean).sort();
  return words(a).join(' ') === words(b).join(' ');
}

/** The file is sourced by a shell: "…" or '…' or a bare word. */
function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0])) return v.slice(1, -1);
  return v;
}
