// Bounds on parameter values that the manual's catalogue does not state: the lengths of
// ZStack's @APIParam(maxLength) and of the columns that store them, port ranges, how many
// tags a call may carry. Keyed by parameter name (a name means the same thing in every
// API), with defaults by type, so an API added to the contract is bounded the moment it
// exists. test/param-limits.test.ts holds these against the entities' column lengths.
import type { ParamSpec } from './types.js';

/** A string parameter whose value must have a given shape. */
export type ParamFormat = 'uuid' | 'host-address';

export interface ParamLimits {
  /** Longest accepted string, in characters; for a List/Set, of each element (which must
   *  then be a string). */
  maxLength?: number;
  /** Most elements of a List/Set. */
  maxItems?: number;
  /** Inclusive bounds of an Integer/Long. */
  min?: number;
  max?: number;
  /** The shape of a String, or of each element of a List/Set. */
  format?: ParamFormat;
}

/** A tag is one row of system_tag/user_tag; a call's tags are inserted in one statement, so
 *  their count stays far below PostgreSQL's 65,535 bind parameters (7 per tag). */
const TAGS: ParamLimits = { maxLength: 2048, maxItems: 1000 };

/** By parameter name. Lengths follow ZStack's @APIParam(maxLength) where it has one. */
const BY_NAME: Readonly<Record<string, ParamLimits>> = {
  name: { maxLength: 255 },
  // A resource's type (a storage's, an offering's) where the catalogue does not enumerate it.
  type: { maxLength: 32 },
  description: { maxLength: 2048 },
  accountName: { maxLength: 255 },
  username: { maxLength: 255 },
  password: { maxLength: 255 },
  oldPassword: { maxLength: 255 },
  managementIp: { maxLength: 255, format: 'host-address' },
  sshPort: { min: 1, max: 65535 },
  // An ImageStore's (or a Ceph mon's) host, as managementIp.
  hostname: { maxLength: 255, format: 'host-address' },
  // AddImage (ZStack's @APIParam(maxLength = 255) for guestOsType; formats are short names: qcow2, raw, iso).
  guestOsType: { maxLength: 255 },
  format: { maxLength: 32 },
  systemTags: TAGS,
  userTags: TAGS,
  excludePackages: { maxLength: 255, maxItems: 1000 },
  // A shell script run on hosts: ZStack sets no bound; the request body's 4 MiB is the real one.
  script: { maxLength: 1024 * 1024 },
  // PCI ids are 4 hex digits; the columns leave room for what lspci may print.
  vendorId: { maxLength: 64 },
  deviceId: { maxLength: 64 },
  subvendorId: { maxLength: 64 },
  subdeviceId: { maxLength: 64 },
  // Shared Block's LUNs: a WWN, WWID, serial or device path despite the name (shared_block.diskUuid).
  diskUuid: { maxLength: 255 },
  diskUuids: { maxLength: 255, maxItems: 1000 },
  // Ceph mons: `user:password@host[:sshPort][/?monPort=port]`, user 255 + password 255 + host
  // 255 and the ports (ceph_mon's columns); a cluster has a handful of mons.
  monUrls: { maxLength: 1024, maxItems: 100 },
  monHostnames: { maxLength: 255, maxItems: 100, format: 'host-address' },
  // A host allocator strategy's name (instance_offering/vm_instance.allocatorStrategy).
  allocatorStrategy: { maxLength: 64 },
  // PCI device types (pci_device.type) a candidate list is narrowed to.
  types: { maxLength: 32, maxItems: 100 },
  // Ceph pools (ZStack's @APIParam(maxLength = 255)).
  poolName: { maxLength: 255 },
  aliasName: { maxLength: 255 },
  rootVolumePoolName: { maxLength: 255 },
  dataVolumePoolName: { maxLength: 255 },
  imageCachePoolName: { maxLength: 255 },
};

/** Parameters named like uuids that ZStack does not fill with uuids. */
const NOT_UUIDS: ReadonlySet<string> = new Set(['diskUuid', 'diskUuids']);

/** Any other String (a ZStack varchar is at most 2048 characters in its schema). */
const DEFAULT_STRING_LENGTH = 2048;
/** Any other List/Set: lists of uuids end in `IN (...)` lists of bind parameters. */
const DEFAULT_MAX_ITEMS = 1000;
/** Integer columns are PostgreSQL int4; a Long must survive JSON (IEEE double) intact. */
const INT32: ParamLimits = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const LONG: ParamLimits = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };

const UUID_LENGTH = 32;

/** `uuid`, `zoneUuid`... are uuids; `hostUuids` lists of them. */
function uuidFormat(p: ParamSpec): boolean {
  if (NOT_UUIDS.has(p.name)) return false;
  if (p.type === 'String') return p.name === 'uuid' || p.name.endsWith('Uuid');
  return (p.type === 'List' || p.type === 'Set') && p.name.endsWith('Uuids');
}

/** The bounds a parameter's value must keep. Enumerated values bound themselves. */
export function paramLimits(p: ParamSpec): ParamLimits {
  const named = BY_NAME[p.name] ?? {};
  const uuid: ParamLimits = uuidFormat(p) ? { format: 'uuid', maxLength: UUID_LENGTH } : {};
  switch (p.type) {
    case 'String':
    case 'Timestamp':
      return p.values?.length ? {} : { maxLength: DEFAULT_STRING_LENGTH, ...named, ...uuid };
    case 'List':
    case 'Set':
      return { maxItems: DEFAULT_MAX_ITEMS, ...named, ...uuid };
    case 'Integer':
      return { ...INT32, ...named };
    case 'Long':
      return { ...LONG, ...named };
    default:
      return named;
  }
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

function isIpv6(s: string): boolean {
  if (!s.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(s)) return false;
  try {
    new URL(`http://[${s}]/`);
    return true;
  } catch {
    return false;
  }
}

/** An IP address or a host name, as ZStack's AddHost accepts (HostApiInterceptor: "IPv4
 *  address or DNS name"). A name whose last label is all digits is a mistyped IPv4 address,
 *  not a name (RFC 1123 2.1), and is refused. */
export function isHostAddress(s: string): boolean {
  if (IPV4.test(s) || isIpv6(s)) return true;
  const labels = s.split('.');
  return s.length <= 253 && labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1]);
}
