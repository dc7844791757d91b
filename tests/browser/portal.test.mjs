// A citizen on a cheap phone over a slow mobile connection: finds "đăng ký
// khai sinh" typed without diacritics, applies with a file, follows the
// dossier, supplies a requested paper, sees the result and rates it — once
// by touch and once by keyboard only. Also: the first visit's transfer size
// and an accessibility check (axe-core) of each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, addUser, signInFully, bin } from '../api/server.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const shots = process.env.SCREENSHOT_DIR;
if (shots) mkdirSync(shots, { recursive: true });

let srv;
let browser;
const staff = {};
before(async () => {
  srv = await startServer({
    setup: (p) => {
      addUser(p, 'motcua', 'reception', '000.04.01.H42');
      addUser(p, 'chuyenvien', 'specialist', '000.03.01.H42');
      addUser(p, 'lanhdao', 'leader', '000.00.01.H42');
      const file = join(p.data, '..', 'p.json');
      writeFileSync(file, JSON.stringify([{
        code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', competent_unit: '000.00.01.H42',
        time: { unit: 'working_days', amount: 3 }, online_level: 'full', legal_basis: ['123/2015/NĐ-CP'],
        documents: [{ name: 'Tờ khai đăng ký khai sinh', kind: 'submit' }, { name: 'Giấy chứng sinh', kind: 'submit' }],
        form: [{ key: 'quan_he', label: 'Quan hệ với trẻ', type: 'choice', choices: ['Cha', 'Mẹ', 'Người thân khác'], required: true },
          { key: 'ngay_sinh_tre', label: 'Ngày sinh của trẻ', type: 'date', required: true }],
        workflow: { template: 'counter_specialist_leader' },
      }]));
      execFileSync(bin, ['import', 'procedures', file, '--db', p.db]);
    },
  });
  for (const u of ['motcua', 'chuyenvien', 'lanhdao']) staff[u] = await signInFully(srv.base, u);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
});
after(async () => { await browser?.close(); await srv.stop(); srv.cleanup(); });

// A 360×740 phone on a slow 3G-like link.
async function phone() {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) page.problems.push(m.text()); });
  page.setDefaultTimeout(20000);
  return page;
}

async function accessible(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `${name}: accessibility`);
  assert.ok((await page.title()).length > 0, `${name} has a title`);
}

async function official(user, code, action, extra = {}) {
  const headers = { Cookie: staff[user].cookie, 'X-CSRF-Token': staff[user].csrf, 'Content-Type': 'application/json' };
  const current = await (await fetch(`${srv.base}/api/v1/dossiers/${code}`, { headers })).json();
  const res = await fetch(`${srv.base}/api/v1/dossiers/${code}/actions`, {
    method: 'POST', headers, body: JSON.stringify({ action, version: current.version, ...extra }),
  });
  assert.equal(res.status, 200, `${user} ${action}: ${await res.text()}`);
}
const pdf = (name, text) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n${text}\n`) });

// The officials' part between the citizen's steps.
async function processUntilSupplement(code) {
  await official('motcua', code, 'accept');
  await official('motcua', code, 'forward');
  await official('chuyenvien', code, 'claim');
  await official('chuyenvien', code, 'request_supplement', { note: 'Thiếu Giấy chứng sinh' });
}
async function processToReturn(code) {
  await official('chuyenvien', code, 'forward');
  await official('lanhdao', code, 'approve');
  await official('motcua', code, 'issue_result', { electronic: false, paper: true });
  await official('motcua', code, 'return', { return_channel: 2 });
}

test('the first visit of the home page transfers under 150 KB, all of it from this server', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  const urls = [];
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  cdp.on('Network.requestWillBeSent', (e) => urls.push(e.request.url));
  await page.goto(srv.base + '/', { waitUntil: 'networkidle' });
  assert.ok(bytes > 1000 && bytes < 150 * 1024, `first visit: ${bytes} bytes`);
  assert.deepEqual(urls.filter((u) => !u.startsWith(srv.base)), [], 'nothing from other sites');
  console.log(`# first visit of the home page: ${bytes} bytes in ${urls.length} requests`);
  await context.close();
});

