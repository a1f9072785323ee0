// What zstack-cli sends and reads, rebuilt from zstack-utility's public source:
// apibinding/apibinding/api.py (Api.async_call_wait_for_complete, the one call zstack-cli
// makes for every API), zstacklib/utils/http.py (json_post: the URL built with a trailing
// slash, `Content-Type: application/json`, `Connection: close`) and
// zstacklib/utils/jsonobject.py (its reader). Fields left at None are not sent.
import { send } from './zstack-sdks.js';

export interface MessageResult {
  /** The answer's class, e.g. org.zstack.header.zone.APICreateZoneEvent. */
  name: string;
  event: any;
  /** Every answer read on the way (the POST's and each poll's), for the tests to inspect. */
  answers: { status: number; body: any }[];
}

/** Fails as zstack-cli would on an answer it cannot use: one holding `null` (the tests
 *  hold this server to "none anywhere", ZStack's Gson writes none), or without `state`
 *  (zstack-cli would then poll /zstack/api/result/None for ever). */
export function assertUsableAnswer(body: unknown): void {
  const nulls: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (v === null) nulls.push(path);
    else if (Array.isArray(v)) v.forEach((e, i) => walk(e, `${path}[${i}]`));
    else if (typeof v === 'object') for (const [k, e] of Object.entries(v as object)) walk(e, `${path}.${k}`);
  };
  walk(body, '$');
  const state = (body as { state?: unknown } | null)?.state;
  if (typeof state !== 'string') throw new Error(`an answer without state: ${JSON.stringify(body)}`);
  const result = (body as { result?: unknown }).result;
  if (typeof result === 'string') walk(JSON.parse(result), '$.result');
  if (nulls.length) throw new Error(`null at ${nulls.join(', ')} in ${JSON.stringify(body)}`);
}

export class ApiBinding {
  constructor(
    private readonly baseUrl: string,
    /** apibinding polls every 500 ms; the tests poll faster, the requests are the same. */
    private readonly intervalMs = 100,
  ) {}

  private readonly headers = { 'Content-Type': 'application/json', Connection: 'close' };

  /** POSTs `{FULL_NAME: message}` to /zstack/api/ and polls /zstack/api/result/<uuid> until Done. */
  async call(fullName: string, message: Record<string, unknown>): Promise<MessageResult> {
    const fields = Object.fromEntries(Object.entries(message).filter(([, v]) => v !== undefined && v !== null));
    const answers: MessageResult['answers'] = [];
    let answer = await send('POST', `${this.baseUrl}/zstack/api/`, this.headers, JSON.stringify({ [fullName]: fields }));
    answers.push(answer);
    assertUsableAnswer(answer.body);
    const uuid = answer.body.uuid;
    for (let waited = 0; answer.body.state !== 'Done'; waited += this.intervalMs) {
      if (waited > 90_000) throw new Error(`${fullName} still running`);
      await new Promise((r) => setTimeout(r, this.intervalMs));
      // json_dump_get: json_post with method GET and no body.
      answer = await send('GET', `${this.baseUrl}/zstack/api/result/${uuid}`, { ...this.headers, 'Content-Length': '0' });
      answers.push(answer);
      assertUsableAnswer(answer.body);
    }
    const [name, event] = Object.entries(JSON.parse(answer.body.result) as Record<string, unknown>)[0];
    return { name, event, answers };
  }

  /** A raw POST body, for the malformed cases. */
  async raw(body: string, path = '/zstack/api/'): Promise<{ status: number; body: any }> {
    return send('POST', `${this.baseUrl}${path}`, this.headers, body);
  }
}
