// Headless Chromium for the browser tests: the system's (Debian's `chromium`, installed by
// `npm run setup`), driven by playwright-core, which downloads no browser of its own.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where the browser is: IQ_CHROMIUM, else Debian's. */
export const CHROMIUM_PATH = process.env.IQ_CHROMIUM || '/usr/bin/chromium';

/**
 * Launches Chromium with a fresh profile (playwright makes an empty --user-data-dir) and without
 * its background traffic, which a closed network refuses. Fails, never skips, when it is missing.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: run \`npm run setup\` (it installs Debian's chromium), or set IQ_CHROMIUM to a Chromium binary`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // As root, Chromium runs only without its sandbox.
    chromiumSandbox: false,
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
}
