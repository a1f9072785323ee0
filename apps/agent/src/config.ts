// agent.json: written by the deployer (mode 0600, it holds the secret), read at every start.
import { AgentFiles, type AgentConfig } from '#agent-protocol';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** agent.json is missing or wrong; the message names the file and the field. */
export class AgentConfigError extends Error {}

export interface LoadedConfig {
  config: AgentConfig;
  /** Absolute; agent.pid and a relative logFile live beside it. */
  path: string;
  /** Group or others may read it: the secret is exposed to other users of the host. */
  readableByOthers: boolean;
}

/** agent.json beside the bundle, where the deployer puts it. */
export const defaultConfigPath = (bundle: string): string => join(dirname(bundle), AgentFiles.config);
export const pidFilePath = (configPath: string): string => join(dirname(configPath), AgentFiles.pid);

export function loadAgentConfig(path: string): LoadedConfig {
  const absolute = resolve(path);
  let text: string;
  let mode: number;
  try {
    text = readFileSync(absolute, 'utf8');
    mode = statSync(absolute).mode;
  } catch (err) {
    throw new AgentConfigError(`cannot read ${absolute}: ${(err as Error).message}`);
  }
  return { config: parseAgentConfig(text, absolute), path: absolute, readableByOthers: (mode & 0o077) !== 0 };
}

/** Checks every field, so a bad deployment fails at `start` with the field's name, not later. */
export function parseAgentConfig(text: string, path: string): AgentConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new AgentConfigError(`${path} is not JSON: ${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new AgentConfigError(`${path} must hold a JSON object`);
  const fields = raw as Record<string, unknown>;
  const stringField = (name: keyof AgentConfig): string => {
    const value = fields[name];
    if (typeof value !== 'string' || value.trim() === '') throw new AgentConfigError(`${path}: "${name}" must be a non-empty string`);
    return value;
  };
  const port = fields.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new AgentConfigError(`${path}: "port" must be an integer from 1 to 65535`);
  }
  return {
    hostUuid: stringField('hostUuid'),
    listenAddress: stringField('listenAddress'),
    port,
    secret: stringField('secret'),
    libvirtUri: stringField('libvirtUri'),
    logFile: resolve(dirname(path), stringField('logFile')),
  };
}
