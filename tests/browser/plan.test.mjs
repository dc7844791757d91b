// A leader imports the plan's two files in the staff pages, confirming the
// unit names that match no unit, opens the board, updates a task's progress
// with evidence, and sees its status change; then the QĐ 766 page. Then the
// leader reports the task for a period (locked once sent), enters a reported
// indicator's value with evidence and reviews it, sends the plan's monthly
// report from the board, and on the QĐ 766 page picks a unit, enters a part
// scored from the national database, opens a denominator's dossiers and sets
// the feedback rule. A one-stop officer then reads the same screens without
// the leader's controls. The server runs on the real clock: the plan is for
// 2026, so the assertions hold in any month of the year and after it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launchChromium } from './chromium.mjs';
import { startServer, addUser, totp, signInFully, json } from '../api/server.mjs';

const dataDir = resolve(import.meta.dirname, '../../data');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let srv;
let browser;
before(async () => {
  srv = await startServer({
    setup: (p) => {
      addUser(p, 'lanhdao', 'leader', '000.00.01.H42');
      addUser(p, 'quantri', 'admin');
      addUser(p, 'motcua', 'reception', '000.04.01.H42');
    },
  });
  const s = await signInFully(srv.base, 'lanhdao');
  srv.secret = s.secret;
  for (const u of ['quantri', 'motcua']) srv[u] = await signInFully(srv.base, u);
  browser = await launchChromium();
});
after(async () => { await browser?.close(); await srv.stop(); srv.cleanup(); });

// axe-core finds no serious problem on the screen as it stands.
async function accessible(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `${name}: accessibility`);
}

async function call(user, method, path, body) {
  const headers = { Cookie: srv[user].cookie, 'X-CSRF-Token': srv[user].csrf, 'Content-Type': 'application/json' };
  return json(await fetch(srv.base + path, { method, headers, body: JSON.stringify(body) }));
}

