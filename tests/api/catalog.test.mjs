// The procedure catalog: search, detail, the administrator's editing, review,
// workflow versions, import and export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer, json, postJson, expectError, addUser, signInFully, bin, tempDir } from './server.mjs';
import { dbIn, dbRows, dbValue } from './db.mjs';

const portal = resolve(import.meta.dirname, '../../data/tthc-cap-xa.json');
let srv;
let admin;
let leader;
before(async () => {
  srv = await startServer({
    setup: (p) => {
      addUser(p, 'quantri', 'admin');
      addUser(p, 'lanhdao', 'leader');
      execFileSync(bin, ['import', 'procedures', portal, '--db', p.db, '--data-dir', p.data]);
    },
  });
  admin = await signInFully(srv.base, 'quantri');
  leader = await signInFully(srv.base, 'lanhdao');
});
after(async () => { await srv.stop(); srv.cleanup(); });

const as = (s) => ({ Cookie: s.cookie, 'X-CSRF-Token': s.csrf });
const get = async (path, s) => json(await fetch(srv.base + path, s ? { headers: as(s) } : {}));
const send = async (method, path, body, s = admin) => json(await fetch(srv.base + path, {
  method, headers: { 'Content-Type': 'application/json', ...as(s) }, body: typeof body === 'string' ? body : JSON.stringify(body),
}));
const search = (q, extra = '') => get(`/api/v1/procedures?q=${encodeURIComponent(q)}${extra}`);

test('"dang ky khai sinh" finds the birth registration first, however it is typed', async () => {
  for (const q of ['dang ky khai sinh', 'Đăng ký khai sinh', 'đăng kí khai sinh', 'DANG KY KHAI SINH', 'Đăng ký khai sinh']) {
    const r = await search(q);
    assert.equal(r.status, 200, q);
    assert.equal(r.body.items[0].code, '1.001193', q);
    assert.equal(r.body.items[0].name, 'Thủ tục đăng ký khai sinh');
  }
  assert.equal((await search('ket hon')).body.items[0].code, '1.000894');
  assert.equal((await search('khai tu')).body.items[0].code, '1.000656');
  const byCode = await search('1.000894');
  assert.equal(byCode.body.total, 1);
  assert.equal(byCode.body.items[0].name, 'Thủ tục đăng ký kết hôn');
  const certified = await search('chung thuc', '&field=' + encodeURIComponent('Chứng thực'));
  assert.ok(certified.body.total >= 10);
  assert.ok(certified.body.items.every((p) => p.field === 'Chứng thực'));
  const all = await get('/api/v1/procedures?limit=5&offset=5');
  assert.equal(all.body.total, 309);
  assert.equal(all.body.items.length, 5);
  assert.equal((await search('"*) OR (')).body.total, 0);
});

test('a malformed search is refused with the field', async (t) => {
  for (const [query, field] of [['limit=0', 'limit'], ['limit=abc', 'limit'], ['offset=-1', 'offset'], ['online=yes', 'online'], [`q=${'a'.repeat(201)}`, 'q']]) {
    const r = await get(`/api/v1/procedures?${query}`);
    expectError(t, r, 422, 'invalid_field');
    assert.equal(r.body.error.field, field);
  }
});

test('the detail of a procedure is everything a citizen needs, and no more', async (t) => {
  const { status, body } = await get('/api/v1/procedures/1.001193');
  assert.equal(status, 200);
  assert.equal(body.field, 'Hộ tịch');
  assert.equal(body.result_name, 'Giấy khai sinh');
  assert.ok(body.documents.some((d) => d.name.startsWith('Giấy chứng sinh')));
  assert.ok(body.legal_basis.includes('123/2015/NĐ-CP'));
  assert.deepEqual(body.channels.map((c) => c.channel).sort(), ['counter', 'online', 'post']);
  assert.ok(body.public.steps.length > 100);
  assert.equal(body.workflow.version, 1);
  assert.equal(body.accepts_dossiers, false, 'its time limit waits for review');
  assert.equal(body.review, undefined);
  assert.equal(body.source, undefined);
  expectError(t, await get('/api/v1/procedures/9.999999'), 404, 'not_found');
  const fields = await get('/api/v1/procedure-fields');
  assert.equal(fields.body.items.find((f) => f.field === 'Hộ tịch').procedures, 41);
});

