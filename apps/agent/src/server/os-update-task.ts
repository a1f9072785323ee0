// /host/update-os: one update at a time, run in the background, its outcome posted back.
import type { AgentCallback, UpdateOsCommand } from '#agent-protocol';
import { AgentOperationError, hostOperationFailure, internalError } from '../agent-errors.js';
import type { AgentLog } from '../agent-log.js';
import type { OsUpdateDriver, OsUpdateResult } from '../drivers/os-update/os-update-driver.js';
import type { CallbackPoster } from './callback-client.js';

/** The callback's returnCode when the update could not start (no package tool). */
export const UPDATE_NOT_STARTED = -1;

export class OsUpdateTask {
  private runningTaskUuid: string | null = null;

  constructor(
    private readonly driver: OsUpdateDriver,
    private readonly callbacks: CallbackPoster,
    private readonly hostUuid: string,
    private readonly log: AgentLog,
  ) {}

  /** Starts the update and returns at once; refuses while another one runs, since two package
   *  managers on one host would fight over its lock. */
  start(command: UpdateOsCommand): void {
    if (this.runningTaskUuid !== null) {
      throw hostOperationFailure(`an OS update is already running on this host (task ${this.runningTaskUuid})`);
    }
    this.runningTaskUuid = command.taskUuid;
    void this.runToCallback(command);
  }

  /** Resolves when the callback is posted (tests wait on it through the callback itself). */
  private async runToCallback(command: UpdateOsCommand): Promise<void> {
    this.log.write('os-update-started', { taskUuid: command.taskUuid, excludePackages: command.excludePackages });
    let callback: AgentCallback;
    try {
      callback = this.callbackOf(command, await this.driver.update(command.excludePackages));
    } catch (err) {
      const error = err instanceof AgentOperationError ? err.error : internalError((err as Error).message);
      callback = { success: false, error, hostUuid: this.hostUuid, taskUuid: command.taskUuid, returnCode: UPDATE_NOT_STARTED, stdout: '', stderr: '' };
    } finally {
      this.runningTaskUuid = null;
    }
    this.log.write('os-update-ended', { taskUuid: command.taskUuid, returnCode: callback.returnCode });
    await this.callbacks.post(command.callbackUrl, callback);
  }

  private callbackOf(command: UpdateOsCommand, result: OsUpdateResult): AgentCallback {
    const failed = result.returnCode !== 0;
    const error = failed ? hostOperationFailure(`the OS update exited with ${result.returnCode}: ${result.stderr.trim()}`).error : null;
    return { success: !failed, error, hostUuid: this.hostUuid, taskUuid: command.taskUuid, ...result };
  }
}
