// Where the node's secret key comes from: ZSTACK_SECRET_KEY, else a key file in the data
// directory created (mode 0600) at first start. Several nodes on one database must share
// one key: set ZSTACK_SECRET_KEY on each (docs/security.md).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ManagementConfig } from '../config/config.js';
import { StartupError } from '../config/startup-error.js';
import { logger } from '../logging/logger.js';
import { SecretBox } from './secret-box.js';

export const KEY_FILE = 'secret.key';
const log = logger('secrets');

/** A key as the operator writes it: 32 bytes in base64 or hex (`openssl rand -base64 32`). */
export function parseSecretKey(setting: string, raw: string): Buffer {
  const text = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new StartupError(`${setting} must be a 32-byte key in base64 or hex (make one with: openssl rand -base64 32)`);
  return key;
}

export function loadSecretBox(config: Pick<ManagementConfig, 'secretKey' | 'secretOldKeys' | 'dataDir'>): SecretBox {
  const old = config.secretOldKeys.map((k, i) => parseSecretKey(`ZSTACK_SECRET_OLD_KEYS (entry ${i + 1})`, k));
  if (config.secretKey) return new SecretBox(parseSecretKey('ZSTACK_SECRET_KEY', config.secretKey), old);
  return new SecretBox(keyFile(resolve(config.dataDir)), old);
}

/** Reads the key file, or creates it: `wx` makes a second node starting at once read the
 *  first one's key instead of writing its own. */
function keyFile(dataDir: string): Buffer {
  const path = join(dataDir, KEY_FILE);
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    log.info({ path }, 'created the secret key file; back it up with the database, or secrets stored under it are lost');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new StartupError(`ZSTACK_DATA_DIR: cannot create the secret key file ${path} (${(err as NodeJS.ErrnoException).code}); make the folder writable, or set ZSTACK_SECRET_KEY`);
  }
  if ((statSync(path).mode & 0o077) !== 0) {
    chmodSync(path, 0o600);
    log.warn({ path }, 'the secret key file was readable by others; made it 0600');
  }
  return parseSecretKey(path, readFileSync(path, 'utf8'));
}
