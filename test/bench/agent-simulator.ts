// A child process of bench:hosts that plays many host agents (test/support/simulated-agents.ts).
// The parent sends { hosts } to start them ({ hosts, vms } for agents that also run VMs, bench:vms), { kill: [uuid] } to make agents die, and
// { report: true } for the ping count.
import { type SimulatedHost, SimulatedAgents } from '../support/simulated-agents.js';

const agents = new SimulatedAgents();

process.on('message', async (message: { hosts?: SimulatedHost[]; vms?: { volumeBytes: number }; kill?: string[]; report?: boolean }) => {
  if (message.hosts) {
    for (const h of message.hosts) await agents.serve(h, message.vms ?? null);
    process.send!({ ready: message.hosts.length });
  }
  if (message.kill) {
    for (const uuid of message.kill) agents.kill(uuid);
    process.send!({ killed: message.kill.length });
  }
  if (message.report) process.send!({ pings: agents.pings() });
});
