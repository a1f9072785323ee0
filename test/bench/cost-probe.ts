// What one benchmarked operation costs beyond wall time: CPU of the management node and
// of its PostgreSQL backends, read from /proc (utime + stime), and the SQL statements the
// node sent (counted by sql-counter.ts). Linux only, as the bench machine is.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU ms a process has used so far (0 when it is gone). */
export function cpuMsOf(pid: number): number {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export const SQL_COUNTER = fileURLToPath(new URL('./sql-counter.js', import.meta.url));
export const CPU_PROFILER = fileURLToPath(new URL('./cpu-profiler.js', import.meta.url));

export function sqlStatements(countFile: string): number {
  return existsSync(countFile) ? Number(readFileSync(countFile, 'utf8') || 0) : 0;
}

/** CPU ms RabbitMQ's Erlang VM (every beam.smp on the machine) has used so far. */
export function brokerCpuMs(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'beam.smp') total += cpuMsOf(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

export interface CostSnapshot {
  nodeMs: number;
  brokerMs: number;
  backendMs: Map<number, number>;
  statements: number;
}

/** Samples the costs; `database` is the PostgreSQL url whose backends count (null: embedded). */
export class CostProbe {
  constructor(
    private readonly nodePid: number | null,
    private readonly database: string | null,
    private readonly countFile: string | null,
  ) {}

  async snapshot(): Promise<CostSnapshot> {
    // The counter file is written every 500 ms (a rename is slow on some file systems,
    // and it runs inside the measured node): let the last statements reach it.
    await new Promise((r) => setTimeout(r, 650));
    const backendMs = new Map<number, number>();
    for (const pid of await this.backendPids()) backendMs.set(pid, cpuMsOf(pid));
    return { nodeMs: this.nodePid ? cpuMsOf(this.nodePid) : 0, brokerMs: this.database ? brokerCpuMs() : 0, backendMs, statements: this.countFile ? sqlStatements(this.countFile) : NaN };
  }

  /** CPU ms and statements per operation between two snapshots. */
  async perOp(before: CostSnapshot, ops: number): Promise<{ nodeMs: number; pgMs: number; brokerMs: number; statements: number }> {
    const after = await this.snapshot();
    let pgMs = 0;
    // A backend that appeared meanwhile counts from zero; one that left is lost (rare: pools keep theirs).
    for (const [pid, ms] of after.backendMs) pgMs += ms - (before.backendMs.get(pid) ?? 0);
    return { nodeMs: (after.nodeMs - before.nodeMs) / ops, pgMs: pgMs / ops, brokerMs: this.database ? (after.brokerMs - before.brokerMs) / ops : NaN, statements: (after.statements - before.statements) / ops };
  }

  private async backendPids(): Promise<number[]> {
    if (!this.database) return [];
    const client = new pg.Client({ connectionString: this.database });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      return rows.map((r) => r.pid);
    } finally {
      await client.end();
    }
  }
}
