// Secrets at rest: AES-256-GCM under the node's secret key. A sealed value names the key
// it was sealed with (a short id, never the key), so values sealed under an older key
// still open while ZSTACK_SECRET_OLD_KEYS lists it, and are re-sealed at start.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ApiError, ErrorCodes, zstackError } from '#contract';

const PREFIX = 'zsenc:1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A job that meets a secret it cannot open fails with this error (SYS.1006), naming why. */
export class SecretOpenError extends ApiError {
  constructor(details: string) {
    super(503, zstackError(ErrorCodes.OPERATION_ERROR, details));
  }
}

export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  readonly currentId: string;

  /** `current` seals; every key (current and old) opens. Keys are 32 bytes. */
  constructor(current: Buffer, old: readonly Buffer[] = []) {
    this.currentId = keyId(current);
    for (const key of [current, ...old]) this.keys.set(keyId(key), key);
  }

  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId)!, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${this.currentId}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** Opens a sealed value; a value that was never sealed (stored before this release) is
   *  returned as it is, and re-sealed by `resealStoredSecrets` at the next start. */
  open(value: string): string {
    if (!SecretBox.isSealed(value)) return value;
    const [id, data] = value.slice(PREFIX.length).split(':');
    const key = this.keys.get(id);
    if (!key) throw new SecretOpenError(`a secret was sealed with key ${id}, which this node does not have: give every node the same ZSTACK_SECRET_KEY, and list retired keys in ZSTACK_SECRET_OLD_KEYS (docs/security.md)`);
    const raw = Buffer.from(data, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretOpenError(`a secret sealed with key ${id} does not open: it was altered`);
    }
  }

  /** True when the value must be re-sealed: stored in clear, or under an old key. */
  needsReseal(value: string): boolean {
    return !value.startsWith(`${PREFIX}${this.currentId}:`);
  }
}

/** A key's public name: a hash of it, so the stored value says which key opens it. */
function keyId(key: Buffer): string {
  return createHash('sha256').update('zstack-secret-key-id').update(key).digest('hex').slice(0, 8);
}

let installed: SecretBox | null = null;

/** The node's box, installed once at start before the database opens. */
export function installSecretBox(box: SecretBox): void {
  installed = box;
}

export function secretBox(): SecretBox {
  if (!installed) throw new Error('no secret key installed: the node starts it before opening the database');
  return installed;
}
