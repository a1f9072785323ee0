// `run`: the agent server in the foreground. Here the drivers meet their real command runner
// and the server its routes; everything else gets them passed in.
import { type AgentConfig, VmAgentPath } from '#agent-protocol';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AgentLog } from './agent-log.js';
import { sha256OfFile } from './bundle.js';
import { isOnPath, SpawnCommandRunner } from './command-runner.js';
import { loadAgentConfig } from './config.js';
import { CliCephDriver } from './drivers/ceph/ceph-driver.js';
import { ProcessCommandDriver } from './drivers/command/command-driver.js';
import { LinuxHostFactsDriver } from './drivers/host-facts/host-facts-driver.js';
import { VirshHypervisorDriver } from './drivers/hypervisor/hypervisor-driver.js';
import { DirectoryImageStoreDriver } from './drivers/image-store/image-store-driver.js';
import { PackageManagerOsUpdateDriver } from './drivers/os-update/os-update-driver.js';
import { LINUX_PCI_PATHS, LinuxPciDriver } from './drivers/pci/pci-driver.js';
import { linuxStorageDrivers } from './drivers/storage-drivers.js';
import { LinuxUsbDriver } from './drivers/usb/usb-driver.js';
import { QemuImgRootVolumeDriver } from './drivers/vm/root-volume-driver.js';
import { VirshVmDriver } from './drivers/vm/vm-driver.js';
import { QemuImgVolumeTransferDriver } from './drivers/vm/volume-transfer-driver.js';
import { agentRoutes, type AgentRouteContext } from './server/agent-routes.js';
import { createAgentServer, listen } from './server/agent-server.js';
import { HttpCallbackPoster } from './server/callback-client.js';
import { imageDownloadHandler, volumeDownloadHandler } from './server/image-download.js';
import { ImageStoreTasks } from './server/image-store-tasks.js';
import { OsUpdateTask } from './server/os-update-task.js';

/** The server could not start for a reason a restart will not mend (sysexits' EX_CONFIG): a
 *  bad agent.json, or an address it cannot listen on. The supervisor gives up on it at once. */
export const EXIT_CANNOT_START = 78;

/** Resolves with the exit code when SIGTERM/SIGINT has closed the server. */
export async function runAgent(configPath: string, bundle: string): Promise<number> {
  const { config, path, readableByOthers } = loadAgentConfig(configPath);
  mkdirSync(dirname(config.logFile), { recursive: true });
  const log = new AgentLog(config.logFile, [config.secret]);
  if (readableByOthers) log.write('warning', { message: `${path} can be read by other users; it holds the secret and should be mode 0600` });
  const agentVersion = sha256OfFile(bundle);
  const context = routeContext(config, bundle, agentVersion, log);
  const rawHandlers = [
    ...(context.imageStore ? [imageDownloadHandler(context.imageStore.driver)] : []),
    ...(context.drivers.volumeTransfer ? [volumeDownloadHandler(context.drivers.volumeTransfer)] : []),
  ];
  const server = createAgentServer({ secret: config.secret, log, routes: agentRoutes(context), rawHandlers });
  try {
    await listen(server, config.listenAddress, config.port);
  } catch (err) {
    const message = `zstack-agent: cannot listen on ${config.listenAddress}:${config.port}: ${listenFailure(err as NodeJS.ErrnoException, config.listenAddress)}`;
    log.write('listen-failed', { message });
    process.stderr.write(`${message}\n`);
    return EXIT_CANNOT_START;
  }
  log.write('listening', { address: config.listenAddress, port: config.port, agentVersion, hostUuid: config.hostUuid });
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  log.write('stopping', { signal });
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  return 0;
}

function routeContext(config: AgentConfig, bundle: string, agentVersion: string, log: AgentLog): AgentRouteContext {
  const runner = new SpawnCommandRunner(log);
  const callbacks = new HttpCallbackPoster(config.secret, log);
  const osUpdate = new OsUpdateTask(new PackageManagerOsUpdateDriver(runner), callbacks, config.hostUuid, log);
  const imageStore = new DirectoryImageStoreDriver(config.secret);
  return {
    ceph: new CliCephDriver(runner),
    imageStore: { driver: imageStore, tasks: new ImageStoreTasks(imageStore, callbacks, config.hostUuid, log), downloadBaseUrl: agentBaseUrl(config) },
    hostUuid: config.hostUuid,
    agentVersion,
    osUpdate,
    drivers: {
      hostFacts: new LinuxHostFactsDriver(runner, dirname(bundle)),
      hypervisor: new VirshHypervisorDriver(runner, config.libvirtUri),
      command: new ProcessCommandDriver(runner),
      ...linuxStorageDrivers(runner),
      pci: new LinuxPciDriver(runner, { ...LINUX_PCI_PATHS, grubConfigCommand: grubConfigCommand() }),
      usb: new LinuxUsbDriver(runner),
      vm: new VirshVmDriver(runner, config.libvirtUri),
      rootVolume: new QemuImgRootVolumeDriver(runner),
      volumeTransfer: new QemuImgVolumeTransferDriver(runner, agentBaseUrl(config), VmAgentPath.volumeDownload),
    },
  };
}

/** An IPv6 listen address goes in brackets in a URL. */
export function agentBaseUrl(config: AgentConfig): string {
  const host = config.listenAddress.includes(':') ? `[${config.listenAddress}]` : config.listenAddress;
  return `http://${host}:${config.port}`;
}

/** Debian/Ubuntu regenerate grub.cfg with update-grub, RHEL-likes with grub2-mkconfig. */
function grubConfigCommand(): string[] | null {
  if (isOnPath('update-grub')) return ['update-grub'];
  if (isOnPath('grub2-mkconfig')) return ['grub2-mkconfig', '-o', '/boot/grub2/grub.cfg'];
  return null;
}

function listenFailure(err: NodeJS.ErrnoException, address: string): string {
  switch (err.code) {
    case 'EADDRINUSE':
      return 'the address is already in use (another agent, or another program, listens on that port)';
    case 'EADDRNOTAVAIL':
      return `${address} is not an address of this host`;
    case 'EACCES':
      return 'permission denied (ports below 1024 need root)';
    case 'ENOTFOUND':
      return `${address} does not resolve to an address`;
    default:
      return err.message;
  }
}