// One dossier received at the counter now, for the index's drill-down.
async function receiveDossier() {
  const p = await call('quantri', 'POST', '/api/v1/catalog/procedures', {
    code: '9.000701', name: 'Xác nhận thử một ngày', field: 'Thử', time: { unit: 'working_days', amount: 1 },
    workflow: { template: 'same_day' }, online_level: 'full', documents: [{ name: 'Tờ khai', kind: 'submit' }],
  });
  assert.equal(p.status, 201, JSON.stringify(p.body));
  const d = await call('motcua', 'POST', '/api/v1/dossiers', {
    procedure: '9.000701', applicant: { cccd: '042190001234', full_name: 'Đỗ Thị Lan', phone: '0912000333' }, documents: [],
  });
  assert.equal(d.status, 201, JSON.stringify(d.body));
  return d.body.code;
}

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
  await page.getByLabel(/Số văn bản ban hành/).fill('125/KH-UBND');
  await page.getByLabel(/Ngày ban hành/).fill('2026-01-20');
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
  await page.locator('#pb-document').getByText('Văn bản ban hành: số 125/KH-UBND, ngày 20/01/2026').waitFor();
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
  await page.locator('#task').getByLabel('Tệp minh chứng').setInputFiles({ name: 'bien-ban.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\nBiên bản\n') });
  await page.getByRole('button', { name: 'Cập nhật' }).click();
  // Quý I - III/ 2026 ends on 30/09/2026: completed today is on time only before then.
  const expected = new Date() <= new Date('2026-09-30T23:59:59+07:00') ? 'Hoàn thành đúng hạn' : 'Hoàn thành quá hạn';
  await page.locator('#tk-status').getByText(`${expected} · 100%`).waitFor();
  await page.getByText(/minh chứng: bien-ban\.pdf/).waitFor();
  // The evidence opens from the history.
  const evidence = page.locator('#tk-history').getByRole('link', { name: 'bien-ban.pdf' });
  const file = await page.request.get(new URL(await evidence.getAttribute('href'), srv.base).href);
  assert.equal(file.status(), 200);
  assert.equal(await file.text(), '%PDF-1.4\nBiên bản\n');
  const taskUrl = page.url();
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

  // The task's report for the latest month: sent once, then locked.
  await page.goto(taskUrl);
  const reportForm = page.locator('#task-report-form');
  await reportForm.getByLabel('Loại báo cáo').selectOption('monthly');
  const month = reportForm.getByLabel('Kỳ báo cáo');
  await month.locator('option').first().waitFor({ state: 'attached' });
  const monthName = (await month.locator('option').first().textContent()).toLowerCase();
  await reportForm.getByLabel('Nội dung báo cáo').fill('Đã triển khai trợ lý ảo cho toàn bộ cán bộ');
  await reportForm.getByRole('button', { name: 'Gửi báo cáo nhiệm vụ' }).click();
  await page.locator('#tr-result').getByText(`Đã gửi báo cáo ${monthName} của nhiệm vụ; báo cáo đã khóa.`).waitFor();
  await reportForm.getByLabel('Nội dung báo cáo').fill('Gửi lại');
  await reportForm.getByRole('button', { name: 'Gửi báo cáo nhiệm vụ' }).click();
  await page.locator('#tr-result').getByText(`Nhiệm vụ đã gửi báo cáo ${monthName}; báo cáo đã khóa, không gửi lại được.`).waitFor();
  await accessible(page, 'task');

  // (a) A reported indicator: a value with its evidence, reviewed, becomes the actual.
  await page.locator('#tk-back').click();
  await page.locator('#pb-indicators').getByRole('link', { name: /VNeID/ }).click();
  await page.getByRole('heading', { name: /^Chỉ tiêu 23: / }).waitFor();
  await page.locator('#in-actual').getByText('Chưa có giá trị đã duyệt').waitFor();
  const valueForm = page.locator('#in-value-form');
  await valueForm.getByLabel(/^Kỳ/).fill('2026-11');
  await valueForm.getByLabel('Giá trị', { exact: true }).fill('78.5');
  await valueForm.getByLabel('Nguồn số liệu').fill('Công an xã, thống kê tài khoản VNeID');
  await valueForm.getByLabel('Tệp minh chứng của giá trị').setInputFiles({ name: 'vneid-thang-11.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\nVNeID\n') });
  await valueForm.getByRole('button', { name: 'Ghi giá trị' }).click();
  const valueRow = page.locator('#in-values tbody tr').filter({ hasText: 'Tháng 11/2026' });
  await valueRow.getByRole('link', { name: 'vneid-thang-11.pdf' }).waitFor();
  assert.match(await valueRow.textContent(), /78,5%.*Công an xã, thống kê tài khoản VNeID/);
  await page.locator('#in-actual').getByText('Chưa có giá trị đã duyệt').waitFor();
  await valueRow.getByRole('button', { name: /^Duyệt/ }).click();
  await valueRow.getByText(/^Đã duyệt \(lanhdao, /).waitFor();
  await page.locator('#in-actual').getByText('78,5% (nguồn: Công an xã, thống kê tài khoản VNeID, tháng 11/2026) — đạt').waitFor();
  await page.locator('#in-actual').getByText('Đạt mục tiêu').waitFor();
  await accessible(page, 'indicator');
  const proof = await page.request.get(new URL(await page.locator('#in-actual').getByRole('link', { name: 'vneid-thang-11.pdf' }).getAttribute('href'), srv.base).href);
  assert.equal(await proof.text(), '%PDF-1.4\nVNeID\n');
  // Lũy kế or per period, switched by the leader.
  const mode = page.getByLabel('Cách tính kết quả thực hiện');
  const was = await mode.inputValue();
  await mode.selectOption(was === 'true' ? 'false' : 'true');
  await page.getByRole('button', { name: 'Lưu cách tính' }).click();
  await page.locator('#message').getByText(`Đã lưu cách tính: ${was === 'true' ? 'theo từng kỳ' : 'lũy kế'}.`).waitFor();
  await page.locator('#in-actual').getByText(was === 'true' ? /^Theo từng kỳ/ : /^Lũy kế/).waitFor();
  await page.getByRole('link', { name: 'Về bảng kế hoạch' }).click();
  await page.locator('#pb-indicators tbody tr').filter({ hasText: 'VNeID' }).getByText(/78,5% .* — đạt/).waitFor();

  // (b) The plan's monthly report, sent from the board: its state becomes sent.
  const monthly = page.locator('#pb-monthly tbody tr');
  await monthly.first().waitFor();
  const open = monthly.filter({ has: page.getByRole('button', { name: /^Gửi báo cáo/ }) }).first();
  const period = await open.locator('th').textContent();
  assert.match(await open.locator('td').nth(1).textContent(), /^(Chưa đến hạn|Đến hạn|Quá hạn)$/);
  await open.getByRole('button', { name: /^Gửi báo cáo/ }).click();
  const sentRow = monthly.filter({ hasText: period });
  await sentRow.getByText(/^(Đã gửi|Gửi muộn) lúc \d\d:\d\d \d\d\/\d\d\/\d{4}$/).waitFor();
  assert.equal(await sentRow.getByRole('button').count(), 0, 'a sent report cannot be sent again');
  await accessible(page, 'board');
  const pdf = await page.request.get(new URL(await sentRow.getByRole('link', { name: `PDF: ${period}` }).getAttribute('href'), srv.base).href);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.ok((await pdf.body()).subarray(0, 5).toString() === '%PDF-');
  const xlsx = await page.request.get(new URL(await sentRow.getByRole('link', { name: `Excel: ${period}` }).getAttribute('href'), srv.base).href);
  assert.equal(xlsx.status(), 200);
  assert.ok((await page.locator('#pb-weekly tbody tr').count()) >= 1);

  // (c) The QĐ 766 page by unit: an entered part changes the group's score; the dossiers behind a denominator.
  const code = await receiveDossier();
  await page.goto(srv.base + '/staff/#home');
  await page.getByRole('link', { name: 'Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766)' }).click();
  const unit = page.locator('#si-form').getByLabel('Đơn vị');
  await page.getByText(/\/ 100 điểm · 1 hồ sơ/).waitFor();
  assert.equal(await unit.inputValue(), '000.00.01.H42', 'the commune by default');
  await unit.selectOption({ label: 'Công an xã' });
  await page.getByText(/\/ 100 điểm · 0 hồ sơ/).waitFor();
  await unit.selectOption({ label: 'Ủy ban nhân dân xã Thượng Đức' });
  await page.getByText(/\/ 100 điểm · 1 hồ sơ/).waitFor();
  await page.getByRole('heading', { name: 'Công khai, minh bạch: 0,00 / 18' }).waitFor();
  const input = page.locator('#si-input-form');
  await input.getByLabel('Nhóm chỉ số').selectOption({ label: 'Công khai, minh bạch (tối đa 18 điểm)' });
  await input.getByLabel('Điểm').fill('15.5');
  await input.getByLabel('Nguồn số liệu').fill('Cổng Dịch vụ công quốc gia, kết quả tháng');
  await input.getByRole('button', { name: 'Lưu điểm' }).click();
  await page.getByRole('heading', { name: 'Công khai, minh bạch: 15,50 / 18' }).waitFor();
  await page.locator('#si-groups').getByText('Cổng Dịch vụ công quốc gia, kết quả tháng').waitFor();
  await page.getByRole('button', { name: /^Mẫu số 1: xem hồ sơ của chỉ số Hồ sơ giải quyết đúng hạn$/ }).click();
  await page.getByRole('heading', { name: 'Hồ sơ thuộc mẫu số của chỉ số “Hồ sơ giải quyết đúng hạn” (1)' }).waitFor();
  await page.locator('#si-drill').getByRole('link', { name: code }).waitFor();
  await accessible(page, 'index');
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/plan-index.png`, fullPage: true });
  // The feedback rule, shown as it stands and changed.
  const feedback = page.getByLabel(/Phản ánh, kiến nghị xử lý đúng hạn/);
  assert.equal(await feedback.inputValue(), 'full');
  await feedback.selectOption('zero');
  await page.locator('#si-settings-form').getByRole('button', { name: 'Lưu cách tính' }).click();
  await page.locator('#message').getByText('Đã lưu: kỳ không có phản ánh, kiến nghị được tính 0 điểm.').waitFor();
  const feedbackRow = page.locator('#si-groups tr').filter({ hasText: 'Phản ánh, kiến nghị xử lý đúng hạn' });
  await feedbackRow.getByText('0,00 / 6').waitFor();
  assert.equal(await feedback.inputValue(), 'zero');
  assert.deepEqual(problems, []);
});

test('the one-stop officer reads the plan and the index without the leader’s controls', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(srv.base + '/staff/');
  const form = page.locator('#sign-in');
  await form.getByLabel('Tên đăng nhập').fill('motcua');
  await form.getByLabel('Mật khẩu').fill('Mây trắng bay 2026');
  await form.getByRole('button', { name: 'Đăng nhập' }).click();
  if (srv.motcua.secret) { // a second factor only where the role asks for one
    await page.locator('#verify').getByLabel(/Mã 6 số/).fill(totp(srv.motcua.secret, Date.now() / 1000 + 30));
    await page.locator('#verify').getByRole('button', { name: 'Tiếp tục' }).click();
  }
  await page.getByRole('heading', { name: 'Tài khoản của tôi' }).waitFor();
  await page.getByRole('link', { name: 'Kế hoạch, nhiệm vụ và chỉ tiêu' }).click();
  await page.getByRole('link', { name: /^Kế hoạch chuyển đổi số năm 2026/ }).click();
  await page.locator('#pb-monthly tbody tr').first().getByRole('link', { name: /^PDF/ }).waitFor();
  assert.equal(await page.locator('#plan').getByRole('button', { name: /^Gửi báo cáo/ }).count(), 0, 'only leaders send the plan’s report');
  await page.locator('#pb-indicators').getByRole('link', { name: /VNeID/ }).click();
  await page.locator('#in-values tbody tr').first().waitFor();
  assert.equal(await page.locator('#in-mode-form').isHidden(), true, 'lũy kế or per period: leaders only');
  assert.equal(await page.locator('#in-entry').isHidden(), true, 'values are entered by specialists and leaders');
  await page.getByRole('link', { name: 'Về bảng kế hoạch' }).click();
  await page.locator('#pb-tasks').getByRole('link', { name: 'Triển khai ứng dụng trợ lý ảo IA trong công việc' }).click();
  await page.locator('#tk-history').getByRole('link', { name: 'bien-ban.pdf' }).waitFor();
  assert.equal(await page.locator('#tk-update').isHidden(), true, 'progress and reports: specialists and leaders');
  await page.goto(srv.base + '/staff/#index');
  await page.getByText(/\/ 100 điểm · 1 hồ sơ/).waitFor();
  assert.equal(await page.locator('#si-manage').isHidden(), true, 'the national-database part and the rule: leaders only');
  assert.deepEqual(problems, []);
});
