// The simulated agents of the benchmarks, in child processes (test/bench/agent-simulator.ts):
// the machine has few cores, and the simulators compete with the node for them.
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulatedHost } from '../support/simulated-agents.js';

const SIMULATOR_PROCESSES = 2;

export class Simulators {
  private readonly children: ChildProcess[] = [];
  private readonly owner = new Map<string, ChildProcess>();

  /** `vms`: the agents also answer the VM paths (test/support/simulated-agents.ts). */
  async start(hosts: SimulatedHost[], vms: { volumeBytes: number } | null = null): Promise<void> {
    const script = join(import.meta.dirname, 'agent-simulator.js');
    for (let k = 0; k < SIMULATOR_PROCESSES; k++) {
      const child = fork(script, [], { stdio: 'inherit' });
      this.children.push(child);
      const slice = hosts.filter((_, i) => i % SIMULATOR_PROCESSES === k);
      for (const h of slice) this.owner.set(h.uuid, child);
      child.send({ hosts: slice, ...(vms ? { vms } : {}) });
      await this.answer(child, 'ready');
    }
  }

  async pings(): Promise<number> {
    let total = 0;
    for (const child of this.children) {
      child.send({ report: true });
      total += (await this.answer(child, 'pings')) as number;
    }
    return total;
  }

  async kill(uuids: string[]): Promise<void> {
    for (const child of this.children) {
      child.send({ kill: uuids.filter((u) => this.owner.get(u) === child) });
      await this.answer(child, 'killed');
    }
  }

  stop(): void {
    for (const child of this.children) child.kill('SIGKILL');
  }

  private answer(child: ChildProcess, key: string): Promise<unknown> {
    return new Promise((resolve) => {
      const on = (m: Record<string, unknown>) => {
        if (key in m) {
          child.off('message', on);
          resolve(m[key]);
        }
      };
      child.on('message', on);
    });
  }
}

/** CPU seconds (user + system) the process has used, from /proc. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

