// "SSH servers" that are not: real TCP listeners on a loopback address that accept a
// connection and then misbehave the way a broken host, a wrong port or a tarpit does.
import { createServer, type Server, type Socket } from 'node:net';

export type HostileKind = 'drop' | 'hang' | 'garbage' | 'banner-then-silent';

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
  kind: HostileKind;
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
