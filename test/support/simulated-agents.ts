// Simulated host agents for tests and benchmarks of the ping tracker: one real HTTP
// server per simulated host on its own loopback address, answering the agent protocol's
// /ping (bearer secret checked) as the real agent does, and counting the pings. Plus
// the rows that make them KVM hosts of a management node's database.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { AGENT_AUTH_HEADER, AGENT_KEEP_ALIVE_MS, AgentPath, bearer, type PingReply, VmAgentPath } from '#agent-protocol';
import type pg from 'pg';

export interface SimulatedHost {
  uuid: string;
  ip: string;
  port: number;
  secret: string;
}

const newUuid = () => randomUUID().replace(/-/g, '');

/** `n` hosts on 127.<prefix>.x.y, all with their agent on `port`. */
export function simulatedHosts(n: number, prefix: number, port: number): SimulatedHost[] {
  return Array.from({ length: n }, (_, i) => ({ uuid: newUuid(), ip: `127.${prefix}.${Math.floor(i / 250)}.${1 + (i % 250)}`, port, secret: randomBytes(16).toString('hex') }));
}

export class SimulatedAgents {
  private readonly servers = new Map<string, Server>();
  private readonly counts = new Map<string, number>();
  private readonly started = Date.now();

  /** `vms`: the agent also plays libvirt and qemu-img for the VM paths (bench:vms): domains are
   *  kept in memory with their states, root volumes are answered with `volumeBytes`. */
  async serve(host: SimulatedHost, vms: { volumeBytes: number } | null = null): Promise<void> {
    const expected = bearer(host.secret);
    const domains = new Map<string, string>();
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const answer = (status: number, reply: object) => {
          const body = JSON.stringify(reply);
          res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
        };
        if (req.headers[AGENT_AUTH_HEADER] !== expected) return answer(401, { success: false });
        if (req.url === AgentPath.ping) {
          this.counts.set(host.uuid, (this.counts.get(host.uuid) ?? 0) + 1);
          const reply: PingReply = { success: true, error: null, hostUuid: host.uuid, agentVersion: 'simulated', uptime: (Date.now() - this.started) / 1000 };
          return answer(200, reply);
        }
        if (!vms) return answer(404, { success: false });
        const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { vmUuid?: string; volumePath?: string; start?: boolean };
        const ok = { success: true, error: null };
        const state = (vmUuid: string, next?: string) => {
          if (next === 'absent') domains.delete(vmUuid);
          else if (next) domains.set(vmUuid, next);
          return { ...ok, vm: { vmUuid, state: domains.get(vmUuid) ?? 'absent' } };
        };
        switch (req.url) {
          case VmAgentPath.createRootVolume:
            return answer(200, { ...ok, volume: { path: body.volumePath, size: vms.volumeBytes, actualSize: 196_616 } });
          case VmAgentPath.deleteVolume:
            return answer(200, ok);
          case VmAgentPath.define:
            return answer(200, state(body.vmUuid!, body.start ? 'running' : (domains.get(body.vmUuid!) ?? 'shut off')));
          case VmAgentPath.start:
            return answer(200, state(body.vmUuid!, 'running'));
          case VmAgentPath.stop:
            return answer(200, { ...state(body.vmUuid!, 'shut off'), forced: false });
          case VmAgentPath.undefine:
            return answer(200, state(body.vmUuid!, 'absent'));
          default:
            return answer(404, { success: false });
        }
      });
    });
    server.keepAliveTimeout = AGENT_KEEP_ALIVE_MS; // as the real agent
    this.servers.set(host.uuid, server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(host.port, host.ip, () => resolve());
    });
  }

  /** The agent dies: its server closes, so pings are refused as after a crash. */
  kill(uuid: string): void {
    const server = this.servers.get(uuid);
    this.servers.delete(uuid);
    server?.close();
    server?.closeAllConnections();
  }

  pings(uuid?: string): number {
    if (uuid) return this.counts.get(uuid) ?? 0;
    let total = 0;
    for (const c of this.counts.values()) total += c;
    return total;
  }

  stop(): void {
    for (const uuid of [...this.servers.keys()]) this.kill(uuid);
  }
}

/** A zone, a KVM cluster and the hosts, Connected, written straight into the database. */
export async function seedKvmHosts(db: pg.Client, hosts: SimulatedHost[]): Promise<void> {
  const zone = newUuid();
  const cluster = newUuid();
  await db.query(`INSERT INTO zone (uuid, name, state, type, "createDate", "lastOpDate") VALUES ($1, 'simulated', 'Enabled', 'zstack', now(), now())`, [zone]);
  await db.query(`INSERT INTO cluster (uuid, name, state, "hypervisorType", type, "zoneUuid", "createDate", "lastOpDate") VALUES ($1, 'simulated', 'Enabled', 'KVM', 'zstack', $2, now(), now())`, [cluster, zone]);
  for (let i = 0; i < hosts.length; i += 1000) {
    const batch = hosts.slice(i, i + 1000);
    await db.query(
      `INSERT INTO host (uuid, "zoneUuid", "clusterUuid", name, "managementIp", "hypervisorType", state, status, "createDate", "lastOpDate")
       SELECT u, $1, $2, 'sim-' || ip, ip, 'KVM', 'Enabled', 'Connected', now(), now() FROM unnest($3::text[], $4::text[]) AS t(u, ip)`,
      [zone, cluster, batch.map((h) => h.uuid), batch.map((h) => h.ip)],
    );
    await db.query(
      `INSERT INTO kvm_host (uuid, username, password, "sshPort", "agentPort", "agentSecret")
       SELECT u, 'root', 'unused', 22, p, s FROM unnest($1::text[], $2::int[], $3::text[]) AS t(u, p, s)`,
      [batch.map((h) => h.uuid), batch.map((h) => h.port), batch.map((h) => h.secret)],
    );
  }
}
