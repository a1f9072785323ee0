import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCodes, type ZStackError, zstackError } from '#contract';
import { In, type DataSource } from 'typeorm';
import { apiCommand, type ApiReply } from '../../../api/api-command.js';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../../../config/config.js';
import { DATA_SOURCE } from '../../../database/database.tokens.js';
import { HostEntity } from '../../host.entity.js';
import { forEachInParallel } from '../../in-parallel.js';
import { KvmHostEntity } from '../kvm-host.entity.js';
import { SshConnectError, type SshDeadlines, withSsh } from '../../../ssh/ssh-session.js';

export class KvmRunShellCommand extends apiCommand('KvmRunShell') {
  static readonly transactional = false;
}

interface ShellResult {
  returnCode: number | null;
  stdout: string | null;
  stderr: string | null;
  errorCode: ZStackError | null;
}

/** Hosts at once; more would open too many SSH sessions from one node. */
const PARALLEL = 16;
const SCRIPT_TIMEOUT_MS = 10 * 60_000;

/** Runs the script over SSH on each host (as `sh -s`, the script on stdin) and answers
 *  per host uuid its return code, stdout and stderr, or the error that kept it from running. */
@CommandHandler(KvmRunShellCommand)
export class KvmRunShellHandler implements ICommandHandler<KvmRunShellCommand, ApiReply> {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig,
  ) {}

  async execute({ job, params }: KvmRunShellCommand): Promise<ApiReply> {
    const uuids = [...new Set(params.hostUuids)];
    const script = params.script;
    const hosts = new Map((await this.db.getRepository(HostEntity).findBy({ uuid: In(uuids) })).map((h) => [h.uuid, h]));
    const kvms = new Map((await this.db.getRepository(KvmHostEntity).findBy({ uuid: In(uuids) })).map((k) => [k.uuid, k]));
    const results: Record<string, ShellResult> = {};
    let done = 0;
    const deadlines: SshDeadlines = { connectMs: this.config.sshConnectTimeoutMs, commandMs: SCRIPT_TIMEOUT_MS };
    await forEachInParallel(uuids, PARALLEL, async (uuid) => {
      const host = hosts.get(uuid);
      const kvm = kvms.get(uuid);
      results[uuid] = host && kvm ? await run(host, kvm, script, deadlines) : failed(zstackError(ErrorCodes.RESOURCE_NOT_FOUND, `KVM host ${uuid} does not exist`));
      await job.progress(`ran on ${++done} of ${uuids.length} hosts`, Math.round((done / uuids.length) * 100));
    });
    return { inventory: results };
  }
}

async function run(host: HostEntity, kvm: KvmHostEntity, script: string, deadlines: SshDeadlines): Promise<ShellResult> {
  try {
    const r = await withSsh({ host: host.managementIp, port: kvm.sshPort, username: kvm.username, password: kvm.password }, (ssh) => ssh.runScript(script), deadlines);
    return { returnCode: r.returnCode, stdout: r.stdout, stderr: r.stderr, errorCode: null };
  } catch (err) {
    const reason = err instanceof SshConnectError ? err.message : `running the script failed: ${(err as Error).message}`;
    return failed(zstackError(ErrorCodes.HOST_OPERATION_FAILURE, reason));
  }
}

const failed = (error: ZStackError): ShellResult => ({ returnCode: null, stdout: null, stderr: null, errorCode: error });