test('by touch: find, apply with a file, follow, supply a paper, see the result, rate', async () => {
  const page = await phone();
  await page.goto(srv.base + '/');
  await page.getByRole('heading', { level: 1, name: 'Ủy ban nhân dân xã Thượng Đức' }).waitFor();
  await accessible(page, 'home');
  if (shots) await page.screenshot({ path: `${shots}/portal-home.png`, fullPage: true });
  await page.getByLabel(/Tên hoặc mã thủ tục/).fill('dang ky khai sinh');
  await page.getByRole('button', { name: 'Tìm', exact: true }).click();
  await page.locator('#find-results').getByRole('link', { name: 'Đăng ký khai sinh' }).click();
  await page.getByRole('heading', { level: 1, name: 'Đăng ký khai sinh' }).waitFor();
  await page.getByText('3 ngày làm việc').waitFor();
  await accessible(page, 'procedure');
  if (shots) await page.screenshot({ path: `${shots}/portal-procedure.png`, fullPage: true });
  await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
  await page.getByText('Bước 1 trên 4').waitFor(); // the form is ready

  await page.getByLabel(/Số định danh cá nhân/).fill('04219000123');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByText('Số định danh gồm đúng 12 chữ số.').waitFor();
  await page.getByLabel(/Số định danh cá nhân/).fill('042190001234');
  await page.getByLabel('Họ và tên').fill('Phạm Thị Hoa');
  await page.getByLabel(/Số điện thoại di động/).fill('0912 345 678');
  await accessible(page, 'apply, step 1');
  if (shots) await page.screenshot({ path: `${shots}/portal-apply.png`, fullPage: true });
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('heading', { name: 'Bước 2. Thông tin theo tờ khai' }).waitFor();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  assert.equal(await page.getByText('Cần điền mục này.').count(), 2, 'each required field says so beside it');
  await page.getByLabel('Quan hệ với trẻ').selectOption('Mẹ');
  await page.getByLabel('Ngày sinh của trẻ').fill('2026-11-01');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('heading', { name: 'Bước 3. Giấy tờ gửi kèm' }).waitFor();
  await page.getByLabel('Tờ khai đăng ký khai sinh').setInputFiles(pdf('to-khai.pdf', 'Tờ khai'));
  await page.getByText(/Đã chọn to-khai\.pdf/).waitFor();
  await page.getByLabel('Giấy chứng sinh').setInputFiles({ name: 'lon.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 65) });
  await page.getByText('Tệp lon.pdf lớn hơn 5 MB; hãy chụp lại nhỏ hơn.').waitFor();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByText('to-khai.pdf', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Gửi hồ sơ' }).click();
  await page.getByRole('heading', { name: 'Đã gửi hồ sơ' }).waitFor();
  const code = await page.locator('#sent-code').textContent();
  assert.match(code, /^000\.00\.01\.H42-\d{6}-\d{4}$/);
  await page.waitForFunction(() => document.getElementById('sent-qr').complete && document.getElementById('sent-qr').naturalWidth > 0);
  await accessible(page, 'confirmation');
  if (shots) await page.screenshot({ path: `${shots}/portal-sent.png`, fullPage: true });

  await processUntilSupplement(code);
  await page.getByRole('link', { name: 'Theo dõi hồ sơ' }).click();
  await page.locator('#lk-status').getByText('Yêu cầu bổ sung giấy tờ').waitFor(); // looked up from the link
  await page.getByLabel(/Bốn số cuối điện thoại/).fill('5678');
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await page.getByText(/Cần bổ sung giấy tờ: Thiếu Giấy chứng sinh/).waitFor();
  await accessible(page, 'follow');
  if (shots) await page.screenshot({ path: `${shots}/portal-follow.png`, fullPage: true });
  await page.locator('#supply-form').getByLabel(/Giấy chứng sinh/).setInputFiles(pdf('giay-chung-sinh.pdf', 'Giấy chứng sinh'));
  await page.getByRole('button', { name: 'Gửi bổ sung' }).click();
  await page.getByText('Đã gửi giấy tờ bổ sung. Thời hạn giải quyết được tính tiếp.').waitFor();
  await page.getByText(/Đã nhận giấy tờ bổ sung/).waitFor();

  await processToReturn(code);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await page.locator('#lk-status').getByText('Đã trả kết quả').waitFor();
  await page.locator('#rate-criteria fieldset').first().waitFor();
  for (const group of await page.locator('#rate-criteria fieldset').all()) await group.getByLabel('Tốt', { exact: true }).check();
  await page.getByLabel('Rất hài lòng').check();
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await page.getByText('Cảm ơn bạn đã đánh giá.').waitFor();

  await page.goto(srv.base + '/thong-ke/');
  await page.getByText(/tiếp nhận 1 hồ sơ, 100% nộp trực tuyến/).waitFor();
  await accessible(page, 'statistics');
  if (shots) await page.screenshot({ path: `${shots}/portal-statistics.png`, fullPage: true });
  assert.deepEqual(page.problems, []);
});

// Presses Tab until the focused element matches, as a keyboard user would.
async function tabTo(page, matches, what) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(matches)) return;
  }
  throw new Error(`could not reach ${what} with Tab`);
}
const focusedLabel = (text) => new Function(`const e = document.activeElement;
  const l = e && e.id && document.querySelector('label[for="' + e.id + '"]');
  return !!l && l.textContent.includes(${JSON.stringify(text)});`);
