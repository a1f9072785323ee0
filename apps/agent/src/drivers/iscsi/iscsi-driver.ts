// iSCSI discovery for the iSCSI server family and Shared Block: the targets of a portal and
// their LUNs with size, serial and WWN. libiscsi's userspace tools do it without logging the
// host in (a kernel login would attach every LUN to the host as a disk); where they are
// missing, the kernel initiator's sendtargets lists the targets alone.
import type { AgentReply, IscsiDiscoverCommand, IscsiDiscoverReply, IscsiLun, IscsiTarget } from '#agent-protocol';
import { existsSync } from 'node:fs';
import { commandFailure, hostOperationFailure } from '../../agent-errors.js';
import { isOnPath, type CommandRunner } from '../../command-runner.js';
import { PLAIN_LOCALE, runChecked } from '../tools/tool-output.js';
import { parseDesignators, parseIscsiLs, parseReadCapacity16, parseSendtargets, parseUnitSerial, wwnOf } from './iscsi-output.js';
import { libiscsiUrl, parsePortal, type Portal } from './iscsi-portal.js';

export type IscsiDiscovery = Omit<IscsiDiscoverReply, keyof AgentReply>;

export interface IscsiDriver {
  discover(command: IscsiDiscoverCommand): Promise<IscsiDiscovery>;
}

/** A dead portal is refused at once; a filtered one must not hold the request for minutes. */
const DISCOVERY_TIMEOUT_MS = 30_000;
const DISK_TYPE = 'DIRECT_ACCESS';

export class IscsiToolsDriver implements IscsiDriver {
  constructor(
    private readonly runner: CommandRunner,
    private readonly onPath: (program: string) => boolean = (program) => isOnPath(program),
    private readonly kernelInitiator: () => boolean = () => existsSync('/sys/module/iscsi_tcp'),
  ) {}

  async discover(command: IscsiDiscoverCommand): Promise<IscsiDiscovery> {
    const portal = parsePortal(command.portal);
    if (!portal) throw hostOperationFailure(`not an iSCSI portal: ${command.portal}`);
    if (this.onPath('iscsi-ls')) return { tool: 'libiscsi', lunsListed: true, targets: await this.libiscsiTargets(portal, command) };
    if (!this.kernelInitiator() || !this.onPath('iscsiadm')) {
      throw hostOperationFailure('no iSCSI initiator on this host: install libiscsi-bin (iscsi-ls), or open-iscsi with the iscsi_tcp module');
    }
    // iscsiadm takes discovery CHAP only as a setting stored in its node database.
    if (command.chap) throw hostOperationFailure('discovery with CHAP needs libiscsi-bin (iscsi-ls) on this host');
    const text = await runChecked(this.runner, ['iscsiadm', '-m', 'discovery', '-t', 'sendtargets', '-p', `${portal.host}:${portal.port}`], { timeoutMs: DISCOVERY_TIMEOUT_MS });
    return { tool: 'iscsiadm', lunsListed: false, targets: parseSendtargets(text) };
  }

  private async libiscsiTargets(portal: Portal, command: IscsiDiscoverCommand): Promise<IscsiTarget[]> {
    const secrets = command.chap ? [command.chap.password] : [];
    const result = await this.runner.run(['iscsi-ls', '-s', libiscsiUrl(portal, command.chap)], { env: PLAIN_LOCALE, timeoutMs: DISCOVERY_TIMEOUT_MS, secrets });
    const listing = parseIscsiLs(result.stdout);
    // iscsi-ls reports a refused login on stdout and still lists the targets: any such line fails the discovery.
    if (result.returnCode !== 0 || listing.problems.length > 0) {
      throw commandFailure({ ...result, stderr: [result.stderr.trim(), ...listing.problems].filter(Boolean).join('\n') });
    }
    const targets: IscsiTarget[] = [];
    for (const target of listing.targets) {
      const luns: IscsiLun[] = [];
      // Only disks: the controller LUN a target shows as LUN 0 holds no data.
      for (const lun of target.luns.filter((l) => l.type === DISK_TYPE)) {
        luns.push({ ...lun, ...(await this.lunIdentity(libiscsiUrl(portal, command.chap, { iqn: target.iqn, lunId: lun.lunId }), secrets)) });
      }
      targets.push({ iqn: target.iqn, portal: target.portal, luns });
    }
    return targets;
  }

  private async lunIdentity(url: string, secrets: string[]): Promise<Pick<IscsiLun, 'sizeBytes' | 'serial' | 'wwn'>> {
    const tool = (argv: string[]): Promise<string> => runChecked(this.runner, [...argv, url], { timeoutMs: DISCOVERY_TIMEOUT_MS, secrets });
    // iscsi-inq reads page codes as decimal ("0x80" would be 0): 128 is VPD page 0x80, 131 is 0x83.
    const capacity = await tool(['iscsi-readcapacity16']);
    const serial = await tool(['iscsi-inq', '-e', '1', '-c', '128']);
    const identification = await tool(['iscsi-inq', '-e', '1', '-c', '131']);
    return { sizeBytes: parseReadCapacity16(capacity), serial: parseUnitSerial(serial), wwn: wwnOf(parseDesignators(identification)) };
  }
}
