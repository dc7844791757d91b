// An administrator finds a procedure imported from the national portal,
// reviews it, and changes its workflow: a new version, the old one kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { launchChromium } from './chromium.mjs';
import { startServer, addUser, totp, bin } from '../api/server.mjs';

let srv;
let browser;
before(async () => {
  srv = await startServer({
    setup: (p) => {
      addUser(p, 'quantri', 'admin');
      execFileSync(bin, ['import', 'procedures', resolve(import.meta.dirname, '../../data/tthc-cap-xa.json'), '--db', p.db]);
    },
  });
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await srv.stop(); srv.cleanup(); });

test('the administrator reviews the birth registration and gives it a new workflow', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text()); });

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

  await page.getByRole('link', { name: 'Danh mục thủ tục hành chính' }).click();
  await page.getByRole('heading', { name: 'Danh mục thủ tục hành chính' }).waitFor();
  await page.getByLabel('Chỉ thủ tục chờ rà soát').check();
  await page.getByLabel(/Tìm theo tên, mã hoặc lĩnh vực/).fill('dang ky khai sinh');
  await page.getByRole('button', { name: 'Tìm', exact: true }).click();
  await page.getByText(/thủ tục chờ rà soát\./).waitFor();
  const first = page.locator('#cat-results li').first();
  assert.match(await first.textContent(), /^1\.001193 — Thủ tục đăng ký khai sinh · Hộ tịch · Trong ngày · chờ rà soát/);
  await first.getByRole('link').click();

  await page.getByRole('heading', { name: '1.001193 — Thủ tục đăng ký khai sinh' }).waitFor();
  await page.getByText('Thời hạn không ghi đơn vị (ngày làm việc, ngày hay giờ).').waitFor();
  await page.getByText(/^Phiên bản 1 \(mẫu same_day\)/).waitFor();
  assert.equal(await page.locator('#wf-steps tbody tr').count(), 1);

  // A workflow whose shares do not add up is refused with the reason.
  await page.getByRole('button', { name: 'Thêm bước' }).click();
  const added = page.locator('#wf-steps tbody tr').nth(1);
  await added.getByLabel('Mã bước').fill('sign');
  await added.getByLabel('Tên bước').fill('Lãnh đạo ký');
  await added.getByLabel('Vai trò').selectOption('leader');
  await added.getByLabel('Phần trăm thời gian').fill('20');
  await added.getByLabel('Trả kết quả').check();
  await page.getByRole('button', { name: 'Lưu quy trình (phiên bản mới)' }).click();
  await page.getByText('Tổng tỷ lệ thời gian của các bước phải bằng 100%. (share)').waitFor();

  // Fix it: the counter receives (80 %) and forwards; the leader signs and returns.
  const counter = page.locator('#wf-steps tbody tr').nth(0);
  await counter.getByLabel('Phần trăm thời gian').fill('80');
  await counter.getByLabel('Trả kết quả').uncheck();
  await counter.getByLabel('Chuyển tiếp').check();
  await page.getByRole('button', { name: 'Lưu quy trình (phiên bản mới)' }).click();
  await page.getByText('Đã lưu quy trình, phiên bản 2.').waitFor();
  await page.getByText(/^Phiên bản 2, lưu bởi quantri/).waitFor();
  assert.equal(await page.locator('#wf-steps tbody tr').count(), 2);

  // Version 1, which dossiers received before keep, is unchanged.
  const v1 = await page.evaluate(async () => (await fetch('/api/v1/catalog/procedures/1.001193/workflow?version=1')).json());
  assert.deepEqual(v1.steps.map((s) => s.key), ['receive_and_return']);

  await page.getByRole('button', { name: 'Xác nhận đã rà soát' }).click();
  await page.getByText('Đã xác nhận: thủ tục được nhận hồ sơ.').waitFor();
  await page.getByText(/đang nhận hồ sơ/).waitFor();
  assert.equal(await page.locator('#proc-review').isHidden(), true);
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/procedure.png`, fullPage: true });

  // Editing a document keeps it; the public page shows the new name.
  const firstDoc = page.locator('#pf-documents li').first();
  await firstDoc.getByLabel('Tên giấy tờ').fill('Tờ khai đăng ký khai sinh theo mẫu');
  await page.getByRole('button', { name: 'Lưu thủ tục' }).click();
  await page.getByText('Đã lưu thủ tục.').waitFor();
  let pub = await page.evaluate(async () => (await fetch('/api/v1/procedures/1.001193')).json());
  assert.equal(pub.documents[0].name, 'Tờ khai đăng ký khai sinh theo mẫu');
  assert.equal(pub.accepts_dossiers, true);

  // The online form gets the child's date of birth; the first paper its blank form.
  await page.getByRole('button', { name: 'Thêm trường' }).click();
  const field = page.locator('#pf-form li').last();
  await field.getByLabel('Mã trường').fill('ngay_sinh_tre');
  await field.getByLabel('Nhãn').fill('Ngày sinh của trẻ');
  await field.getByLabel('Kiểu').selectOption('date');
  await field.getByLabel('Bắt buộc').check();
  await page.getByRole('button', { name: 'Lưu thủ tục' }).click();
  await page.getByText('Đã lưu thủ tục.').waitFor();
  await page.locator('#pf-documents li').first().getByLabel(/Tải mẫu đơn lên/).setInputFiles({
    name: 'to-khai-khai-sinh.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\nTờ khai đăng ký khai sinh\n'),
  });
  await page.getByText('Đã lưu mẫu đơn to-khai-khai-sinh.pdf.').waitFor();
  await page.getByRole('link', { name: 'Mẫu đơn: to-khai-khai-sinh.pdf' }).waitFor();
  pub = await page.evaluate(async () => (await fetch('/api/v1/procedures/1.001193')).json());
  assert.deepEqual(pub.form.at(-1), { key: 'ngay_sinh_tre', label: 'Ngày sinh của trẻ', type: 'date', required: true });
  assert.equal(pub.documents[0].form_file_name, 'to-khai-khai-sinh.pdf');
  assert.deepEqual(problems, []);
});
