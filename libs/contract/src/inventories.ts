// Every inventory: the hardware volume's (generated from the catalogue) and the operator APIs'.
import { INVENTORIES as HARDWARE_INVENTORIES } from './inventories.generated.js';
import { OPERATOR_INVENTORIES } from './operator-apis.js';
import { VM_INVENTORIES } from './vm-apis.js';
import type { InventorySpec } from './types.js';

export const INVENTORIES: Readonly<Record<string, InventorySpec>> = { ...HARDWARE_INVENTORIES, ...OPERATOR_INVENTORIES, ...VM_INVENTORIES };
