// Ceph, as a mon host's agent sees it: the `ceph` CLI with the cluster's conf and keyring as
// arguments (never /etc/ceph implicitly when the command names a conf), JSON output parsed by
// ceph-output.ts.
import type { CephCapacity, CephClusterStatus, CephClusterTarget, CephMon, CephPool } from '#agent-protocol';
import { hostOperationFailure } from '../../agent-errors.js';
import type { CommandRunner } from '../../command-runner.js';
import { runChecked } from '../tools/tool-output.js';
import { parseCephDf, parseCephFsid, parseCephMonDump, parseCephPoolList, parseCephStatus } from './ceph-output.js';

export interface CephDriver {
  status(target: CephClusterTarget): Promise<CephClusterStatus>;
  fsid(target: CephClusterTarget): Promise<string>;
  capacity(target: CephClusterTarget): Promise<CephCapacity>;
  mons(target: CephClusterTarget): Promise<{ fsid: string; mons: CephMon[] }>;
  pools(target: CephClusterTarget): Promise<CephPool[]>;
  /** Creates the pool (a pool that exists already is left as it is) and enables `rbd` on it. */
  createPool(target: CephClusterTarget, name: string, pgNum: number): Promise<{ pool: CephPool; created: boolean }>;
  /** Deletes the pool and its data; false when there was no such pool. */
  deletePool(target: CephClusterTarget, name: string): Promise<boolean>;
}

/** How long `ceph` waits for a mon: an unreachable cluster is an answer, not a hang. */
const CONNECT_TIMEOUT_SECONDS = 10;
const COMMAND_TIMEOUT_MS = 60_000;

export class CliCephDriver implements CephDriver {
  constructor(private readonly runner: CommandRunner) {}

  async status(target: CephClusterTarget): Promise<CephClusterStatus> {
    return parseCephStatus(await this.json(target, ['-s']));
  }

  async fsid(target: CephClusterTarget): Promise<string> {
    return parseCephFsid(await this.json(target, ['fsid']));
  }

  async capacity(target: CephClusterTarget): Promise<CephCapacity> {
    return parseCephDf(await this.json(target, ['df']));
  }

  async mons(target: CephClusterTarget): Promise<{ fsid: string; mons: CephMon[] }> {
    return parseCephMonDump(await this.json(target, ['mon', 'dump']));
  }

  async pools(target: CephClusterTarget): Promise<CephPool[]> {
    return parseCephPoolList(await this.json(target, ['osd', 'pool', 'ls', 'detail']));
  }

  async createPool(target: CephClusterTarget, name: string, pgNum: number): Promise<{ pool: CephPool; created: boolean }> {
    const existed = (await this.pools(target)).some((p) => p.name === name);
    if (!existed) await this.ceph(target, ['osd', 'pool', 'create', name, String(pgNum), String(pgNum)]);
    await this.ceph(target, ['osd', 'pool', 'application', 'enable', name, 'rbd']);
    const pool = (await this.pools(target)).find((p) => p.name === name);
    if (!pool) throw hostOperationFailure(`pool ${name} is not listed after \`ceph osd pool create\``);
    return { pool, created: !existed };
  }

  async deletePool(target: CephClusterTarget, name: string): Promise<boolean> {
    if (!(await this.pools(target)).some((p) => p.name === name)) return false;
    // Ceph wants the name twice and the flag, and the mon must allow pool deletion
    // (`mon allow pool delete`); when it does not, its EPERM reaches the caller as it is.
    await this.ceph(target, ['osd', 'pool', 'delete', name, name, '--yes-i-really-really-mean-it']);
    return true;
  }

  private json(target: CephClusterTarget, args: string[]): Promise<string> {
    return this.ceph(target, [...args, '--format', 'json']);
  }

  /** stdout; a non-zero exit is HOST.1000 with ceph's stderr. */
  private ceph(target: CephClusterTarget, args: string[]): Promise<string> {
    return runChecked(this.runner, ['ceph', ...cephTargetArgs(target), '--connect-timeout', String(CONNECT_TIMEOUT_SECONDS), ...args], { timeoutMs: COMMAND_TIMEOUT_MS });
  }
}

/** The options that point `ceph` (and `rbd`, which takes the same) at a cluster. */
export function cephTargetArgs(target: CephClusterTarget): string[] {
  return [
    ...(target.confPath ? ['--conf', target.confPath] : []),
    ...(target.keyringPath ? ['--keyring', target.keyringPath] : []),
    ...(target.clientName ? ['--name', target.clientName] : []),
  ];
}
