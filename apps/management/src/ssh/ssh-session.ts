// One SSH connection to a machine (ssh2): run programs, upload files. Used by every family
// that reaches its hosts over SSH (KVM hosts, Ceph mon hosts), so it knows nothing of any.
//
// Programs are given as argument arrays and every argument is single-quoted for the remote
// shell, so nothing an operator typed is ever interpreted by it; a script (KvmRunShell)
// travels on stdin.
//
// A peer may drop the connection, stay silent or speak garbage at any moment, so: every step
// (connect, each command, each file operation) has a deadline; the session listens to ssh2's
// 'error' for its whole life (ssh2 can emit several, e.g. a handshake timeout and then
// "Connection lost before handshake", and an unheard one would end the process); and a lost
// connection fails whatever was in progress at once instead of leaving it waiting.
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

export interface SshDeadlines {
  /** TCP connect, SSH handshake and login, together. */
  connectMs: number;
  /** One command or one file operation, unless its caller gives its own. */
  commandMs: number;
}

export const DEFAULT_SSH_DEADLINES: SshDeadlines = { connectMs: 15_000, commandMs: 120_000 };

/** Why an SSH connection could not be opened, in words an operator acts on. */
export class SshConnectError extends Error {}

/** A step on an open connection that failed: it timed out, or the connection was lost. */
export class SshStepError extends Error {}

/** An API's sshPort: absent means `fallback`; anything but a TCP port is refused. */
export function sshPortOf(value: unknown, fallback: number): number {
  const port = value === undefined || value === null ? fallback : Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw ApiError.invalidArgument(`sshPort ${String(value)} is not a TCP port`);
  return port;
}

/** Quotes one argument for a POSIX shell. */
export const shellQuote = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;

export const commandLine = (argv: readonly string[]): string => argv.map(shellQuote).join(' ');

type Ssh2Error = Error & { level?: string; code?: string };

/** Keepalives find a peer that vanished during a long command. */
const KEEPALIVE_INTERVAL_MS = 15_000;
/** After end(), how long a silent peer may keep the socket before it is destroyed. */
const CLOSE_GRACE_MS = 2_000;

export class SshSession {
  readonly target: Omit<SshTarget, 'password'>;
  /** Set once the connection is gone; every later step fails with it. */
  private lost: Error | null = null;
  /** Steps in progress: each is failed at once when the connection is lost. */
  private readonly inProgress = new Set<(err: Error) => void>();

  private constructor(
    private readonly client: Client,
    target: SshTarget,
    private readonly deadlines: SshDeadlines,
  ) {
    this.target = { host: target.host, port: target.port, username: target.username };
    client.on('error', (err: Ssh2Error) => this.connectionLost(err));
    client.on('close', () => this.connectionLost(new Error('the connection was closed')));
  }

  static async connect(target: SshTarget, deadlines: SshDeadlines = DEFAULT_SSH_DEADLINES): Promise<SshSession> {
    const session = new SshSession(new Client(), target, deadlines);
    try {
      await session.open(target.password);
      return session;
    } catch (err) {
      session.client.destroy();
      // a lost connection carries ssh2's own error (its level and code say what happened)
      throw connectFailure(((err as Error).cause ?? err) as Ssh2Error, session.where, deadlines.connectMs);
    }
  }

  private get where(): string {
    return `${this.target.username}@${this.target.host}:${this.target.port}`;
  }

