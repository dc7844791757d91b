// An admin signs in with a second factor, adds a unit and a reception
// account; that account signs in and cannot open the administration.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, newPage } from './chromium.mjs';
import { startServer, addUser, totp } from '../api/server.mjs';

let srv;
let browser;
before(async () => {
  srv = await startServer({ setup: (p) => addUser(p, 'quantri', 'admin') });
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await srv.stop(); srv.cleanup(); });


async function signIn(page, username, password) {
  await page.goto(srv.base + '/staff/');
  const form = page.locator('#sign-in');
  await form.getByLabel('Tên đăng nhập').fill(username);
  await form.getByLabel('Mật khẩu').fill(password);
  await form.getByRole('button', { name: 'Đăng nhập' }).click();
}

test('admin with TOTP creates a unit and a reception account, who cannot administer', async () => {
  const page = await newPage(browser);
  await signIn(page, 'quantri', 'Mây trắng bay 2026');
  await page.getByRole('heading', { name: 'Đăng ký xác thực hai lớp' }).waitFor();
  assert.ok(await page.getByAltText('Mã QR để đăng ký ứng dụng xác thực').evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code shows');
  const secret = await page.locator('#enrol-secret').textContent();
  await page.locator('#enrol').getByLabel('Mã 6 số').fill(totp(secret));
  await page.getByRole('button', { name: 'Xác nhận' }).click();
  await page.getByRole('heading', { name: 'Mã khôi phục' }).waitFor();
  assert.equal(await page.locator('#recovery-codes li').count(), 10);
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/recovery.png`, fullPage: true });
  await page.getByRole('button', { name: 'Tôi đã lưu các mã' }).click();
  await page.getByRole('heading', { name: 'Tài khoản của tôi' }).waitFor();

  await page.getByRole('link', { name: 'Quản trị đơn vị và tài khoản' }).click();
  await page.getByRole('heading', { name: 'Quản trị' }).waitFor();
  const unit = page.locator('#unit-form');
  await unit.getByLabel('Mã định danh điện tử').fill('000.07.01.H42');
  await unit.getByLabel('Mã đơn vị cấp trên').fill('000.00.01.H42');
  await unit.getByLabel('Loại').selectOption('village');
  await unit.getByLabel('Tên đơn vị').fill('Thôn Bắc');
  await unit.getByRole('button', { name: 'Thêm đơn vị' }).click();
  await page.getByText('Đã thêm đơn vị Thôn Bắc.').waitFor();
  await page.locator('#units').getByText('000.07.01.H42 — Thôn Bắc').waitFor();

  const acc = page.locator('#account-form');
  await acc.getByLabel('Tên đăng nhập').fill('motcua2');
  await acc.getByLabel('Họ và tên').fill('Trần Thị Lan');
  await acc.getByLabel('Mã đơn vị').fill('000.04.01.H42');
  await acc.getByLabel('Vai trò').selectOption('reception');
  await acc.getByLabel('Mật khẩu ban đầu (ít nhất 10 ký tự)').fill('ngắn');
  await acc.getByRole('button', { name: 'Thêm tài khoản' }).click();
  await page.getByText('Mật khẩu phải có ít nhất 10 ký tự.').waitFor();
  await acc.getByLabel('Mật khẩu ban đầu (ít nhất 10 ký tự)').fill('Hoa sen nở rộ 2026');
  await acc.getByRole('button', { name: 'Thêm tài khoản' }).click();
  await page.getByText('Đã thêm tài khoản motcua2.').waitFor();
  await page.getByText(/^motcua2 — Trần Thị Lan — Trung tâm phục vụ hành chính công xã — Một cửa/).waitFor();
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/admin.png`, fullPage: true });
  assert.deepEqual(page.problems, []);

  const other = await newPage(browser);
  await signIn(other, 'motcua2', 'Hoa sen nở rộ 2026');
  await other.getByRole('heading', { name: 'Tài khoản của tôi' }).waitFor();
  assert.equal(await other.locator('#me-roles').textContent(), 'Một cửa');
  assert.match(await other.locator('#sessions li').first().textContent(), /\(phiên này\)$/);
  const pw = other.locator('#password-form');
  await pw.getByLabel('Mật khẩu hiện tại').fill('Hoa sen nở rộ 2026');
  await pw.getByLabel('Mật khẩu mới (ít nhất 10 ký tự)').fill('Lúa chín vàng đồng 2026');
  await pw.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await other.getByText('Đã đổi mật khẩu. Các phiên đăng nhập khác đã được đóng.').waitFor();
  assert.equal(await other.getByRole('link', { name: 'Quản trị đơn vị và tài khoản' }).isVisible(), false);
  await other.goto(srv.base + '/staff/#admin');
  await other.getByText('Bạn không có quyền vào trang quản trị.').waitFor();
  assert.equal(await other.getByRole('heading', { name: 'Quản trị' }).isVisible(), false);
  assert.deepEqual(other.problems, []);

  // The admin locks the account; its session ends.
  await page.getByRole('button', { name: 'Khóa motcua2' }).click();
  await page.getByText('Đã khóa tài khoản motcua2.').waitFor();
  await other.reload();
  await other.getByRole('heading', { name: 'Đăng nhập' }).waitFor();

  // The administrator edits what applicants are told when a result is ready.
  await page.goto(srv.base + '/staff/#home');
  await page.getByRole('link', { name: 'Thông báo gửi người nộp hồ sơ' }).click();
  const ready = page.locator('#nt-templates form').filter({ hasText: 'Có kết quả' });
  await ready.getByLabel('Tiêu đề').fill('Hồ sơ {ma} đã xong');
  await ready.getByRole('button', { name: 'Lưu mẫu „Có kết quả“' }).click();
  await page.getByText('Mẫu có chỗ điền không biết: {ma}.').waitFor();
  await ready.getByLabel('Tiêu đề').fill('Hồ sơ {code} đã có kết quả, mời Ông/Bà đến nhận');
  await ready.getByRole('button', { name: 'Lưu mẫu „Có kết quả“' }).click();
  await page.getByText('Đã lưu mẫu thông báo „Có kết quả“.').waitFor();
  await page.reload();
  assert.equal(await page.locator('#nt-templates form').filter({ hasText: 'Có kết quả' }).getByLabel('Tiêu đề').inputValue(),
    'Hồ sơ {code} đã có kết quả, mời Ông/Bà đến nhận');
  await page.getByText('Chưa có thông báo nào.').waitFor();
  assert.deepEqual(page.problems, []);
});

test('a wrong password is refused with the one message', async () => {
  const page = await newPage(browser);
  await signIn(page, 'quantri', 'không đúng mật khẩu');
  await page.getByText('Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản không hoạt động.').waitFor();
});