const focusedText = (text) => new Function(`const e = document.activeElement;
  return !!e && (e.textContent.trim() === ${JSON.stringify(text)} || e.getAttribute('aria-label') === ${JSON.stringify(text)});`);

test('by keyboard only: the same journey', async () => {
  const page = await phone();
  await page.goto(srv.base + '/');
  await page.getByRole('heading', { level: 1, name: 'Ủy ban nhân dân xã Thượng Đức' }).waitFor();
  await tabTo(page, focusedLabel('Tên hoặc mã thủ tục'), 'the search box');
  await page.keyboard.type('dang ky khai sinh');
  await page.keyboard.press('Enter');
  await page.locator('#find-results a').first().waitFor();
  await tabTo(page, focusedText('Đăng ký khai sinh'), 'the result');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Đăng ký khai sinh' }).waitFor();
  await tabTo(page, focusedText('Nộp hồ sơ trực tuyến'), 'the apply link');
  await page.keyboard.press('Enter');
  await page.getByText('Bước 1 trên 4').waitFor();
  await tabTo(page, focusedLabel('Số định danh cá nhân'), 'the CCCD');
  await page.keyboard.type('079301004567');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Trần Quốc Bảo');
  await page.keyboard.press('Tab');
  await page.keyboard.type('0987000111');
  await page.keyboard.press('Enter'); // submits the step
  await page.getByRole('heading', { name: 'Bước 2. Thông tin theo tờ khai' }).waitFor();
  await tabTo(page, focusedLabel('Quan hệ với trẻ'), 'the relation');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await tabTo(page, focusedLabel('Ngày sinh của trẻ'), 'the birth date');
  await page.keyboard.type('01112026');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Bước 3. Giấy tờ gửi kèm' }).waitFor();
  // The file chooser is the phone's own; the keyboard reaches the field, the test hands it the file.
  await tabTo(page, focusedLabel('Tờ khai đăng ký khai sinh'), 'the first paper');
  await page.evaluate(() => document.activeElement.id).then((id) => page.locator(`#${id}`).setInputFiles(pdf('to-khai.pdf', 'Tờ khai')));
  await tabTo(page, focusedText('Tiếp tục'), 'the next button');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Bước 4. Xem lại và gửi' }).waitFor();
  await tabTo(page, focusedText('Gửi hồ sơ'), 'the send button');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Đã gửi hồ sơ' }).waitFor();
  const code = await page.locator('#sent-code').textContent();

  await processUntilSupplement(code);
  await tabTo(page, focusedText('Theo dõi hồ sơ'), 'the follow link');
  await page.keyboard.press('Enter');
  await page.locator('#lk-status').getByText('Yêu cầu bổ sung giấy tờ').waitFor();
  await tabTo(page, focusedLabel('Bốn số cuối điện thoại'), 'the phone digits');
  await page.keyboard.type('0111');
  await page.keyboard.press('Enter');
  await page.getByText(/Cần bổ sung giấy tờ: Thiếu Giấy chứng sinh/).waitFor();
  await tabTo(page, focusedLabel('Giấy chứng sinh'), 'the missing paper');
  await page.evaluate(() => document.activeElement.id).then((id) => page.locator(`#${id}`).setInputFiles(pdf('gcs.pdf', 'Giấy chứng sinh')));
  await tabTo(page, focusedText('Gửi bổ sung'), 'the supply button');
  await page.keyboard.press('Enter');
  await page.getByText('Đã gửi giấy tờ bổ sung. Thời hạn giải quyết được tính tiếp.').waitFor();

  await processToReturn(code);
  await tabTo(page, focusedText('Tra cứu'), 'the lookup button');
  await page.keyboard.press('Enter');
  await page.locator('#lk-status').getByText('Đã trả kết quả').waitFor();
  await page.locator('#rate-criteria fieldset').first().waitFor();
  const groups = await page.locator('#rate-criteria fieldset').count();
  // In each group the first radio is "Tốt"; Tab enters a group on it and Space picks it.
  for (let g = 0; g < groups; g++) {
    await tabTo(page, new Function(`const e = document.activeElement; return e && e.type === 'radio' && e.name !== 'overall' &&
      [...document.querySelectorAll('#rate-criteria fieldset')].indexOf(e.closest('fieldset')) === ${g};`), `criterion ${g + 1}`);
    await page.keyboard.press('Space');
  }
  await tabTo(page, new Function(`const e = document.activeElement; return e && e.name === 'overall';`), 'the overall verdict');
  await page.keyboard.press('Space');
  await tabTo(page, focusedText('Gửi đánh giá'), 'the rating button');
  await page.keyboard.press('Enter');
  await page.getByText('Cảm ơn bạn đã đánh giá.').waitFor();
  assert.deepEqual(page.problems, []);
});
