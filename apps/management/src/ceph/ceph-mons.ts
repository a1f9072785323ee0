// The mons of Ceph storage, for both the primary and the backup storage plug-in: a mon host is
// reached over SSH and gets the node's agent (the deploy steps AddKVMHost uses, as role
// `ceph-mon`), which runs the `ceph` CLI there. One agent serves every mon row of a host: a
// cluster used for primary and backup storage has its mons in both, and a second deploy with
// another secret would lock the first storage out.
import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CephAgentPath, type CephClusterTarget, type CephStatusReply } from '#agent-protocol';
import { type AgentReply } from '#agent-protocol';
import { ApiError } from '#contract';
import { type DataSource, type EntityManager, In, Not } from 'typeorm';
import { AgentClient } from '../agent/agent-client.js';
import { AgentDeployer } from '../agent/agent-deployer.js';
import { agentIsCurrent, awaitAgent } from '../agent/agent-readiness.js';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.js';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { logger } from '../logging/logger.js';
import type { SshTarget } from '../ssh/ssh-session.js';
import type { MonUrl } from './ceph-mon-url.js';
import { CephMonEntity, type MonOwner } from './ceph-mon.entity.js';

type Step = (step: string, percent: number) => Promise<void>;
const CEPH_CALL_TIMEOUT_MS = 60_000;
const uuid32 = () => randomUUID().replace(/-/g, '');

export const sshTargetOfMon = (mon: Pick<CephMonEntity, 'hostname' | 'sshPort' | 'username' | 'password'>): SshTarget => ({
  host: mon.hostname,
  port: mon.sshPort,
  username: mon.username,
  password: mon.password,
});

