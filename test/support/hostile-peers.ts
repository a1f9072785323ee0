// "SSH servers" that are not: real TCP listeners on a loopback address that accept a
// connection and then misbehave the way a broken host, a wrong port or a tarpit does; and
// real SSH servers (ssh2's) that accept the login and then fail the first command.
import { createServer, type Server, type Socket } from 'node:net';
import { Server as SshServer } from 'ssh2';
import { testHostKey } from './ssh-host-key.js';

export type HostileKind = 'drop' | 'hang' | 'garbage' | 'banner-then-silent';

/** SSH servers that accept any login, then never answer a command, or drop the connection at the first one. */
export type HostileSshKind = 'silent-after-login' | 'drop-after-login';

export const HOSTILE_KINDS: HostileKind[] = ['drop', 'hang', 'garbage', 'banner-then-silent'];

const behaviours: Record<HostileKind, (socket: Socket) => void> = {
  // accepts, then closes at once
  drop: (socket) => socket.destroy(),
  // accepts and never sends a byte
  hang: () => undefined,
  // an HTTP error page and binary noise where the SSH banner belongs
  garbage: (socket) => socket.write(`HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n${'\u0000\u00ff\u0007'.repeat(200)}\r\n`),
  // a valid banner, then silence: the key exchange never comes
  'banner-then-silent': (socket) => socket.write('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'),
};

export interface HostilePeer {
  ip: string;
  port: number;
  kind: HostileKind | HostileSshKind;
  /** Connections accepted so far. */
  accepted(): number;
  /** Connections still open now (what the management node left behind). */
  open(): number;
  close(): Promise<void>;
}

export async function startHostilePeer(kind: HostileKind, ip: string, port = 0): Promise<HostilePeer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.resume(); // read and ignore what the client sends, so its closing is seen
    behaviours[kind](socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, ip, () => resolve());
  });
  server.on('error', () => undefined);
  return {
    ip,
    port: (server.address() as { port: number }).port,
    kind,
    accepted: () => accepted,
    open: () => sockets.size,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export async function startHostileSshServer(kind: HostileSshKind, ip: string): Promise<HostilePeer> {
  let accepted = 0;
  let open = 0;
  const server = new SshServer({ hostKeys: [testHostKey()] }, (client) => {
    accepted++;
    open++;
    client.on('error', () => undefined);
    client.on('close', () => open--);
    client.on('authentication', (ctx) => ctx.accept());
    client.on('ready', () =>
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        // silent: the exec request is never answered; drop: the connection goes at once
        session.on('exec', () => (kind === 'drop-after-login' ? client.end() : undefined));
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, ip, () => resolve()));
  return {
    ip,
    port: (server.address() as { port: number }).port,
    kind,
    accepted: () => accepted,
    open: () => open,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
