// The typed commands and replies between the management node and host agents.
//
// The agent is an HTTP server on each KVM host (port 7070 by default, as ZStack's kvmagent).
// Every request is `POST <path>` with a JSON body and the header
// `Authorization: Bearer <agent secret>`; the agent answers 401 without it. Every reply
// carries `success` and `error`, as ZStack's agent protocol does. Long operations answer at
// once with `{ success: true, accepted: true }` and later POST an `AgentCallback` to the
// `callbackUrl` they were given, with the same bearer secret, so the management node knows
// the callback came from that host's agent.
import type { ZStackError } from '#contract';

export * from './devices.js';
export * from './vm.js';

export interface AgentReply {
  success: boolean;
  error: ZStackError | null;
}

/** The header that carries the per-host secret, both ways. */
export const AGENT_AUTH_HEADER = 'authorization';
export const bearer = (secret: string): string => `Bearer ${secret}`;

/** ZStack's kvmagent listens on 7070; so does ours unless the host's config says otherwise. */
export const DEFAULT_AGENT_PORT = 7070;

/** How long the agent keeps an idle connection open: longer than two default ping
 *  intervals (60 s), so a node pinging thousands of hosts reuses one connection per host
 *  instead of a TCP handshake per ping. The management node closes idle ones sooner. */
export const AGENT_KEEP_ALIVE_MS = 150_000;

/** The paths the agent serves. */
export const AgentPath = {
  ping: '/ping',
  hostFacts: '/host/facts',
  hypervisorInfo: '/hypervisor/info',
  exec: '/exec',
  updateOs: '/host/update-os',
} as const;

/** The agent's configuration file (`agent.json` next to the bundle), written at deployment. */
export interface AgentConfig {
  hostUuid: string;
  /** The address to listen on: the host's management IP. */
  listenAddress: string;
  port: number;
  secret: string;
  /** libvirt URI for virsh: `qemu:///system` on real hosts, `test:///default` in tests. */
  libvirtUri: string;
  /** Where the agent writes its log (one JSON line per request and per command run). */
  logFile: string;
}

// ---- ping ------------------------------------------------------------------------------

export type PingCommand = Record<string, never>;

export interface PingReply extends AgentReply {
  hostUuid: string;
  /** sha256 of the agent bundle the process runs: the management node redeploys on mismatch. */
  agentVersion: string;
  /** Seconds since the agent process started. */
  uptime: number;
}

// ---- host facts ------------------------------------------------------------------------

export type HostFactsCommand = Record<string, never>;

export interface HostFacts {
  hostname: string;
  cpuModelName: string;
  cpuSockets: number;
  /** Cores per socket. */
  cpuCoresPerSocket: number;
  /** Logical CPUs (what ZStack calls cpuNum). */
  cpuThreads: number;
  /** `vmx` (Intel VT-x), `svm` (AMD-V) or null when the CPU shows neither flag. */
  cpuVirtualization: 'vmx' | 'svm' | null;
  /** /dev/kvm exists. */
  kvmDevice: boolean;
  memoryBytes: number;
  osDistribution: string;
  osVersion: string;
  osRelease: string;
  kernelVersion: string;
  /** IOMMU on: /sys/class/iommu has entries, or the kernel command line enables it. */
  iommuEnabled: boolean;
  /** Free bytes on the file system that holds the agent. */
  agentDiskFreeBytes: number;
}

export interface HostFactsReply extends AgentReply {
  facts: HostFacts;
}

// ---- hypervisor ------------------------------------------------------------------------

export type HypervisorInfoCommand = Record<string, never>;

export interface HypervisorInfo {
  /** `virsh version`: the library and the running hypervisor (e.g. QEMU 7.2.0, or Test 0.0.1). */
  libvirtVersion: string;
  hypervisorType: string;
  hypervisorVersion: string;
  /** Domain names and states from `virsh list --all`. */
  domains: { name: string; state: string }[];
}

export interface HypervisorInfoReply extends AgentReply {
  hypervisor: HypervisorInfo;
}

// ---- command execution -----------------------------------------------------------------

/** Runs a program with an argument array (never a shell string). */
export interface ExecCommand {
  argv: string[];
  /** Default DEFAULT_EXEC_TIMEOUT_MS; at most a day. The agent kills the program's whole
   *  process group when it passes. */
  timeoutMs?: number;
}

/** What /exec waits when the command names no timeout: a caller's own wait should be a bit longer. */
export const DEFAULT_EXEC_TIMEOUT_MS = 60_000;

export interface ExecReply extends AgentReply {
  returnCode: number;
  stdout: string;
  stderr: string;
}

// ---- OS update (long: answers at once, calls back) -------------------------------------

export interface UpdateOsCommand {
  taskUuid: string;
  callbackUrl: string;
  /** Packages kept at their version (ZStack's excludePackages). */
  excludePackages: string[];
}

export interface AcceptedReply extends AgentReply {
  accepted: true;
}

/** What a long operation POSTs to its callbackUrl when it ends. */
export interface AgentCallback extends AgentReply {
  hostUuid: string;
  taskUuid: string;
  returnCode: number;
  stdout: string;
  stderr: string;
}

// ---- the agent's files and subcommands on a host ---------------------------------------
// The deployer runs only these fixed argument lists (`node <bundle> <subcommand> --config
// <agent.json>`), so the names live here, beside the protocol, and are written once.

/** The files in the agent's folder on a host. `agent.pid` holds the supervisor's pid, which is
 *  also the process-group id of the supervisor and the agent server it runs. */
export const AgentFiles = {
  bundle: 'zstack-agent.mjs',
  config: 'agent.json',
  pid: 'agent.pid',
} as const;

export const AgentSubcommand = {
  /** The server in the foreground (what a systemd unit would run). */
  run: 'run',
  /** A supervised background service; exits 0 once the agent answers /ping, 1 (log tail on stderr) if not. */
  start: 'start',
  /** Ends the service's process group; exits 0 also when it was not running. */
  stop: 'stop',
  /** Prints `AgentServiceStatus` as JSON; exits 0 when the agent answers /ping, else 3. */
  status: 'status',
  /** Prints the sha256 of the bundle (what /ping reports as agentVersion). */
  version: 'version',
} as const;

/** `status` exits with this when the agent is not running, as LSB init scripts do. */
export const AGENT_STATUS_NOT_RUNNING = 3;

/** What `start` (on success) and `status` print on stdout. */
export interface AgentServiceStatus {
  running: boolean;
  /** The supervisor's pid (= process group), from agent.pid; null when the agent runs without one. */
  pid: number | null;
}
export * from './storage.js';
export * from './ceph.js';
export * from './image-store.js';
