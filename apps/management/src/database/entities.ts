// Every table's entity, from the families' manifests (families.ts).
import { FAMILIES } from '../families.js';

export const ENTITIES = FAMILIES.flatMap((f) => f.entities ?? []);
