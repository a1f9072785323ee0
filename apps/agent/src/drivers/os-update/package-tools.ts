// Pure parts of an OS update: which package tool a host has, and what to run with it.
// Tested against apt-mark output recorded on Debian 12 (fixtures/).

export type PackageTool = 'apt-get' | 'yum' | 'dnf';

/** Debian-like hosts have apt-get; RHEL-like ones yum (a link to dnf on newer releases), and
 *  the newest dnf only. */
export function choosePackageTool(isOnPath: (program: string) => boolean): PackageTool | null {
  return (['apt-get', 'yum', 'dnf'] as const).find((tool) => isOnPath(tool)) ?? null;
}

/** `apt-mark showhold`: one package a line. */
export function parseAptShowhold(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The packages this update must hold itself; those already held stay held after it. */
export function packagesToHold(excludePackages: readonly string[], alreadyHeld: readonly string[]): string[] {
  return [...new Set(excludePackages)].filter((p) => !alreadyHeld.includes(p));
}

/** No `apt-get update` first: the host upgrades to what its configured lists already say, as
 *  ZStack does, so an update never pulls in packages nobody has looked at. `--force-confold`
 *  keeps the host's edited config files instead of stopping to ask. */
export const APT_UPGRADE_ARGV = ['apt-get', '-y', '-o', 'Dpkg::Options::=--force-confold', 'upgrade'] as const;

export function yumUpdateArgv(tool: 'yum' | 'dnf', excludePackages: readonly string[]): string[] {
  return [tool, '-y', 'update', ...excludePackages.map((p) => `--exclude=${p}`)];
}

/** A package name as apt and yum write them (arch qualifiers, yum globs); nothing that starts
 *  with '-' and so could be read as an option. */
export const PACKAGE_NAME = /^[A-Za-z0-9*][A-Za-z0-9+._:*~-]*$/;
