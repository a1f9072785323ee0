// Runs one agent call per host at once and fails, naming every host that failed and why,
// when any did: an operator sees at once which hosts cannot reach a storage.
import { ApiError } from '#contract';
import { describeHost, type StorageHost } from './storage-hosts.js';

export async function onEveryHost<T>(hosts: readonly StorageHost[], what: string, run: (host: StorageHost) => Promise<T>): Promise<T[]> {
  const results = await Promise.allSettled(hosts.map(run));
  const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`${describeHost(hosts[i])}: ${(r.reason as Error).message}`] : []));
  if (failures.length) throw ApiError.operation(`${what} failed on ${failures.length} of ${hosts.length} hosts: ${failures.join('; ')}`);
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
