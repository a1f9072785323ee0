import { describe, expect, it } from 'vitest';
import { AgentConfigError, parseAgentConfig } from './config.js';

const good = { hostUuid: 'h1', listenAddress: '10.0.0.5', port: 7070, secret: 's', libvirtUri: 'qemu:///system', logFile: 'agent.log' };

describe('agent.json', () => {
  it('puts a relative log file beside agent.json', () => {
    expect(parseAgentConfig(JSON.stringify(good), '/opt/zstack-agent/agent.json').logFile).toBe('/opt/zstack-agent/agent.log');
  });

  it('names the file and the field that is wrong', () => {
    expect(() => parseAgentConfig(JSON.stringify({ ...good, secret: '' }), '/a/agent.json')).toThrow('/a/agent.json: "secret" must be a non-empty string');
    expect(() => parseAgentConfig(JSON.stringify({ ...good, port: 70000 }), '/a/agent.json')).toThrow('"port" must be an integer from 1 to 65535');
    expect(() => parseAgentConfig('{', '/a/agent.json')).toThrow(AgentConfigError);
  });
});
