// Commands published in one turn travel to the broker as few messages as their order
// allows: a persistent, confirmed message costs RabbitMQ about as much CPU as the rest of
// a job's trip through it, whatever its size. Commands bound for one partition share a
// message (in publish order, so a partition's per-resource order holds), and a command
// that may travel through any partition (`anyPartition`) rides with the others.
import { type BusCommand, partitionOf } from './command-transport.js';

/** Commands in one message at most: a redelivered message runs again only the jobs of it
 *  not done yet, but each is still a statement to find out. */
export const MAX_COMMANDS_PER_MESSAGE = 64;

export interface Batch<T> {
  partition: number;
  items: T[];
}

/** Splits what one turn publishes into messages: per partition in publish order, commands
 *  free of any partition joining the first partition bound for anyway, or else the
 *  partition of the first such command's job (so that turns spread over the partitions, and
 *  over the nodes that consume them). */
export function batchesOf<T>(items: T[], commandOf: (item: T) => BusCommand, partitions: number): Batch<T>[] {
  const byPartition = new Map<number, T[]>();
  const add = (partition: number, added: T[]) => byPartition.set(partition, [...(byPartition.get(partition) ?? []), ...added]);
  const free = items.filter((item) => commandOf(item).anyPartition);
  for (const item of items) if (!commandOf(item).anyPartition) add(partitionOf(commandOf(item).partitionKey, partitions), [item]);
  if (free.length) add(byPartition.keys().next().value ?? partitionOf(commandOf(free[0]).jobUuid, partitions), free);
  const batches: Batch<T>[] = [];
  for (const [partition, all] of byPartition) {
    for (let i = 0; i < all.length; i += MAX_COMMANDS_PER_MESSAGE) batches.push({ partition, items: all.slice(i, i + MAX_COMMANDS_PER_MESSAGE) });
  }
  return batches;
}

/** A message's body: one command as an object (as every release has sent it), several as an array. */
export function encodeCommands(commands: BusCommand[]): Buffer {
  return Buffer.from(JSON.stringify(commands.length === 1 ? commands[0] : commands));
}

/** The commands of a message's body, or null when it is not one this bus sends. */
export function decodeCommands(body: Buffer): BusCommand[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  const commands = Array.isArray(parsed) ? parsed : [parsed];
  return commands.length > 0 && commands.every(isCommand) ? commands : null;
}

function isCommand(value: unknown): value is BusCommand {
  const c = value as Partial<BusCommand> | null;
  return typeof c === 'object' && c !== null && typeof c.jobUuid === 'string' && typeof c.apiName === 'string' && typeof c.partitionKey === 'string';
}
