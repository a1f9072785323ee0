// Related resources of a detail page, from the joins of the query graph: each join becomes
// a condition on the target's Query API that selects the rows joined to this resource.
import { QUERY_RESOURCES, type QueryJoin, type QueryResource } from '#contract';
import { familyOfResource, type Family } from './families';

export interface Related {
  join: QueryJoin;
  family: Family;
  conditions: string[];
}

function conditionOf(resource: QueryResource, join: QueryJoin, inventory: Record<string, unknown>): string | null {
  if (!join.via) {
    const value = inventory[join.localField];
    return value === null || value === undefined ? null : `${join.targetField}=${String(value)}`;
  }
  // Through a link table: the target's own join back over the same table.
  const back = QUERY_RESOURCES[join.target]?.joins.find((j) => j.target === resource.name && j.via?.table === join.via!.table);
  return back ? `${back.name}.uuid=${String(inventory.uuid)}` : null;
}

export function relatedOf(resource: QueryResource, inventory: Record<string, unknown>): Related[] {
  return resource.joins.flatMap((join) => {
    const family = familyOfResource(join.target);
    const condition = family && conditionOf(resource, join, inventory);
    return family && condition ? [{ join, family, conditions: [condition] }] : [];
  });
}
