/**
 * Debian's Chromium, as the browser tests, the E2E run and the bench launch
 * it: never a downloaded browser, no sandbox (the machines are containers),
 * nothing of its own on the network or in the background.
 */
import { chromium } from 'playwright-core';

export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** playwright-core's browser, with the flags one harness adds (memory figures, GC). */
export const launchChromium = (extraArgs = []) =>
  chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, ...extraArgs] });
