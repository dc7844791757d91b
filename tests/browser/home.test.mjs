// What a person sees on the home page, in Debian's Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './chromium.mjs';
import { startServer } from '../api/server.mjs';

let srv;
let browser;
before(async () => {
  srv = await startServer();
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await srv.stop(); srv.cleanup(); });

// The default server has no procedures, so nothing to search here: the search
// typed without diacritics is in portal.test.mjs, with a procedure imported.
test('a phone shows the commune and how to reach it', async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto(srv.base + '/');
  await page.getByRole('heading', { level: 1, name: 'Ủy ban nhân dân xã Thượng Đức' }).waitFor();
  assert.equal(await page.title(), 'Ủy ban nhân dân xã Thượng Đức — Cổng dịch vụ công');
  await page.getByText('Thôn Trung, xã Thượng Đức').waitFor();
  await page.getByText(/Sáng 07:30–11:30, chiều 13:00–17:00/).waitFor();
  assert.deepEqual(problems, [], 'no script errors and no CSP violations');
});

test('the page says so when the API cannot be reached', async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await page.route('**/api/v1/public/commune', (route) => route.fulfill({ status: 503, body: '{}' }));
  await page.goto(srv.base + '/');
  await page.getByText('Không tải được thông tin của xã; vui lòng thử lại sau.').waitFor();
});
