// Where agents report the end of long operations (libs/agent-protocol: AgentCallback).
// The node that asked waits here; a callback is accepted only with the secret of the
// host it was expected from.
import { timingSafeEqual } from 'node:crypto';
import { createSocket } from 'node:dgram';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AGENT_AUTH_HEADER, type AgentCallback, bearer } from '#agent-protocol';
import { ErrorCodes, zstackError } from '#contract';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../../config/config.js';
import { readJsonBody, sendError, sendJson } from '../../rest/http-io.js';
import { HostAgentRoutes } from '../host-agent-routes.js';

const CALLBACK_PATH = '/zstack/agent/callbacks/';

interface Pending {
  secret: string;
  resolve(callback: AgentCallback): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

@Injectable()
export class AgentCallbacks implements OnModuleInit {
  private readonly pending = new Map<string, Pending>();

  constructor(
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
    private readonly routes: HostAgentRoutes,
  ) {}

  onModuleInit(): void {
    this.routes.serve(CALLBACK_PATH, (req, res, taskUuid) => this.handle(req, res, taskUuid));
  }

  /** The URL an agent at `hostIp` can reach this node at, for task `taskUuid`. */
  async urlFor(hostIp: string, taskUuid: string): Promise<string> {
    const base = this.config.agentCallbackUrl ?? `http://${await localAddressToward(hostIp)}:${this.config.port}`;
    return `${base}${CALLBACK_PATH}${taskUuid}`;
  }

  /** Waits for the callback of `taskUuid`, from the agent that holds `secret`. */
  expect(taskUuid: string, secret: string, timeoutMs: number): Promise<AgentCallback> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(taskUuid);
        reject(new Error(`the agent did not report the end of task ${taskUuid} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.pending.set(taskUuid, { secret, resolve, reject, timer });
    });
  }

  cancel(taskUuid: string): void {
    const p = this.pending.get(taskUuid);
    if (p) clearTimeout(p.timer);
    this.pending.delete(taskUuid);
  }

  async handle(req: IncomingMessage, res: ServerResponse, taskUuid: string): Promise<void> {
    const waiting = this.pending.get(taskUuid);
    const given = Buffer.from(req.headers[AGENT_AUTH_HEADER] ?? '');
    const expected = Buffer.from(waiting ? bearer(waiting.secret) : '');
    if (!waiting || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return sendError(res, 404, zstackError(ErrorCodes.RESOURCE_NOT_FOUND, `no task ${taskUuid} waits for this caller`));
    }
    const callback = (await readJsonBody(req)) as unknown as AgentCallback;
    clearTimeout(waiting.timer);
    this.pending.delete(taskUuid);
    waiting.resolve(callback);
    sendJson(res, 200, { success: true, error: null });
  }
}

/** The local address the kernel would use to reach `ip` (no packet is sent). */
function localAddressToward(ip: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = createSocket(ip.includes(':') ? 'udp6' : 'udp4');
    socket.connect(9, ip, () => {
      const { address } = socket.address();
      socket.close();
      resolve(address.includes(':') ? `[${address}]` : address);
    });
    socket.on('error', () => {
      socket.close();
      resolve('127.0.0.1');
    });
  });
}
