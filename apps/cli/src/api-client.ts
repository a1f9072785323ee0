// Talking to a management node: one call, and waiting for an asynchronous call's job.
import type { HttpRequest } from './request-builder.js';

export interface Answer {
  status: number;
  body: any;
}

export class ServerUnreachable extends Error {}

export class ApiClient {
  constructor(
    readonly server: string,
    public sessionUuid: string | null = null,
  ) {}

  get baseUrl(): string {
    return /^https?:\/\//.test(this.server) ? this.server : `http://${this.server}`;
  }

  async send(req: HttpRequest): Promise<Answer> {
    const qs = req.search.toString();
    return this.fetch(req.method, `${this.baseUrl}/zstack${req.path}${qs ? `?${qs}` : ''}`, req.body);
  }

  async fetch(method: string, url: string, body?: unknown): Promise<Answer> {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { 'Content-Type': 'application/json', ...(this.sessionUuid ? { Authorization: `OAuth ${this.sessionUuid}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ServerUnreachable(`cannot reach ${this.baseUrl}: ${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message}`);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      // not JSON: shown as it came
    }
    return { status: res.status, body: parsed };
  }

  /** Polls a job location until it ends, telling `onProgress` what the node reports. */
  async waitForJob(location: string, onProgress: (progress: { step?: string; percent?: number } | null) => void): Promise<Answer> {
    for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
      const answer = await this.fetch('GET', location);
      if (answer.status !== 202) return answer;
      onProgress(answer.body?.progress ?? null);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
