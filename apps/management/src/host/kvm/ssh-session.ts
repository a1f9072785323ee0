// One SSH connection to a host (ssh2): run programs, upload files. Programs are given as
// argument arrays and every argument is single-quoted for the remote shell, so nothing an
// operator typed is ever interpreted by it; a script (KvmRunShell) travels on stdin.
import { ApiError } from '#contract';
import { Client, type ClientChannel, type SFTPWrapper } from 'ssh2';

export interface SshTarget {
  host: string;
  port: number;
  username: string;
  password: string;
}

export interface CommandResult {
  returnCode: number;
  stdout: string;
  stderr: string;
}

/** Why an SSH connection failed, in words an operator acts on. */
export class SshConnectError extends Error {}

/** An API's sshPort: absent means `fallback`; anything but a TCP port is refused. */
export function sshPortOf(value: unknown, fallback: number): number {
  const port = value === undefined || value === null ? fallback : Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw ApiError.invalidArgument(`sshPort ${String(value)} is not a TCP port`);
  return port;
}

/** Quotes one argument for a POSIX shell. */
export const shellQuote = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;

export const commandLine = (argv: readonly string[]): string => argv.map(shellQuote).join(' ');

export class SshSession {
  private constructor(
    private readonly client: Client,
    readonly target: Omit<SshTarget, 'password'>,
  ) {}

  static connect(target: SshTarget, timeoutMs = 15_000): Promise<SshSession> {
    const client = new Client();
    const where = `${target.username}@${target.host}:${target.port}`;
    return new Promise((resolve, reject) => {
      client.once('ready', () => resolve(new SshSession(client, { host: target.host, port: target.port, username: target.username })));
      client.once('error', (err: Error & { level?: string; code?: string }) => {
        client.end();
        if (err.level === 'client-authentication') reject(new SshConnectError(`SSH authentication failed for ${where}: wrong username or password`));
        else if (err.code === 'ECONNREFUSED') reject(new SshConnectError(`cannot connect to ${target.host}:${target.port}: connection refused (is sshd running on that port?)`));
        else if (err.level === 'client-timeout' || err.code === 'ETIMEDOUT') reject(new SshConnectError(`cannot connect to ${where}: timed out after ${timeoutMs} ms`));
        else reject(new SshConnectError(`cannot connect to ${where}: ${err.message}`));
      });
      client.connect({
        host: target.host,
        port: target.port,
        username: target.username,
        password: target.password,
        readyTimeout: timeoutMs,
        // Password only: a management node has no business trying its own keys on a host.
        tryKeyboard: true,
        agent: undefined,
      });
      client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => target.password)));
    });
  }

  /** Runs a program; resolves with its exit code and output whatever the code. */
  run(argv: readonly string[], options: { stdin?: string | Buffer; timeoutMs?: number } = {}): Promise<CommandResult> {
    return this.exec(commandLine(argv), options);
  }

  /** Runs a script with `sh -s`: the script is data on stdin, never part of a command line. */
  runScript(script: string, timeoutMs?: number): Promise<CommandResult> {
    return this.exec(commandLine(['sh', '-s']), { stdin: script, timeoutMs });
  }

  private exec(line: string, { stdin, timeoutMs = 120_000 }: { stdin?: string | Buffer; timeoutMs?: number }): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      this.client.exec(line, (err, channel: ClientChannel) => {
        if (err) return reject(err);
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        const timer = setTimeout(() => {
          channel.close();
          reject(new Error(`command timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        channel.on('data', (d: Buffer) => out.push(d));
        channel.stderr.on('data', (d: Buffer) => errOut.push(d));
        channel.on('close', (code: number | null, signal?: string) => {
          clearTimeout(timer);
          resolve({ returnCode: code ?? (signal ? 128 : 255), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errOut).toString('utf8') });
        });
        channel.end(stdin);
      });
    });
  }

  /** Writes a file atomically (a temporary name, then a rename) with the given mode. */
  async upload(remotePath: string, content: Buffer, mode: number): Promise<void> {
    const sftp = await this.sftp();
    try {
      const temporary = `${remotePath}.uploading`;
      await new Promise<void>((resolve, reject) => sftp.writeFile(temporary, content, { mode }, (e) => (e ? reject(e) : resolve())));
      await new Promise<void>((resolve, reject) => sftp.chmod(temporary, mode, (e) => (e ? reject(e) : resolve())));
      // SFTP's rename refuses to overwrite; posix-rename (an OpenSSH extension) does not.
      await new Promise<void>((resolve, reject) => sftp.ext_openssh_rename(temporary, remotePath, (e) => (e ? reject(e) : resolve())));
    } finally {
      sftp.end();
    }
  }

  private sftp(): Promise<SFTPWrapper> {
    return new Promise((resolve, reject) => this.client.sftp((err, sftp) => (err ? reject(err) : resolve(sftp))));
  }

  close(): void {
    this.client.end();
  }
}

/** Opens a session, runs `work`, always closes. */
export async function withSsh<T>(target: SshTarget, work: (ssh: SshSession) => Promise<T>, timeoutMs?: number): Promise<T> {
  const ssh = await SshSession.connect(target, timeoutMs);
  try {
    return await work(ssh);
  } finally {
    ssh.close();
  }
}
