// A leader's home page shows this year's document figures; an official who
// is no leader sees none. Documents are put in the table directly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, newPage } from './chromium.mjs';
import { startServer, addUser, signInFully } from '../api/server.mjs';
import { dbExec } from '../api/db.mjs';

let srv;
let browser;
before(async () => {
  srv = await startServer({ setup: (p) => { addUser(p, 'lanhdao', 'leader'); addUser(p, 'chuyenvien', 'specialist', '000.03.01.H42'); } });
  // Two incoming documents of this year (Vietnam time), one of them confidential, and one outgoing.
  const year = new Date(Date.now() + 7 * 3600e3).getUTCFullYear();
  const at = new Date().toISOString();
  const rows = [[1, 'in', 'registered', '', 'in'], [2, 'in', 'done', 'mat', 'in_secret'], [3, 'out', 'issued', '', 'out']];
  for (const [id, direction, status, secrecy, register] of rows) {
    dbExec(srv.db, `INSERT INTO document (id, direction, unit_id, status, type_code, type_name, organ_name, subject, secrecy,
      register, year, seq, arrival_date, issued_date, issued_at, completed_at, created_by, created_at, updated_at)
      VALUES (${id}, '${direction}', (SELECT id FROM unit WHERE agency_code = '000.00.01.H42'), '${status}', 'cong_van',
      'Công văn', 'Ủy ban nhân dân tỉnh', 'Văn bản thử ${id}', '${secrecy}', '${register}', ${year}, ${id},
      ${direction === 'in' ? `'${at}'` : 'NULL'}, '${at.slice(0, 10)}', ${direction === 'out' ? `'${at}'` : 'NULL'},
      ${status === 'done' ? `'${at}'` : 'NULL'}, 'thu', '${at}', '${at}')`);
  }
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await srv.stop(); srv.cleanup(); });

async function homeOf(username) {
  const s = await signInFully(srv.base, username);
  const page = await newPage(browser);
  const [name, value] = s.cookie.split('=');
  await page.context().addCookies([{ name, value, url: srv.base }]);
  await page.goto(srv.base + '/staff/#home');
  await page.getByRole('heading', { name: 'Tài khoản của tôi' }).waitFor();
  return page;
}

test('a leader sees the year\'s documents: received, handled, issued; confidential ones counted only', async () => {
  const page = await homeOf('lanhdao');
  const table = page.getByRole('table', { name: /Văn bản đi, đến năm \d{4}/ });
  await table.waitFor();
  const row = (label) => table.getByRole('row', { name: label, exact: false });
  assert.match(await row('Văn bản đến đã vào sổ').textContent(), /2$/);
  assert.match(await row('đã giải quyết đúng hạn').textContent(), /1$/);
  assert.match(await row('Văn bản đi đã phát hành').textContent(), /1$/);
  await page.getByText('Đã tính cả 1 văn bản mật (không liệt kê).').waitFor();
  assert.equal(await page.getByText('Văn bản thử').count(), 0, 'no document is named');
  assert.deepEqual(page.problems, []);
});

test('an official who is no leader sees no figures', async () => {
  const page = await homeOf('chuyenvien');
  await page.getByText(/Phòng Văn hóa/).first().waitFor();
  assert.equal(await page.locator('#doc-figures').isHidden(), true);
  assert.deepEqual(page.problems, []);
});
