// A citizen on a cheap phone over a slow mobile connection: finds "đăng ký
// khai sinh" typed without diacritics, applies with a file, sees the fee's
// VietQR code, follows the dossier, supplies a requested paper, downloads
// the signed electronic result, verifies its signature and rates it — once
// by touch and once by keyboard only. Also: the first visit's transfer size,
// and on each page an accessibility check (axe-core), a Vietnamese title and
// nothing wider than the phone's screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { launchChromium } from './chromium.mjs';
import { startServer, addUser, signInFully, bin } from '../api/server.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const shots = process.env.SCREENSHOT_DIR;
if (shots) mkdirSync(shots, { recursive: true });

let srv;
let browser;
const staff = {};
before(async () => {
  srv = await startServer({
    // Results are signed when issued; fees are paid by transfer to this account (VietQR).
    env: { XASO_SIGNING_KEY: '8f'.repeat(32), XASO_BANK_BIN: '970415', XASO_BANK_ACCOUNT: '113366668888' },
    setup: (p) => {
      addUser(p, 'motcua', 'reception', '000.04.01.H42');
      addUser(p, 'chuyenvien', 'specialist', '000.03.01.H42');
      addUser(p, 'lanhdao', 'leader', '000.00.01.H42');
      const file = join(p.data, '..', 'p.json');
      writeFileSync(file, JSON.stringify([{
        code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', competent_unit: '000.00.01.H42',
        time: { unit: 'working_days', amount: 3 }, online_level: 'full', legal_basis: ['123/2015/NĐ-CP'],
        fees: [{ kind: 'charge', amount: 8000, description: 'Lệ phí cấp bản sao trích lục khai sinh' }],
        documents: [{ name: 'Tờ khai đăng ký khai sinh', kind: 'submit' }, { name: 'Giấy chứng sinh', kind: 'submit' }],
        form: [{ key: 'quan_he', label: 'Quan hệ với trẻ', type: 'choice', choices: ['Cha', 'Mẹ', 'Người thân khác'], required: true },
          { key: 'ngay_sinh_tre', label: 'Ngày sinh của trẻ', type: 'date', required: true }],
        workflow: { steps: [ // the specialist's step is the culture and social affairs office's
          { key: 'receive', name: 'Tiếp nhận hồ sơ', role: 'reception', share: 10, actions: ['forward', 'request_supplement', 'refuse'] },
          { key: 'process', name: 'Thẩm định, xử lý hồ sơ', role: 'specialist', unit: '000.03.01.H42', share: 60, actions: ['forward', 'send_back', 'request_supplement', 'refuse'] },
          { key: 'approve', name: 'Phê duyệt, ký kết quả', role: 'leader', share: 20, actions: ['approve', 'send_back', 'refuse'] },
          { key: 'return', name: 'Trả kết quả', role: 'reception', share: 10, actions: ['issue_result'] }] },
      }]));
      execFileSync(bin, ['import', 'procedures', file, '--db', p.db]);
    },
  });
  for (const u of ['motcua', 'chuyenvien', 'lanhdao']) staff[u] = await signInFully(srv.base, u);
  browser = await launchChromium();
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

// Vietnamese written with its diacritics.
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

// axe-core finds no serious problem, the title is Vietnamese, and nothing is
// wider than the screen (no sideways scrolling on the phone).
async function accessible(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `${name}: accessibility`);
  const title = await page.title();
  assert.ok(title.includes('Cổng dịch vụ công') || VIETNAMESE.test(title), `${name}: the title "${title}" is Vietnamese`);
  const width = page.viewportSize().width;
  const wide = await page.evaluate((w) => ({
    scroll: document.documentElement.scrollWidth,
    culprits: [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > w + 0.5 && !e.closest('.scroll'))
      .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}`),
  }), width);
  assert.ok(wide.scroll <= width, `${name}: ${wide.scroll} px wide on a ${width} px screen (${wide.culprits.join(', ')})`);
}

const visible = (page, selector) => page.locator(selector).isVisible();

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
const resultPdf = Buffer.from('%PDF-1.4\nTrích lục khai sinh đã ký\n%%EOF\n');
async function processToReturn(code) {
  await official('chuyenvien', code, 'forward');
  await official('lanhdao', code, 'approve');
  const put = await fetch(`${srv.base}/api/v1/dossiers/${code}/result?name=ket-qua.pdf`, {
    method: 'PUT', body: resultPdf,
    headers: { Cookie: staff.motcua.cookie, 'X-CSRF-Token': staff.motcua.csrf, 'Content-Type': 'application/pdf' },
  });
  assert.equal(put.status, 200, `the electronic result: ${await put.text()}`);
  await official('motcua', code, 'issue_result', { electronic: true, paper: false });
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
  await page.getByText(/Lệ phí cấp bản sao trích lục khai sinh: 8\.000 đồng/).waitFor();
  await accessible(page, 'procedure');
  if (shots) await page.screenshot({ path: `${shots}/portal-procedure.png`, fullPage: true });
  await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
  await page.getByText('Bước 1 trên 4').waitFor(); // the form is ready
  assert.equal(await visible(page, '#a-back'), false, 'no "Quay lại" at step 1');

  // A number not yet long enough is not scolded while typed; a letter is, at once.
  const cccd = page.getByLabel(/Số định danh cá nhân/);
  await cccd.fill('0421');
  assert.equal(await page.locator('#a-cccd-error').textContent(), '', 'no error mid-typing');
  await cccd.fill('0421a');
  await page.locator('#a-cccd-error').getByText('Số định danh chỉ gồm chữ số', { exact: false }).waitFor();
  assert.equal(await cccd.getAttribute('aria-invalid'), 'true');
  await cccd.fill('04219000123');
  assert.equal(await page.locator('#a-cccd-error').textContent(), '', 'the letter removed, the error goes');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByText('Số định danh gồm đúng 12 chữ số.').waitFor();
  // 12 digits, but no province has the code 999: only the server knows; it says so later.
  await cccd.fill('999190001234');
  await page.getByLabel('Họ và tên').fill('Phạm Thị Hoa');
  await page.getByLabel(/Số điện thoại di động/).fill('0912 345 67o');
  await page.locator('#a-phone-error').getByText('Số điện thoại chỉ gồm chữ số', { exact: false }).waitFor();
  await page.getByLabel(/Số điện thoại di động/).fill('0912 345 678');
  assert.equal(await page.locator('#a-phone-error').textContent(), '');
  await accessible(page, 'apply, step 1');
  if (shots) await page.screenshot({ path: `${shots}/portal-apply.png`, fullPage: true });
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('heading', { name: 'Bước 2. Thông tin theo tờ khai' }).waitFor();
  assert.equal(await visible(page, '#a-back'), true, '"Quay lại" from step 2 on');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  assert.equal(await page.getByText('Cần điền mục này.').count(), 2, 'each required field says so beside it');
  for (const label of ['Quan hệ với trẻ', 'Ngày sinh của trẻ']) {
    const described = await page.getByLabel(label).getAttribute('aria-describedby');
    assert.equal(await page.locator(`#${described}`).textContent(), 'Cần điền mục này.', `${label}: the error is its description`);
  }
  await accessible(page, 'apply, step 2');
  await page.getByLabel('Quan hệ với trẻ').selectOption('Mẹ');
  await page.getByLabel('Ngày sinh của trẻ').fill('2026-11-01');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('heading', { name: 'Bước 3. Giấy tờ gửi kèm' }).waitFor();
  await page.getByLabel('Tờ khai đăng ký khai sinh').setInputFiles(pdf('to-khai.pdf', 'Tờ khai'));
  await page.getByText(/Đã chọn to-khai\.pdf/).waitFor();
  await page.getByLabel('Giấy chứng sinh').setInputFiles({ name: 'lon.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 65) });
  await page.getByText('Tệp lon.pdf lớn hơn 5 MB; hãy chụp lại nhỏ hơn.').waitFor();
  await accessible(page, 'apply, step 3');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByText('to-khai.pdf', { exact: true }).waitFor();
  await accessible(page, 'apply, step 4');
  // The server refuses the CCCD: the problem is shown beside it, back at step 1.
  await page.getByRole('button', { name: 'Gửi hồ sơ' }).click();
  await page.getByRole('heading', { name: 'Bước 1. Người nộp hồ sơ' }).waitFor();
  await page.locator('#a-cccd-error').getByText(/Số CCCD phải gồm 12 chữ số, đúng mã tỉnh/).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'a-cccd', 'the refused field has the focus');
  await cccd.fill('042190001234');
  assert.equal(await page.locator('#a-cccd-error').textContent(), '', 'fixed, the error goes');
  for (const heading of ['Bước 2. Thông tin theo tờ khai', 'Bước 3. Giấy tờ gửi kèm', 'Bước 4. Xem lại và gửi']) {
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByRole('heading', { name: heading }).waitFor();
  }
  await page.getByText('to-khai.pdf', { exact: true }).waitFor(); // the chosen file is still there
  await page.getByRole('button', { name: 'Gửi hồ sơ' }).click();
  await page.getByRole('heading', { name: 'Đã gửi hồ sơ' }).waitFor();
  const code = await page.locator('#sent-code').textContent();
  assert.match(code, /^000\.00\.01\.H42-\d{6}-\d{4}$/);
  assert.equal(await visible(page, '#apply'), false, 'the apply form is gone');
  assert.equal(await page.getByRole('button', { name: 'Gửi hồ sơ' }).isVisible(), false, 'no second dossier can be sent');
  const fact = (term) => page.locator('#sent-facts dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
  assert.match(await fact('Hẹn trả kết quả').textContent(), /\d{2}\/\d{2}\/\d{4}|ngày làm việc/, 'the promised date');
  assert.equal(await fact('Phí, lệ phí').textContent(), '8.000 đồng');
  await page.getByText(/Nộp 8\.000 đồng bằng chuyển khoản/).waitFor();
  await page.waitForFunction(() => ['sent-qr', 'sent-pay-qr'].every((id) => document.getElementById(id).complete && document.getElementById(id).naturalWidth > 0));
  await accessible(page, 'confirmation');
  if (shots) await page.screenshot({ path: `${shots}/portal-sent.png`, fullPage: true });

  await processUntilSupplement(code);
  await page.getByRole('link', { name: 'Theo dõi hồ sơ' }).click();
  await page.locator('#lk-status').getByText('Yêu cầu bổ sung giấy tờ').waitFor(); // looked up from the link
  assert.equal(await visible(page, '#supply-form'), false, 'no supply form before the phone digits');
  assert.equal(await visible(page, '#rate-form'), false, 'no rating form before the phone digits');
  assert.equal(await visible(page, '#lk-result-links'), false, 'no result links before the phone digits');
  await accessible(page, 'follow, without the phone digits');
  await page.getByLabel(/Bốn số cuối điện thoại/).fill('5678');
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await page.getByText(/Cần bổ sung giấy tờ: Thiếu Giấy chứng sinh/).waitFor();
  await page.locator('#lk-events').getByText(/tại Phòng Văn hóa – Xã hội/).first().waitFor(); // where it is handled, in plain words
  await accessible(page, 'follow');
  if (shots) await page.screenshot({ path: `${shots}/portal-follow.png`, fullPage: true });
  const supplied = page.locator('#supply-form').getByLabel(/Giấy chứng sinh/);
  await supplied.setInputFiles({ name: 'anh.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
  await page.locator('#supply-form').getByText('Tệp anh.gif không nhận được: chỉ nhận PDF, JPG hoặc PNG.').waitFor();
  await supplied.setInputFiles({ name: 'lon.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 65) });
  await page.locator('#supply-form').getByText('Tệp lon.pdf lớn hơn 5 MB; hãy chụp lại nhỏ hơn.').waitFor();
  await page.getByRole('button', { name: 'Gửi bổ sung' }).click();
  await page.getByText('Chọn ít nhất một giấy tờ để bổ sung.').waitFor(); // the wrong files were not kept
  await supplied.setInputFiles(pdf('giay-chung-sinh.pdf', 'Giấy chứng sinh'));
  await page.locator('#supply-form').getByText(/Đã chọn giay-chung-sinh\.pdf/).waitFor();
  await page.getByRole('button', { name: 'Gửi bổ sung' }).click();
  await page.getByText('Đã gửi giấy tờ bổ sung. Thời hạn giải quyết được tính tiếp.').waitFor();
  await page.getByText(/Đã nhận giấy tờ bổ sung/).waitFor();
  assert.equal(await visible(page, '#supply-form'), false, 'nothing more to supply');
  assert.equal(await visible(page, '#supply-upload'), false);

  await processToReturn(code);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await page.locator('#lk-status').getByText('Đã trả kết quả').waitFor();
  await page.locator('#rate-criteria fieldset').first().waitFor();
  await accessible(page, 'result and rating');
  if (shots) await page.screenshot({ path: `${shots}/portal-result.png`, fullPage: true });
  const download = page.getByRole('link', { name: 'Tải kết quả điện tử (PDF)' });
  const got = await page.evaluate(async (href) => {
    const res = await fetch(href);
    return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
  }, await download.getAttribute('href'));
  assert.equal(got.status, 200, 'the electronic result downloads');
  assert.equal(got.type, 'application/pdf');
  assert.ok(got.body.startsWith('%PDF-1.4'), 'it is the PDF the official attached');
  for (const group of await page.locator('#rate-criteria fieldset').all()) await group.getByLabel('Tốt', { exact: true }).check();
  await page.getByLabel('Rất hài lòng').check();
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await page.getByText('Cảm ơn bạn đã đánh giá.').waitFor();
  assert.equal(await visible(page, '#rate-form'), false, 'rated once');

  await page.getByRole('link', { name: 'Kiểm tra chữ ký số của kết quả' }).click();
  await page.waitForURL(/\/xac-thuc\/\?ma=/);
  await page.getByText('Chữ ký hợp lệ với tệp kết quả.').waitFor();
  await page.getByText(/Cán bộ motcua/).waitFor();
  await accessible(page, 'verification');

  await page.goto(srv.base + '/thong-ke/');
  await page.getByText(/tiếp nhận 1 hồ sơ, 100% nộp trực tuyến/).waitFor();
  await page.locator('#index').getByText(/Năm \d{4}: \d+(,\d)?\/100 điểm/).waitFor();
  assert.equal(await page.locator('#index-groups tbody tr').count(), 6, 'the six groups of QĐ 766');
  const month = `Tháng ${Number(await page.evaluate(() => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).slice(5, 7)))}`;
  const row = page.locator('#stats tbody tr', { has: page.getByRole('rowheader', { name: month, exact: true }) });
  assert.match(await row.locator('td').last().textContent(), /^\d+(,\d)?$/, `${month}: the month's QĐ 766 score`);
  assert.equal(await page.locator('#stats tbody td:last-child', { hasText: '—' }).count(), await page.locator('#stats tbody tr').count() - 1,
    'the months without dossiers have no score');
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
