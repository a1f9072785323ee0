// Puts the agent on a host over SSH and takes it away again: a KVM host (the KVM plug-in)
// or the host of an ImageStore backup storage, which needs no hypervisor. Each step has a name the
// operator sees when it fails ("check host: Node.js runtime not found"), with the remote
// command's stderr; a failed deployment removes what it put there. Every step is bounded
// (the session's deadlines): a host that stops answering fails the step that was running.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import type { AgentConfig } from '#agent-protocol';
import { MANAGEMENT_CONFIG, type ManagementConfig } from '../config/config.js';
import { logger } from '../logging/logger.js';
import { type CommandResult, SshConnectError, type SshDeadlines, type SshSession, type SshTarget, withSsh } from '../ssh/ssh-session.js';

/** A deployment step that failed: which, why, and what the host printed. */
export class HostStepError extends Error {
  constructor(
    readonly step: string,
    readonly reason: string,
    readonly stderr = '',
  ) {
    super(`${step}: ${reason}${stderr.trim() ? `; stderr: ${stderr.trim().slice(-2000)}` : ''}`);
  }
}

/** What the agent will do there: a KVM host needs virtualisation and libvirt, a storage
 *  host (ImageStore) only Node.js and room for the agent. */
export type AgentRole = 'kvm-host' | 'storage' | 'ceph-mon';

export interface DeployTarget extends SshTarget {
  /** The uuid the agent answers as (a host's, or an ImageStore backup storage's). */
  hostUuid: string;
  role?: AgentRole;
  agentPort: number;
  agentSecret: string;
}

export interface Deployed {
  agentDir: string;
  agentVersion: string;
}

/** What the host check found (fixed script below, run with `sh -s`). */
export interface HostCheck {
  home: string;
  uid: number;
  nodeVersion: string | null;
  kvmDevice: boolean;
  cpuVirtualization: boolean;
  virsh: boolean;
  freeKiB: number;
  systemd: boolean;
}

// Our own script, never built from input: it only reports what the host has.
const CHECK_SCRIPT = `
echo "home=$HOME"
echo "uid=$(id -u)"
if command -v node >/dev/null 2>&1; then echo "node=$(node --version 2>/dev/null)"; else echo "node="; fi
if [ -e /dev/kvm ]; then echo kvm=yes; else echo kvm=no; fi
if grep -Eqw 'vmx|svm' /proc/cpuinfo 2>/dev/null; then echo cpuvirt=yes; else echo cpuvirt=no; fi
if command -v virsh >/dev/null 2>&1; then echo virsh=yes; else echo virsh=no; fi
echo "freekb=$(df -Pk "$HOME" 2>/dev/null | awk 'NR==2 {print $4}')"
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then echo systemd=yes; else echo systemd=no; fi
`;

export function parseHostCheck(stdout: string): HostCheck {
  const values = new Map(stdout.split('\n').map((line) => line.split(/=(.*)/s, 2) as [string, string]).filter(([k]) => k));
  return {
    home: values.get('home') ?? '',
    uid: Number(values.get('uid') ?? -1),
    nodeVersion: values.get('node') || null,
    kvmDevice: values.get('kvm') === 'yes',
    cpuVirtualization: values.get('cpuvirt') === 'yes',
    virsh: values.get('virsh') === 'yes',
    freeKiB: Number(values.get('freekb') || 0),
    systemd: values.get('systemd') === 'yes',
  };
}

const MIN_NODE_MAJOR = 18;
const MIN_FREE_KIB = 64 * 1024;

/** A KVM host whose CPU offers no hardware virtualisation: neither vmx nor svm, no /dev/kvm. */
export function lacksHardwareVirtualisation(check: HostCheck, role: AgentRole = 'kvm-host'): boolean {
  return role === 'kvm-host' && !check.kvmDevice && !check.cpuVirtualization;
}

export interface HostCheckOptions {
  /** ZSTACK_KVM_ALLOW_EMULATION: a KVM host without hardware virtualisation is accepted (its
   *  guests run under QEMU's emulation); every other problem is still one. */
  allowEmulation?: boolean;
}