@Injectable()
export class CephMons {
  private readonly log = logger('ceph');

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
    private readonly deployer: AgentDeployer,
  ) {}

  /** Which cluster the mons' agents run `ceph` for: the node's ZSTACK_CEPH_CONF, else the CLI's default. */
  get cluster(): CephClusterTarget {
    return this.config.cephConfPath ? { confPath: this.config.cephConfPath } : {};
  }

  agentOf(mon: Pick<CephMonEntity, 'agentUuid' | 'hostname' | 'agentPort' | 'agentSecret'>): AgentClient {
    return new AgentClient({ hostUuid: mon.agentUuid, ip: mon.hostname, port: mon.agentPort, secret: mon.agentSecret });
  }

  async ofOwner(owner: MonOwner, db: EntityManager = this.db.manager): Promise<CephMonEntity[]> {
    return db.getRepository(CephMonEntity).find({ where: ownerWhere(owner), order: { createDate: 'ASC' } });
  }

  /** Mon rows (not saved yet) for `urls`, each host's agent deployed or reused and asked for the
   *  cluster's fsid: every mon must answer, all for one cluster (`fsid` when given). On a failure
   *  the agents deployed here are removed again and the error names the mon. */
  async prepare(owner: MonOwner, urls: readonly MonUrl[], fsid: string | null, onStep: Step = async () => undefined): Promise<{ mons: CephMonEntity[]; fsid: string }> {
    const mons: CephMonEntity[] = [];
    const deployedHere: CephMonEntity[] = [];
    let clusterFsid = fsid;
    try {
      for (const [i, url] of urls.entries()) {
        const mon = await this.monRowFor(owner, url);
        mons.push(mon);
        await onStep(`reach mon ${url.hostname}`, Math.round(10 + (70 * i) / urls.length));
        const agent = this.agentOf(mon);
        try {
          if (!(await agentIsCurrent(agent, mon.agentUuid, this.deployer.agentVersion))) {
            const deployed = await this.deployer.deploy({ ...sshTargetOfMon(mon), hostUuid: mon.agentUuid, role: 'ceph-mon', agentPort: mon.agentPort, agentSecret: mon.agentSecret });
            Object.assign(mon, deployed);
            deployedHere.push(mon);
            await awaitAgent(agent, mon.agentUuid);
          }
          const { status } = await agent.call<CephStatusReply>(CephAgentPath.status, { cluster: this.cluster }, CEPH_CALL_TIMEOUT_MS);
          clusterFsid ??= status.fsid;
          if (status.fsid !== clusterFsid) throw new Error(`it is a mon of cluster ${status.fsid}, not of ${clusterFsid}`);
        } catch (err) {
          throw ApiError.operation(`mon ${url.hostname}: ${(err as Error).message}`);
        }
      }
    } catch (err) {
      await this.release(deployedHere, []);
      throw err;
    }
    return { mons, fsid: clusterFsid! };
  }

  /** AddMonTo*: the new mons must answer for the storage's cluster; a host that is a mon of it already is refused. */
  async addMons(owner: MonOwner, fsid: string, urls: readonly MonUrl[], onStep?: Step): Promise<void> {
    const known = new Set((await this.ofOwner(owner)).map((m) => m.hostname));
    const again = urls.find((u) => known.has(u.hostname));
    if (again) throw ApiError.operation(`${again.hostname} is a mon of this storage already`);
    const { mons } = await this.prepare(owner, urls, fsid, onStep);
    await this.db.getRepository(CephMonEntity).insert(mons);
  }

  /** RemoveMonFrom*: the mons on these hosts go (and their agents, where no other mon uses them); the last mon stays. */
  async removeMons(owner: MonOwner, hostnames: readonly string[]): Promise<void> {
    const mons = await this.ofOwner(owner);
    const going = mons.filter((m) => hostnames.includes(m.hostname));
    const unknown = hostnames.filter((h) => !mons.some((m) => m.hostname === h));
    if (unknown.length) throw ApiError.invalidArgument(`${unknown.join(', ')} ${unknown.length > 1 ? 'are not mons' : 'is not a mon'} of this storage`);
    if (going.length === mons.length) throw ApiError.operation('a Ceph storage keeps at least one mon: add another before removing the last');
    await this.db.getRepository(CephMonEntity).delete({ uuid: In(going.map((m) => m.uuid)) });
    await this.release(going, []);
  }

  /** Update*Mon: the mon with its new address or SSH login must answer for the same cluster
   *  before the change is kept; it keeps its uuid. */
  async updateMon(monUuid: string, change: Partial<Pick<MonUrl, 'hostname' | 'sshPort' | 'monPort' | 'username' | 'password'>>, fsid: (owner: MonOwner) => Promise<string>): Promise<CephMonEntity> {
    const old = await this.db.getRepository(CephMonEntity).findOneBy({ uuid: monUuid });
    if (!old) throw ApiError.notFound(`Ceph mon ${monUuid} does not exist`);
    const owner: MonOwner = old.primaryStorageUuid ? { primaryStorageUuid: old.primaryStorageUuid } : { backupStorageUuid: old.backupStorageUuid! };
    const url: MonUrl = {
      hostname: change.hostname ?? old.hostname,
      sshPort: change.sshPort ?? old.sshPort,
      monPort: change.monPort ?? old.monPort,
      username: change.username ?? old.username,
      password: change.password ?? old.password,
    };
    if (url.hostname !== old.hostname && (await this.ofOwner(owner)).some((m) => m.hostname === url.hostname)) throw ApiError.operation(`${url.hostname} is a mon of this storage already`);
    const sameHost = url.hostname === old.hostname && url.sshPort === old.sshPort && url.username === old.username;
    const { mons } = await this.prepare(owner, [url], await fsid(owner));
    const updated = { ...mons[0], uuid: old.uuid, createDate: old.createDate };
    await this.db.transaction(async (tx) => {
      await tx.getRepository(CephMonEntity).delete({ uuid: old.uuid });
      await tx.getRepository(CephMonEntity).insert(updated);
    });
    if (!sameHost) await this.release([old], []);
    return updated;
  }

  /** `path` on the storage's first mon that answers; each mon asked gets its status. `db`:
   *  the caller's transaction when it holds one (the embedded database has one connection). */
  async onAnyMon<T extends AgentReply>(owner: MonOwner, path: string, body: object = {}, db: EntityManager = this.db.manager): Promise<T> {
    const failures: string[] = [];
    for (const mon of await this.ofOwner(owner, db)) {
      try {
        const reply = await this.agentOf(mon).call<T>(path, { cluster: this.cluster, ...body }, CEPH_CALL_TIMEOUT_MS);
        await this.setStatus(mon, 'Connected', db);
        return reply;
      } catch (err) {
        failures.push(`${mon.hostname}: ${(err as Error).message}`);
        await this.setStatus(mon, 'Disconnected', db);
      }
    }
    throw ApiError.operation(failures.length ? `no mon answered: ${failures.join('; ')}` : 'the storage has no mon');
  }

  /** Asks every mon for the cluster's fsid: each gets its status; throws when none answers as `fsid`. */
  async checkEvery(owner: MonOwner, fsid: string): Promise<void> {
    const failures: string[] = [];
    const mons = await this.ofOwner(owner);
    await Promise.all(
      mons.map(async (mon) => {
        try {
          const { status } = await this.agentOf(mon).call<CephStatusReply>(CephAgentPath.status, { cluster: this.cluster }, CEPH_CALL_TIMEOUT_MS);
          if (status.fsid !== fsid) throw new Error(`it answers for cluster ${status.fsid}, not ${fsid}`);
          await this.setStatus(mon, 'Connected');
        } catch (err) {
          failures.push(`${mon.hostname}: ${(err as Error).message}`);
          await this.setStatus(mon, 'Disconnected');
        }
      }),
    );
    if (failures.length === mons.length) throw ApiError.operation(`no mon of cluster ${fsid} answered: ${failures.join('; ')}`);
    if (failures.length) this.log.warn({ fsid, failures }, 'some mons did not answer');
  }

  /** Removes the agent from the hosts of `mons` that no other mon row (but those in `alsoGoing`) uses. Best effort. */
  async release(mons: readonly CephMonEntity[], alsoGoing: readonly string[]): Promise<void> {
    const going = [...alsoGoing, ...mons.map((m) => m.uuid)];
    for (const mon of mons) {
      const shared = await this.db.getRepository(CephMonEntity).existsBy({ agentUuid: mon.agentUuid, uuid: Not(In(going)) });
      if (!shared) await this.deployer.uninstall(sshTargetOfMon(mon), 'ceph-mon').catch((err: unknown) => this.log.warn({ host: mon.hostname, err: String(err) }, 'could not remove the mon agent'));
    }
  }

  /** A new row for the mon; the agent of an existing row on the same host and account is reused. */
  private async monRowFor(owner: MonOwner, url: MonUrl): Promise<CephMonEntity> {
    const existing = await this.db.getRepository(CephMonEntity).findOne({ where: { hostname: url.hostname, sshPort: url.sshPort, username: url.username }, order: { createDate: 'ASC' } });
    const now = new Date();
    const uuid = uuid32();
    return Object.assign(new CephMonEntity(), {
      uuid,
      primaryStorageUuid: owner.primaryStorageUuid ?? null,
      backupStorageUuid: owner.backupStorageUuid ?? null,
      hostname: url.hostname,
      monPort: url.monPort,
      monAddr: `${url.hostname}:${url.monPort}`,
      status: 'Connected',
      username: url.username,
      password: url.password,
      sshPort: url.sshPort,
      agentPort: existing?.agentPort ?? this.config.cephMonAgentPort,
      agentSecret: existing?.agentSecret ?? randomBytes(32).toString('hex'),
      agentUuid: existing?.agentUuid ?? uuid,
      agentDir: existing?.agentDir ?? null,
      agentVersion: existing?.agentVersion ?? null,
      createDate: now,
      lastOpDate: now,
    });
  }

  private async setStatus(mon: CephMonEntity, status: string, db: EntityManager = this.db.manager): Promise<void> {
    if (mon.status === status) return;
    mon.status = status;
    await db.getRepository(CephMonEntity).update({ uuid: mon.uuid }, { status, lastOpDate: new Date() });
  }
}

export const ownerWhere = (owner: MonOwner) =>
  owner.primaryStorageUuid ? { primaryStorageUuid: owner.primaryStorageUuid } : { backupStorageUuid: owner.backupStorageUuid! };
