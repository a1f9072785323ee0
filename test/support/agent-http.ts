// Talking to an agent server the way the management node does: POST, JSON body, bearer secret.
import { bearer, type AgentReply } from '#agent-protocol';

export type AgentPost = (path: string, body: unknown) => Promise<{ status: number; reply: AgentReply & Record<string, unknown> }>;

/** `baseUrl` is read at each call, so a server that learns its port later can be passed as a function. */
export function agentPoster(baseUrl: () => string, secret: string): AgentPost {
  return async (path, body) => {
    const response = await fetch(`${baseUrl()}${path}`, { method: 'POST', headers: { authorization: bearer(secret) }, body: JSON.stringify(body) });
    return { status: response.status, reply: (await response.json()) as AgentReply & Record<string, unknown> };
  };
}
