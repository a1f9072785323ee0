// Updates the host's packages with the tool it has, keeping the excluded packages at their
// version. Long: the /host/update-os handler runs it in the background.
import { hostOperationFailure } from '../../agent-errors.js';
import { isOnPath, type CommandResult, type CommandRunner } from '../../command-runner.js';
import { APT_UPGRADE_ARGV, choosePackageTool, packagesToHold, parseAptShowhold, yumUpdateArgv } from './package-tools.js';

export interface OsUpdateResult {
  returnCode: number;
  /** Every step's output, each after a `$ command` line. */
  stdout: string;
  stderr: string;
}

export interface OsUpdateDriver {
  update(excludePackages: readonly string[]): Promise<OsUpdateResult>;
}

/** Two hours: a large upgrade on a slow mirror, and no more. */
const UPDATE_TIMEOUT_MS = 2 * 60 * 60_000;
const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' };

export class PackageManagerOsUpdateDriver implements OsUpdateDriver {
  constructor(
    private readonly runner: CommandRunner,
    private readonly onPath: (program: string) => boolean = (program) => isOnPath(program),
  ) {}

  async update(excludePackages: readonly string[]): Promise<OsUpdateResult> {
    const tool = choosePackageTool(this.onPath);
    if (tool === null) throw hostOperationFailure('no apt-get, yum or dnf on PATH: cannot update this host');
    const transcript = new Transcript();
    if (tool !== 'apt-get') {
      transcript.add(await this.runner.run(yumUpdateArgv(tool, excludePackages), { timeoutMs: UPDATE_TIMEOUT_MS }));
      return transcript.result();
    }
    const held = transcript.add(await this.runner.run(['apt-mark', 'showhold'], { env: APT_ENV }));
    // Without the list of held packages the unhold afterwards could release the operator's own.
    if (held.returnCode !== 0) return transcript.result();
    const newlyHeld: string[] = [];
    for (const pkg of packagesToHold(excludePackages, parseAptShowhold(held.stdout))) {
      // One at a time: apt-mark refuses the whole list for one package it does not know, and a
      // package apt does not know cannot be upgraded anyway, so that failure is only noted.
      const hold = transcript.add(await this.runner.run(['apt-mark', 'hold', pkg], { env: APT_ENV }), false);
      if (hold.returnCode === 0) newlyHeld.push(pkg);
    }
    try {
      transcript.add(await this.runner.run(APT_UPGRADE_ARGV, { env: APT_ENV, timeoutMs: UPDATE_TIMEOUT_MS }));
    } finally {
      if (newlyHeld.length > 0) transcript.add(await this.runner.run(['apt-mark', 'unhold', ...newlyHeld], { env: APT_ENV }));
    }
    return transcript.result();
  }
}

/** The steps' output in order, and the code of the first step that failed and counts. */
class Transcript {
  private stdout = '';
  private stderr = '';
  private returnCode = 0;

  add(step: CommandResult, counts = true): CommandResult {
    const heading = `$ ${step.argv.join(' ')}\n`;
    this.stdout += heading + step.stdout;
    if (step.stderr) this.stderr += heading + step.stderr;
    if (counts && this.returnCode === 0 && step.returnCode !== 0) this.returnCode = step.returnCode;
    return step;
  }

  result(): OsUpdateResult {
    return { returnCode: this.returnCode, stdout: this.stdout, stderr: this.stderr };
  }
}
