// The bundle's identity: its sha256 is the version /ping reports and the management node
// compares with the bundle it would deploy.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export function sha256OfFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