/** Why this host cannot run the agent, or null when it can. */
export function hostCheckProblem(check: HostCheck, role: AgentRole = 'kvm-host', options: HostCheckOptions = {}): string | null {
  if (!check.home.startsWith('/')) return 'the SSH user has no home directory';
  if (!check.nodeVersion) return `Node.js runtime not found on the host's PATH (the agent needs Node.js ${MIN_NODE_MAJOR} or later; install the nodejs package)`;
  const major = Number(/^v?(\d+)/.exec(check.nodeVersion)?.[1] ?? 0);
  if (major < MIN_NODE_MAJOR) return `Node.js ${check.nodeVersion} is too old (the agent needs ${MIN_NODE_MAJOR} or later)`;
  if (lacksHardwareVirtualisation(check, role) && !options.allowEmulation) return 'no hardware virtualisation: the CPU shows neither vmx nor svm and /dev/kvm does not exist';
  if (role === 'kvm-host' && !check.virsh) return 'libvirt client not found (virsh is not on PATH; install libvirt-clients and libvirt-daemon)';
  if (check.freeKiB < MIN_FREE_KIB) return `only ${Math.floor(check.freeKiB / 1024)} MiB free in ${check.home}; the agent needs ${MIN_FREE_KIB / 1024} MiB`;
  return null;
}

/** Where an agent of a role lives on its host: its folder and its systemd unit. Each role
 *  has its own, so one machine can be a KVM host and an ImageStore's host at once. */
interface Placement {
  dir: string;
  unit: string;
}

export function placementOf(home: string, role: AgentRole = 'kvm-host'): Placement {
  const zstackDir = `${home.replace(/\/+$/, '')}/.zstack`;
  if (role === 'kvm-host') return { dir: agentDirOf(home), unit: 'zstack-agent.service' };
  if (role === 'ceph-mon') return { dir: `${zstackDir}/ceph-mon-agent`, unit: 'zstack-ceph-mon-agent.service' };
  return { dir: `${zstackDir}/image-store-agent`, unit: 'zstack-image-store-agent.service' };
}

const unitPathOf = (unit: string): string => `/etc/systemd/system/${unit}`;
/** The host check and the agent's own start command return in seconds on any sane host
 *  (and never wait longer than any other command). */
const QUICK_STEP_TIMEOUT_MS = 30_000;

@Injectable()
export class AgentDeployer {
  private readonly log = logger('kvm-deployer');
  private bundle: { content: Buffer; version: string } | null = null;

  constructor(@Inject(MANAGEMENT_CONFIG) private readonly config: ManagementConfig) {}

  private get deadlines(): SshDeadlines {
    return { connectMs: this.config.sshConnectTimeoutMs, commandMs: this.config.sshCommandTimeoutMs };
  }

  private get quickStepMs(): number {
    return Math.min(QUICK_STEP_TIMEOUT_MS, this.config.sshCommandTimeoutMs);
  }

  /** sha256 of the bundle this node deploys; a host's agent reporting another is outdated. */
  get agentVersion(): string {
    return this.loadBundle().version;
  }

  /** Connects, checks, uploads, starts. Leaves nothing behind when a step fails. */
  async deploy(target: DeployTarget, onStep: (step: string, percent: number) => Promise<void> = async () => undefined): Promise<Deployed> {
    const bundle = this.loadBundle();
    await onStep('connect over SSH', 10);
    return this.ssh(target, async (ssh) => {
      await onStep('check host', 20);
      const check = await this.checkHost(ssh);
      const problem = hostCheckProblem(check, target.role, { allowEmulation: this.config.kvmAllowEmulation });
      if (problem) throw new HostStepError('check host', problem);
      if (lacksHardwareVirtualisation(check, target.role)) {
        this.log.warn(
          { hostUuid: target.hostUuid, host: target.host },
          `KVM host ${target.host} has no hardware virtualisation (neither vmx nor svm, no /dev/kvm); accepted because ZSTACK_KVM_ALLOW_EMULATION=true: its guests run emulated by QEMU (TCG), much slower than under KVM`,
        );
      }
      const place = placementOf(check.home, target.role);
      const dir = place.dir;
      try {
        await onStep('upload agent', 40);
        await inStep('upload agent', async () => {
          await this.stopQuietly(ssh, place, check); // an older agent of ours may still run there
          expectOk('upload agent', await ssh.run(['mkdir', '-p', '-m', '700', dir]));
          await ssh.upload(`${dir}/zstack-agent.mjs`, bundle.content, 0o644);
          await ssh.upload(`${dir}/agent.json`, Buffer.from(JSON.stringify(this.agentConfig(target, dir), null, 2)), 0o600);
        });
        await onStep('start agent', 60);
        await inStep('start agent', () => this.start(ssh, place, check));
        this.log.info({ hostUuid: target.hostUuid, host: target.host, dir }, 'agent deployed and started');
        return { agentDir: dir, agentVersion: bundle.version };
      } catch (err) {
        await this.removeQuietly(ssh, place, check).catch(() => undefined); // the host may be gone: nothing more to do there
        throw err;
      }
    });
  }

