// A leader imports the plan's two files in the staff pages, confirming the
// unit names that match no unit, opens the board, updates a task's progress
// with evidence, and sees its status change; then the QĐ 766 page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, addUser, totp, signInFully } from '../api/server.mjs';

const dataDir = resolve(import.meta.dirname, '../../data');
let srv;
let browser;
before(async () => {
  srv = await startServer({ setup: (p) => addUser(p, 'lanhdao', 'leader', '000.00.01.H42') });
  const s = await signInFully(srv.base, 'lanhdao');
  srv.secret = s.secret;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
});
after(async () => { await browser?.close(); await srv.stop(); srv.cleanup(); });

test('the leader imports the plan, updates a task with evidence on the board and sees the status change', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text()); });
  await page.goto(srv.base + '/staff/');
  const form = page.locator('#sign-in');
  await form.getByLabel('Tên đăng nhập').fill('lanhdao');
  await form.getByLabel('Mật khẩu').fill('Mây trắng bay 2026');
  await form.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Xác thực hai lớp' }).waitFor();
  await page.locator('#verify').getByLabel(/Mã 6 số/).fill(totp(srv.secret, Date.now() / 1000 + 30));
  await page.locator('#verify').getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('heading', { name: 'Tài khoản của tôi' }).waitFor();

  await page.getByRole('link', { name: 'Kế hoạch, nhiệm vụ và chỉ tiêu' }).click();
  // Import the two files as typed; confirm the unit names that match no unit.
  await page.getByLabel('Tên kế hoạch').fill('Kế hoạch chuyển đổi số năm 2026');
  await page.getByLabel(/Tệp nhiệm vụ/).setInputFiles(join(dataDir, 'ke-hoach-cds-2026-nhiem-vu.csv'));
  await page.getByLabel(/Tệp chỉ tiêu/).setInputFiles(join(dataDir, 'ke-hoach-cds-2026-chi-tieu.csv'));
  await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
  await page.getByText(/Đọc được 14 nhiệm vụ, 25 chỉ tiêu\. 21 tên đơn vị chưa khớp/).waitFor();
  const trạm = page.locator('#pi-units fieldset').filter({ hasText: '„Trạm y tế“' });
  assert.equal(await trạm.getByLabel(/ngoài cây đơn vị/).isChecked(), true, 'no unit suggested: outside the tree');
  const kt = page.locator('#pi-units fieldset').filter({ hasText: '„Phòng KT; Các cơ sở trường học trên địa bàn“' });
  assert.equal(await kt.getByLabel('Phòng Kinh tế').isChecked(), true, 'the matching part is suggested');
  await kt.getByLabel(/ngoài cây đơn vị/).check();
  await page.getByRole('button', { name: 'Nhập kế hoạch' }).click();
  await page.getByRole('heading', { name: 'Kế hoạch chuyển đổi số năm 2026' }).waitFor();
  const rows = page.locator('#pb-tasks tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 14);
  // Late ones first, marked.
  const states = await page.locator('#pb-tasks tbody tr td:last-child').allTextContents();
  const rank = (s) => ['Đang thực hiện, quá hạn', 'Chưa thực hiện', 'Đang thực hiện, trong hạn', 'Hoàn thành quá hạn', 'Hoàn thành đúng hạn'].indexOf(s);
  assert.deepEqual([...states].sort((a, b) => rank(a) - rank(b)), states, 'late first');
  assert.equal(await page.locator('#pb-indicators tbody tr').count(), 25);

  const task = 'Triển khai ứng dụng trợ lý ảo IA trong công việc';
  const row = page.locator('#pb-tasks tbody tr').filter({ hasText: task });
  const before = await row.locator('td').last().textContent();
  await row.getByRole('link', { name: task }).click();
  await page.getByRole('heading', { name: `Nhiệm vụ 4: ${task}` }).waitFor();
  await page.getByLabel('Tiến độ (%)').fill('100');
  await page.getByLabel('Kết quả, ghi chú').fill('Đã triển khai cho toàn bộ cán bộ, có biên bản nghiệm thu');
  await page.getByLabel('Tệp minh chứng').setInputFiles({ name: 'bien-ban.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\nBiên bản\n') });
  await page.getByRole('button', { name: 'Cập nhật' }).click();
  // Quý I - III/ 2026 ends on 30/09/2026: completed today is on time only before then.
  const expected = new Date() <= new Date('2026-09-30T23:59:59+07:00') ? 'Hoàn thành đúng hạn' : 'Hoàn thành quá hạn';
  await page.locator('#tk-status').getByText(`${expected} · 100%`).waitFor();
  await page.getByText(/minh chứng: bien-ban\.pdf/).waitFor();
  await page.getByRole('link', { name: 'Về bảng kế hoạch' }).click();
  await page.locator('#pb-tasks tbody tr').filter({ hasText: task }).locator('td').last().getByText(expected).waitFor();
  const after = await page.locator('#pb-tasks tbody tr').filter({ hasText: task }).locator('td').last().textContent();
  assert.notEqual(after, before);
  assert.equal(after, expected);
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/plan.png`, fullPage: true });

  // An indicator computed from the dossiers: its target and its months.
  await page.locator('#pb-indicators').getByRole('link', { name: /xử lý trực tuyến/ }).click();
  await page.getByText(/Mục tiêu: ≥ 80% · tính từ dữ liệu: hồ sơ nộp trực tuyến/).waitFor();
  assert.ok(await page.locator('#in-trend tbody tr').count() >= 1);

  // The index page: its six groups, each with its points.
  await page.goto(srv.base + '/staff/#home');
  await page.getByRole('link', { name: 'Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766)' }).click();
  await page.getByText(/\/ 100 điểm · 0 hồ sơ/).waitFor();
  assert.equal(await page.locator('#si-groups h3').count(), 6);
  await page.getByRole('heading', { name: /^Tiến độ giải quyết: .* \/ 20$/ }).waitFor();
  assert.deepEqual(problems, []);
});
