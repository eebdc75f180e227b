import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (installed by `.ci/run`); tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SKIP_REASON = `SKIPPED: ${CHROMIUM} is absent (install Debian's chromium: apt-get install -y chromium)`;

export function launchChromium(): Promise<Browser> {
  const args = ['--no-sandbox', '--disable-background-networking'];
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

/** A fresh context (own session storage) whose page records every console error and uncaught exception. */
export async function openPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  page.on('pageerror', (error) => void errors.push(error.message));
  return { context, page, errors };
}

/** `ARBITER_CONSOLE_SCREENSHOTS=1` refreshes the screenshots of docs/console/ (kept out of ordinary runs). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.ARBITER_CONSOLE_SCREENSHOTS !== '1') return;
  const dir = new URL('../../docs/console/', import.meta.url).pathname;
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: `${dir}${name}.png`, fullPage: false });
}
