// Imports and migrations of images run in the background, as /host/update-os does: the request
// answers at once, progress goes to progressUrl while bytes arrive, the outcome to callbackUrl.
import type { ImageImportCommand, ImageStoreCallback, ImageStoreProgress } from '#agent-protocol';
import { AgentOperationError, hostOperationFailure, internalError } from '../agent-errors.js';
import type { AgentLog } from '../agent-log.js';
import type { ImageStoreDriver, ImportProgress } from '../drivers/image-store/image-store-driver.js';
import type { CallbackPoster } from './callback-client.js';

export class ImageStoreTasks {
  private readonly running = new Set<string>();

  constructor(
    private readonly driver: ImageStoreDriver,
    private readonly callbacks: CallbackPoster,
    private readonly hostUuid: string,
    private readonly log: AgentLog,
  ) {}

  /** Starts the import and returns at once; a task uuid already running is refused. */
  start(command: ImageImportCommand): void {
    if (this.running.has(command.taskUuid)) throw hostOperationFailure(`task ${command.taskUuid} is already running on this host`);
    this.running.add(command.taskUuid);
    void this.runToCallback(command);
  }

  private async runToCallback(command: ImageImportCommand): Promise<void> {
    const { taskUuid, imageUuid, storePath } = command;
    this.log.write('image-import-started', { taskUuid, imageUuid, storePath });
    const progress = new ProgressReporter(command, this.hostUuid, this.callbacks);
    let callback: ImageStoreCallback;
    try {
      const image = await this.driver.importImage(command, (p) => progress.report(p));
      await progress.flush();
      callback = { success: true, error: null, hostUuid: this.hostUuid, taskUuid, image };
    } catch (err) {
      const error = err instanceof AgentOperationError ? err.error : internalError((err as Error).message);
      callback = { success: false, error, hostUuid: this.hostUuid, taskUuid, image: null };
    } finally {
      this.running.delete(taskUuid);
    }
    this.log.write('image-import-ended', { taskUuid, imageUuid, success: callback.success, error: callback.error?.details ?? null });
    await this.callbacks.post(command.callbackUrl, callback);
  }
}

/** Posts each new whole percent, one post at a time: while one is on its way, later progress
 *  only replaces what goes next, so a slow receiver never slows the transfer. */
class ProgressReporter {
  private lastPercent = -1;
  private pending: ImageStoreProgress | null = null;
  private sending: Promise<void> | null = null;

  constructor(
    private readonly command: ImageImportCommand,
    private readonly hostUuid: string,
    private readonly callbacks: CallbackPoster,
  ) {}

  report({ bytes, totalBytes }: ImportProgress): void {
    if (!this.command.progressUrl) return;
    const percent = totalBytes ? Math.min(100, Math.floor((bytes * 100) / totalBytes)) : null;
    // Without a size, a post per 64 MiB tells the operator the transfer moves.
    const step = percent ?? Math.floor(bytes / (64 * 1024 * 1024));
    if (step === this.lastPercent) return;
    this.lastPercent = step;
    this.pending = { hostUuid: this.hostUuid, taskUuid: this.command.taskUuid, percent, bytes, totalBytes };
    this.sending ??= this.drain();
  }

  /** Waits for what is queued, so the last progress arrives before the callback. */
  async flush(): Promise<void> {
    await this.sending;
  }

  private async drain(): Promise<void> {
    while (this.pending && this.command.progressUrl) {
      const next = this.pending;
      this.pending = null;
      await this.callbacks.progress(this.command.progressUrl, next);
    }
    this.sending = null;
  }
}
