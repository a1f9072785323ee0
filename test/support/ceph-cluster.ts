// The real single-node Ceph of scripts/ceph-test-cluster.sh, started once and shared by every
// test file of a run (the script reuses a cluster that answers). It stays up after the run so
// the next one starts in a second; `scripts/ceph-test-cluster.sh down` (or
// stopCephTestCluster) removes it.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../scripts/ceph-test-cluster.sh', import.meta.url));

export interface CephTestCluster {
  /** Its own ceph.conf: pass it as `--conf`; nothing under /etc/ceph is used. */
  confPath: string;
  fsid: string;
  /** Runs `ceph --conf <confPath> …` and returns stdout: what an operator would type. */
  ceph(args: string[]): Promise<string>;
}

export async function startCephTestCluster(): Promise<CephTestCluster> {
  // Installing the packages on a fresh machine and building the cluster take a minute or two.
  const { stdout } = await run(SCRIPT, ['up'], { timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
  const value = (key: string): string => {
    const line = stdout.split('\n').find((l) => l.startsWith(`${key}=`));
    if (!line) throw new Error(`ceph-test-cluster.sh up printed no ${key}: ${stdout}`);
    return line.slice(key.length + 1).trim();
  };
  const confPath = value('CEPH_CONF');
  return {
    confPath,
    fsid: value('FSID'),
    ceph: async (args) => (await run('ceph', ['--conf', confPath, ...args], { timeout: 60_000 })).stdout,
  };
}

export async function stopCephTestCluster(): Promise<void> {
  await run(SCRIPT, ['down'], { timeout: 120_000 });
}
