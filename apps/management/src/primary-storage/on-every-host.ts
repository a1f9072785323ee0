// Runs one agent call per host at once and fails, naming every host that failed and why,
// when any did: an operator sees at once which hosts cannot reach a storage. `undo` takes
// back what the call did on the hosts where it worked (an NFS mount), so a failure leaves
// nothing behind.
import { ApiError } from '#contract';
import { describeHost, type StorageHost } from './storage-hosts.js';

export async function onEveryHost<T>(
  hosts: readonly StorageHost[],
  what: string,
  run: (host: StorageHost) => Promise<T>,
  undo?: (host: StorageHost, done: T) => Promise<unknown>,
): Promise<T[]> {
  const results = await Promise.allSettled(hosts.map(run));
  const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`${describeHost(hosts[i])}: ${(r.reason as Error).message}`] : []));
  if (!failures.length) return results.map((r) => (r as PromiseFulfilledResult<T>).value);
  if (undo) await Promise.allSettled(results.map((r, i) => (r.status === 'fulfilled' ? undo(hosts[i], r.value) : null)));
  throw ApiError.operation(`${what} failed on ${failures.length} of ${hosts.length} hosts: ${failures.join('; ')}`);
}
