import { describe, expect, it } from 'vitest';
import { batchesOf, decodeCommands, encodeCommands, MAX_COMMANDS_PER_MESSAGE } from './command-batches.js';
import { type BusCommand, partitionOf } from './command-transport.js';

const ordered = (jobUuid: string, partitionKey: string): BusCommand => ({ jobUuid, apiName: 'APIUpdateZoneMsg', partitionKey });
const free = (jobUuid: string): BusCommand => ({ jobUuid, apiName: 'APICreateZoneMsg', partitionKey: `new-${jobUuid}`, anyPartition: true });
const same = (c: BusCommand) => c;

describe('batchesOf', () => {
  it('sends one message per partition, each in publish order, and the free commands with the first', () => {
    const [a, b] = ['zone-1', 'zone-2'];
    expect(partitionOf(a, 16)).not.toBe(partitionOf(b, 16));
    const commands = [free('f1'), ordered('a1', a), ordered('b1', b), free('f2'), ordered('a2', a)];
    const batches = batchesOf(commands, same, 16);
    expect(batches).toEqual([
      { partition: partitionOf(a, 16), items: [commands[1], commands[4], commands[0], commands[3]] },
      { partition: partitionOf(b, 16), items: [commands[2]] },
    ]);
  });

  it('sends commands free of any partition through the partition of the first one’s job', () => {
    const batches = batchesOf([free('f1'), free('f2')], same, 16);
    expect(batches).toEqual([{ partition: partitionOf('f1', 16), items: [free('f1'), free('f2')] }]);
  });

  it('splits a long batch into messages of at most MAX_COMMANDS_PER_MESSAGE, keeping the order', () => {
    const commands = Array.from({ length: MAX_COMMANDS_PER_MESSAGE * 2 + 1 }, (_, i) => ordered(`j${i}`, 'zone-1'));
    const batches = batchesOf(commands, same, 16);
    expect(batches.map((b) => b.items.length)).toEqual([MAX_COMMANDS_PER_MESSAGE, MAX_COMMANDS_PER_MESSAGE, 1]);
    expect(batches.flatMap((b) => b.items)).toEqual(commands);
  });
});

describe('encodeCommands / decodeCommands', () => {
  it('writes one command as the object every release has sent, several as an array, and reads both', () => {
    const one = ordered('j1', 'zone-1');
    expect(JSON.parse(encodeCommands([one]).toString())).toEqual(one);
    expect(decodeCommands(encodeCommands([one]))).toEqual([one]);
    const several = [one, free('f1')];
    expect(decodeCommands(encodeCommands(several))).toEqual(several);
  });

  it('reads a body it did not send as unreadable', () => {
    for (const body of ['not json', '[]', '{"jobUuid":1}', '[{"jobUuid":"a","apiName":"X","partitionKey":"k"},null]', 'null']) {
      expect(decodeCommands(Buffer.from(body)), body).toBeNull();
    }
  });
});
