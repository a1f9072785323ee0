// virsh against one libvirt URI, for every driver that talks to libvirt. Always LC_ALL=C:
// virsh translates its labels and states, and the parsers read the English ones.
import { commandFailure } from '../../agent-errors.js';
import type { CommandResult, CommandRunner } from '../../command-runner.js';

export class Virsh {
  /** @param uri `qemu:///system` on a KVM host, `test:///default` in tests. */
  constructor(
    private readonly runner: CommandRunner,
    readonly uri: string,
  ) {}

  /** The result whatever the exit code, for callers that read a failure (a domain not found). */
  run(...args: string[]): Promise<CommandResult> {
    return this.runner.run(['virsh', '-c', this.uri, ...args], { env: { LC_ALL: 'C' } });
  }

  /** stdout, or a HOST.1000 failure with virsh's stderr. */
  async output(...args: string[]): Promise<string> {
    const result = await this.run(...args);
    if (result.returnCode !== 0) throw commandFailure(result);
    return result.stdout;
  }
}

/** What virsh says when libvirt knows no such domain (libvirt 4.5 to 9.x). */
export function isNoSuchDomain(result: CommandResult): boolean {
  return result.returnCode !== 0 && /failed to get domain|Domain not found|no domain with matching/i.test(result.stderr);
}
