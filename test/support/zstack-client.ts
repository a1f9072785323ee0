// A small zstack/v1 client for tests and benchmarks: what a script with curl does.
import { createHash } from 'node:crypto';

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

export class ZStackClient {
  session: string | null = null;

  constructor(readonly baseUrl: string) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${this.baseUrl}/zstack${path}`, {
      method,
      headers: {
        'Content-Type': 'application/json',
        ...(this.session ? { Authorization: `OAuth ${this.session}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text, the test will say so
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  async login(accountName = 'admin', password = 'password', key = 'logInByAccount'): Promise<Answer> {
    const answer = await this.call('PUT', '/v1/accounts/login', { [key]: { accountName, password: createHash('sha512').update(password).digest('hex') } });
    if (answer.status === 200) this.session = answer.body.inventory.uuid;
    return answer;
  }

  /** Polls a job location until it is no longer 202. */
  async poll(location: string, timeoutMs = 30_000): Promise<Answer> {
    const path = new URL(location).pathname.replace(/^\/zstack/, '');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = await this.call('GET', path);
      if (answer.status !== 202) return answer;
      if (Date.now() > deadline) throw new Error(`job ${location} still running after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** An async call: expects 202, then polls to the end. */
  async run(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<Answer> {
    const accepted = await this.call(method, path, body, headers);
    if (accepted.status !== 202) return accepted;
    return this.poll(accepted.body.location, timeoutMs);
  }
}
