// The SSH session against peers that misbehave, each a real TCP listener on loopback:
// before the handshake (drop, silence, garbage, a banner then silence) and after it (an ssh2
// server that accepts the login and then never answers, or drops the connection mid-command).
// Any 'error' ssh2 emitted without a listener would fail this file as an unhandled error.
import { createServer, type Server, type Socket } from 'node:net';
import { Server as SshServer } from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLine, SshConnectError, SshSession, SshStepError, withSsh } from './ssh-session.js';
import { testHostKey } from '../../../../test/support/ssh-host-key.js';

const DEADLINES = { connectMs: 400, commandMs: 400 };
const servers: Array<{ close(): void }> = [];
const sockets: Socket[] = [];

afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) s.close();
});

function listen(server: Server | SshServer): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

/** A TCP peer that does `behave` with every connection it accepts. */
function tcpPeer(behave: (socket: Socket) => void): Promise<number> {
  return listen(
    createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => undefined);
      behave(socket);
    }),
  );
}

const target = (port: number) => ({ host: '127.0.0.1', port, username: 'u', password: 'p' });

it('quotes every argument for the remote shell, so nothing in it is interpreted', () => {
  expect(commandLine(['rm', '-rf', "/home/o'neil/$(reboot)/.zstack"])).toBe(`'rm' '-rf' '/home/o'\\''neil/$(reboot)/.zstack'`);
});

describe('a peer that fails before the handshake: connect fails with a reason, nothing escapes', () => {
  const cases: Array<[string, (s: Socket) => void, RegExp]> = [
    ['accepts and closes at once', (s) => s.destroy(), /the peer (closed the connection before the SSH handshake|reset the connection)/],
    ['accepts and never sends anything', () => undefined, /no SSH handshake within 400 ms/],
    ['sends garbage instead of a banner', (s) => s.write(`HTTP/1.1 400 Bad Request\r\n\r\n${'\u0001\u00ff'.repeat(300)}\r\n`), /no SSH handshake within 400 ms|cannot connect/],
    ['sends a valid banner, then goes silent', (s) => s.write('SSH-2.0-OpenSSH_9.2p1\r\n'), /no SSH handshake within 400 ms/],
  ];
  it.each(cases)('%s', async (_name, behave, reason) => {
    const port = await tcpPeer(behave);
    const failure = await SshSession.connect(target(port), DEADLINES).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(SshConnectError);
    expect((failure as Error).message).toMatch(reason);
    expect((failure as Error).message).toContain(`u@127.0.0.1:${port}`);
  });

  it('nothing listening: connection refused', async () => {
    const port = await tcpPeer(() => undefined);
    servers.pop()!.close();
    await expect(SshSession.connect(target(port), DEADLINES)).rejects.toThrow(/connection refused/);
  });
});

/** An SSH server that accepts any login and hands each exec request to `onExec`. */
function sshPeer(onExec: (accept: () => { write(d: string): void; exit(code: number): void; end(): void }, client: { end(): void }) => void): Promise<number> {
  const hostKey = testHostKey();
  const server = new SshServer({ hostKeys: [hostKey] }, (client) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => ctx.accept());
    client.on('ready', () =>
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('exec', (accept) => onExec(() => accept(), client));
        session.on('sftp', () => undefined); // asked for, never answered
      }),
    );
  });
  return listen(server);
}

describe('a peer that fails after the handshake: each step ends within its deadline', () => {
  it('a command that is never answered fails by its deadline, naming it', async () => {
    const port = await sshPeer(() => undefined);
    const failure = await withSsh(target(port), (ssh) => ssh.run(['true']), DEADLINES).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(SshStepError);
    expect((failure as Error).message).toMatch(/^command 'true': no answer from u@127.0.0.1:\d+ within 400 ms/);
  });

  it('an SFTP subsystem that is never answered fails the upload by its deadline', async () => {
    const port = await sshPeer(() => undefined);
    await expect(withSsh(target(port), (ssh) => ssh.upload('/tmp/x', Buffer.from('x'), 0o600), DEADLINES)).rejects.toThrow(/^open SFTP: no answer/);
  });

  it('a connection dropped in the middle of a command fails the command at once', async () => {
    const port = await sshPeer((accept, client) => {
      accept().write('half an answer');
      setTimeout(() => client.end(), 20);
    });
    const failure = await withSsh(target(port), (ssh) => ssh.run(['sleep', '60'], { timeoutMs: 60_000 }), DEADLINES).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(SshStepError);
    expect((failure as Error).message).toMatch(/^command 'sleep' '60': the connection to u@127.0.0.1:\d+ was lost/);
  });

  it('a well-behaved peer still answers: exit code and output', async () => {
    const port = await sshPeer((accept) => {
      const channel = accept();
      channel.write('hello');
      channel.exit(3);
      channel.end();
    });
    const result = await withSsh(target(port), (ssh) => ssh.run(['echo', 'hello']), DEADLINES);
    expect(result).toEqual({ returnCode: 3, stdout: 'hello', stderr: '' });
  });
});
