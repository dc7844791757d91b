// A citizen submits online with a file; reception accepts it; a specialist
// and a leader process it; reception returns the result; the citizen looks
// it up, sees it finished, and rates the service.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, newPage } from './chromium.mjs';
import { startServer, addUser, totp, bin } from '../api/server.mjs';
import { dbRows } from '../api/db.mjs';

const DESKTOP = { width: 1280, height: 900 };

let srv;
let browser;
before(async () => {
  srv = await startServer({
    setup: (p) => {
      addUser(p, 'motcua', 'reception', '000.04.01.H42');
      addUser(p, 'chuyenvien', 'specialist', '000.03.01.H42');
      addUser(p, 'lanhdao', 'leader', '000.00.01.H42');
      const file = join(p.data, '..', 'p.json');
      writeFileSync(file, JSON.stringify([{
        code: '9.000301', name: 'Xác nhận thử nghiệm trực tuyến', field: 'Thử nghiệm', competent_unit: '000.00.01.H42',
        time: { unit: 'working_days', amount: 3 }, online_level: 'full',
        documents: [{ name: 'Đơn đề nghị xác nhận', kind: 'submit' }, { name: 'Thẻ căn cước', kind: 'present', reusable_from: 'cccd' }],
        workflow: { template: 'counter_specialist_leader' },
      }]));
      execFileSync(bin, ['import', 'procedures', file, '--db', p.db]);
    },
  });
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await srv.stop(); srv.cleanup(); });


async function official(username) {
  const page = await newPage(browser, DESKTOP);
  await page.goto(srv.base + '/staff/');
  const form = page.locator('#sign-in');
  await form.getByLabel('Tên đăng nhập').fill(username);
  await form.getByLabel('Mật khẩu').fill('Mây trắng bay 2026');
  await form.getByRole('button', { name: 'Đăng nhập' }).click();
  const enrol = page.getByRole('heading', { name: 'Đăng ký xác thực hai lớp' });
  const home = page.getByRole('heading', { name: 'Tài khoản của tôi' });
  await Promise.race([enrol.waitFor(), home.waitFor()]);
  if (await enrol.isVisible()) {
    const secret = await page.locator('#enrol-secret').textContent();
    await page.locator('#enrol').getByLabel('Mã 6 số').fill(totp(secret));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByRole('button', { name: 'Tôi đã lưu các mã' }).click();
    await home.waitFor();
  }
  return page;
}

async function act(page, code, button, expectedStatus) {
  await page.goto(`${srv.base}/staff/#queue`);
  await page.locator('#q-table').getByRole('link', { name: code }).click();
  await page.getByRole('heading', { name: `Hồ sơ ${code}` }).waitFor();
  await page.locator('#d-buttons').getByRole('button', { name: button, exact: true }).click();
  await page.locator('#d-status').getByText(expectedStatus).waitFor();
}

