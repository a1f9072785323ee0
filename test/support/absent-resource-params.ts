// Parameters that make an API's request well formed while every resource they name does not
// exist. The wire tests send them to the APIs they do not drive through a real flow, so that
// the answer comes from the API's own handler (a resource not found, an operation refused)
// and shows the request shape was read, not refused by the wire layer.
import { randomUUID } from 'node:crypto';
import type { ApiSpec, ParamSpec } from '#contract';

const newUuid = (): string => randomUUID().replace(/-/g, '');

function valueOf(p: ParamSpec): unknown {
  const list = p.type === 'List' || p.type === 'Set';
  if (p.values?.length) return list ? [p.values[0]] : p.values[0];
  if (p.name === 'uuid' || p.name.endsWith('Uuid')) return newUuid();
  if (p.name.endsWith('Uuids')) return [newUuid()];
  switch (p.type) {
    case 'Integer':
    case 'Long':
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'Map':
      return {};
    default:
      if (list) return ['wire-check'];
  }
  if (/(^|[a-z])(ip|Ip|hostname|Hostname)$/.test(p.name)) return '127.0.0.1';
  if (p.name === 'url') return '/nowhere/zstack-wire-check';
  return `wire-check-${p.name}`;
}

/** Values whose shape an API's handler checks further than the contract says. */
const SHAPED: Record<string, Record<string, unknown>> = {
  AddNfsPrimaryStorage: { url: '127.0.0.1:/nowhere/zstack-wire-check' },
  CreatePciDeviceOffering: { vendorId: '10de', deviceId: '20b0' },
  // A VM's memory is at least 16 MiB.
  CreateInstanceOffering: { memorySize: 64 * 1024 ** 2 },
  CreateVmInstance: { cpuNum: 1, memorySize: 64 * 1024 ** 2 },
  // Mon urls are parsed before any lookup; port 1 of this machine answers no SSH.
  AddCephPrimaryStorage: { monUrls: ['wire:check@127.0.0.1:1'] },
  AddCephBackupStorage: { monUrls: ['wire:check@127.0.0.1:1'] },
  AddMonToCephPrimaryStorage: { monUrls: ['wire:check@127.0.0.1:1'] },
  AddMonToCephBackupStorage: { monUrls: ['wire:check@127.0.0.1:1'] },
};

/** The API's required parameters (URL variables included), each naming nothing that exists. */
export function absentResourceParams(api: ApiSpec): Record<string, unknown> {
  return { ...Object.fromEntries(api.params.filter((p) => p.required).map((p) => [p.name, valueOf(p)])), ...SHAPED[api.name] };
}

/** Codes the wire layer answers with before a handler runs: what these calls must not get. */
export const WIRE_LAYER_CODES = /^SYS\.10(07|14)$/;
