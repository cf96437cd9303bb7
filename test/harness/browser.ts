/**
 * Debian's Chromium driven by playwright-core: what a person sees. Screenshots go to the test
 * artifacts folder (TEST_ARTIFACTS_DIR, default test-artifacts/).
 */
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { getTestSettings } from '../../src/config/settings'

const CHROMIUM = '/usr/bin/chromium'
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** Launches Chromium; fails with the install command when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`)
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS })
}

/** Saves a full-page screenshot as <artifacts>/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = getTestSettings().artifactsDir
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/** Collects console errors and uncaught exceptions of a page. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (message) => {
    // The location names the resource a "Failed to load resource" message is about.
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url || 'no url'})`)
  })
  page.on('pageerror', (error) => errors.push(error.message))
  return errors
}