  private open(password: string): Promise<void> {
    const client = this.client;
    client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)));
    return this.step('connect', this.deadlines.connectMs, (done) => {
      client.once('ready', () => done(null));
      client.connect({
        host: this.target.host,
        port: this.target.port,
        username: this.target.username,
        password,
        readyTimeout: this.deadlines.connectMs,
        keepaliveInterval: KEEPALIVE_INTERVAL_MS,
        keepaliveCountMax: 3,
        // Password only: a management node has no business trying its own keys on a host.
        tryKeyboard: true,
        agent: undefined,
      });
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

  private exec(line: string, { stdin, timeoutMs = this.deadlines.commandMs }: { stdin?: string | Buffer; timeoutMs?: number }): Promise<CommandResult> {
    let channel: ClientChannel | null = null;
    const what = `command ${line.length > 60 ? `${line.slice(0, 60)}...` : line}`;
    return this.step<CommandResult>(what, timeoutMs, (done) => {
      this.client.exec(line, (err, opened) => {
        if (err) return done(err);
        channel = opened;
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        opened.on('data', (d: Buffer) => out.push(d));
        opened.stderr.on('data', (d: Buffer) => errOut.push(d));
        opened.on('error', (e: Error) => done(e));
        opened.on('close', (code: number | null, signal?: string) =>
          done(null, { returnCode: code ?? (signal ? 128 : 255), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errOut).toString('utf8') }),
        );
        opened.end(stdin);
      });
    }).catch((err: Error) => {
      if (!this.lost) channel?.close(); // a timed-out command is abandoned; its connection may still serve
      throw err;
    });
  }

  /** Writes a file atomically (a temporary name, then a rename) with the given mode. */
  async upload(remotePath: string, content: Buffer, mode: number): Promise<void> {
    const sftp = await this.step<SFTPWrapper>('open SFTP', this.deadlines.commandMs, (done) => this.client.sftp(done));
    sftp.on('error', () => undefined); // the session's own listeners report a lost connection
    try {
      const temporary = `${remotePath}.uploading`;
      await this.step<void>(`write ${temporary}`, this.deadlines.commandMs, (done) => sftp.writeFile(temporary, content, { mode }, done));
      await this.step<void>(`chmod ${temporary}`, this.deadlines.commandMs, (done) => sftp.chmod(temporary, mode, done));
      // SFTP's rename refuses to overwrite; posix-rename (an OpenSSH extension) does not.
      await this.step<void>(`rename to ${remotePath}`, this.deadlines.commandMs, (done) => sftp.ext_openssh_rename(temporary, remotePath, done));
    } finally {
      sftp.end();
    }
  }

  /** Ends the connection; a peer that does not answer the goodbye is cut off shortly after. */
  close(): void {
    this.client.end();
    setTimeout(() => this.client.destroy(), CLOSE_GRACE_MS).unref();
  }

  /** Runs one step: it ends when `start` calls back, when `timeoutMs` passes, or when the
   *  connection is lost, whichever comes first; it is settled exactly once. */
  private step<T>(what: string, timeoutMs: number, start: (done: (err: Error | null | undefined, value?: T) => void) => void): Promise<T> {
    const lostError = (err: Error) => new SshStepError(`${what}: the connection to ${this.where} was lost: ${err.message}`, { cause: err });
    if (this.lost) return Promise.reject(lostError(this.lost));
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | null | undefined, value?: T) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inProgress.delete(fail);
        if (err) reject(err);
        else resolve(value as T);
      };
      const fail = (err: Error) => finish(lostError(err));
      const timer = setTimeout(() => finish(new SshStepError(`${what}: no answer from ${this.where} within ${timeoutMs} ms`)), timeoutMs);
      this.inProgress.add(fail);
      try {
        start(finish);
      } catch (err) {
        finish(err as Error);
      }
    });
  }

  private connectionLost(err: Ssh2Error): void {
    this.lost ??= err;
    for (const fail of [...this.inProgress]) fail(err);
  }
}

/** An ssh2 connect failure, said for an operator. */
function connectFailure(err: Ssh2Error, where: string, timeoutMs: number): SshConnectError {
  const host = where.slice(where.indexOf('@') + 1);
  if (err.level === 'client-authentication') return new SshConnectError(`SSH authentication failed for ${where}: wrong username or password`);
  if (err.code === 'ECONNREFUSED') return new SshConnectError(`cannot connect to ${host}: connection refused (is sshd running on that port?)`);
  if (err.level === 'client-timeout' || err.code === 'ETIMEDOUT' || err instanceof SshStepError) {
    return new SshConnectError(`cannot connect to ${where}: no SSH handshake within ${timeoutMs} ms (the peer accepted the connection but did not answer as an SSH server)`);
  }
  if (/before handshake/i.test(err.message)) return new SshConnectError(`cannot connect to ${where}: the peer closed the connection before the SSH handshake`);
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return new SshConnectError(`cannot connect to ${where}: the peer reset the connection before the SSH login completed (${err.message})`);
  return new SshConnectError(`cannot connect to ${where}: ${err.message}`);
}

/** Opens a session, runs `work`, always closes. */
export async function withSsh<T>(target: SshTarget, work: (ssh: SshSession) => Promise<T>, deadlines?: SshDeadlines): Promise<T> {
  const ssh = await SshSession.connect(target, deadlines);
  try {
    return await work(ssh);
  } finally {
    ssh.close();
  }
}
