// Pure parsers of the `ceph` CLI's JSON (`--format json`). Tested on output recorded from a
// real Ceph 16.2.15 (Pacific) single-node cluster (fixtures/). Fields Ceph may leave out on
// other releases read as 0 or empty, never as a crash; output that is not what the command
// prints is a HOST.1000 error naming the command.
import type { CephCapacity, CephClusterStatus, CephMon, CephPool } from '#agent-protocol';
import { hostOperationFailure } from '../../agent-errors.js';
import { parseJsonOutput } from '../tools/tool-output.js';

type Json = Record<string, unknown>;

function parseObject(text: string, what: string): Json {
  const parsed = parseJsonOutput(text, what);
  if (typeof parsed !== 'object' || parsed === null) throw hostOperationFailure(`${what} did not print a JSON object or list`);
  return parsed as Json;
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const obj = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function requireFsid(json: Json, what: string): string {
  const fsid = str(json.fsid);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(fsid)) throw hostOperationFailure(`${what} printed no fsid`);
  return fsid;
}

/** `ceph fsid --format json`: `{"fsid":"…"}`. */
export function parseCephFsid(text: string): string {
  return requireFsid(parseObject(text, 'ceph fsid'), 'ceph fsid');
}

/** `ceph -s --format json`. */
export function parseCephStatus(text: string): CephClusterStatus {
  const json = parseObject(text, 'ceph -s');
  const osdmap = obj(json.osdmap);
  return {
    fsid: requireFsid(json, 'ceph -s'),
    health: str(obj(json.health).status),
    quorumNames: list(json.quorum_names).map(str),
    numOsds: num(osdmap.num_osds),
    numUpOsds: num(osdmap.num_up_osds),
  };
}

/** `ceph df --format json`: `stats` holds the raw totals, `pools[].stats` each pool's. */
export function parseCephDf(text: string): CephCapacity {
  const json = parseObject(text, 'ceph df');
  const stats = obj(json.stats);
  if (typeof stats.total_bytes !== 'number') throw hostOperationFailure('ceph df printed no stats.total_bytes');
  return {
    totalBytes: num(stats.total_bytes),
    availableBytes: num(stats.total_avail_bytes),
    usedBytes: num(stats.total_used_raw_bytes ?? stats.total_used_bytes),
    pools: list(json.pools).map((entry) => {
      const pool = obj(entry);
      const poolStats = obj(pool.stats);
      return {
        name: str(pool.name),
        id: num(pool.id),
        storedBytes: num(poolStats.stored),
        usedBytes: num(poolStats.bytes_used),
        availableBytes: num(poolStats.max_avail),
        objects: num(poolStats.objects),
      };
    }),
  };
}

/** `ceph mon dump --format json`: the monmap; `quorum` lists the ranks in quorum. */
export function parseCephMonDump(text: string): { fsid: string; mons: CephMon[] } {
  const json = parseObject(text, 'ceph mon dump');
  const quorum = new Set(list(json.quorum).map(num));
  const mons = list(json.mons).map((entry) => {
    const mon = obj(entry);
    const rank = num(mon.rank);
    // `public_addr` is `127.0.0.1:6789/0`: the `/nonce` is no part of where to connect.
    return { name: str(mon.name), rank, address: str(mon.public_addr ?? mon.addr).replace(/\/\d+$/, ''), inQuorum: quorum.has(rank) };
  });
  return { fsid: requireFsid(json, 'ceph mon dump'), mons };
}

/** `ceph osd pool ls detail --format json`: a list of pools. */
export function parseCephPoolList(text: string): CephPool[] {
  const json = parseObject(text, 'ceph osd pool ls detail');
  if (!Array.isArray(json)) throw hostOperationFailure('ceph osd pool ls detail did not print a list');
  return json.map((entry) => {
    const pool = obj(entry);
    return {
      name: str(pool.pool_name),
      id: num(pool.pool_id),
      pgNum: num(pool.pg_num),
      size: num(pool.size),
      applications: Object.keys(obj(pool.application_metadata)),
    };
  });
}

/** A pool name `ceph` takes as one argument and never as an option. */
export const CEPH_POOL_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
