// What the dashboard reads: for each family it shows, its rows' state and status (and
// capacities), through the family's Query API; a family answering 501 is marked so.
import { ApiFailure, query } from './client';
import { familyOfResource, type Family } from './families';

export const DASHBOARD_RESOURCES = ['Zone', 'Cluster', 'Host', 'PrimaryStorage', 'BackupStorage'];
const CAPACITY_FIELDS = ['totalCpuCapacity', 'availableCpuCapacity', 'totalMemoryCapacity', 'availableMemoryCapacity', 'totalCapacity', 'availableCapacity'];

export interface FamilyRows {
  family: Family;
  rows: Record<string, any>[] | 'not-implemented';
  total: number;
}

export async function readFamily(family: Family): Promise<FamilyRows> {
  const wanted = ['uuid', 'name', 'state', 'status', 'managementIp', ...CAPACITY_FIELDS];
  const fields = family.resource.fields.map((f) => f.name).filter((n) => wanted.includes(n));
  try {
    const page = await query(family.query, { limit: 1000, fields });
    return { family, rows: page.inventories, total: page.total };
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 501) return { family, rows: 'not-implemented', total: 0 };
    throw e;
  }
}

export async function readDashboard(): Promise<FamilyRows[]> {
  const families = DASHBOARD_RESOURCES.flatMap((r) => familyOfResource(r) ?? []);
  return Promise.all(families.map(readFamily));
}

export function countBy(rows: Record<string, any>[], fields = ['state', 'status']): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const field of fields)
    for (const row of rows) {
      if (row[field] === undefined || row[field] === null) continue;
      out[field] ??= {};
      out[field][row[field]] = (out[field][row[field]] ?? 0) + 1;
    }
  return out;
}

export const sum = (rows: Record<string, any>[], field: string) => rows.reduce((n, r) => n + (Number(r[field]) || 0), 0);
