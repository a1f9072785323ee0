// The CPUs and memory a VM may have (ZStack's APICreateInstanceOfferingMsg: cpuNum 1-1024,
// memorySize at least one byte; libvirt wants at least 16 MiB to start a guest).
import { ApiError } from '#contract';
import type { VmSize } from './host-capacity.js';

export const MIN_MEMORY_BYTES = 16 * 1024 ** 2;

export function checkVmSize(cpuNum: number | null | undefined, memorySize: number | null | undefined): VmSize {
  if (!Number.isInteger(cpuNum) || cpuNum! < 1 || cpuNum! > 1024) throw ApiError.invalidArgument(`cpuNum ${cpuNum} is not a number of CPUs from 1 to 1024`);
  if (!Number.isSafeInteger(memorySize) || memorySize! < MIN_MEMORY_BYTES) throw ApiError.invalidArgument(`memorySize ${memorySize} is not a memory size in bytes of at least ${MIN_MEMORY_BYTES} (16 MiB)`);
  return { cpuNum: cpuNum!, memorySize: memorySize! };
}
