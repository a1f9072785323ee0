// Pure parsers of virsh's output (run with LC_ALL=C: virsh translates its labels and states).
// Tested against output recorded from libvirt 9.0.0 (fixtures/).
import type { HypervisorInfo } from '#agent-protocol';

export type VirshVersion = Omit<HypervisorInfo, 'domains'>;

/** `virsh version`: "Using library: libvirt 9.0.0", "Running hypervisor: QEMU 7.2.0". */
export function parseVirshVersion(text: string): VirshVersion {
  const library = /^Using library: libvirt (\S+)/m.exec(text);
  const hypervisor = /^Running hypervisor: (\S+) (\S+)/m.exec(text);
  return {
    libvirtVersion: library?.[1] ?? '',
    hypervisorType: hypervisor?.[1] ?? '',
    hypervisorVersion: hypervisor?.[2] ?? '',
  };
}

/** What `virsh list` prints for a domain's state (virshDomainStateToString, untranslated). */
const DOMAIN_STATES = ['running', 'idle', 'paused', 'in shutdown', 'shut off', 'crashed', 'pmsuspended', 'no state', 'unknown'];
const ROW = new RegExp(`^\\s*(\\S+)\\s+(.+?)\\s+(${DOMAIN_STATES.join('|')})\\s*$`);

/** `virsh list --all`. Names may hold spaces, and older virsh (CentOS 7's 4.5) pads names to a
 *  fixed width that a long name overflows, so a row is split at the state it ends with rather
 *  than at the header's columns; a state this list does not know falls back to the columns. */
export function parseVirshList(text: string): HypervisorInfo['domains'] {
  const lines = text.split('\n');
  const headerAt = lines.findIndex((l) => /^\s*Id\s+Name\s+State\s*$/.test(l));
  if (headerAt < 0) return [];
  const header = lines[headerAt];
  const nameColumn = header.indexOf('Name');
  const stateColumn = header.indexOf('State');
  const domains: HypervisorInfo['domains'] = [];
  for (const line of lines.slice(headerAt + 1)) {
    if (line.trim() === '' || /^-+$/.test(line.trim())) continue;
    const row = ROW.exec(line);
    if (row) domains.push({ name: row[2], state: row[3] });
    else domains.push({ name: line.slice(nameColumn, stateColumn).trim(), state: line.slice(stateColumn).trim() });
  }
  return domains;
}
