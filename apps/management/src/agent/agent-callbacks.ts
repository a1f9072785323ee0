// Where agents report the end of long operations (libs/agent-protocol: AgentCallback) and,
// for those that have it, their progress. The node that asked waits here; a callback or a
// progress report is accepted only with the secret of the agent it was expected from. One
// instance per node (AgentModule), shared by every plug-in that makes long agent calls.
import { timingSafeEqual } from 'node:crypto';
import { createSocket } from 'node:dgram';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AGENT_AUTH_HEADER, type AgentCallback, bearer } from '#agent-protocol';
import { ErrorCodes, zstackError } from '#contract';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.js';
import { readJsonBody, sendError, sendJson } from '../rest/http-io.js';
import { HostAgentRoutes } from '../host/host-agent-routes.js';

const CALLBACK_PATH = '/zstack/agent/callbacks/';
const PROGRESS_PATH = '/zstack/agent/progress/';

interface Pending {
  secret: string;
  resolve(callback: AgentCallback): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
  onProgress?: (report: Record<string, unknown>) => void;
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
    this.routes.serve(PROGRESS_PATH, (req, res, taskUuid) => this.handleProgress(req, res, taskUuid));
  }

  /** The URL an agent at `hostIp` can reach this node at, for task `taskUuid`. */
  async urlFor(hostIp: string, taskUuid: string): Promise<string> {
    const base = this.config.agentCallbackUrl ?? `http://${await localAddressToward(hostIp)}:${this.config.port}`;
    return `${base}${CALLBACK_PATH}${taskUuid}`;
  }

  /** The URL an agent at `hostIp` posts the progress of task `taskUuid` to. */
  async progressUrlFor(hostIp: string, taskUuid: string): Promise<string> {
    return (await this.urlFor(hostIp, taskUuid)).replace(CALLBACK_PATH, PROGRESS_PATH);
  }

  /** Waits for the callback of `taskUuid`, from the agent that holds `secret`; its
   *  progress reports, if any, go to `onProgress` meanwhile. */
  expect(taskUuid: string, secret: string, timeoutMs: number, onProgress?: (report: Record<string, unknown>) => void): Promise<AgentCallback> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(taskUuid);
        reject(new Error(`the agent did not report the end of task ${taskUuid} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.pending.set(taskUuid, { secret, resolve, reject, timer, onProgress });
    });
  }

  cancel(taskUuid: string): void {
    const p = this.pending.get(taskUuid);
    if (p) clearTimeout(p.timer);
    this.pending.delete(taskUuid);
  }

  /** The task `taskUuid` waits, and the caller holds its agent's secret; else answers 404. */
  private waitingFor(req: IncomingMessage, res: ServerResponse, taskUuid: string): Pending | null {
    const waiting = this.pending.get(taskUuid);
    const given = Buffer.from(req.headers[AGENT_AUTH_HEADER] ?? '');
    const expected = Buffer.from(waiting ? bearer(waiting.secret) : '');
    if (!waiting || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      sendError(res, 404, zstackError(ErrorCodes.RESOURCE_NOT_FOUND, `no task ${taskUuid} waits for this caller`));
      return null;
    }
    return waiting;
  }

  async handleProgress(req: IncomingMessage, res: ServerResponse, taskUuid: string): Promise<void> {
    const waiting = this.waitingFor(req, res, taskUuid);
    if (!waiting) return;
    const report = await readJsonBody(req);
    waiting.onProgress?.(report as Record<string, unknown>);
    sendJson(res, 200, { success: true, error: null });
  }

  async handle(req: IncomingMessage, res: ServerResponse, taskUuid: string): Promise<void> {
    const waiting = this.waitingFor(req, res, taskUuid);
    if (!waiting) return;
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
