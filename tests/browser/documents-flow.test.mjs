// Văn bản đến and đi in the staff pages, end to end: the văn thư registers
// an incoming document on paper (and is warned when it is typed in twice), a
// leader assigns it to an office with a handler and a deadline, the
// specialist writes a note and replies with an outgoing document addressed
// to a second commune of the deployment; the leader signs it (which numbers
// it, with a signature that verifies), the văn thư issues and sends it, and
// the second commune's văn thư finds it in its own incoming list with its
// số đến. Then the registers and a work record. Every step asserts what the
// page shows afterwards, not only that a button was there to click.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launchChromium, newPage } from './chromium.mjs';
import { startServer, addUser, totp, signInFully, bin } from '../api/server.mjs';

const DESKTOP = { width: 1280, height: 900 };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SUBJECT = 'Về việc báo cáo tình hình tổ chức lễ hội đầu xuân năm 2027';
const SECOND = 'Ủy ban nhân dân xã Hòa Bình';
const OUTSIDE = 'Sở Văn hóa, Thể thao và Du lịch tỉnh Thanh Hóa';

let srv;
let browser;
const secrets = {};
before(async () => {
  srv = await startServer({
    env: { XASO_SIGNING_KEY: '8f'.repeat(32) },
    setup: (p) => {
      addUser(p, 'vanthu', 'clerk', '000.01.01.H42');
      addUser(p, 'lanhdao', 'leader', '000.00.01.H42');
      addUser(p, 'chuyenvien', 'specialist', '000.03.01.H42');
      // A second commune of the same deployment, with a văn thư of its own.
      execFileSync(bin, ['unit', 'add', '--db', p.db, '--data-dir', p.data, '--code', '000.00.02.H42', '--kind', 'commune', '--name', SECOND]);
      addUser(p, 'vanthu2', 'clerk', '000.00.02.H42');
    },
  });
  secrets.lanhdao = (await signInFully(srv.base, 'lanhdao')).secret;
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await srv.stop(); srv.cleanup(); });

async function accessible(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `${name}: accessibility`);
}

async function official(username) {
  const page = await newPage(browser, DESKTOP);
  await page.goto(srv.base + '/staff/');
  const form = page.locator('#sign-in');
  await form.getByLabel('Tên đăng nhập').fill(username);
  await form.getByLabel('Mật khẩu').fill('Mây trắng bay 2026');
  await form.getByRole('button', { name: 'Đăng nhập' }).click();
  if (secrets[username]) {
    await page.getByRole('heading', { name: 'Xác thực hai lớp' }).waitFor();
    await page.locator('#verify').getByLabel(/Mã 6 số/).fill(totp(secrets[username], Date.now() / 1000 + 30));
    await page.locator('#verify').getByRole('button', { name: 'Tiếp tục' }).click();
  }
  await page.getByRole('heading', { name: 'Tài khoản của tôi' }).waitFor();
  return page;
}

// From the home page, as a person would get there.
async function home(page, link) {
  await page.goto(srv.base + '/staff/#home');
  await page.reload();
  await page.getByRole('link', { name: link, exact: true }).click();
}

async function fillIncoming(page) {
  const form = page.locator('#denf-form');
  await form.getByLabel('Tên loại văn bản').selectOption({ label: 'Công văn' });
  await form.getByLabel('Số của văn bản').fill('125');
  await form.getByLabel('Ký hiệu của văn bản').fill('UBND-VX');
  await form.getByLabel('Ngày, tháng, năm văn bản').fill('2026-11-20');
  await form.getByLabel('Tên cơ quan, tổ chức ban hành văn bản').fill('Ủy ban nhân dân huyện Đông Sơn');
  await form.getByLabel('Trích yếu nội dung').fill(SUBJECT);
  await form.getByLabel('Chức vụ của người ký văn bản').fill('Phó Chủ tịch');
  await form.getByLabel('Họ và tên người ký văn bản').fill('Lê Văn Bình');
  await form.getByLabel('Mức độ khẩn').selectOption({ label: 'Khẩn' });
  await form.getByLabel('Số trang của văn bản').fill('2');
  await form.getByLabel('Đơn vị hoặc người nhận').fill('UBND các xã');
  await form.getByLabel('Bản quét hoặc tệp văn bản (PDF)').setInputFiles({ name: 'cv-125.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\nCông văn 125\n') });
}

