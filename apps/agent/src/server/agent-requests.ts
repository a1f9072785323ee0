// Checks the bodies of the commands that carry arguments. A bad body answers 400 SYS.1007
// naming the field, before anything runs on the host.
import type { ExecCommand, UpdateOsCommand } from '#agent-protocol';
import { badRequest as invalid } from '../agent-errors.js';
import { MAX_EXEC_TIMEOUT_MS } from '../drivers/command/command-driver.js';
import { PACKAGE_NAME } from '../drivers/os-update/package-tools.js';

export function execCommandOf(body: Record<string, unknown>): ExecCommand {
  const { argv, timeoutMs } = body;
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string') || argv[0] === '') {
    throw invalid('argv must be a non-empty array of strings, the program first');
  }
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_EXEC_TIMEOUT_MS)) {
    throw invalid(`timeoutMs must be an integer from 1 to ${MAX_EXEC_TIMEOUT_MS}`);
  }
  return { argv: argv as string[], timeoutMs: timeoutMs as number | undefined };
}

export function updateOsCommandOf(body: Record<string, unknown>): UpdateOsCommand {
  const { taskUuid, callbackUrl, excludePackages = [] } = body;
  if (typeof taskUuid !== 'string' || taskUuid === '') throw invalid('taskUuid must be a non-empty string');
  if (typeof callbackUrl !== 'string' || !isHttpUrl(callbackUrl)) throw invalid('callbackUrl must be an http(s) URL');
  if (!Array.isArray(excludePackages) || !excludePackages.every((p) => typeof p === 'string' && PACKAGE_NAME.test(p))) {
    throw invalid('excludePackages must be an array of package names');
  }
  return { taskUuid, callbackUrl, excludePackages: excludePackages as string[] };
}

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
