// The moments of a host's connection that other plug-ins (storage, iSCSI, devices) act on,
// as ZStack's KVMHostConnectExtensionPoint: a plug-in joins at module start
// (`onModuleInit() { hooks.join(this) }`) and never imports the hypervisor plug-in.
import { Injectable } from '@nestjs/common';
import { logger } from '../logging/logger.js';
import type { HostEntity } from './host.entity.js';

export interface HostConnectHook {
  /** Names the hook in errors and logs ("ceph primary storage"). */
  readonly name: string;
  /** Runs after the hypervisor plug-in read the host's facts, before the host is Connected.
   *  A throw fails the connect: the host ends Disconnected (AddKVMHost removes it). */
  onConnected(host: HostEntity): Promise<void>;
  /** Runs after each answered ping of a Connected host; a throw is logged. */
  onPing?(host: HostEntity): Promise<void>;
  /** Runs after the host became Disconnected (committed); a throw is logged. */
  onDisconnected?(host: HostEntity, reason: string): Promise<void>;
}

/** A connect hook refused the host; the message says which hook and why. */
export class HostConnectHookError extends Error {}

@Injectable()
export class HostConnectHooks {
  private readonly log = logger('host-hooks');
  private readonly hooks: HostConnectHook[] = [];

  join(hook: HostConnectHook): void {
    this.hooks.push(hook);
  }

  /** Every hook's onConnected, in the order they joined; the first failure stops the connect. */
  async connected(host: HostEntity): Promise<void> {
    for (const hook of this.hooks) {
      try {
        await hook.onConnected(host);
      } catch (err) {
        throw new HostConnectHookError(`${hook.name}: ${(err as Error).message}`);
      }
    }
  }

  async pinged(host: HostEntity): Promise<void> {
    for (const hook of this.hooks) await this.logged(hook, 'onPing', () => hook.onPing?.(host), host.uuid);
  }

  async disconnected(host: HostEntity, reason: string): Promise<void> {
    for (const hook of this.hooks) await this.logged(hook, 'onDisconnected', () => hook.onDisconnected?.(host, reason), host.uuid);
  }

  private async logged(hook: HostConnectHook, moment: string, run: () => Promise<void> | undefined, hostUuid: string): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.log.warn({ hostUuid, hook: hook.name, err: String(err) }, `${moment} hook failed`);
    }
  }
}
