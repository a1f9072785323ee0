// At start: every sealed column's values stored in clear (rows from before this release)
// or under a retired key are re-sealed under the current key. Once it ran on every row,
// the retired key can leave ZSTACK_SECRET_OLD_KEYS.
import type { DataSource } from 'typeorm';
import { logger } from '../logging/logger.js';
import type { SecretBox } from './secret-box.js';
import { SEALED_COLUMNS } from './sealed-column.js';

const log = logger('secrets');

export async function resealStoredSecrets(db: DataSource, box: SecretBox): Promise<number> {
  let count = 0;
  for (const { table, column, key } of SEALED_COLUMNS) {
    const rows = (await db.query(`SELECT "${key}" AS k, "${column}" AS v FROM "${table}"`)) as { k: string; v: string | null }[];
    for (const row of rows) {
      if (row.v === null || !box.needsReseal(row.v)) continue;
      // Compare-and-set: a node writing the row meanwhile wins.
      await db.query(`UPDATE "${table}" SET "${column}" = $1 WHERE "${key}" = $2 AND "${column}" = $3`, [box.seal(box.open(row.v)), row.k, row.v]);
      count++;
    }
  }
  if (count) log.info({ count }, 'secrets re-sealed under the current key');
  return count;
}
