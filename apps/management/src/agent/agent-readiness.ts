// Whether an agent answers as the one the node deployed there, and waiting for a
// just-started one: the same for a KVM host's agent and an ImageStore host's.
import { AgentCallError, type AgentClient } from './agent-client.js';
import { HostStepError } from './agent-deployer.js';

/** The agent answers as `uuid` and runs the bundle `version` (else it is redeployed). */
export async function agentIsCurrent(agent: AgentClient, uuid: string, version: string): Promise<boolean> {
  try {
    const pong = await agent.ping(3_000);
    return pong.hostUuid === uuid && pong.agentVersion === version;
  } catch {
    return false;
  }
}

/** Resolves once the agent answers as `uuid`; a just-started agent takes a moment to
 *  listen, so "unreachable" is retried until `timeoutMs`. Fails the "connect to agent" step. */
export async function awaitAgent(agent: AgentClient, uuid: string, timeoutMs = 15_000): Promise<void> {
  const { ip, port } = agent.address;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const pong = await agent.ping(3_000);
      if (pong.hostUuid !== uuid) throw new HostStepError('connect to agent', `the agent at ${ip}:${port} belongs to host ${pong.hostUuid}`);
      return;
    } catch (err) {
      if (!(err instanceof AgentCallError) || !err.unreachable || Date.now() > deadline) throw err instanceof AgentCallError ? new HostStepError('connect to agent', err.message) : err;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}