test('the review list, and confirming a procedure lets it take dossiers', async (t) => {
  const pending = await get('/api/v1/catalog/procedures?review=pending&limit=500', admin);
  assert.equal(pending.status, 200);
  assert.ok(pending.body.total > 100);
  assert.ok(pending.body.items.some((p) => p.code === '1.001193' && p.review_status === 'pending'));
  const staff = await get('/api/v1/catalog/procedures/1.001193', admin);
  assert.match(staff.body.review.reasons[0], /không ghi đơn vị/);
  assert.equal(staff.body.source.kind, 'portal');
  assert.equal(staff.body.source.raw.ma_thu_tuc, '1.001193');
  expectError(t, await get('/api/v1/catalog/procedures?review=pending', leader), 403, 'forbidden');

  const confirmed = await send('POST', '/api/v1/catalog/procedures/1.001193/review');
  assert.equal(confirmed.status, 200);
  const after = await get('/api/v1/catalog/procedures/1.001193', admin);
  assert.equal(after.body.review.status, 'confirmed');
  assert.equal(after.body.review.reviewed_by, 'quantri');
  assert.equal(after.body.accepts_dossiers, true);
  const noTime = (await get('/api/v1/catalog/procedures?review=pending&limit=500', admin)).body.items.find((p) => !p.time_text);
  const r = await send('POST', `/api/v1/catalog/procedures/${noTime.code}/review`);
  expectError(t, r, 422, 'invalid_field');
  assert.equal(r.body.error.field, 'time');
  expectError(t, await send('POST', '/api/v1/catalog/procedures/9.9/review'), 404, 'not_found');
});

const manual = () => ({
  code: '9.000001', name: 'Xác nhận tình trạng nhà ở thử nghiệm', field: 'Nhà ở và công sở', competent_unit: '000.00.01.H42',
  time: { unit: 'working_days', amount: 3 }, online_level: 'full', result_type: 'electronic', result_name: 'Giấy xác nhận',
  legal_basis: ['27/2023/QH15'],
  documents: [{ name: 'Đơn đề nghị xác nhận', kind: 'submit', originals: 1 }, { name: 'Căn cước', kind: 'present', originals: 1, reusable_from: 'cccd' }],
  fees: [{ kind: 'charge', amount: 20000, description: 'Lệ phí xác nhận', exempt: 'Hộ nghèo' }],
  form: [{ key: 'ho_ten', label: 'Họ và tên', type: 'text', required: true, prefill: 'full_name' },
    { key: 'dia_chi_nha', label: 'Địa chỉ căn nhà', type: 'address', required: true }],
  public: { steps: 'Nộp đơn, nhận kết quả.', conditions: '' },
});

