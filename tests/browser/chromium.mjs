// Debian's Chromium, headless and quiet (no network of its own, no sync,
// no updates), as every browser test drives it through playwright-core.
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
}

// A page of its own context that collects its script errors in
// page.problems. Refusals a test provokes (401, 403, 422) are logged by the
// browser as console errors; they are not faults.
export async function newPage(browser, viewport = { width: 360, height: 740 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) page.problems.push(m.text()); });
  return page;
}
