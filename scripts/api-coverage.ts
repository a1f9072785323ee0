// Writes docs/api-coverage.md from the contract and the handlers the management node
// registers: `npm run docs:coverage`. A test fails when the file is out of date.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { APIS, renderApiCoverage } from '#contract';
import { implementedApiNames } from '../apps/management/src/api/commands.js';

export function apiCoverageMarkdown(): string {
  return renderApiCoverage(APIS, implementedApiNames());
}

if (process.argv[1]?.endsWith('api-coverage.js')) {
  const repo = resolve(import.meta.dirname, '../..');
  writeFileSync(join(repo, 'docs/api-coverage.md'), apiCoverageMarkdown());
  console.log('wrote docs/api-coverage.md');
}
