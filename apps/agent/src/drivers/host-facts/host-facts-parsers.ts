// Pure parsers of what Linux says about the host. Each has tests against output recorded
// on a real machine (fixtures/).

export interface CpuFacts {
  modelName: string;
  sockets: number;
  coresPerSocket: number;
  threads: number;
  flags: string[];
}

/** `lscpu -J`. Newer util-linux nests entries (`children`, e.g. under "Vendor ID" on arm64),
 *  so every level is read. Null when it is not lscpu's JSON or lacks the CPU count. */
export function parseLscpuJson(text: string): CpuFacts | null {
  let parsed: { lscpu?: unknown };
  try {
    parsed = JSON.parse(text) as { lscpu?: unknown };
  } catch {
    return null;
  }
  const fields = new Map<string, string>();
  const visit = (entries: unknown): void => {
    if (!Array.isArray(entries)) return;
    for (const entry of entries as { field?: unknown; data?: unknown; children?: unknown }[]) {
      if (typeof entry.field === 'string' && typeof entry.data === 'string') fields.set(entry.field.replace(/:$/, ''), entry.data);
      visit(entry.children);
    }
  };
  visit(parsed?.lscpu);
  const threads = positiveInt(fields.get('CPU(s)'));
  if (threads === null) return null;
  // arm64 counts clusters where x86 counts sockets.
  const sockets = positiveInt(fields.get('Socket(s)')) ?? positiveInt(fields.get('Cluster(s)')) ?? 1;
  const coresPerSocket =
    positiveInt(fields.get('Core(s) per socket')) ?? positiveInt(fields.get('Core(s) per cluster')) ?? Math.max(1, Math.floor(threads / sockets));
  return {
    modelName: fields.get('Model name') ?? '',
    sockets,
    coresPerSocket,
    threads,
    flags: (fields.get('Flags') ?? '').split(/\s+/).filter(Boolean),
  };
}

/** /proc/cpuinfo: one block per logical CPU. */
export function parseCpuinfo(text: string): CpuFacts {
  const processors = text
    .split(/\n\s*\n/)
    .map(keyValueLines)
    .filter((block) => block.has('processor'));
  const first = processors[0] ?? new Map<string, string>();
  const threads = Math.max(processors.length, 1);
  const sockets = new Set(processors.map((p) => p.get('physical id')).filter((id) => id !== undefined)).size || 1;
  return {
    modelName: first.get('model name') ?? '',
    sockets,
    coresPerSocket: positiveInt(first.get('cpu cores')) ?? Math.max(1, Math.floor(threads / sockets)),
    threads,
    // x86 says `flags`, arm64 says `Features`.
    flags: (first.get('flags') ?? first.get('Features') ?? '').split(/\s+/).filter(Boolean),
  };
}

export function cpuVirtualization(flags: readonly string[]): 'vmx' | 'svm' | null {
  if (flags.includes('vmx')) return 'vmx';
  if (flags.includes('svm')) return 'svm';
  return null;
}

/** /proc/meminfo's MemTotal, which the kernel gives in KiB (it writes "kB"). */
export function parseMemTotalBytes(text: string): number | null {
  const match = /^MemTotal:\s+(\d+)\s*kB$/m.exec(text);
  return match ? Number(match[1]) * 1024 : null;
}

export interface OsRelease {
  distribution: string;
  version: string;
  release: string;
}

/** /etc/os-release as ZStack names a host's OS: the distribution's NAME ("CentOS Linux",
 *  "Debian GNU/Linux"), VERSION_ID, and the release name (VERSION_CODENAME, or what CentOS 7
 *  puts in parentheses in VERSION: "7 (Core)"). */
export function parseOsRelease(text: string): OsRelease {
  const vars = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) vars.set(match[1], unquote(match[2]));
  }
  const inParentheses = /\(([^)]+)\)/.exec(vars.get('VERSION') ?? '')?.[1];
  return {
    distribution: vars.get('NAME') ?? vars.get('ID') ?? 'Linux',
    version: vars.get('VERSION_ID') ?? '',
    release: vars.get('VERSION_CODENAME') || inParentheses || '',
  };
}

/** IOMMU is on when the kernel registered an IOMMU (/sys/class/iommu has entries) or the
 *  kernel command line asks for one. */
export function iommuEnabled(sysClassIommuEntries: readonly string[], kernelCmdline: string): boolean {
  if (sysClassIommuEntries.length > 0) return true;
  const args = kernelCmdline.split(/\s+/);
  return args.includes('intel_iommu=on') || args.includes('amd_iommu=on') || args.includes('iommu=pt');
}

function keyValueLines(block: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) map.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return map;
}

function positiveInt(value: string | undefined): number | null {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n > 0 ? n : null;
}

/** os-release values are shell-quoted: "..." with backslash escapes, or '...'. */
function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1).replace(/\\(.)/g, '$1');
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  return value;
}
