// The requests ZStack's own SDKs send, rebuilt from their public source (zstackio/zstack):
// - the Python SDK `zssdk.py` (testlib/src/main/resources/zssdk.py, to which
//   testlib/.../PythonSdkGenerator.groovy appends one action class per API);
// - the Java SDK (sdk/src/main/java/org/zstack/sdk/ZSClient.java and the *Action classes).
// Only the wire shape is rebuilt (URL, query string, headers, body, polling), so that a
// server stricter than ZStack's RestServer fails here first. Sent with node:http, which
// puts the headers on the wire as given (`Connection: close` included).
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { ApiSpec } from '#contract';

export interface SdkAnswer {
  status: number;
  body: any;
}

/** One action: the API and the values set on its action object. */
export interface SdkAction {
  api: ApiSpec;
  params: Record<string, unknown>;
  /** Query actions: `conditions` and the query fields of QueryAction. */
  conditions?: string[];
  query?: { limit?: number; start?: number; count?: boolean; replyWithCount?: boolean; sortBy?: string; sortDirection?: 'asc' | 'desc'; fields?: string[] };
}

export interface ZStackSdk {
  readonly name: string;
  call(action: SdkAction): Promise<SdkAnswer>;
}

const jobUuid = () => randomUUID().replace(/-/g, '');

export function send(method: string, url: string, headers: Record<string, string>, body?: string): Promise<SdkAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          // not JSON: the test shows the text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The SDK's path: the contract's without `/v1` (both SDKs add it). */
const sdkPath = (api: ApiSpec) => api.path.replace(/^\/v1/, '');
const substitute = (path: string, params: Record<string, unknown>) => path.replace(/\{(\w+)\}/g, (_, name) => String(params[name]));

/** Python 2's `'%s' % value`: booleans capitalised, lists as their repr. */
function pythonStr(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return `[${value.map((v) => `'${v}'`).join(', ')}]`;
  return String(value);
}

async function pollUntilDone(location: string, headers: Record<string, string>): Promise<SdkAnswer> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const answer = await send('GET', location, headers);
    if (answer.status !== 202) return answer;
    if (Date.now() > deadline) throw new Error(`job ${location} still running`);
    // Both SDKs sleep a configurable interval between polls (Python: 1 s by default).
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** zssdk.py: AbstractAction.call / QueryAction._query_string / _json_http. */
export class PythonSdk implements ZStackSdk {
  readonly name = 'Python SDK (zssdk.py)';

  constructor(
    private readonly baseUrl: string,
    private readonly sessionId: string,
  ) {}

  async call(action: SdkAction): Promise<SdkAnswer> {
    const { api } = action;
    // `_params()`: every field set on the action, the session included.
    const params: Record<string, unknown> = { ...action.params, sessionId: this.sessionId };
    let url = `${this.baseUrl}/zstack/v1${substitute(sdkPath(api), params)}`;
    // Its URL-variable check (`re.findall('${(.+?)}', ...)`) never matches, so URL
    // variables are not left out of the body: `uuid` travels in the body key too.
    let body: string | undefined;
    if (api.queryResource) url += `?${this.queryString(action)}`;
    else if (api.method === 'GET' || api.method === 'DELETE') url += `?${Object.entries(params).map(([k, v]) => `${k}=${pythonStr(v)}`).join('&')}`;
    else body = JSON.stringify({ [api.bodyKey ?? '']: Object.fromEntries(Object.entries(params).filter(([k]) => k !== 'sessionId')) });
    const headers = { 'X-Job-UUID': jobUuid(), Authorization: `OAuth ${this.sessionId}`, 'Content-Type': 'application/json', Connection: 'close' };
    const answer = await send(api.method, url, headers, body);
    if (answer.status !== 202) return answer;
    return pollUntilDone(answer.body.location, { Authorization: `OAuth ${this.sessionId}`, 'Content-Type': 'application/json', Connection: 'close' });
  }

  /** Not URL-encoded, as zssdk.py writes it; booleans as Python prints them (`count=True`). */
  private queryString(action: SdkAction): string {
    const q = action.query ?? {};
    const parts = (action.conditions ?? []).map((c) => `q=${c}`);
    for (const name of ['limit', 'start', 'count', 'replyWithCount'] as const) if (q[name] !== undefined) parts.push(`${name}=${pythonStr(q[name])}`);
    if (q.sortBy) parts.push(`sort=${q.sortDirection ? (q.sortDirection === 'asc' ? '+' : '-') : ''}${q.sortBy}`);
    if (q.fields) parts.push(`fields=${q.fields.join(',')}`);
    parts.push(`sessionId=${this.sessionId}`);
    return parts.join('&');
  }
}

/** ZSClient.java: fillNonQueryApiRequestBuilder / fillQueryApiRequestBuilder / syncPollResult. */
export class JavaSdk implements ZStackSdk {
  readonly name = 'Java SDK (ZSClient)';

  constructor(
    private readonly baseUrl: string,
    private readonly sessionId: string,
  ) {}

  async call(action: SdkAction): Promise<SdkAnswer> {
    const { api } = action;
    const path = sdkPath(api);
    const urlVars = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const url = new URL(`${this.baseUrl}/zstack/v1${substitute(path, action.params)}`);
    const params = Object.fromEntries(Object.entries(action.params).filter(([k]) => !urlVars.includes(k)));
    const headers: Record<string, string> = { 'X-Job-UUID': jobUuid(), 'X-JSON-Schema': 'true', Authorization: `OAuth ${this.sessionId}` };
    let body: string | undefined;
    if (api.queryResource) this.queryParams(url, action);
    else if (api.method === 'GET' || api.method === 'DELETE') {
      for (const [k, v] of Object.entries(params)) for (const each of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(each));
    } else {
      body = JSON.stringify({ [api.bodyKey ?? '']: params });
      headers['Content-Type'] = 'application/json; charset=utf-8';
    }
    const answer = await send(api.method, url.toString(), headers, body);
    if (answer.status !== 202) return answer;
    return pollUntilDone(answer.body.location, { Authorization: `OAuth ${this.sessionId}`, 'X-JSON-Schema': 'true' });
  }

  /** OkHttp's addQueryParameter: each value URL-encoded, booleans as Java prints them. */
  private queryParams(url: URL, action: SdkAction): void {
    const q = action.query ?? {};
    for (const c of action.conditions ?? []) url.searchParams.append('q', c);
    for (const name of ['limit', 'start', 'count', 'replyWithCount'] as const) if (q[name] !== undefined) url.searchParams.append(name, String(q[name]));
    if (q.sortBy) url.searchParams.append('sort', `${q.sortDirection ? (q.sortDirection === 'asc' ? '+' : '-') : ''}${q.sortBy}`);
    if (q.fields) url.searchParams.append('fields', q.fields.join(','));
  }
}
