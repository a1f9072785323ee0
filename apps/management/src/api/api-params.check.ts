// Never run: compiled by `npm run build` (tsconfig.build.json), where each `@ts-expect-error`
// below must meet a type error or the build fails. It proves that a handler reading a
// parameter its API lacks, or naming an API the contract lacks, does not compile.
import { apiCommand } from './api-command.js';

export class AddKVMHostProbe extends apiCommand('AddKVMHost') {
  /** The contract's parameters are typed: managementIp is a string, sshPort an optional number. */
  read(): [string, number | null | undefined, unknown] {
    // @ts-expect-error AddKVMHost has no parameter `hostname` (it is `managementIp`)
    const misspelt: unknown = this.params.hostname;
    return [this.params.managementIp, this.params.sshPort, misspelt];
  }
}

export function misspeltApiName(): unknown {
  // @ts-expect-error the contract has no API `AddKvmHost` (it is `AddKVMHost`)
  return apiCommand('AddKvmHost');
}
