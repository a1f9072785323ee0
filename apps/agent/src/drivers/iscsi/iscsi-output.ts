// Pure parsers of the iSCSI initiator tools: libiscsi's `iscsi-ls -s`, `iscsi-readcapacity16`
// and `iscsi-inq` (VPD pages 0x80 and 0x83), and open-iscsi's `iscsiadm -m discovery -t
// sendtargets`. Tested against output recorded from libiscsi 1.19.0 talking to tgt 1.0.85
// (fixtures/); iscsiadm's listing in the format open-iscsi prints (no kernel initiator here).
import type { IscsiTarget } from '#agent-protocol';
import { byteCount } from '../tools/tool-output.js';

export interface ListedLun {
  lunId: number;
  type: string;
}

export interface IscsiLsListing {
  targets: { iqn: string; portal: string; luns: ListedLun[] }[];
  /** Lines that are neither a target nor a LUN: what went wrong (iscsi-ls prints a failed
   *  login on stdout, "list_luns: iscsi_connect failed. ... Authentication failure(513)"). */
  problems: string[];
}

const TARGET_LINE = /^Target:(\S+) Portal:(\S+)$/;
const LUN_LINE = /^Lun:(\d+)\s+Type:(\S+)/;

/** `iscsi-ls -s`: `Target:<iqn> Portal:<address:port,tpgt>`, then its `Lun:<n> Type:<type> (Size:..)` lines. */
export function parseIscsiLs(text: string): IscsiLsListing {
  const listing: IscsiLsListing = { targets: [], problems: [] };
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const target = TARGET_LINE.exec(line);
    const lun = LUN_LINE.exec(line);
    const current = listing.targets.at(-1);
    if (target) listing.targets.push({ iqn: target[1], portal: target[2], luns: [] });
    else if (lun && current) current.luns.push({ lunId: Number(lun[1]), type: lun[2] });
    else listing.problems.push(line);
  }
  return listing;
}

/** `iscsi-readcapacity16`: "Total size:67108864", else (last LBA + 1) × block length. */
export function parseReadCapacity16(text: string): number | null {
  const total = /^Total size:(\d+)/m.exec(text);
  if (total) return byteCount(total[1], 'Total size');
  const lastLba = /^RETURNED LOGICAL BLOCK ADDRESS:(\d+)/m.exec(text);
  const blockLength = /^LOGICAL BLOCK LENGTH IN BYTES:(\d+)/m.exec(text);
  return lastLba && blockLength ? (Number(lastLba[1]) + 1) * Number(blockLength[1]) : null;
}

/** `iscsi-inq -e 1 -c 0x80`: "Unit Serial Number:[   beaf11]" (space-padded, as SCSI pads it). */
export function parseUnitSerial(text: string): string | null {
  const serial = /^Unit Serial Number:\[(.*)\]\s*$/m.exec(text)?.[1].trim();
  return serial ? serial : null;
}

export interface Designator {
  codeSet: string;
  type: string;
  value: string;
}

/** `iscsi-inq -e 1 -c 0x83`: one block of `Code Set:(n) NAME`, `Designator Type:(n) NAME`,
 *  `Designator:[...]` per designator. */
export function parseDesignators(text: string): Designator[] {
  return text
    .split(/^DEVICE DESIGNATOR #\d+$/m)
    .slice(1)
    .map((block) => ({
      codeSet: /^Code Set:\(\d+\) (\S+)/m.exec(block)?.[1] ?? '',
      type: /^Designator Type:\(\d+\) (\S+)/m.exec(block)?.[1] ?? '',
      value: /^Designator:\[(.*)\]\s*$/m.exec(block)?.[1] ?? '',
    }));
}

/** The LUN's WWN: its first NAA or EUI-64 designator, when printed as text. libiscsi 1.19
 *  prints BINARY designators as raw bytes, which no one can read back: those give none. */
export function wwnOf(designators: readonly Designator[]): string | null {
  const readable = designators.find((d) => (d.type === 'NAA' || d.type === 'EUI_64') && (d.codeSet === 'ASCII' || d.codeSet === 'UTF8'));
  return readable ? readable.value.trim() : null;
}

/** `iscsiadm -m discovery -t sendtargets -p <portal>`: `<address:port>,<tpgt> <iqn>` a line. */
export function parseSendtargets(text: string): IscsiTarget[] {
  return text
    .split('\n')
    .map((line) => /^(\S+,\d+)\s+(\S+)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ iqn: match[2], portal: match[1], luns: [] }));
}
