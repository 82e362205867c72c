import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** The repository's root. */
export const ROOT = resolve(__dirname, '../..');

/** Where screenshots go (gitignored). */
export function outputDir(): string {
  const dir = join(ROOT, 'test-output');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Debian's Chromium; never a downloaded browser. RXC_CHROMIUM points elsewhere if needed. */
const CHROMIUM = process.env.RXC_CHROMIUM ?? '/usr/bin/chromium';

/** Launches headless Chromium; fails loudly when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get update && apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']
  });
}

/** Fails with a clear message when the build the suite drives is missing. */
export function requireBuilt(...files: string[]): void {
  for (const file of files) {
    if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing: run npm run build before npm run test:e2e`);
  }
}
