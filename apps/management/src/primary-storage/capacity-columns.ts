// The capacity model's columns (capacity-reservations.ts), which a primary storage and each
// host's share of a local storage both have: bytes, in bigint columns read as strings.
import { Column } from 'typeorm';

type Constructor = abstract new (...args: any[]) => object;

/** `Base` with the five capacity columns. */
export function withCapacityColumns<B extends Constructor>(Base: B) {
  abstract class WithCapacityColumns extends Base {
    @Column({ type: 'bigint', default: 0 })
    totalCapacity: string;

    @Column({ type: 'bigint', default: 0 })
    availableCapacity: string;

    @Column({ type: 'bigint', default: 0 })
    totalPhysicalCapacity: string;

    @Column({ type: 'bigint', default: 0 })
    availablePhysicalCapacity: string;

    @Column({ type: 'bigint', default: 0 })
    systemUsedCapacity: string;
  }
  return WithCapacityColumns;
}

/** The capacity columns alone, for a row that has no other base (a host's share). */
export abstract class CapacityColumns extends withCapacityColumns(class {}) {}
