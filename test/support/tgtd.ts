// A real iSCSI target for tests: tgtd (Debian's tgt, installed when missing) started as a
// daemon on a free port of 127.0.0.1 with its own management channel (so a tgtd of the
// machine or of another test is left alone), one target serving file-backed LUNs, optionally
// behind CHAP. stop() removes the target and kills tgtd.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './management-node.js';
import { ensurePackages } from './test-hosts.js';
import { until } from './until.js';

export interface Tgtd {
  portal: string;
  port: number;
  /** A file-backed LUN of `sizeMib` MiB on the target. */
  addLun(lun: number, sizeMib: number): void;
  deleteLun(lun: number): void;
  stop(): void;
}

export async function startTgtd(iqn: string, chap?: { username: string; password: string }): Promise<Tgtd> {
  ensurePackages({ tgt: '/usr/sbin/tgtd', 'libiscsi-bin': '/usr/bin/iscsi-ls' });
  const dir = mkdtempSync(join(tmpdir(), 'tgtd-'));
  // A socket name, not a TCP port; tgtd takes 0 to 32767.
  const control = String(1000 + ((process.pid + Math.floor(Math.random() * 1000)) % 30000));
  const port = await freePort();
  const portal = `127.0.0.1:${port}`;
  const tgtadm = (...args: string[]): string => execFileSync('tgtadm', ['-C', control, '--lld', 'iscsi', ...args], { encoding: 'utf8' });
  execFileSync('tgtd', ['-C', control, '-p', join(dir, 'tgtd.pid'), '--iscsi', `portal=${portal}`]);
  const answers = async (): Promise<boolean> => {
    try {
      return tgtadm('--mode', 'target', '--op', 'show') === '';
    } catch {
      return false;
    }
  };
  await until('tgtd answering tgtadm', answers, (up) => up);
  tgtadm('--mode', 'target', '--op', 'new', '--tid', '1', '--targetname', iqn);
  tgtadm('--mode', 'target', '--op', 'bind', '--tid', '1', '--initiator-address', 'ALL');
  if (chap) {
    tgtadm('--mode', 'account', '--op', 'new', '--user', chap.username, '--password', chap.password);
    tgtadm('--mode', 'account', '--op', 'bind', '--tid', '1', '--user', chap.username);
  }
  return {
    portal,
    port,
    addLun: (lun, sizeMib) => {
      const file = join(dir, `lun${lun}.img`);
      if (!existsSync(file)) {
        writeFileSync(file, '');
        truncateSync(file, sizeMib * 1024 * 1024);
      }
      tgtadm('--mode', 'logicalunit', '--op', 'new', '--tid', '1', '--lun', String(lun), '--backing-store', file);
    },
    deleteLun: (lun) => void tgtadm('--mode', 'logicalunit', '--op', 'delete', '--tid', '1', '--lun', String(lun)),
    stop: () => {
      try {
        tgtadm('--mode', 'target', '--op', 'delete', '--force', '--tid', '1');
        execFileSync('tgtadm', ['-C', control, '--op', 'delete', '--mode', 'system']);
      } catch {
        // tgtd is killed below whatever state it is in
      }
      const pidFile = join(dir, 'tgtd.pid');
      if (existsSync(pidFile)) {
        try {
          process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGKILL');
        } catch {
          // it has gone already
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
