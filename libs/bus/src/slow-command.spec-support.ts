// Shared by both transports' specs: a consumer that holds one command until released, and
// keys that share one partition queue.
import { type BusCommand, partitionOf } from './command-transport.js';

/** `count` keys that all hash to one partition of `partitions`. */
export function keysOfOnePartition(partitions: number, count: number): string[] {
  return Array.from({ length: 1000 }, (_, i) => `key-${i}`)
    .filter((k) => partitionOf(k, partitions) === 0)
    .slice(0, count);
}

/** A consumer that records the jobs it finished and holds the job `slow` until `release()`. */
export function slowCommandConsumer(): { consume: (c: BusCommand) => Promise<void>; finished: string[]; release: () => void } {
  const finished: string[] = [];
  let release!: () => void;
  const slow = new Promise<void>((r) => (release = r));
  const consume = async (c: BusCommand) => {
    if (c.jobUuid === 'slow') await slow;
    finished.push(c.jobUuid);
  };
  return { consume, finished, release };
}
