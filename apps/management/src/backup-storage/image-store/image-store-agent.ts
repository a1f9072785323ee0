import type { SshTarget } from '../../ssh/ssh-session.js';
import { AgentClient } from '../../agent/agent-client.js';
import type { ImageStoreHostEntity } from './image-store-host.entity.js';

/** How the node reaches an ImageStore's host: over SSH (deploy) and its agent over HTTP. */
export const sshTargetOf = (host: ImageStoreHostEntity): SshTarget => ({ host: host.hostname, port: host.sshPort, username: host.username, password: host.password });

export const imageStoreAgentOf = (host: ImageStoreHostEntity): AgentClient =>
  new AgentClient({ hostUuid: host.uuid, ip: host.hostname, port: host.agentPort, secret: host.agentSecret });