test('the administrator creates a procedure; every refusal names the field and writes nothing', async (t) => {
  const cases = [
    [{ thoi_han: 5 }, 'thoi_han'],
    [{ code: 'mã sai' }, 'code'],
    [{ name: '' }, 'name'],
    [{ time: { unit: 'weeks', amount: 2 } }, 'time.unit'],
    [{ time: { unit: 'working_days', amount: 0 } }, 'time.amount'],
    [{ time: { unit: 'working_days', amount: 501 } }, 'time.amount'],
    [{ online_level: 'toàn trình' }, 'online_level'],
    [{ competent_unit: '000.99.01.H42' }, 'competent_unit'],
    [{ competent_unit: 'xã' }, 'competent_unit'],
    [{ documents: [{ name: 'Đơn', kind: 'fax' }] }, 'documents[0].kind'],
    [{ documents: [{ name: 'Đơn', so_ban: 2 }] }, 'documents[0].so_ban'],
    [{ documents: [{ name: 'Đơn', originals: 99 }] }, 'documents[0].originals'],
    [{ fees: [{ kind: 'fee', amount: -1, description: 'x' }] }, 'fees[0].amount'],
    [{ fees: [{ kind: 'fee', amount: 1.5, description: 'x' }] }, 'fees[0].amount'],
    [{ form: [{ key: 'a', label: 'A', type: 'email' }] }, 'form[0].type'],
    [{ effective_from: '2026-13-01' }, 'effective_from'],
    [{ workflow: { template: 'nhanh' } }, 'workflow.template'],
    [{ workflow: { steps: [{ key: 'a', name: 'A', role: 'reception', share: 50, actions: ['issue_result'] }] } }, 'workflow.share'],
    [{ workflow: { steps: [{ key: 'a', name: 'A', role: 'reception', share: 50, actions: ['forward'] }, { key: 'b', name: 'B', role: 'giám đốc', share: 50, actions: ['issue_result'] }] } }, 'workflow.steps[1].role'],
    [{ workflow: { steps: [{ key: 'a', name: 'A', role: 'reception', share: 100, actions: ['send_back', 'issue_result'] }] } }, 'workflow.steps[0].actions'],
    [{ workflow: { steps: [{ key: 'a', name: 'A', role: 'reception', share: 100, actions: ['fly'] }] } }, 'workflow.steps[0].actions'],
  ];
  const before = (await get('/api/v1/catalog/procedures?limit=1', admin)).body.total;
  for (const [patch, field] of cases) {
    const r = await send('POST', '/api/v1/catalog/procedures', { ...manual(), ...patch });
    expectError(t, r, 422, 'invalid_field');
    assert.equal(r.body.error.field, field, JSON.stringify(patch));
  }
  expectError(t, await send('POST', '/api/v1/catalog/procedures', '{"code":'), 400, 'invalid_json');
  assert.equal((await get('/api/v1/catalog/procedures?limit=1', admin)).body.total, before);

  const created = await send('POST', '/api/v1/catalog/procedures', manual());
  assert.equal(created.status, 201);
  expectError(t, await send('POST', '/api/v1/catalog/procedures', manual()), 409, 'duplicate');
  expectError(t, await send('POST', '/api/v1/catalog/procedures', manual(), leader), 403, 'forbidden');
  const { body } = await get('/api/v1/procedures/9.000001');
  assert.equal(body.accepts_dossiers, true);
  assert.equal(body.time.text, '3 ngày làm việc');
  assert.equal(body.competent_unit.name, 'Ủy ban nhân dân xã Thượng Đức');
  assert.equal(body.fees[0].amount, 20000);
  assert.equal(body.documents[1].reusable_from, 'cccd');
  assert.deepEqual(body.workflow.steps.map((s) => s.role), ['reception', 'specialist', 'leader', 'reception']);
  assert.equal((await search('xac nhan tinh trang nha o thu nghiem')).body.items[0].code, '9.000001');
});

test('a workflow change is a new version; the old one stays as it was', async (t) => {
  const v1 = (await get('/api/v1/catalog/procedures/9.000001/workflow', admin)).body;
  assert.equal(v1.version, 1);
  const steps = [
    { key: 'receive', name: 'Tiếp nhận', role: 'reception', share: 10, actions: ['forward', 'refuse', 'request_supplement'] },
    { key: 'process', name: 'Xác minh tại thôn', role: 'specialist', unit: '000.02.01.H42', share: 70, actions: ['forward', 'send_back', 'transfer'] },
    { key: 'sign', name: 'Ký xác nhận và trả kết quả', role: 'leader', share: 20, actions: ['approve', 'send_back', 'issue_result'] },
  ];
  const saved = await send('PUT', '/api/v1/catalog/procedures/9.000001/workflow', { steps });
  assert.equal(saved.status, 201);
  assert.equal(saved.body.version, 2);
  const now = (await get('/api/v1/catalog/procedures/9.000001/workflow', admin)).body;
  assert.equal(now.version, 2);
  assert.equal(now.steps[1].unit, '000.02.01.H42');
  const then = (await get('/api/v1/catalog/procedures/9.000001/workflow?version=1', admin)).body;
  assert.deepEqual(then.steps, v1.steps);
  assert.equal(then.current, false);

  const bad = await send('PUT', '/api/v1/catalog/procedures/9.000001/workflow', { steps: [{ ...steps[0], share: 100 }, steps[2]] });
  expectError(t, bad, 422, 'invalid_field');
  assert.equal(bad.body.error.field, 'share');
  const strayUnit = await send('PUT', '/api/v1/catalog/procedures/9.000001/workflow', { steps: steps.map((s, i) => (i === 1 ? { ...s, unit: '000.99.01.H42' } : s)) });
  assert.equal(strayUnit.body.error.field, 'steps[1].unit');
  assert.equal((await get('/api/v1/catalog/procedures/9.000001/workflow', admin)).body.version, 2);
  expectError(t, await get('/api/v1/catalog/procedures/9.000001/workflow?version=7', admin), 404, 'not_found');
  expectError(t, await send('PUT', '/api/v1/catalog/procedures/9.9/workflow', { template: 'same_day' }), 404, 'not_found');
});

