// Anyone holding a signed văn bản đi scans its QR code: the verification
// page shows its number, date, issuing organ and signer and says the
// signature holds; with the file they hold chosen it says whether that file
// is the signed one — a changed copy is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, newPage } from './chromium.mjs';
import { startServer, addUser, signInFully, postJson } from '../api/server.mjs';

let srv;
let browser;
const staff = {};
before(async () => {
  srv = await startServer({
    env: { XASO_SIGNING_KEY: '8f'.repeat(32) },
    setup: (p) => {
      addUser(p, 'chuyenvien', 'specialist', '000.03.01.H42');
      addUser(p, 'lanhdao', 'leader', '000.00.01.H42');
    },
  });
  for (const u of ['chuyenvien', 'lanhdao']) staff[u] = await signInFully(srv.base, u);
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await srv.stop(); srv.cleanup(); });

async function call(user, path, body) {
  const res = await postJson(srv.base, path, body, { Cookie: staff[user].cookie, 'X-CSRF-Token': staff[user].csrf });
  return res.json();
}

test('the QR code of a signed document opens a page that confirms it, and refuses a changed copy', async () => {
  const d = await call('chuyenvien', '/api/v1/documents/outgoing', {
    type_code: 'thong_bao', subject: 'Thông báo lịch tiếp công dân tháng 12', content: 'Lãnh đạo xã tiếp công dân vào thứ Năm hằng tuần.',
  });
  await call('chuyenvien', `/api/v1/documents/outgoing/${d.id}/submit`, {});
  const signed = await call('lanhdao', `/api/v1/documents/outgoing/${d.id}/sign`, {});
  assert.equal(signed.status, 'signed');
  const pdf = Buffer.from(await (await fetch(`${srv.base}/api/v1/documents/${d.id}/pdf`, { headers: { Cookie: staff.lanhdao.cookie } })).arrayBuffer());
  const good = join(srv.dir, 'van-ban.pdf'), bad = join(srv.dir, 'van-ban-sua.pdf');
  writeFileSync(good, pdf);
  const changed = Buffer.from(pdf);
  changed[200] ^= 1;
  writeFileSync(bad, changed);

  const page = await newPage(browser);
  const q = new URLSearchParams({ vb: String(d.id), so: signed.number, ngay: signed.issued_date });
  await page.goto(`${srv.base}/xac-thuc/?${q}`);
  await page.getByText('Chữ ký số hợp lệ với tệp văn bản.').waitFor();
  await page.getByText(signed.number, { exact: true }).waitFor();
  await page.getByText('Ủy ban nhân dân xã Thượng Đức').waitFor();
  assert.equal(await page.title(), 'Xã số — Xác thực kết quả điện tử');
  await page.locator('#v-file').setInputFiles(bad);
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await page.getByText('CHỮ KÝ KHÔNG KHỚP với tệp này.').waitFor();
  await page.locator('#v-file').setInputFiles(good);
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await page.getByText('Chữ ký số hợp lệ với tệp văn bản.').waitFor();
  // A number that is not the document's confirms nothing.
  await page.goto(`${srv.base}/xac-thuc/?vb=${d.id}&so=99%2FTB-UBND&ngay=${signed.issued_date}`);
  await page.getByText('Không có văn bản đã ký số khớp với thông tin này.').waitFor();
  assert.deepEqual(page.problems.filter((p) => !/404/.test(p)), []);
});
