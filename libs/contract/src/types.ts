// The shapes of the API contract. Everything that speaks the zstack/v1 API (the REST
// router, validation, the CLI's completion, OpenAPI, docs) reads these, never its own copy.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Where a parameter travels: inside the body key's object, at the top of the body,
 *  in a path placeholder, or in the query string. */
export type ParamLocation = 'body.params' | 'body' | 'url' | 'query';

/** Parameter types as the manual spells them, normalised. */
export type ParamType =
  | 'String'
  | 'Integer'
  | 'Long'
  | 'Float'
  | 'Boolean'
  | 'List'
  | 'Set'
  | 'Map'
  | 'Timestamp';

export interface ParamSpec {
  name: string;
  type: ParamType;
  in: ParamLocation;
  required: boolean;
  /** Allowed values, when the manual (or ZStack's SDK) enumerates them. */
  values?: readonly string[];
  description?: string;
}

export type ReplyKind =
  | { kind: 'inventory'; key: 'inventory'; type: string }
  | { kind: 'inventories'; key: 'inventories'; type: string }
  /** Named fields at the top of the reply (`{"strategies": [...]}`); `key` is the one the
   *  manual names, null when the reply is several fields side by side. */
  | { kind: 'fields'; key: string | null; type: string | null; fields?: readonly InventoryField[] }
  | { kind: 'empty' };

export interface ApiSpec {
  /** ZStack's API name without the `API...Msg` wrapping, e.g. `CreateZone`. */
  name: string;
  /** The manual's section, e.g. `4.1.1`. */
  section: string;
  summary: string;
  method: HttpMethod;
  /** Path below `/zstack`, with `{placeholders}`, e.g. `/v1/zones/{uuid}/actions`. */
  path: string;
  /** Further paths that reach the same API (a query's `/{uuid}` form). */
  altPaths: readonly string[];
  /** The body key: `params` for creates, the action name for PUT actions, null otherwise. */
  bodyKey: string | null;
  /** Asynchronous APIs answer 202 and run as jobs. */
  async: boolean;
  params: readonly ParamSpec[];
  reply: ReplyKind;
  /** For Query APIs: the resource of the query graph they search. */
  queryResource?: string;
}

export type FieldType = 'String' | 'Integer' | 'Long' | 'Float' | 'Boolean' | 'Timestamp' | 'List' | 'Map' | 'Object';

export interface InventoryField {
  name: string;
  type: FieldType;
  /** For List/Object fields: the inventory type of the elements, when it is one. */
  elementType?: string;
  description?: string;
}

export interface InventorySpec {
  name: string;
  fields: readonly InventoryField[];
}

/** A join from one queryable resource to another: `cluster.zone.name` follows
 *  Cluster -> Zone through `zone`, matching `Cluster.zoneUuid = Zone.uuid`. */
export interface QueryJoin {
  name: string;
  target: string;
  /** Field of this resource that is matched... */
  localField: string;
  /** ...with this field of the target. */
  targetField: string;
  /** Through a link table (many-to-many), when there is one. */
  via?: { table: string; localColumn: string; targetColumn: string };
}

export interface QueryField {
  name: string;
  type: FieldType;
  /** Allowed values of an enum-like field. */
  values?: readonly string[];
}

/** A list field of an inventory filled from another table, e.g. a primary storage's
 *  `attachedClusterUuids` from its cluster references. Loaded for a whole page at once. */
export interface NestedList {
  field: string;
  table: string;
  /** Column of `table` holding this resource's uuid. */
  foreignKey: string;
  /** A list of plain values (uuids) from this column... */
  valueColumn?: string;
  /** ...or a list of these inventories. */
  inventory?: string;
}

export interface QueryResource {
  /** Resource name as in the graph, e.g. `Zone`. */
  name: string;
  /** Inventory type it answers with. */
  inventory: string;
  /** Database table that holds it. */
  table: string;
  /** Fields that can be used in conditions (native fields of the inventory). */
  fields: readonly QueryField[];
  joins: readonly QueryJoin[];
  nested: readonly NestedList[];
  /** Resource type name used by tags (ZStack's `resourceType`, e.g. `ZoneVO`). */
  resourceType: string;
}
