// The one-stop papers besides the receipt, and the register: each read back
// with pdftotext (and its QR code with zbarimg), the register also as XLSX.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, json, addUser, signInFully } from './server.mjs';
import { dbValue } from './db.mjs';

let srv;
const s = {};
before(async () => {
  srv = await startServer({
    setup: (p) => {
      addUser(p, 'quantri', 'admin');
      addUser(p, 'motcua', 'reception', '000.04.01.H42');
      addUser(p, 'chuyenvien', 'specialist', '000.03.01.H42');
      addUser(p, 'lanhdao', 'leader', '000.00.01.H42');
    },
  });
  for (const u of ['quantri', 'motcua', 'chuyenvien', 'lanhdao']) s[u] = await signInFully(srv.base, u);
  for (const [code, name, time, template] of [
    ['9.000301', 'Xác nhận thử ba bước', { unit: 'working_days', amount: 5 }, 'counter_specialist_leader'],
    ['9.000302', 'Chứng thực thử trong ngày', { unit: 'same_day' }, 'same_day'],
  ]) {
    const r = await call('quantri', 'POST', '/api/v1/catalog/procedures', {
      code, name, field: 'Thử nghiệm', time, workflow: { template }, documents: [{ name: 'Tờ khai', kind: 'submit' }],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
});
after(async () => { await srv.stop(); srv.cleanup(); });

let clock = '2026-12-01T09:00:00+07:00';
async function call(user, method, path, body) {
  const headers = { 'X-Test-Now': clock, Cookie: s[user].cookie, 'X-CSRF-Token': s[user].csrf };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return json(await fetch(srv.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}
async function act(user, code, action, extra = {}) {
  const current = await call(user, 'GET', `/api/v1/dossiers/${code}`);
  const r = await call(user, 'POST', `/api/v1/dossiers/${code}/actions`, { action, version: current.body.version, ...extra });
  assert.equal(r.status, 200, `${user} ${action}: ${JSON.stringify(r.body)}`);
  return r;
}
const applicant = { cccd: '042190001234', full_name: 'Nguyễn Thị Mai', phone: '0912345678', address: 'Thôn Đông, xã Thượng Đức' };
async function receive(procedure) {
  const r = await call('motcua', 'POST', '/api/v1/dossiers', { procedure, applicant });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.code;
}

// The bytes of a GET, written to a temporary file.
async function download(path, user = 'motcua', name = 'file') {
  const res = await fetch(srv.base + path, { headers: { Cookie: s[user].cookie, 'X-Test-Now': clock } });
  const dir = mkdtempSync(join(tmpdir(), 'xaso-paper-'));
  const file = join(dir, name);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return { res, dir, file };
}

// A paper as text, and the QR code on its first page.
async function paper(code, name) {
  const { res, dir, file } = await download(`/api/v1/dossiers/${code}/papers/${name}`, 'motcua', 'p.pdf');
  try {
    if (res.status !== 200) return { status: res.status, body: JSON.parse((await import('node:fs')).readFileSync(file, 'utf8')) };
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', file, join(dir, 'page')]);
    const qr = execFileSync('zbarimg', ['--quiet', '--raw', join(dir, 'page.png')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { status: 200, text, qr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const squeeze = (text) => text.replace(/\s+/g, ' ');
function contains(text, expected) {
  for (const e of expected) assert.ok(squeeze(text).includes(e), `"${e}" in:\n${text}`);
}
const papersOf = async (code) => (await call('motcua', 'GET', `/api/v1/dossiers/${code}`)).body.papers.map((p) => p.paper).sort();

test('the supplement slip: refused before any request, then the request, who made it and the QR code', async () => {
  clock = '2026-12-01T09:00:00+07:00';
  const code = await receive('9.000301');
  const early = await paper(code, 'supplement');
  assert.equal(early.status, 409);
  assert.equal(early.body.error.code, 'paper_not_applicable');
  assert.match(early.body.error.message, /chưa có yêu cầu bổ sung/);
  assert.deepEqual(await papersOf(code), ['control', 'receipt']);
  await act('motcua', code, 'forward');
  clock = '2026-12-02T10:15:00+07:00';
  await act('chuyenvien', code, 'request_supplement', { note: 'Bản sao giấy khai sinh của con có chứng thực' });
  assert.deepEqual(await papersOf(code), ['control', 'receipt', 'supplement']);
  const p = await paper(code, 'supplement');
  assert.equal(p.status, 200);
  contains(p.text, ['PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', code, 'Nguyễn Thị Mai', 'Xác nhận thử ba bước',
    'Bản sao giấy khai sinh của con có chứng thực', '10:15 ngày 02/12/2026', 'NGƯỜI HƯỚNG DẪN', 'Cán bộ chuyenvien',
    'ngày 02 tháng 12 năm 2026']);
  assert.ok(p.qr.endsWith(`/dich-vu/?ma=${code}`), p.qr);
});

test('the refusal slip gives the reason; the stop notice is for a stopped dossier only', async () => {
  clock = '2026-12-03T09:00:00+07:00';
  const refused = await receive('9.000301');
  await act('motcua', refused, 'forward');
  await act('chuyenvien', refused, 'refuse', { reason: 'Người nộp không thuộc đối tượng được xác nhận theo quy định' });
  const r = await paper(refused, 'refusal');
  contains(r.text, ['PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ', refused, 'Người nộp không thuộc đối tượng được xác nhận theo quy định',
    'NGƯỜI TỪ CHỐI', 'Cán bộ chuyenvien']);
  assert.equal((await paper(refused, 'stop')).status, 409);

  const stopped = await receive('9.000301');
  await act('motcua', stopped, 'forward');
  await act('lanhdao', stopped, 'stop', { reason: 'Có tranh chấp đang được Tòa án thụ lý' });
  const n = await paper(stopped, 'stop');
  contains(n.text, ['THÔNG BÁO', 'Về việc dừng giải quyết hồ sơ', 'Kính gửi: Ông/Bà Nguyễn Thị Mai', stopped,
    'Có tranh chấp đang được Tòa án thụ lý', 'Cán bộ lanhdao']);
  assert.equal((await paper(stopped, 'refusal')).status, 409);
});

test('the apology slip: the old and new dates and the reason, once a leader approved it', async () => {
  clock = '2026-12-04T09:00:00+07:00'; // Friday; due Friday 11/12 09:00
  const code = await receive('9.000301');
  await act('motcua', code, 'forward');
  clock = '2026-12-11T10:00:00+07:00';
  await act('chuyenvien', code, 'propose_apology', { reason: 'Cần xác minh thêm tại thôn', new_due: '2026-12-16T17:00:00+07:00' });
  assert.equal((await paper(code, 'apology')).status, 409, 'not before the approval');
  await act('lanhdao', code, 'approve_apology');
  const p = await paper(code, 'apology');
  contains(p.text, ['PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ', code, '09:00 ngày 11/12/2026', '17:00 ngày 16/12/2026',
    'Cần xác minh thêm tại thôn', 'xin lỗi Ông/Bà', 'Cán bộ lanhdao']);
});

test('the control slip: each hand-over with its time, official and timeliness', async () => {
  clock = '2026-12-07T08:00:00+07:00'; // Monday; due Monday 14/12 08:00
  const code = await receive('9.000301');
  await act('motcua', code, 'forward');
  clock = '2026-12-08T09:00:00+07:00';
  await act('chuyenvien', code, 'claim');
  await act('chuyenvien', code, 'forward');
  clock = '2026-12-16T09:00:00+07:00'; // the leader is late
  await act('lanhdao', code, 'approve');
  await act('motcua', code, 'issue_result', { electronic: false, paper: true });
  const p = await paper(code, 'control');
  contains(p.text, ['PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', code, 'Nguyễn Thị Mai', 'TÊN CƠ QUAN, ĐƠN VỊ',
    'Cán bộ motcua: Tiếp nhận hồ sơ', '09:00 ngày 08/12/2026', 'Cán bộ chuyenvien: Nhận xử lý', 'Cán bộ lanhdao: Phê duyệt',
    'Cán bộ motcua: Có kết quả']);
  // One row per event, in order, with the step's timeliness beside the hand-overs.
  const marks = p.text.match(/Trước hạn|Đúng hạn|Quá hạn/g);
  assert.deepEqual(marks, ['Đúng hạn', 'Trước hạn', 'Quá hạn', 'Quá hạn']);
  assert.ok(p.qr.endsWith(`/dich-vu/?ma=${code}`));
});

test('the register: the period\'s dossiers as JSON, PDF and XLSX; a bad period is refused; the read is audited', async () => {
  clock = '2026-12-21T09:00:00+07:00';
  const first = await receive('9.000302');
  clock = '2026-12-22T14:00:00+07:00';
  const second = await receive('9.000302');
  await act('motcua', second, 'issue_result');
  await act('motcua', second, 'return', { return_channel: 1 });
  const list = await call('motcua', 'GET', '/api/v1/dossiers/register?from=2026-12-21&to=2026-12-22');
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items.map((i) => i.code), [first, second]);
  assert.equal(list.body.items[1].received, '14:00 ngày 22/12/2026');
  assert.match(list.body.items[1].applicant, /Nguyễn Thị Mai\nThôn Đông, xã Thượng Đức\nĐT: 0912345678/);
  assert.equal(list.body.items[1].note, 'Đúng hạn');
  assert.equal((await call('motcua', 'GET', '/api/v1/dossiers/register?from=2026-12-22&to=2026-12-22')).body.count, 1);

  const pdf = await download('/api/v1/dossiers/register?from=2026-12-21&to=2026-12-22&format=pdf', 'lanhdao', 'r.pdf');
  assert.equal(pdf.res.headers.get('content-type'), 'application/pdf');
  contains(execFileSync('pdftotext', ['-layout', pdf.file, '-'], { encoding: 'utf8' }),
    ['SỔ THEO DÕI HỒ SƠ', 'Từ ngày 21/12/2026 đến ngày 22/12/2026', first, second, 'Chứng thực thử', 'Nguyễn Thị Mai', 'Đúng hạn']);
  rmSync(pdf.dir, { recursive: true });

  const xlsx = await download('/api/v1/dossiers/register?from=2026-12-21&to=2026-12-22&format=xlsx', 'motcua', 'r.xlsx');
  assert.match(xlsx.res.headers.get('content-disposition'), /attachment; filename="so-theo-doi-ho-so-20261221-20261222\.xlsx"/);
  const strings = execFileSync('unzip', ['-p', xlsx.file, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
  for (const e of ['SỔ THEO DÕI HỒ SƠ', 'Tên thủ tục hành chính', first, second, 'Chứng thực thử trong ngày', 'Đúng hạn'])
    assert.ok(strings.includes(e), e);
  rmSync(xlsx.dir, { recursive: true });

  for (const [query, field] of [['to=2026-12-22', 'from'], ['from=2026-12-22', 'to'], ['from=2026-12-22&to=2026-12-21', 'to'],
    ['from=2025-01-01&to=2026-12-31', 'to'], ['from=2026-12-01&to=2026-12-02&format=doc', 'format'], ['from=2026-13-01&to=2026-12-02', 'from']]) {
    const r = await call('motcua', 'GET', `/api/v1/dossiers/register?${query}`);
    assert.equal(r.status, 422, query);
    assert.equal(r.body.error.field, field, query);
  }
  assert.equal((await call('chuyenvien', 'GET', '/api/v1/dossiers/register?from=2026-12-21&to=2026-12-22')).status, 403);
  assert.equal(dbValue(srv.db, "SELECT count(*) FROM audit_log WHERE action = 'dossier.register.read'"), 4);
  const leftovers = execFileSync('find', [srv.data, '-name', 'sheet-*'], { encoding: 'utf8' });
  assert.equal(leftovers, '', 'no temporary workbook is left behind');
});