test('update, deactivate, and the audit trail', async (t) => {
  const renamed = await send('PUT', '/api/v1/catalog/procedures/9.000001', { ...manual(), name: 'Xác nhận nhà ở (đã sửa)' });
  assert.equal(renamed.status, 200);
  assert.equal((await search('nha o da sua')).body.items[0].code, '9.000001');
  assert.equal((await get('/api/v1/catalog/procedures/9.000001/workflow', admin)).body.version, 2, 'no workflow given: kept');
  expectError(t, await send('PUT', '/api/v1/catalog/procedures/9.000002', manual()), 422, 'invalid_field');
  expectError(t, await send('PUT', '/api/v1/catalog/procedures/9.000002', { ...manual(), code: undefined }), 404, 'not_found');

  assert.equal((await send('POST', '/api/v1/catalog/procedures/9.000001/status', { status: 'inactive' })).status, 200);
  assert.ok((await search('nha o da sua')).body.items.every((p) => p.code !== '9.000001'), 'inactive procedures are not offered');
  assert.equal((await get('/api/v1/procedures/9.000001')).body.accepts_dossiers, false);
  assert.equal((await get(`/api/v1/catalog/procedures?q=${encodeURIComponent('nha o da sua')}`, admin)).body.items[0].status, 'inactive');
  expectError(t, await send('POST', '/api/v1/catalog/procedures/9.000001/status', { status: 'đóng' }), 422, 'invalid_field');
  assert.equal((await send('POST', '/api/v1/catalog/procedures/9.000001/status', { status: 'active' })).status, 200);

  const audit = dbRows(srv.db, "SELECT actor || ' ' || action AS entry FROM audit_log WHERE object_type = 'procedure' AND actor = 'quantri' ORDER BY id");
  assert.deepEqual(audit.map((r) => r.entry), [
    'quantri procedure.review', 'quantri procedure.create', 'quantri workflow.version',
    'quantri procedure.update', 'quantri procedure.status', 'quantri procedure.status']);
});

