// The command runner against real programs of this machine (sh, printf, sleep).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentLog } from './agent-log.js';
import { isOnPath, SpawnCommandRunner } from './command-runner.js';
import { isLive } from './service/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'agent-runner-'));
const logFile = join(dir, 'agent.log');
const runner = new SpawnCommandRunner(new AgentLog(logFile, ['topsecret-123']));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('running a command on the host', () => {
  it("returns the program's exit code, stdout and stderr", async () => {
    const result = await runner.run(['sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(result).toMatchObject({ returnCode: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false, started: true });
  });

  it('passes each argument as it is, with no shell to read it', async () => {
    const literal = '$HOME; rm -rf / `id` *';
    expect((await runner.run(['printf', '%s', literal])).stdout).toBe(literal);
  });

  it('answers 127 for a program that does not exist, without throwing', async () => {
    expect(await runner.run(['no-such-program-4711'])).toMatchObject({ returnCode: 127, started: false, stderr: 'no-such-program-4711: command not found' });
  });

  it('kills the program and what it started when the timeout passes', async () => {
    const started = Date.now();
    const result = await runner.run(['sh', '-c', 'sleep 30 & echo $!; wait'], { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result).toMatchObject({ timedOut: true, returnCode: 137 });
    expect(isLive(Number(result.stdout.trim()))).toBe(false);
  });

  it('logs each command with its exit code, and never the secret', async () => {
    await runner.run(['echo', 'topsecret-123']);
    const log = readFileSync(logFile, 'utf8');
    expect(log).not.toContain('topsecret-123');
    const line = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; argv: string[]; returnCode: number })
      .find((l) => l.argv[0] === 'echo');
    expect(line).toMatchObject({ event: 'command', argv: ['echo', '***'], returnCode: 0 });
  });

  it('masks the secrets a command names in its result and its log line', async () => {
    const result = await runner.run(['sh', '-c', 'echo "url iscsi://u%$1@host" >&2; echo "$1"', 'sh', 'chap-4711-secret'], { secrets: ['chap-4711-secret'] });
    expect(result).toMatchObject({ argv: ['sh', '-c', expect.any(String), 'sh', '***'], stdout: '***\n', stderr: 'url iscsi://u%***@host\n' });
    expect(readFileSync(logFile, 'utf8')).not.toContain('chap-4711-secret');
  });

  it('finds programs on PATH as a shell would', () => {
    expect(isOnPath('sh')).toBe(true);
    expect(isOnPath('sh', '/nonexistent')).toBe(false);
  });
});
