// Compiles a query over the contract's query graph into one parameterised SQL statement.
// A dotted field is a chain of joins, compiled to nested `IN (SELECT ...)` sub-queries;
// values are always bound parameters, never spliced into the text.
import { Inject, Injectable } from '@nestjs/common';
import { ApiError, parseZStackDate, QUERY_RESOURCES, type QueryField, type QueryResource, resolveFieldPath } from '#contract';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../database/database.tokens.js';
import { ident, rowsOf } from '../database/sql.js';
import { QUERYABLE_RESOURCES } from '../api/commands.js';
import { toInventory } from '../resource/inventory.js';
import type { Condition, QueryRequest } from './query-request.js';

class SqlParams {
  readonly values: unknown[] = [];
  /** Inner joins the conditions add to the FROM clause (to-one chains only). */
  readonly joins: string[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function fieldOf(resource: QueryResource, name: string, whole: string): QueryField {
  const field = resource.fields.find((f) => f.name === name);
  if (!field) throw ApiError.invalidArgument(`unknown field "${name}" of ${resource.name} in query condition "${whole}"`);
  return field;
}

/** Limits that keep every query a valid, bounded SQL statement: past them the answer is
 *  400, never a database error. */
export const QUERY_LIMITS = { conditions: 100, listValues: 1000, joinDepth: 12 };
const INT_MAX = 2 ** 31 - 1;

function typedValue(field: QueryField, raw: string, whole: string): unknown {
  if (raw.includes('\u0000')) throw ApiError.invalidArgument(`query value in "${whole.replace(/\u0000/g, '\\0')}" contains a NUL character`);
  switch (field.type) {
    case 'Integer':
    case 'Long': {
      const tooBig = field.type === 'Integer' && Math.abs(Number(raw)) > INT_MAX;
      if (!/^-?\d{1,18}$/.test(raw) || tooBig) throw ApiError.invalidArgument(`field ${field.name} is ${field.type === 'Integer' ? 'a 32-bit' : 'a 64-bit'} integer; "${raw}" in "${whole}" is not`);
      return raw;
    }
    case 'Float':
      if (!Number.isFinite(Number(raw)) || raw.trim() === '') throw ApiError.invalidArgument(`field ${field.name} is a number; "${raw}" in "${whole}" is not`);
      return raw;
    case 'Boolean':
      if (raw !== 'true' && raw !== 'false') throw ApiError.invalidArgument(`field ${field.name} is true or false; "${raw}" in "${whole}" is not`);
      return raw === 'true';
    case 'Timestamp': {
      const date = parseZStackDate(raw);
      const year = date?.getFullYear() ?? 0;
      if (!date || year < 1 || year > 9999) throw ApiError.invalidArgument(`field ${field.name} is a date like "Jun 7, 2017 9:20:28 PM"; "${raw}" in "${whole}" is not`);
      return date;
    }
    default:
      return raw;
  }
}

function predicate(alias: string, field: QueryField, cond: Condition, params: SqlParams, whole: string): string {
  const column = `${alias}.${ident(field.name)}`;
  switch (cond.op) {
    case 'is null':
      return `${column} IS NULL`;
    case 'is not null':
      return `${column} IS NOT NULL`;
    case '?=':
    case '!?=': {
      const parts = cond.value.split(',');
      if (parts.length > QUERY_LIMITS.listValues) throw ApiError.invalidArgument(`"${cond.field}${cond.op}" lists ${parts.length} values; at most ${QUERY_LIMITS.listValues}`);
      const values = parts.map((v) => typedValue(field, v, whole));
      return `${column} ${cond.op === '?=' ? '' : 'NOT '}IN (${values.map((v) => params.add(v)).join(', ')})`;
    }
    case '~=':
    case '!~=':
      if (cond.value.includes('\u0000')) throw ApiError.invalidArgument(`query value in "${whole.replace(/\u0000/g, '\\0')}" contains a NUL character`);
      if (/(^|[^\\])(\\\\)*\\$/.test(cond.value)) throw ApiError.invalidArgument(`the pattern in "${whole}" ends with the escape character \\`);
      return `${column}::text ${cond.op === '~=' ? '' : 'NOT '}LIKE ${params.add(cond.value)}`;
    default:
      return `${column} ${cond.op} ${params.add(typedValue(field, cond.value, whole))}`;
  }
}

@Injectable()
export class QueryEngine {
  /** Resources whose tables exist in this release; joins elsewhere are refused. */
  readonly available: ReadonlySet<string> = QUERYABLE_RESOURCES;

  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /** Compiles one condition; a dotted field crosses the graph's joins, compiled from the
   *  innermost hop outwards into nested `IN (SELECT ...)` sub-queries. */
  private compileCondition(resource: QueryResource, cond: Condition, params: SqlParams): string {
    const whole = `${cond.field}${cond.op}${cond.value}`;
    if (cond.field === '__userTag__' || cond.field === '__systemTag__') return this.compileTagCondition('t', cond, params, whole);
    const path = resolveFieldPath(resource.name, cond.field);
    if (!path.ok) throw ApiError.invalidArgument(`${path.error} (query condition "${whole}")`);
    if (path.hops.length > QUERY_LIMITS.joinDepth) throw ApiError.invalidArgument(`"${cond.field}" crosses ${path.hops.length} joins; at most ${QUERY_LIMITS.joinDepth}`);
    const missing = path.hops.find((h) => !this.available.has(h.to.name));
    if (missing) throw ApiError.invalidArgument(`join "${missing.join.name}" of ${missing.from.name} leads to ${missing.to.name}, which this release does not store yet (query condition "${whole}")`);
    const depth = path.hops.length;
    // A chain of to-one joins (host -> cluster -> zone) cannot multiply rows: it joins in
    // the FROM clause, which the planner handles best. Any to-many hop makes it sub-queries.
    if (depth && path.hops.every((h) => !h.join.via && h.join.targetField === 'uuid')) {
      let outer = 't';
      for (const { join, to } of path.hops) {
        const alias = `k${params.joins.length}`;
        params.joins.push(`JOIN ${ident(to.table)} ${alias} ON ${alias}.${ident(join.targetField)} = ${outer}.${ident(join.localField)}`);
        outer = alias;
      }
      return predicate(outer, path.field, cond, params, whole);
    }
    let where = predicate(depth ? `j${depth - 1}` : 't', path.field, cond, params, whole);
    for (let i = depth - 1; i >= 0; i--) {
      const { join, to } = path.hops[i];
      const outer = i === 0 ? 't' : `j${i - 1}`;
      const targetRows = `SELECT j${i}.${ident(join.targetField)} FROM ${ident(to.table)} j${i} WHERE ${where}`;
      where = join.via
        ? `${outer}.${ident(join.localField)} IN (SELECT l${i}.${ident(join.via.localColumn)} FROM ${ident(join.via.table)} l${i} WHERE l${i}.${ident(join.via.targetColumn)} IN (${targetRows}))`
        : `${outer}.${ident(join.localField)} IN (${targetRows})`;
    }
    return where;
  }

  /** `__userTag__=x`: resources carrying tag x. A negative operator selects the resources
   *  carrying no tag that matches (`__userTag__!=x`: those without x). */
  private compileTagCondition(alias: string, cond: Condition, params: SqlParams, whole: string): string {
    if (cond.op === 'is null' || cond.op === 'is not null' || ['>', '<', '>=', '<='].includes(cond.op)) {
      throw ApiError.invalidArgument(`operator ${cond.op} does not apply to ${cond.field} in "${whole}"; use =, !=, ?=, !?=, ~= or !~=`);
    }
    const negative = cond.op.startsWith('!');
    const positiveOp = (negative ? cond.op.slice(1) : cond.op) as Condition['op'];
    const table = cond.field === '__userTag__' ? 'user_tag' : 'system_tag';
    const tagField: QueryField = { name: 'tag', type: 'String' };
    const match = predicate('tg', tagField, { ...cond, op: positiveOp }, params, whole);
    return `${alias}."uuid" ${negative ? 'NOT ' : ''}IN (SELECT tg."resourceUuid" FROM ${ident(table)} tg WHERE ${match})`;
  }

  async query(resourceName: string, request: QueryRequest): Promise<Record<string, unknown>> {
    const resource = QUERY_RESOURCES[resourceName];
    const params = new SqlParams();
    if (request.conditions.length > QUERY_LIMITS.conditions) throw ApiError.invalidArgument(`${request.conditions.length} query conditions; at most ${QUERY_LIMITS.conditions}`);
    const where = request.conditions.map((c) => this.compileCondition(resource, c, params));
    const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const from = `FROM ${ident(resource.table)} t${params.joins.map((j) => ` ${j}`).join('')}${whereSql}`;
    const groupBy = request.groupBy ? fieldOf(resource, request.groupBy, `groupBy=${request.groupBy}`).name : null;
    // groupBy: one row per distinct value, as ZStack's MySQL query gave; count counts groups.
    const countSql = groupBy ? `SELECT count(DISTINCT t.${ident(groupBy)}) AS n ${from}` : `SELECT count(*) AS n ${from}`;
    const total = async () => Number(rowsOf<{ n: string }>(await this.db.query(countSql, params.values))[0].n);
    if (request.count) return { total: await total() };

    const fields = request.fields?.map((f) => fieldOf(resource, f, `fields=${request.fields!.join(',')}`).name);
    const sortField = request.sort ? fieldOf(resource, request.sort.field, `sort=${request.sort.field}`).name : null;
    const key = rowKeyOf(resource);
    let order = sortField ? `t.${ident(sortField)} ${request.sort!.direction}, ${key}` : key;
    let select = 'SELECT t.*';
    if (groupBy) {
      select = `SELECT DISTINCT ON (t.${ident(groupBy)}) t.*`;
      order = `t.${ident(groupBy)}, ${order}`;
    }
    const limit = params.add(request.limit);
    const offset = params.add(request.start);
    const rows = rowsOf<Record<string, unknown>>(await this.db.query(`${select} ${from} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`, params.values));
    const inventories = fields
      ? rows.map((row) => pick(toInventory(resource.inventory, row), fields))
      : await this.withNestedLists(resource, rows.map((row) => toInventory(resource.inventory, row)));
    if (!request.replyWithCount) return { inventories };
    params.values.splice(-2);
    return { inventories, total: await total() };
  }

  /** Fills the inventory's list fields from their tables: one query per list per page. */
  private async withNestedLists(resource: QueryResource, inventories: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
    if (!inventories.length) return inventories;
    const uuids = inventories.map((i) => i.uuid as string);
    for (const nested of resource.nested) {
      const rows = rowsOf<Record<string, unknown>>(
        await this.db.query(`SELECT * FROM ${ident(nested.table)} WHERE ${ident(nested.foreignKey)} = ANY($1::varchar[])`, [uuids]),
      );
      const byOwner = new Map<string, unknown[]>();
      for (const row of rows) {
        const value = nested.valueColumn ? row[nested.valueColumn] : toInventory(nested.inventory!, row);
        const owner = row[nested.foreignKey] as string;
        byOwner.set(owner, [...(byOwner.get(owner) ?? []), value]);
      }
      for (const inventory of inventories) inventory[nested.field] = byOwner.get(inventory.uuid as string) ?? [];
    }
    return inventories;
  }
}

function pick(inventory: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, inventory[f]]));
}

/** What orders a resource's rows stably: its uuid, or for a link table without one
 *  (PciDevicePciDeviceOfferingRef) all its columns. */
function rowKeyOf(resource: QueryResource): string {
  if (resource.fields.some((f) => f.name === 'uuid')) return 't."uuid"';
  return resource.fields.map((f) => `t.${ident(f.name)}`).join(', ');
}
