// Rows to inventories: the fields the contract lists for the inventory, in its order,
// with timestamps in ZStack's format and bigint columns as numbers. Secrets (passwords)
// never leave the node, whatever the manual's inventory lists.
import { type FieldType, formatZStackDate, INVENTORIES, isSecretField } from '#contract';

export type Inventory = Record<string, unknown>;

type Convert = (value: unknown) => unknown;

const NUMBER: Convert = (v) => (typeof v === 'string' ? Number(v) : (v ?? null));
const DATE: Convert = (v) => formatZStackDate(v as Date | string | null);
const PLAIN: Convert = (v) => v ?? null;
const CONVERT: Partial<Record<FieldType, Convert>> = { Timestamp: DATE, Long: NUMBER, Integer: NUMBER, Float: NUMBER };

/** Per inventory type, the fields to copy and how: worked out once, used for every row. */
const plans = new Map<string, [string, Convert][]>();

function planFor(inventoryType: string): [string, Convert][] {
  let plan = plans.get(inventoryType);
  if (!plan) {
    const spec = INVENTORIES[inventoryType];
    if (!spec) throw new Error(`the contract has no inventory ${inventoryType}`);
    plan = spec.fields.filter((f) => !isSecretField(f.name)).map((f) => [f.name, CONVERT[f.type] ?? PLAIN]);
    plans.set(inventoryType, plan);
  }
  return plan;
}

export function toInventory(inventoryType: string, row: Record<string, unknown>): Inventory {
  const out: Inventory = {};
  for (const [name, convert] of planFor(inventoryType)) {
    if (name in row) out[name] = convert(row[name]);
  }
  return out;
}
