// docs/api-coverage.md must say what the code does: regenerate it with `npm run docs:coverage`.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { apiCoverageMarkdown } from '../scripts/api-coverage.js';

it('docs/api-coverage.md lists exactly the APIs this release implements', () => {
  const onDisk = readFileSync(resolve(import.meta.dirname, '../docs/api-coverage.md'), 'utf8');
  expect(onDisk, 'docs/api-coverage.md is stale: run npm run docs:coverage').toBe(apiCoverageMarkdown());
  expect(onDisk).toMatch(/\| CreateZone \| .* \| implemented \|/);
  expect(onDisk).toMatch(/\| AddKVMHost \| .* \| implemented \|/);
  expect(onDisk).toMatch(/\| AddCephBackupStorage \| .* \| implemented \|/);
  expect(onDisk).toMatch(/\| AttachPciDeviceToVm \| .* \| implemented \|/);
});
