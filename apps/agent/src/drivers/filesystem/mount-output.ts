// Pure parsers of what util-linux and coreutils print about mounted file systems: `findmnt
// --json`, plain `mount` (where findmnt is missing or has no --json: busybox, CentOS 7) and `df -B1 --output`.
// Tested against output recorded on this project's test machine (fixtures/).
import type { FilesystemCapacity, MountEntry } from '#agent-protocol';
import { hostOperationFailure } from '../../agent-errors.js';
import { byteCount, optionalText, parseJsonOutput } from '../tools/tool-output.js';

/** The columns the driver asks findmnt for; the parser reads these names. */
export const FINDMNT_COLUMNS = 'TARGET,SOURCE,FSTYPE,OPTIONS';
/** The columns the driver asks df for, in the order the parser reads them. */
export const DF_COLUMNS = 'source,fstype,size,used,avail,target';

interface FindmntNode {
  target?: unknown;
  source?: unknown;
  fstype?: unknown;
  options?: unknown;
  children?: FindmntNode[];
}

/** `findmnt --json -o TARGET,SOURCE,FSTYPE,OPTIONS`: a tree (children under their parent
 *  mount) flattened into mount order. */
export function parseFindmntJson(text: string): MountEntry[] {
  if (text.trim() === '') return []; // findmnt prints nothing (exit 1) when nothing matches
  const parsed = parseJsonOutput(text, 'findmnt') as { filesystems?: FindmntNode[] };
  if (!Array.isArray(parsed.filesystems)) throw hostOperationFailure('findmnt --json printed no "filesystems" list');
  const entries: MountEntry[] = [];
  const visit = (node: FindmntNode): void => {
    entries.push({
      mountPoint: optionalText(node.target) ?? '',
      source: optionalText(node.source) ?? '',
      fstype: optionalText(node.fstype) ?? '',
      options: splitOptions(optionalText(node.options) ?? ''),
    });
    for (const child of node.children ?? []) visit(child);
  };
  parsed.filesystems.forEach(visit);
  return entries;
}

const MOUNT_LINE = /^(.+?) on (.+) type (\S+) \(([^)]*)\)$/;

/** `mount` with no arguments: `SOURCE on TARGET type FSTYPE (OPTIONS)` a line. */
export function parseMountList(text: string): MountEntry[] {
  return text
    .split('\n')
    .map((line) => MOUNT_LINE.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ source: match[1], mountPoint: match[2], fstype: match[3], options: splitOptions(match[4]) }));
}

function splitOptions(options: string): string[] {
  return options.split(',').filter((o) => o !== '');
}

/** `df -B1 --output=source,fstype,size,used,avail,target <path>`: the header, then one row.
 *  The mount point is last because it may hold spaces. */
export function parseDfCapacity(text: string, path: string): FilesystemCapacity {
  const rows = text.split('\n').filter((l) => l.trim() !== '');
  const row = rows[1]?.trim().split(/\s+/);
  if (!/^Filesystem\s+Type\s+1B-blocks\s+Used\s+Avail\s+Mounted on$/.test(rows[0]?.trim() ?? '') || !row || row.length < 6) {
    throw hostOperationFailure(`df printed no capacity row for ${path}: ${text.slice(0, 200)}`);
  }
  const [source, fstype, size, used, avail, ...mountPoint] = row;
  return {
    path,
    source,
    fstype,
    mountPoint: mountPoint.join(' '),
    totalBytes: byteCount(size, 'df size'),
    usedBytes: byteCount(used, 'df used'),
    availableBytes: byteCount(avail, 'df avail'),
  };
}
