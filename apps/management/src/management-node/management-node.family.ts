import type { FamilyManifest } from '../api/family.js';
import { ManagementNodeEntity } from './management-node.entity.js';

/** The live management nodes (their heartbeats share out host tracking). */
export const MANAGEMENT_NODE_FAMILY: FamilyManifest = { name: 'management-node', entities: [ManagementNodeEntity] };
