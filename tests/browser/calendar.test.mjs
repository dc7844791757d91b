// An administrator reads the year's calendar, records the Tết decision of a
// new year, and a deadline computed on the page follows it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './chromium.mjs';
import { startServer, addUser, totp } from '../api/server.mjs';

let srv;
let browser;
before(async () => {
  srv = await startServer({ setup: (p) => addUser(p, 'quantri', 'admin') });
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await srv.stop(); srv.cleanup(); });

async function signInAsAdmin(page) {
  await page.goto(srv.base + '/staff/');
  const form = page.locator('#sign-in');
  await form.getByLabel('Tên đăng nhập').fill('quantri');
  await form.getByLabel('Mật khẩu').fill('Mây trắng bay 2026');
  await form.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Đăng ký xác thực hai lớp' }).waitFor();
  const secret = await page.locator('#enrol-secret').textContent();
  await page.locator('#enrol').getByLabel('Mã 6 số').fill(totp(secret));
  await page.getByRole('button', { name: 'Xác nhận' }).click();
  await page.getByRole('button', { name: 'Tôi đã lưu các mã' }).click();
  await page.getByRole('heading', { name: 'Tài khoản của tôi' }).waitFor();
}

test('the administrator enters a year’s Tết and the deadline follows it', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text()); });
  await signInAsAdmin(page);

  await page.getByRole('link', { name: 'Lịch làm việc, ngày nghỉ và hạn xử lý' }).click();
  await page.getByRole('heading', { name: 'Lịch làm việc' }).waitFor();
  await page.locator('#calendar').getByLabel('Năm', { exact: true }).fill('2026');
  await page.getByRole('button', { name: 'Xem lịch' }).click();
  await page.getByText('Năm 2026: 250 ngày làm việc.', { exact: false }).waitFor();
  const tet = page.locator('#cal-days tr', { hasText: '17/02/2026' });
  assert.match(await tet.textContent(), /Thứ Ba1\/1Nghỉ theo quyết địnhTết Nguyên đánQuyết định: Lịch nghỉ Tết Bính Ngọ 2026/);
  assert.match(await page.locator('#cal-days tr', { hasText: '22/08/2026' }).textContent(), /Làm bù theo quyết định/);

  // Before any decision, 2027 follows the statute.
  await page.locator('#calendar').getByLabel('Năm', { exact: true }).fill('2027');
  await page.getByRole('button', { name: 'Xem lịch' }).click();
  await page.locator('#cal-days tr', { hasText: '11/02/2027' }).getByText('Nghỉ bù').waitFor();
  const form = page.locator('#deadline-form');
  await form.getByLabel('Thời điểm tiếp nhận').fill('2027-02-03T09:00');
  await form.getByLabel('Thời hạn giải quyết').fill('1');
  await form.getByRole('button', { name: 'Tính hạn' }).click();
  await page.getByText('Hẹn trả kết quả: 09:00 ngày 04/02/2027').waitFor();

  // A worked day on a weekday is refused with the reason.
  const decision = page.locator('#decision-form');
  await decision.getByLabel('Dịp').selectOption('tet');
  await decision.getByLabel('Văn bản công bố (số, ký hiệu, trích yếu)').fill('Thông báo lịch nghỉ Tết Đinh Mùi 2027');
  await decision.getByLabel('Nghỉ từ ngày').fill('2027-02-04');
  await decision.getByLabel('đến hết ngày').fill('2027-02-10');
  await decision.getByLabel(/Ngày làm bù/).fill('16/02/2027');
  await decision.getByRole('button', { name: 'Ghi quyết định' }).click();
  await page.getByText('Ngày làm bù phải là thứ Bảy hoặc Chủ nhật').waitFor();
  await decision.getByLabel(/Ngày làm bù/).fill('20/02/2027');
  await decision.getByRole('button', { name: 'Ghi quyết định' }).click();
  await page.getByText('Đã ghi quyết định lịch nghỉ.').waitFor();
  await page.locator('#cal-days tr', { hasText: '04/02/2027' }).getByText('Quyết định: Thông báo lịch nghỉ Tết Đinh Mùi 2027').waitFor();
  assert.equal(await page.locator('#cal-days tr', { hasText: '11/02/2027' }).count(), 0);
  await form.getByRole('button', { name: 'Tính hạn' }).click();
  await page.getByText('Hẹn trả kết quả: 09:00 ngày 11/02/2027').waitFor();
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/calendar.png`, fullPage: true });

  // Removing it brings the statute back.
  await page.getByRole('button', { name: 'Xóa quyết định Tết Nguyên đán' }).click();
  await page.getByText('Đã xóa quyết định Tết Nguyên đán', { exact: false }).waitFor();
  await page.locator('#cal-days tr', { hasText: '11/02/2027' }).getByText('Nghỉ bù').waitFor();
  assert.deepEqual(problems, []);
});
