// A child process of bench:hosts that plays many host agents: one HTTP server per
// simulated host on its own loopback address, answering the real agent protocol's /ping
// (bearer secret checked) as the real agent does. The parent sends
// { hosts: [{ uuid, ip, port, secret }] } to start, { kill: [uuid] } to make agents die
// (their servers close: connection refused, as after a crash), and { report: true } for
// the ping count.
import { createServer, type Server } from 'node:http';
import { AGENT_AUTH_HEADER, AgentPath, bearer, type PingReply } from '#agent-protocol';

interface SimulatedHost {
  uuid: string;
  ip: string;
  port: number;
  secret: string;
}

const servers = new Map<string, Server>();
let pings = 0;
const started = Date.now();

function serve(host: SimulatedHost): Promise<void> {
  const expected = bearer(host.secret);
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.headers[AGENT_AUTH_HEADER] !== expected) {
        res.writeHead(401).end('{"success":false}');
        return;
      }
      if (req.url !== AgentPath.ping) {
        res.writeHead(404).end('{"success":false}');
        return;
      }
      pings++;
      const reply: PingReply = { success: true, error: null, hostUuid: host.uuid, agentVersion: 'simulated', uptime: (Date.now() - started) / 1000 };
      const body = JSON.stringify(reply);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    });
  });
  servers.set(host.uuid, server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(host.port, host.ip, () => resolve());
  });
}

process.on('message', async (message: { hosts?: SimulatedHost[]; kill?: string[]; report?: boolean }) => {
  if (message.hosts) {
    for (const h of message.hosts) await serve(h);
    process.send!({ ready: message.hosts.length });
  }
  if (message.kill) {
    for (const uuid of message.kill) {
      const server = servers.get(uuid);
      servers.delete(uuid);
      server?.close();
      server?.closeAllConnections();
    }
    process.send!({ killed: message.kill.length });
  }
  if (message.report) process.send!({ pings });
});