test('export as JSON and CSV, and import them into another commune', async () => {
  const exported = await fetch(`${srv.base}/api/v1/catalog/export`, { headers: as(admin) });
  assert.equal(exported.status, 200);
  const { procedures } = await exported.json();
  assert.equal(procedures.length, 310);
  const csv = await (await fetch(`${srv.base}/api/v1/catalog/export?format=csv`, { headers: as(admin) })).text();
  assert.match(csv, /^code,name,field,level,competent_unit,time_unit,time_amount,/);
  assert.equal(csv.trim().split('\r\n').filter((l) => /^\d+\.\d+,/.test(l)).length >= 300, true);

  const dir = tempDir();
  const db = dbIn(dir);
  execFileSync(bin, ['init', '--db', db, '--data-dir', join(dir, 'data')]);
  writeFileSync(join(dir, 'all.json'), JSON.stringify({ procedures }));
  const out = execFileSync(bin, ['import', 'procedures', join(dir, 'all.json'), '--db', db], { encoding: 'utf8' });
  assert.match(out, /Đã nhập 310 thủ tục mới/);
  const again = execFileSync(bin, ['import', 'procedures', join(dir, 'all.json'), '--db', db], { encoding: 'utf8' });
  assert.match(again, /bỏ qua 310 đã có/);
  assert.equal(dbValue(db, 'SELECT count(*) FROM procedure'), 310);
  const cli = JSON.parse(execFileSync(bin, ['export', 'procedures', '--db', db], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  const mine = cli.procedures.find((p) => p.code === '9.000001');
  assert.equal(mine.fees[0].amount, 20000);
  assert.equal(mine.workflow.steps[1].unit, '000.02.01.H42');

  // CSV: one good row, one refused, the rest go on.
  writeFileSync(join(dir, 'two.csv'), [
    'code,name,field,level,competent_unit,time_unit,time_amount,online_level,result_type,result_name,status,legal_basis,documents,fees,workflow_template',
    '8.000001,"Cấp giấy xác nhận, thử",Khác,Cấp xã,,working_days,2,none,paper,Giấy xác nhận,active,60/2014/QH13,"submit|1|0|Đơn đề nghị\npresent|1|0|Căn cước",charge|10000|Lệ phí,same_day',
    '8.000002,Sai thời hạn,Khác,Cấp xã,,working_days,ba,none,paper,,active,,,,',
  ].join('\r\n'));
  const run = spawnSync(bin, ['import', 'procedures', join(dir, 'two.csv'), '--db', db], { encoding: 'utf8' });
  assert.equal(run.status, 3);
  assert.match(run.stdout, /Đã nhập 1 thủ tục mới/);
  assert.match(run.stderr, /8\.000002: time\.amount/);
  assert.deepEqual(dbRows(db, "SELECT name, time_amount FROM procedure WHERE code = '8.000001'"),
    [{ name: 'Cấp giấy xác nhận, thử', time_amount: 2 }]);
  const bad = spawnSync(bin, ['import', 'procedures', join(dir, 'none.csv'), '--db', db], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /Không mở được tệp/);
});

test('a blank form is attached to a document and served to anyone', async (t) => {
  const { body } = await get('/api/v1/procedures/9.000001');
  const doc = body.documents[0].id;
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('Tờ khai mẫu '.repeat(50))]);
  const put = (name, data, s = admin) => fetch(`${srv.base}/api/v1/catalog/procedures/9.000001/documents/${doc}/form?name=${encodeURIComponent(name)}`, {
    method: 'PUT', headers: { 'Content-Type': 'application/pdf', ...as(s) }, body: data,
  });
  const files = () => execFileSync('find', [srv.data, '-type', 'f'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).length;
  const before = files();
  // Refused: content that is not what its name says, a bad name, a document elsewhere.
  expectError(t, await json(await put('to-khai.pdf', Buffer.from('MZ not a pdf'))), 415, 'unsupported_file');
  expectError(t, await json(await put('../to-khai.pdf', pdf)), 422, 'invalid_field');
  expectError(t, await json(await put('to-khai.exe', pdf)), 415, 'unsupported_file');
  expectError(t, await json(await fetch(`${srv.base}/api/v1/catalog/procedures/9.000001/documents/999999/form?name=a.pdf`, { method: 'PUT', headers: as(admin), body: pdf })), 404, 'not_found');
  expectError(t, await json(await put('to-khai.pdf', pdf, leader)), 403, 'forbidden');
  assert.equal(files(), before, 'no file written for a refusal');

  const ok = await put('Tờ khai xác nhận.pdf', pdf);
  assert.equal(ok.status, 200);
  const got = await fetch(`${srv.base}/api/v1/procedures/9.000001/documents/${doc}/form`);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'application/pdf');
  assert.match(got.headers.get('content-disposition'), /filename\*=UTF-8''T%E1%BB%9D%20khai%20x%C3%A1c%20nh%E1%BA%ADn\.pdf/);
  assert.deepEqual(Buffer.from(await got.arrayBuffer()), pdf);
  assert.equal((await get('/api/v1/procedures/9.000001')).body.documents[0].form_file_name, 'Tờ khai xác nhận.pdf');
  expectError(t, await json(await fetch(`${srv.base}/api/v1/procedures/9.000001/documents/${body.documents[1].id}/form`)), 404, 'not_found');
});
