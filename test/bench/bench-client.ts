// The load generator's HTTP client for bench:api: what ZStackClient does (a call, then its
// job location polled every 20 ms until it is no longer 202), over node:http with kept-alive
// connections. fetch (undici) cost the bench process as much CPU per job as the node under
// test, on the same two cores: the figures then said more about the client than the node.
import { Agent, request } from 'node:http';

export interface BenchAnswer {
  status: number;
  body: any;
}

export class BenchClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    baseUrl: string,
    private readonly session: string,
    connections: number,
  ) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  call(method: string, path: string, body?: unknown): Promise<BenchAnswer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { Authorization: `OAuth ${this.session}` };
    if (payload !== undefined) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) });
    return new Promise((resolve, reject) => {
      const req = request({ host: this.host, port: this.port, method, path: `/zstack${path}`, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** An async call: expects 202, then polls its location to the end. */
  async run(method: string, path: string, body?: unknown): Promise<BenchAnswer> {
    const accepted = await this.call(method, path, body);
    if (accepted.status !== 202) return accepted;
    const location = new URL(accepted.body.location).pathname.replace(/^\/zstack/, '');
    for (;;) {
      const answer = await this.call('GET', location);
      if (answer.status !== 202) return answer;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.agent.destroy();
  }
}
