// The seams between families and plug-ins hold as the code grows (docs/architecture.md).
import 'reflect-metadata';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { CommandHandler } from '@nestjs/cqrs';
import { ALL_APIS } from '#contract';
import { describe, expect, it } from 'vitest';
import { apiCommand } from './api/api-command.js';
import { commandsByApi, type FamilyManifest } from './api/family.js';
import { FAMILIES } from './families.js';

const REPO = resolve(import.meta.dirname, '../../..');
const KVM = join(REPO, 'apps/management/src/host/kvm');
/** The composition root lists the plug-ins; it is the one file outside a plug-in that names it. */
const COMPOSITION_ROOT = join(REPO, 'apps/management/src/families.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.ts$/.test(name) ? [path] : [];
  });
}

/** The files a source file imports (relative specifiers, resolved; `.js` names its `.ts`). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.[^'"]+)['"]/g)].map((m) => m[1]);
  return specifiers.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

describe('the import graph', () => {
  const files = ['apps', 'libs', 'test', 'scripts'].flatMap((d) => sourceFiles(join(REPO, d)));

  it('reads the repository (the scan is not empty)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(importsOf(join(KVM, 'kvm.module.ts'))).toContain(join(KVM, 'kvm-host-backend.ts'));
  });

  it('has nothing outside host/kvm/ import from host/kvm/ (but the family list)', () => {
    const offenders = files
      .filter((f) => !f.startsWith(`${KVM}/`) && f !== COMPOSITION_ROOT)
      .flatMap((f) => importsOf(f).filter((target) => target.startsWith(`${KVM}/`)).map((target) => `${relative(REPO, f)} -> ${relative(REPO, target)}`));
    expect(offenders).toEqual([]);
  });
});

describe('the family list', () => {
  it('gives every asynchronous API of the contract at most one handler, and every handler a contract API', () => {
    const commands = commandsByApi(FAMILIES);
    const contract = new Set(ALL_APIS.map((a) => a.name));
    expect([...commands.keys()].filter((api) => !contract.has(api))).toEqual([]);
    expect(commands.size).toBe(FAMILIES.reduce((n, f) => n + (f.handlers?.length ?? 0), 0));
  });

  it('lets only transactional commands be independent, and no transactional handler open a transaction of its own', () => {
    // A group runs transactional commands in one transaction (docs/architecture.md): a
    // nested one of a handler would interleave with its neighbours' savepoints.
    const commands = [...commandsByApi(FAMILIES).values()];
    expect(commands.filter((c) => c.independent && c.transactional === false).map((c) => c.api)).toEqual([]);
    expect(commands.some((c) => c.independent)).toBe(true);
    const handlerFiles = sourceFiles(join(REPO, 'apps/management/src')).filter((f) => /@CommandHandler\(/.test(readFileSync(f, 'utf8')));
    const nested = handlerFiles.filter((f) => {
      const text = readFileSync(f, 'utf8');
      return !/static readonly transactional = false/.test(text) && /tx\.transaction\(/.test(text);
    });
    expect(nested.map((f) => relative(REPO, f))).toEqual([]);
  });

  it('names each plug-in family and each query resource once', () => {
    const families = new Set(FAMILIES.filter((f) => !f.pluginOf).map((f) => f.name));
    expect(FAMILIES.filter((f) => f.pluginOf && !families.has(f.pluginOf)).map((f) => f.name)).toEqual([]);
    const resources = FAMILIES.flatMap((f) => f.queryResources ?? []);
    expect(resources.length).toBe(new Set(resources).size);
  });

  class ProbeCommand extends apiCommand('CreateZone') {}
  @CommandHandler(ProbeCommand)
  class ProbeHandler {}
  class OtherProbeCommand extends apiCommand('CreateZone') {}
  @CommandHandler(OtherProbeCommand)
  class OtherProbeHandler {}

  it('refuses a handler registered twice', () => {
    const twice: FamilyManifest[] = [
      { name: 'a', handlers: [ProbeHandler] },
      { name: 'b', handlers: [ProbeHandler] },
    ];
    expect(() => commandsByApi(twice)).toThrow('handler ProbeHandler is registered twice (a and b)');
  });

  it('refuses two handlers for one contract API', () => {
    expect(() => commandsByApi([{ name: 'a', handlers: [ProbeHandler] }, { name: 'b', handlers: [OtherProbeHandler] }])).toThrow('API CreateZone has two handlers');
  });

  it('refuses a handler of an API that already has one in the real family list', () => {
    expect(() => commandsByApi([...FAMILIES, { name: 'probe', handlers: [ProbeHandler] }])).toThrow('API CreateZone has two handlers');
  });
});