  /** Stops the agent and removes its files (DeleteHost, and a failed AddKVMHost). */
  async uninstall(target: SshTarget, role: AgentRole = 'kvm-host'): Promise<void> {
    await this.ssh(target, async (ssh) => {
      const check = await this.checkHost(ssh);
      await inStep('remove agent', () => this.removeQuietly(ssh, placementOf(check.home, role), check, true));
    });
  }

  /** Checks SSH credentials without changing anything on the host (UpdateKVMHost). */
  async checkCredentials(target: SshTarget): Promise<void> {
    await this.ssh(target, (ssh) => inStep('check credentials', async () => void expectOk('check credentials', await ssh.run(['true']))));
  }

  private checkHost(ssh: SshSession): Promise<HostCheck> {
    return inStep('check host', async () => parseHostCheck(expectOk('check host', await ssh.runScript(CHECK_SCRIPT, this.quickStepMs)).stdout));
  }

  private async start(ssh: SshSession, { dir, unit }: Placement, check: HostCheck): Promise<void> {
    const config = `${dir}/agent.json`;
    if (check.systemd && check.uid === 0) {
      await ssh.upload(unitPathOf(unit), Buffer.from(systemdUnit(dir)), 0o644);
      expectOk('start agent', await ssh.run(['systemctl', 'daemon-reload']));
      expectOk('start agent', await ssh.run(['systemctl', 'enable', '--now', unit]));
      return;
    }
    expectOk('start agent', await ssh.run(['node', `${dir}/zstack-agent.mjs`, 'start', '--config', config], { timeoutMs: this.quickStepMs }));
  }

  private async stopQuietly(ssh: SshSession, { dir, unit }: Placement, check: HostCheck): Promise<void> {
    if (check.systemd && check.uid === 0) await ssh.run(['systemctl', 'stop', unit]).catch(() => undefined);
    await ssh.run(['sh', '-c', 'test -f "$1" && node "$0" stop --config "$1" || true', `${dir}/zstack-agent.mjs`, `${dir}/agent.json`]).catch(() => undefined);
  }

  private async removeQuietly(ssh: SshSession, place: Placement, check: HostCheck, strict = false): Promise<void> {
    const { dir, unit } = place;
    await this.stopQuietly(ssh, place, check);
    if (check.systemd && check.uid === 0) {
      await ssh.run(['systemctl', 'disable', unit]).catch(() => undefined);
      await ssh.run(['rm', '-f', unitPathOf(unit)]).catch(() => undefined);
    }
    const removed = await ssh.run(['rm', '-rf', dir]);
    if (strict) expectOk('remove agent', removed);
    await ssh.run(['rmdir', `${check.home}/.zstack`]).catch(() => undefined); // only if now empty
  }

  private agentConfig(target: DeployTarget, dir: string): AgentConfig {
    return {
      hostUuid: target.hostUuid,
      listenAddress: target.host,
      port: target.agentPort,
      secret: target.agentSecret,
      libvirtUri: this.config.kvmLibvirtUri,
      logFile: `${dir}/agent.log`,
    };
  }

  private async ssh<T>(target: SshTarget, work: (ssh: SshSession) => Promise<T>): Promise<T> {
    try {
      return await withSsh(target, work, this.deadlines);
    } catch (err) {
      if (err instanceof SshConnectError) throw new HostStepError('connect over SSH', err.message);
      throw err;
    }
  }

  private loadBundle(): { content: Buffer; version: string } {
    if (!this.bundle) {
      let content: Buffer;
      try {
        content = readFileSync(this.config.agentBundlePath);
      } catch {
        throw new HostStepError('upload agent', `the agent bundle ${this.config.agentBundlePath} is missing on this management node; run npm run build`);
      }
      this.bundle = { content, version: createHash('sha256').update(content).digest('hex') };
    }
    return this.bundle;
  }
}

export const agentDirOf = (home: string): string => `${home.replace(/\/+$/, '')}/.zstack/agent`;

/** Runs one named step: whatever fails in it (a deadline, a lost connection) carries its name. */
async function inStep<T>(step: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw err instanceof HostStepError ? err : new HostStepError(step, (err as Error).message);
  }
}

function expectOk(step: string, result: CommandResult): CommandResult {
  if (result.returnCode !== 0) throw new HostStepError(step, `the host answered exit code ${result.returnCode}`, result.stderr || result.stdout);
  return result;
}

function systemdUnit(dir: string): string {
  return `[Unit]
Description=ZStack host agent
After=network-online.target libvirtd.service

[Service]
ExecStart=/usr/bin/env node ${dir}/zstack-agent.mjs run --config ${dir}/agent.json
Restart=always
RestartSec=2
# 78: the agent's config can never work (bad address...); restarting would only loop.
RestartPreventExitStatus=78

[Install]
WantedBy=multi-user.target
`;
}
