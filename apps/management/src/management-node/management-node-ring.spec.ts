import { expect, it } from 'vitest';
import { HashRing } from './management-node-ring.js';

const hosts = Array.from({ length: 3000 }, (_, i) => `host-${i}`);

it('gives every host exactly one owner, and spreads hosts over the nodes', () => {
  const ring = new HashRing(['node-a', 'node-b', 'node-c']);
  const counts = new Map<string, number>();
  for (const h of hosts) counts.set(ring.ownerOf(h)!, (counts.get(ring.ownerOf(h)!) ?? 0) + 1);
  expect([...counts.keys()].sort()).toEqual(['node-a', 'node-b', 'node-c']);
  for (const n of counts.values()) expect(n).toBeGreaterThan(hosts.length / 3 / 2);
});

it('moves only the dead node\'s hosts when a node leaves', () => {
  const before = new HashRing(['node-a', 'node-b', 'node-c']);
  const after = new HashRing(['node-a', 'node-c']);
  for (const h of hosts) {
    const owner = before.ownerOf(h);
    if (owner !== 'node-b') expect(after.ownerOf(h)).toBe(owner);
    else expect(['node-a', 'node-c']).toContain(after.ownerOf(h));
  }
});

it('has no owner without live nodes', () => {
  expect(new HashRing([]).ownerOf('host-1')).toBeNull();
});
