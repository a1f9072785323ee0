// A job's request keeps its secret parameters (AddKVMHost's SSH password...) sealed from
// the moment the call is accepted: the api_job row, its WAL and its dumps never hold
// them in clear. Only the worker that runs the job opens them, in memory.
import { isSecretField } from '#contract';
import { secretBox } from './secret-box.js';

interface WithParams {
  params?: Record<string, unknown>;
}

function mapSecrets<T>(request: T, change: (value: string) => string): T {
  const params = (request as WithParams | null)?.params;
  if (!params || typeof params !== 'object') return request;
  const changed = Object.entries(params).map(([k, v]) => {
    if (!isSecretField(k)) return [k, v];
    if (typeof v === 'string') return [k, change(v)];
    // A list of secrets (Ceph mon urls): each sealed on its own.
    return [k, Array.isArray(v) ? v.map((item) => (typeof item === 'string' ? change(item) : item)) : v];
  });
  return { ...request, params: Object.fromEntries(changed) };
}

export const sealRequestSecrets = <T>(request: T): T => mapSecrets(request, (v) => secretBox().seal(v));
export const openRequestSecrets = <T>(request: T): T => mapSecrets(request, (v) => secretBox().open(v));