test('an incoming document is registered, assigned, answered by a numbered and signed outgoing one, which a second commune receives', async () => {
  // 1. The văn thư registers it; the same one typed again is caught.
  const clerk = await official('vanthu');
  await home(clerk, 'Văn bản đến');
  await clerk.getByRole('heading', { name: 'Văn bản đến' }).waitFor();
  await clerk.getByRole('link', { name: 'Vào sổ văn bản đến' }).click();
  await clerk.getByRole('heading', { name: 'Vào sổ văn bản đến' }).waitFor();
  await fillIncoming(clerk);
  // Who may read a confidential one is picked by name, not typed as a username.
  await clerk.locator('#denf-access option', { hasText: 'Cán bộ lanhdao (Ủy ban nhân dân xã Thượng Đức)' }).waitFor({ state: 'attached' });
  assert.equal(await clerk.locator('#denf-access option[value="lanhdao"]').count(), 1, 'the username is the value');
  await accessible(clerk, 'registration form');
  await clerk.locator('#denf-form').getByRole('button', { name: 'Vào sổ' }).click();
  await clerk.getByRole('heading', { name: `Văn bản đến số 1: ${SUBJECT}` }).waitFor();
  await clerk.locator('#message').getByText('Đã vào sổ văn bản đến, số đến 1.').waitFor();
  const facts = await clerk.locator('#dend-facts').textContent();
  assert.match(facts, /Số, ký hiệu125\/UBND-VX/);
  assert.match(facts, /Ngày văn bản20\/11\/2026/);
  assert.match(facts, /Độ khẩn, độ mậtKhẩn/);
  await clerk.locator('#dend-files').getByRole('link', { name: 'cv-125.pdf' }).waitFor();
  assert.equal(await clerk.locator('#dend-status').textContent(), 'Đã vào sổ, chờ phân công');

  await clerk.goto(srv.base + '/staff/#document-in-new');
  await clerk.reload();
  await clerk.getByRole('heading', { name: 'Vào sổ văn bản đến' }).waitFor();
  await fillIncoming(clerk);
  await clerk.locator('#denf-form').getByRole('button', { name: 'Vào sổ' }).click();
  const dialog = clerk.getByRole('dialog', { name: 'Văn bản này có thể đã vào sổ' });
  await dialog.waitFor();
  await dialog.getByRole('link', { name: /^Số đến 1\/\d{4}$/ }).waitFor();
  await dialog.getByRole('button', { name: 'Không vào sổ' }).click();
  await clerk.locator('#message').getByText('Chưa vào sổ: văn bản trùng với văn bản đã có.').waitFor();
  assert.equal(await dialog.isVisible(), false);

  // 2. The leader sets how the commune numbers its documents, and assigns the incoming one.
  const leader = await official('lanhdao');
  await home(leader, 'Văn bản đi');
  const settings = leader.locator('#di-settings');
  await settings.getByLabel('Chữ viết tắt tên cơ quan, đơn vị').waitFor();
  for (const [unit, abbr] of [['Ủy ban nhân dân xã Thượng Đức', 'UBND'], ['Phòng Văn hóa – Xã hội', 'VX']]) {
    await settings.getByLabel('Đơn vị', { exact: true }).selectOption({ label: unit });
    await settings.getByLabel('Chữ viết tắt tên cơ quan, đơn vị').fill(abbr);
    await settings.getByRole('button', { name: 'Lưu cách đánh số' }).click();
    await leader.locator('#message').getByText(`Đã lưu cách đánh số văn bản của ${unit}.`).waitFor();
  }
  await home(leader, 'Văn bản đến');
  const row = leader.locator('#den-table tbody tr').filter({ hasText: SUBJECT });
  await row.waitFor();
  assert.match(await row.textContent(), /^1\d\d\/\d\d\/\d{4}125\/UBND-VXỦy ban nhân dân huyện Đông Sơn/);
  await row.getByRole('link', { name: SUBJECT }).click();
  const assign = leader.locator('#dend-assign');
  await assign.getByLabel('Đơn vị chủ trì xử lý').selectOption({ label: 'Phòng Văn hóa – Xã hội' });
  // The handlers of the lead unit chosen, by name: the specialist of that office, and the leader.
  await assign.getByLabel(/Người xử lý/).selectOption({ label: 'Cán bộ chuyenvien (Phòng Văn hóa – Xã hội)' });
  assert.equal(await assign.getByLabel(/Người xử lý/).inputValue(), 'chuyenvien');
  assert.equal(await assign.locator('#dend-handler option', { hasText: 'Cán bộ vanthu' }).count(), 0, 'a văn thư does not handle');
  await assign.getByLabel('Phòng Kinh tế').check();
  await assign.getByLabel('Ý kiến chỉ đạo').fill('Giao Phòng Văn hóa – Xã hội chủ trì, tham mưu văn bản trả lời.');
  await assign.getByLabel('Thời hạn giải quyết (ngày làm việc)').fill('5');
  await accessible(leader, 'incoming document');
  await assign.getByRole('button', { name: 'Phân công' }).click();
  await leader.locator('#dend-status').getByText('Đã phân công').waitFor();
  const assigned = await leader.locator('#dend-facts').textContent();
  assert.match(assigned, /Đơn vị chủ trìPhòng Văn hóa – Xã hội/);
  assert.match(assigned, /Đơn vị phối hợpPhòng Kinh tế/);
  assert.match(assigned, /Thời hạn giải quyết\d\d\/\d\d\/\d{4}/);
  await leader.locator('#dend-events').getByText(/Phân công xử lý.*Giao Phòng Văn hóa – Xã hội chủ trì/).waitFor();
  assert.match(assigned, /Người xử lýCán bộ chuyenvien/);

  // 3. The specialist finds it among theirs, writes a note and replies.
  const specialist = await official('chuyenvien');
  await home(specialist, 'Văn bản đến');
  await specialist.getByLabel('Chỉ văn bản tôi xử lý').check();
  await specialist.locator('#den-table').getByRole('link', { name: SUBJECT }).click();
  await specialist.getByRole('heading', { name: `Văn bản đến số 1: ${SUBJECT}` }).waitFor();
  await specialist.getByLabel('Ý kiến, kết quả xử lý').fill('Đã tổng hợp số liệu các thôn, dự thảo văn bản trả lời.');
  await specialist.getByRole('button', { name: 'Ghi ý kiến xử lý' }).click();
  await specialist.locator('#dend-status').getByText('Đang xử lý').waitFor();
  await specialist.locator('#dend-events').getByText(/Đã tổng hợp số liệu các thôn/).waitFor();
  await specialist.getByRole('link', { name: 'Soạn văn bản trả lời' }).click();
  await specialist.getByRole('heading', { name: 'Soạn văn bản đi' }).waitFor();
  await specialist.locator('#dif-reply').getByText(/^Trả lời văn bản đến số 1: 125\/UBND-VX/).waitFor();
  const draft = specialist.locator('#dif-form');
  await draft.getByLabel('Loại văn bản').selectOption({ label: 'Công văn' });
  await draft.getByLabel('Trích yếu nội dung').fill(SUBJECT);
  await draft.getByLabel('Nội dung', { exact: true }).fill('Ủy ban nhân dân xã Thượng Đức báo cáo tình hình tổ chức lễ hội đầu xuân như sau: ...');
  await draft.getByLabel(`${SECOND} (000.00.02.H42)`).check();
  await draft.getByRole('button', { name: 'Thêm cơ quan nhận' }).click();
  await draft.getByLabel('Tên cơ quan, tổ chức nhận').fill(OUTSIDE);
  await draft.getByLabel('Mã định danh (nếu có)').fill('000.00.00.H56');
  await draft.getByLabel('Người ký', { exact: true }).selectOption({ label: 'Cán bộ lanhdao (Ủy ban nhân dân xã Thượng Đức)' });
  await draft.getByLabel('Tệp đính kèm').setInputFiles({ name: 'so-lieu.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\nSố liệu\n') });
  await accessible(specialist, 'draft form');
  await draft.getByRole('button', { name: 'Lưu dự thảo' }).click();
  await specialist.locator('#did-status').getByText('Dự thảo').waitFor();
  await specialist.locator('#did-files').getByRole('link', { name: 'so-lieu.pdf' }).waitFor();
  await specialist.locator('#did-recipients').getByText(SECOND).waitFor();
  const drafted = await specialist.locator('#did-facts').textContent();
  assert.match(drafted, /Người soạnCán bộ chuyenvien/);
  assert.match(drafted, /Người kýCán bộ lanhdao/);
  const outUrl = specialist.url();
  await specialist.locator('#did-buttons').getByRole('button', { name: 'Trình ký' }).click();
  await specialist.locator('#did-status').getByText('Chờ lãnh đạo ký').waitFor();
  assert.equal(await specialist.locator('#did-buttons').getByRole('button', { name: 'Ký số và cấp số' }).count(), 0, 'only a leader signs');

  // 4. The leader signs: the number comes with the signature, which verifies.
  await leader.goto(outUrl);
  await leader.reload();
  await leader.locator('#did-status').getByText('Chờ lãnh đạo ký').waitFor();
  await leader.locator('#did-buttons').getByRole('button', { name: 'Ký số và cấp số' }).click();
  await leader.locator('#did-status').getByText('Đã ký số').waitFor();
  const title = await leader.locator('#did-title').textContent();
  const number = /^Văn bản đi (\d+\/UBND-VX):/.exec(title)?.[1];
  assert.ok(number, `numbered when signed: ${title}`);
  await leader.locator('#did-verify').getByText(/^Chữ ký số hợp lệ/).waitFor();
  const pdf = await leader.request.get(new URL(await leader.getByRole('link', { name: 'Mở văn bản đã ký (PDF)' }).getAttribute('href'), srv.base).href);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  // The signed file checks as itself; any other file does not.
  const check = leader.locator('#did-check');
  await check.getByLabel(/Kiểm tra một bản PDF/).setInputFiles({ name: 'ban-nhan.pdf', mimeType: 'application/pdf', buffer: await pdf.body() });
  await check.getByRole('button', { name: 'Kiểm tra tệp' }).click();
  await leader.locator('#did-check-result').getByText('Tệp ban-nhan.pdf đúng là văn bản đã ký số, không bị thay đổi.').waitFor();
  await check.getByLabel(/Kiểm tra một bản PDF/).setInputFiles({ name: 'ban-sua.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\nbản đã sửa\n') });
  await check.getByRole('button', { name: 'Kiểm tra tệp' }).click();
  await leader.locator('#did-check-result').getByText(/^Tệp ban-sua\.pdf KHÔNG khớp/).waitFor();
  await accessible(leader, 'outgoing document');

  // 5. The văn thư issues and sends it.
  await clerk.goto(srv.base + '/staff/#home');
  await clerk.reload();
  await clerk.getByRole('link', { name: 'Văn bản đi', exact: true }).click();
  await clerk.locator('#di-table').getByRole('link', { name: SUBJECT }).click();
  await clerk.locator('#did-status').getByText('Đã ký số').waitFor();
  await clerk.locator('#did-buttons').getByRole('button', { name: 'Phát hành' }).click();
  await clerk.locator('#did-status').getByText('Đã phát hành').waitFor();
  await clerk.locator('#did-buttons').getByRole('button', { name: 'Gửi văn bản' }).click();
  await clerk.locator('#did-status').getByText('Đã gửi').waitFor();
  const recipient = clerk.locator('#did-recipients tbody tr').filter({ hasText: SECOND });
  await recipient.getByText('Trực tiếp trong hệ thống').waitFor();
  assert.doesNotMatch(await recipient.textContent(), /Chưa gửi/);
  // The outside organ gets an edXML package, downloaded from its row.
  const outside = clerk.locator('#did-recipients tbody tr').filter({ hasText: OUTSIDE });
  await outside.getByText('Gói edXML', { exact: true }).waitFor();
  const pack = await clerk.request.get(new URL(await outside.getByRole('link', { name: `Tải gói edXML cho ${OUTSIDE}` }).getAttribute('href'), srv.base).href);
  assert.equal(pack.status(), 200);
  assert.match(pack.headers()['content-type'], /^application\/xml/);
  assert.ok((await pack.text()).includes('000.00.00.H56'), 'addressed to the outside organ');
  if (process.env.SCREENSHOT_DIR) await clerk.screenshot({ path: `${process.env.SCREENSHOT_DIR}/documents-out.png`, fullPage: true });

  // 6. The second commune's văn thư has it as incoming, with its own số đến.
  const other = await official('vanthu2');
  await home(other, 'Văn bản đến');
  const arrived = other.locator('#den-table tbody tr').filter({ hasText: SUBJECT });
  await arrived.waitFor();
  assert.equal(await arrived.locator('th').textContent(), '1', 'the first số đến of the second commune');
  assert.match(await arrived.textContent(), new RegExp(`${number.replace('/', '\\/')}Ủy ban nhân dân xã Thượng Đức`));
  await arrived.getByRole('link', { name: SUBJECT }).click();
  await other.getByRole('heading', { name: `Văn bản đến số 1: ${SUBJECT}` }).waitFor();
  assert.equal(await other.locator('#dend-status').textContent(), 'Đã vào sổ, chờ phân công');
  // The first commune's incoming one stays out of its list.
  assert.equal(await other.locator('#dend-facts').getByText('Ủy ban nhân dân huyện Đông Sơn').count(), 0);

  // 7. The specialist completes the incoming one.
  await specialist.goto(srv.base + '/staff/#home');
  await specialist.reload();
  await specialist.getByRole('link', { name: 'Văn bản đến', exact: true }).click();
  await specialist.locator('#den-table').getByRole('link', { name: SUBJECT }).click();
  await specialist.getByLabel('Ý kiến, kết quả xử lý').fill(`Đã trả lời bằng văn bản số ${number}.`);
  await specialist.getByRole('button', { name: 'Hoàn thành xử lý' }).click();
  await specialist.locator('#dend-status').getByText('Đã giải quyết xong').waitFor();

  // 8. The registers: the incoming one in the first commune's, with its PDF and Excel.
  await home(clerk, 'Sổ đăng ký văn bản đi, văn bản đến');
  await clerk.getByRole('heading', { name: 'Sổ đăng ký văn bản' }).waitFor();
  await clerk.locator('#sdk-form').getByRole('button', { name: 'Xem sổ' }).click();
  await clerk.locator('#sdk-table').getByText(SUBJECT, { exact: false }).waitFor();
  assert.match(await clerk.locator('#sdk-count').textContent(), /^Sổ đăng ký văn bản đến năm \d{4}: 1 văn bản\.$/);
  for (const [link, type] of [['Tải PDF', 'application/pdf'], ['Tải Excel (XLSX)', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']]) {
    const file = await clerk.request.get(new URL(await clerk.getByRole('link', { name: link }).getAttribute('href'), srv.base).href);
    assert.equal(file.status(), 200, link);
    assert.equal(file.headers()['content-type'], type, link);
  }
  await clerk.getByLabel('Sổ', { exact: true }).selectOption('out');
  await clerk.locator('#sdk-form').getByRole('button', { name: 'Xem sổ' }).click();
  await clerk.locator('#sdk-table').getByText(number, { exact: true }).waitFor();
  await accessible(clerk, 'registers');
  if (process.env.SCREENSHOT_DIR) await clerk.screenshot({ path: `${process.env.SCREENSHOT_DIR}/documents-registers.png`, fullPage: true });
  // A row opens its document.
  await clerk.locator('#sdk-table').getByRole('link', { name: `Công văn: ${SUBJECT}` }).click();
  await clerk.getByRole('heading', { name: `Văn bản đi ${number}: ${SUBJECT}` }).waitFor();

  // 9. The specialist's office keeps the case as a work record: the incoming
  // document and its reply filed into it, then the record closed.
  await home(specialist, 'Hồ sơ công việc');
  const record = specialist.locator('#hs-new');
  await record.getByLabel('Số và ký hiệu hồ sơ').fill('01.VX');
  await record.getByLabel('Tiêu đề hồ sơ').fill('Hồ sơ về lễ hội đầu xuân năm 2027');
  await record.getByLabel('Thời hạn bảo quản').fill('10 năm');
  await record.getByRole('button', { name: 'Mở hồ sơ' }).click();
  await specialist.locator('#hs-table').getByRole('link', { name: '01.VX' }).waitFor();
  const choice = '01.VX — Hồ sơ về lễ hội đầu xuân năm 2027';
  await home(specialist, 'Văn bản đến');
  await specialist.locator('#den-table').getByRole('link', { name: SUBJECT }).click();
  await specialist.locator('#dend-record').getByLabel('Đưa văn bản vào hồ sơ công việc').selectOption({ label: choice });
  await specialist.locator('#dend-record').getByRole('button', { name: 'Đưa vào hồ sơ' }).click();
  await specialist.locator('#message').getByText(`Đã đưa văn bản vào hồ sơ ${choice}.`).waitFor();
  if (process.env.SCREENSHOT_DIR) await specialist.screenshot({ path: `${process.env.SCREENSHOT_DIR}/documents-in.png`, fullPage: true });
  await specialist.goto(outUrl);
  await specialist.reload();
  await specialist.locator('#did-record').getByLabel('Đưa văn bản vào hồ sơ công việc').selectOption({ label: choice });
  await specialist.locator('#did-record').getByRole('button', { name: 'Đưa vào hồ sơ' }).click();
  await specialist.locator('#message').getByText(`Đã đưa văn bản vào hồ sơ ${choice}.`).waitFor();
  await home(specialist, 'Hồ sơ công việc');
  await specialist.locator('#hs-table tbody tr').filter({ hasText: '01.VX' }).getByText('2', { exact: true }).waitFor();
  await specialist.locator('#hs-table').getByRole('link', { name: '01.VX' }).click();
  // The record's page fills its list after its fetch: wait for both entries before reading them.
  await specialist.locator('#hsd-documents li').nth(1).waitFor();
  const filed = await specialist.locator('#hsd-documents li').allTextContents();
  assert.equal(filed.length, 2, filed.join('\n'));
  assert.match(filed[0], new RegExp(`^Văn bản đến 125/UBND-VX ngày 20/11/2026 của Ủy ban nhân dân huyện Đông Sơn: ${SUBJECT}$`));
  assert.match(filed[1], new RegExp(`^Văn bản đi ${number.replace('/', '\\/')} ngày \\d\\d/\\d\\d/\\d{4}: ${SUBJECT}$`));
  const cover = await specialist.request.get(new URL(await specialist.getByRole('link', { name: 'Mục lục văn bản (PDF)' }).getAttribute('href'), srv.base).href);
  assert.equal(cover.headers()['content-type'], 'application/pdf');
  specialist.once('dialog', (d) => d.accept());
  await specialist.getByRole('button', { name: 'Kết thúc hồ sơ' }).click();
  await specialist.locator('#hsd-status').getByText('Đã kết thúc').waitFor();
  assert.equal(await specialist.getByRole('button', { name: 'Kết thúc hồ sơ' }).isVisible(), false);
  await accessible(specialist, 'work record');

  for (const p of [clerk, leader, specialist, other]) assert.deepEqual(p.problems, []);
});
