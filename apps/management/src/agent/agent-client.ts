// Talks to a host's agent over HTTP (libs/agent-protocol): JSON in, JSON out, the host's
// secret as a bearer token. One keep-alive pool for the whole node, so pinging thousands
// of hosts reuses connections instead of opening one per ping.
import { Agent, request } from 'node:http';
import {
  AGENT_AUTH_HEADER,
  AGENT_KEEP_ALIVE_MS,
  type AgentReply,
  AgentPath,
  bearer,
  DEFAULT_EXEC_TIMEOUT_MS,
  type ExecCommand,
  type ExecReply,
  type HostFactsReply,
  type HypervisorInfoReply,
  type PingReply,
} from '#agent-protocol';

export interface AgentAddress {
  hostUuid: string;
  ip: string;
  port: number;
  secret: string;
}

/** The agent did not answer, or answered with an error. */
export class AgentCallError extends Error {
  constructor(
    message: string,
    readonly unreachable: boolean,
  ) {
    super(message);
  }
}

// One idle connection kept per host, closed a little before the agent would close it.
const pool = new Agent({ keepAlive: true, maxSockets: 4, maxFreeSockets: 1, timeout: AGENT_KEEP_ALIVE_MS - 10_000 });

export class AgentClient {
  constructor(readonly address: AgentAddress) {}

  ping(timeoutMs = 5_000): Promise<PingReply> {
    return this.call<PingReply>(AgentPath.ping, {}, timeoutMs);
  }

  facts(): Promise<HostFactsReply> {
    return this.call<HostFactsReply>(AgentPath.hostFacts, {}, 30_000);
  }

  hypervisor(): Promise<HypervisorInfoReply> {
    return this.call<HypervisorInfoReply>(AgentPath.hypervisorInfo, {}, 30_000);
  }

  exec(command: ExecCommand): Promise<ExecReply> {
    return this.call<ExecReply>(AgentPath.exec, command, (command.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS) + 5_000);
  }

  /** Any agent path (the host agent channel's calls). */
  call<T extends AgentReply>(path: string, body: unknown, timeoutMs: number): Promise<T> {
    const { ip, port, secret } = this.address;
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      const req = request(
        { host: ip, port, path, method: 'POST', agent: pool, timeout: timeoutMs, headers: { 'content-type': 'application/json', 'content-length': payload.length, [AGENT_AUTH_HEADER]: bearer(secret) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => reject(new AgentCallError(`agent at ${ip}:${port}: ${e.message}`, true)));
          res.on('end', () => {
            let reply: T;
            try {
              reply = JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
            } catch {
              return reject(new AgentCallError(`agent at ${ip}:${port} answered ${res.statusCode} with a body that is not JSON`, false));
            }
            if (res.statusCode === 401) return reject(new AgentCallError(`agent at ${ip}:${port} refused this node's secret (another agent on that address?)`, false));
            if (res.statusCode !== 200 || !reply.success) {
              const error = reply.error;
              return reject(new AgentCallError(`agent at ${ip}:${port} ${path} failed: ${error ? `${error.code} ${error.details ?? error.description}` : `HTTP ${res.statusCode}`}`, false));
            }
            resolve(reply);
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (e: Error & { code?: string }) => reject(new AgentCallError(`agent at ${ip}:${port} unreachable: ${e.code === 'ECONNREFUSED' ? 'connection refused' : e.message}`, true)));
      req.end(payload);
    });
  }
}