test('online submission to rating, through reception, a specialist and a leader', async () => {
  const citizen = await newPage(browser);
  await citizen.goto(srv.base + '/');
  await citizen.getByLabel(/Tên hoặc mã thủ tục/).fill('xac nhan thu nghiem');
  await citizen.getByRole('button', { name: 'Tìm', exact: true }).click();
  await citizen.locator('#find-results').getByRole('link', { name: /Xác nhận thử nghiệm trực tuyến/ }).click();
  await citizen.getByText('3 ngày làm việc').waitFor();
  await citizen.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
  await citizen.getByText('Bước 1 trên 4').waitFor();
  await citizen.getByLabel(/Số định danh cá nhân/).fill('042190001234');
  await citizen.getByLabel('Họ và tên').fill('Nguyễn Thị Mai');
  await citizen.getByLabel(/Số điện thoại/).fill('0987654321');
  await citizen.getByRole('button', { name: 'Tiếp tục' }).click();
  await citizen.getByLabel('Đơn đề nghị xác nhận').setInputFiles({ name: 'don-de-nghi.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\nĐơn đề nghị\n') });
  await citizen.getByRole('button', { name: 'Tiếp tục' }).click();
  await citizen.getByRole('button', { name: 'Gửi hồ sơ' }).click();
  await citizen.getByRole('heading', { name: 'Đã gửi hồ sơ' }).waitFor();
  const code = await citizen.locator('#sent-code').textContent();
  assert.match(code, /^000\.00\.01\.H42-\d{6}-\d{4}$/);

  const reception = await official('motcua');
  await reception.getByRole('link', { name: 'Hồ sơ chờ tôi xử lý' }).click();
  await reception.locator('#q-table').getByRole('link', { name: code }).click();
  await reception.getByText('don-de-nghi.pdf', { exact: false }).waitFor();
  await reception.locator('#d-buttons').getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
  await reception.locator('#d-status').getByText('Được tiếp nhận').waitFor();
  await reception.locator('#d-buttons').getByRole('button', { name: 'Chuyển tiếp', exact: true }).click();
  await reception.locator('#d-status').getByText('Đang xử lý').waitFor();

  const specialist = await official('chuyenvien');
  await act(specialist, code, 'Nhận xử lý', 'Đang xử lý');
  await specialist.locator('#d-buttons').getByRole('button', { name: 'Chuyển tiếp', exact: true }).click();
  await specialist.getByText(/Đã chuyển tiếp/).waitFor();

  const leader = await official('lanhdao');
  await act(leader, code, 'Phê duyệt', 'Đang xử lý');

  await act(reception, code, 'Có kết quả', 'Đã xử lý xong');
  await reception.locator('#d-buttons').getByRole('button', { name: 'Trả kết quả', exact: true }).click();
  await reception.locator('#d-status').getByText('Đã trả kết quả').waitFor();
  const timeline = await reception.locator('#d-events li').allTextContents();
  assert.equal(timeline.length, 8, timeline.join('\n'));

  // The papers that apply, each printed in one click through a hidden frame.
  const papers = await reception.locator('#d-papers li a').allTextContents();
  assert.deepEqual(papers, ['Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)', 'Phiếu kiểm soát quá trình giải quyết hồ sơ (PDF)']);
  // Headless Chromium cannot show a print dialog for a PDF (its renderer
  // gives up), so the frame gets a page that records the print call instead.
  await reception.route('**/papers/control', (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: '<!doctype html><title>in</title><script>window.print = () => { document.title = "đã in"; };</script><p>Phiếu</p>',
  }));
  const asked = reception.waitForRequest((r) => r.url().endsWith(`/papers/control`));
  await reception.getByRole('button', { name: 'In Phiếu kiểm soát quá trình giải quyết hồ sơ' }).click();
  await asked;
  assert.equal(await reception.locator('#print-frame').getAttribute('src'), `/api/v1/dossiers/${code}/papers/control`);
  await reception.waitForFunction(() => document.getElementById('print-frame').contentDocument?.title === 'đã in');
  await reception.unroute('**/papers/control');
  const framing = await reception.evaluate(async (url) => {
    const r = await fetch(url);
    return [r.status, r.headers.get('content-type'), r.headers.get('x-frame-options')];
  }, `/api/v1/dossiers/${code}/papers/control`);
  assert.deepEqual(framing, [200, 'application/pdf', 'SAMEORIGIN'], 'our own page may frame a paper to print it');

  // The register of the day lists it, with the PDF and Excel links.
  await reception.goto(`${srv.base}/staff/#home`);
  await reception.getByRole('link', { name: 'Sổ theo dõi hồ sơ' }).click();
  await reception.locator('#rg-table').getByRole('link', { name: code }).waitFor();
  assert.match(await reception.locator('#rg-count').textContent(), /: 1 hồ sơ\.$/);
  assert.match(await reception.getByRole('link', { name: 'Tải Excel (XLSX)' }).getAttribute('href'), /format=xlsx/);

  await citizen.getByRole('link', { name: 'Theo dõi hồ sơ' }).click();
  await citizen.locator('#lk-status').getByText('Đã trả kết quả').waitFor();
  await citizen.getByLabel(/Bốn số cuối điện thoại/).fill('4321');
  await citizen.getByRole('button', { name: 'Tra cứu' }).click();
  await citizen.locator('#lk-status').getByText('Đã trả kết quả').waitFor();
  await citizen.getByRole('heading', { name: 'Đánh giá mức độ hài lòng' }).waitFor();
  for (const group of await citizen.locator('#rate-criteria fieldset').all())
    await group.getByLabel('Tốt', { exact: true }).check();
  await citizen.getByLabel('Rất hài lòng').check();
  await citizen.getByLabel('Ý kiến khác').fill('Nhanh và chu đáo.');
  await citizen.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await citizen.getByText('Cảm ơn bạn đã đánh giá.').waitFor();
  if (process.env.SCREENSHOT_DIR) await citizen.screenshot({ path: `${process.env.SCREENSHOT_DIR}/citizen.png`, fullPage: true });
  for (const p of [citizen, reception, specialist, leader]) assert.deepEqual(p.problems, []);
  assert.deepEqual(dbRows(srv.db, 'SELECT overall FROM dossier_rating'), [{ overall: 'very_satisfied' }]);
});
