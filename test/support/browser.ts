// Debian's chromium driven by playwright-core, headless, for the console's tests. No browser
// is downloaded: the distribution's package is installed when missing. Background
// networking is off (without it chromium opens connections that the sandboxed machine
// refuses many at a time) and each launch gets a fresh, empty profile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { ensurePackages } from './test-hosts.js';

export const CHROMIUM = '/usr/bin/chromium';

/** A browser context on a new profile (playwright takes the profile as userDataDir). */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  ensurePackages({ chromium: CHROMIUM });
  const profile = mkdtempSync(join(tmpdir(), 'zstack-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
