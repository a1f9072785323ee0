// What a management node needs from its message bus: publish a command so that exactly
// one consumer in the installation runs it, in order with the other commands on the same
// resource, and re-deliver it if that consumer dies before acknowledging.

/** A command on the wire. The request itself stays in the job store: the bus carries
 *  only what routes it, so no parameter (and no secret) ever sits in the broker. */
export interface BusCommand {
  jobUuid: string;
  apiName: string;
  /** Commands with the same key run one after another, in publish order. */
  partitionKey: string;
  /** No command accepted before this one's outcome commits can share its key (the key is
   *  a uuid this node chose just now, for a job whose writes all commit with its outcome),
   *  so nothing is ordered after it: it may travel through any partition, and the bus sends
   *  it with whatever else goes out in the same turn (command-batches.ts). */
  anyPartition?: boolean;
  /** Published while its job's row was still being written (api-dispatcher.ts): the
   *  consumer waits for the row before running it, and lets the command go if the row never
   *  comes (the call was refused, or its node died before answering it). */
  beforeRow?: boolean;
}

/** Runs one command. Resolving acknowledges it; rejecting means "could not record the
 *  outcome" (database down...): the transport retries it in place, keeping the order. */
export type CommandConsumer = (command: BusCommand) => Promise<void>;

/** Told when the bus hands a command to this node (`true`, it will run here in its turn)
 *  and when this node lets one go without running it (`false`: its broker connection was
 *  lost, so the command goes to whichever node takes the partition). */
export type DeliveryListener = (command: BusCommand, delivered: boolean) => void;

export interface CommandTransport {
  readonly kind: 'in-process' | 'rabbitmq';
  start(consumer: CommandConsumer, onDelivery?: DeliveryListener): Promise<void>;
  publish(command: BusCommand): Promise<void>;
  healthy(): boolean;
  close(): Promise<void>;
}

/** FNV-1a, 32 bits: stable across nodes and releases, which every choice made from it
 *  (the partition of a command, the node that tracks a host) must be. */
export function fnv1a(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function partitionOf(key: string, partitions: number): number {
  return fnv1a(key) % partitions;
}

/** Delay before retrying a command whose outcome could not be recorded. */
export function retryDelayMs(attempt: number): number {
  return Math.min(200 * 2 ** Math.min(attempt, 6), 10_000);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs tasks one after another per key and keys side by side: the order a partition owes
 *  is per resource, so a command waits only for earlier commands on its own resource, not
 *  for every command that hashed to its queue (a long AddKVMHost would otherwise hold up
 *  fifteen other hosts' commands, and jobs that could commit together would wait in line). */
export class KeyedChains {
  private readonly tails = new Map<string, Promise<void>>();

  /** Starts `task` once the tasks queued before it on `key` have settled. The promise
   *  returned settles with it and never rejects: a task reports its own failures. */
  run(key: string, task: () => Promise<void>): Promise<void> {
    const tail = (this.tails.get(key) ?? Promise.resolve()).then(task).catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return tail;
  }

  /** Resolves once every task queued so far is done. */
  async idle(): Promise<void> {
    while (this.tails.size) await Promise.all(this.tails.values());
  }

  /** Forgets every chain (the tasks already started go on, unawaited). */
  clear(): void {
    this.tails.clear();
  }
}

/** Runs a consumer on one command until it resolves, backing off between failures.
 *  Gives up only when `stopped()` says the transport is closing. */
export async function consumeWithRetry(
  consumer: CommandConsumer,
  command: BusCommand,
  stopped: () => boolean,
  onError: (err: unknown, attempt: number) => void,
): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await consumer(command);
      return true;
    } catch (err) {
      if (stopped()) return false;
      onError(err, attempt);
      await sleep(retryDelayMs(attempt));
    }
  }
}
