// The typed parameters handlers read (libs/contract/src/api-params.generated.ts) match the
// contract's API list: a change to the contract without `npm run generate:contract` fails here.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_APIS, APIS } from '#contract';
import { describe, expect, it } from 'vitest';
import { apiParamsSource, paramsInterface } from '../scripts/generate-api-params.js';

describe('api-params.generated.ts', () => {
  it('is what the contract generates', () => {
    const stored = readFileSync(resolve(import.meta.dirname, '../libs/contract/src/api-params.generated.ts'), 'utf8');
    expect(stored).toBe(apiParamsSource(ALL_APIS));
  });

  it('types the body-key parameters: required ones plainly, optional ones also as null, enumerations as their values', () => {
    const addHost = paramsInterface(APIS.find((a) => a.name === 'AddKVMHost')!);
    expect(addHost).toContain('  managementIp: string;');
    expect(addHost).toContain('  sshPort?: number | null;');
    expect(paramsInterface(APIS.find((a) => a.name === 'ChangeHostState')!)).toContain('  stateEvent: "enable" | "disable" | "maintain";');
    // Path placeholders are not body parameters: the job's resourceUuid carries them.
    expect(paramsInterface(APIS.find((a) => a.name === 'DeleteZone')!)).not.toContain('uuid');
  });
});
