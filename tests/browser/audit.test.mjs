// An administrator resets a leader's second factor from the accounts list,
// then reads the audit log: filters, "Xem thêm", the hash-chain line; an
// official without audit.read sees no link to it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, newPage } from './chromium.mjs';
import { startServer, addUser, totp, signInFully, postJson } from '../api/server.mjs';

let srv;
let browser;
before(async () => {
  srv = await startServer({
    env: { XASO_SIGNING_KEY: '8f'.repeat(32) },
    setup: (p) => { addUser(p, 'quantri', 'admin'); addUser(p, 'quantri2', 'admin'); addUser(p, 'chutich', 'leader'); addUser(p, 'chuyenvien', 'specialist'); },
  });
  // A leader with an authenticator, and enough entries for a second page.
  await signInFully(srv.base, 'chutich');
  const other = await signInFully(srv.base, 'quantri2');
  for (let i = 0; i < 50; i++) {
    const r = await postJson(srv.base, '/api/v1/units', { agency_code: `000.${String(10 + i).padStart(2, '0')}.01.H42`, parent_code: '000.00.01.H42', kind: 'village', name: `Thôn ${i + 1}` },
      { Cookie: other.cookie, 'X-CSRF-Token': other.csrf });
    assert.equal(r.status, 201);
  }
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await srv.stop(); srv.cleanup(); });


async function signIn(page, username) {
  await page.goto(srv.base + '/staff/');
  const form = page.locator('#sign-in');
  await form.getByLabel('Tên đăng nhập').fill(username);
  await form.getByLabel('Mật khẩu').fill('Mây trắng bay 2026');
  await form.getByRole('button', { name: 'Đăng nhập' }).click();
}

test('reset a leader\'s second factor, then find it in the audit log', async () => {
  const page = await newPage(browser);
  await signIn(page, 'quantri');
  await page.getByRole('heading', { name: 'Đăng ký xác thực hai lớp' }).waitFor();
  const secret = await page.locator('#enrol-secret').textContent();
  await page.locator('#enrol').getByLabel('Mã 6 số').fill(totp(secret));
  await page.getByRole('button', { name: 'Xác nhận' }).click();
  await page.getByRole('button', { name: 'Tôi đã lưu các mã' }).click();

  await page.getByRole('link', { name: 'Quản trị đơn vị và tài khoản' }).click();
  const resetChutich = page.getByRole('button', { name: 'Đặt lại xác thực hai lớp của chutich', exact: true });
  await resetChutich.waitFor();
  assert.equal(await page.getByRole('button', { name: 'Đặt lại xác thực hai lớp của quantri', exact: true }).count(), 0, 'not for oneself');
  assert.equal(await page.getByRole('button', { name: 'Đặt lại xác thực hai lớp của chuyenvien', exact: true }).count(), 0, 'not without one');
  // A destructive action asks first; declined, nothing happens.
  page.once('dialog', (d) => d.dismiss());
  await resetChutich.click();
  await page.waitForTimeout(500);
  assert.equal(await page.getByText(/^Đã đặt lại xác thực hai lớp/).count(), 0, 'declined: not reset');
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); d.accept(); });
  await resetChutich.click();
  await page.getByText(/^Đã đặt lại xác thực hai lớp của chutich/).waitFor();
  assert.match(asked, /Mọi phiên đăng nhập của tài khoản này sẽ đóng/);
  await resetChutich.waitFor({ state: 'detached' });

  // A hash-only goto leaves the page to the app's hashchange handler, which
  // once missed it under load; a reload starts the app afresh on #home.
  await page.goto(srv.base + '/staff/#home');
  await page.reload();
  await page.getByRole('link', { name: 'Nhật ký kiểm toán' }).click();
  await page.getByRole('heading', { name: 'Nhật ký kiểm toán' }).waitFor();
  const rows = page.locator('#au-table tbody tr');
  await page.getByText(/^Các mục đang hiện khớp với chuỗi mã băm/).waitFor();
  assert.equal(await rows.count(), 50);
  await page.getByRole('button', { name: 'Xem thêm' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#au-table tbody tr').length > 50);
  const numbers = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.cells[0].textContent)));
  assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a), 'newest first, the next page after');

  const filters = page.locator('#audit-form');
  await filters.getByLabel('Việc (phần đầu, ví dụ account. hoặc auth.)').fill('account.two_factor');
  await filters.getByRole('button', { name: 'Lọc nhật ký' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#au-table tbody tr').length === 1);
  assert.match(await rows.first().textContent(), /quantri.*account\.two_factor_reset.*account \d+.*"username":"chutich"/);
  assert.equal(await page.getByRole('button', { name: 'Xem thêm' }).isVisible(), false);
  await filters.getByLabel('Người thực hiện (tên đăng nhập)').fill('khongai');
  await filters.getByRole('button', { name: 'Lọc nhật ký' }).click();
  await page.getByText('Không có mục nào khớp bộ lọc.').waitFor();
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/audit.png`, fullPage: true });
  assert.deepEqual(page.problems, []);
});

test('an official without audit.read has no link to the log', async () => {
  const page = await newPage(browser);
  await signIn(page, 'chuyenvien');
  await page.getByRole('heading', { name: 'Tài khoản của tôi' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Nhật ký kiểm toán' }).isVisible(), false);
  await page.goto(srv.base + '/staff/#audit');
  await page.getByText('Bạn không có quyền xem nhật ký kiểm toán.').waitFor();
  assert.deepEqual(page.problems, []);
});
