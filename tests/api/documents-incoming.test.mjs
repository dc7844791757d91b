// Văn bản đến (NĐ 30/2020 Điều 21–24): the văn thư registers what arrived
// (số đến 1, 2, … per unit and year, confidential ones in their own
// register), the leader assigns it with a working-day deadline, the handler
// starts, notes and completes it, or the văn thư returns it to its sender;
// the sender of this deployment sees each step on its recipient row. Then
// the reminders and the two registers (JSON, PDF, XLSX). Time is set by
// the X-Test-Now header: Friday 4 December 2026 onwards.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, json, addUser, signInFully, bin } from './server.mjs';
import { dbExec, dbRows, dbValue } from './db.mjs';

const A = '000.00.01.H42', B = '000.00.02.H42';
const OFFICE = '000.01.01.H42', VHXH = '000.03.01.H42', KINHTE = '000.02.01.H42', POLICE = '000.05.01.H42';
const USERS = ['quantri', 'lanhdao', 'chuyenvien', 'kinhte', 'vanthu', 'vanthu2', 'motcua', 'bvanthu', 'blanhdao'];

let srv;
const s = {};
before(async () => {
  srv = await startServer({
    setup: (p) => {
      execFileSync(bin, ['unit', 'add', '--code', B, '--kind', 'commune', '--name', 'Ủy ban nhân dân xã Bên Cạnh', '--db', p.db]);
      addUser(p, 'quantri', 'admin', OFFICE);
      addUser(p, 'lanhdao', 'leader', A);
      addUser(p, 'chuyenvien', 'specialist', VHXH);
      addUser(p, 'kinhte', 'specialist', KINHTE);
      addUser(p, 'vanthu', 'clerk', OFFICE);
      addUser(p, 'vanthu2', 'clerk', OFFICE);
      addUser(p, 'motcua', 'reception', '000.04.01.H42');
      addUser(p, 'bvanthu', 'clerk', B);
      addUser(p, 'blanhdao', 'leader', B);
      // A công văn the other commune sent (its outgoing side is not built here).
      dbExec(p.db, `INSERT INTO document (direction, unit_id, status, type_code, type_name, code_number, code_notation,
        issued_date, organ_name, subject, signer_full_name, signer_position, issued_amount, register, year, seq,
        drafting_unit_id, issued_at, sent_at, created_by, created_at, updated_at)
        VALUES ('out', (SELECT id FROM unit WHERE agency_code = '${B}'), 'sent', 'cong_van', 'Công văn', '01', 'UBND-VP',
        '2026-12-03', 'Ủy ban nhân dân xã Bên Cạnh', 'Về việc phối hợp tổ chức giải chạy', 'Trần Văn Ký', 'Chủ tịch', 3,
        'out', 2026, 1, (SELECT id FROM unit WHERE agency_code = '${B}'), '2026-12-03T02:00:00.000Z',
        '2026-12-03T03:00:00.000Z', 'test', '2026-12-03T02:00:00.000Z', '2026-12-03T02:00:00.000Z')`);
    },
  });
  for (const u of USERS) s[u] = await signInFully(srv.base, u);
});
after(async () => { await srv.stop(); srv.cleanup(); });
// Every test starts on Friday 4 December 2026 at 09:00, whatever the one before did.
beforeEach(() => { clock = '2026-12-04T09:00:00+07:00'; });

let clock = '2026-12-04T09:00:00+07:00'; // a Friday
async function call(user, method, path, body) {
  const headers = { 'X-Test-Now': clock, Cookie: s[user].cookie, 'X-CSRF-Token': s[user].csrf };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return json(await fetch(srv.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}
async function bytes(user, path) {
  const res = await fetch(srv.base + path, { headers: { 'X-Test-Now': clock, Cookie: s[user].cookie } });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}
function refused(r, status, code, field) {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.body.error.code, code, JSON.stringify(r.body));
  assert.ok(r.body.error.message.length > 0);
  if (field) assert.equal(r.body.error.field, field, JSON.stringify(r.body));
}

const decision = {
  type_code: 'quyet_dinh', code_number: '15', code_notation: 'QĐ-UBND', issued_date: '2026-12-02',
  organ_name: 'Ủy ban nhân dân tỉnh Hà Tĩnh', organ_id: '000.00.00.H42', subject: 'Về việc tổ chức Ngày hội Đại đoàn kết toàn dân tộc',
  signer_position: 'Phó Chủ tịch', signer_full_name: 'Nguyễn Văn An', urgency: 'khan', page_amount: 2,
  to_places: 'Ủy ban nhân dân các xã', description: 'Bản giấy',
};
const letter = {
  type_code: 'cong_van', code_number: '120', code_notation: 'SVHTTDL-VP', issued_date: '2026-12-01',
  organ_name: 'Sở Văn hóa, Thể thao và Du lịch', subject: 'Về việc báo cáo công tác gia đình năm 2026',
};
async function register(user, body, status = 201) {
  const r = await call(user, 'POST', '/api/v1/documents/incoming', body);
  assert.equal(r.status, status, JSON.stringify(r.body));
  return r.body;
}
const ids = {};

test('the văn thư registers incoming documents: số đến 1, 2, … and the secret register from 1', async () => {
  const a = await register('vanthu', decision);
  assert.equal(a.arrival_number, 1);
  assert.equal(a.register, 'in');
  assert.equal(a.year, 2026);
  assert.equal(a.status, 'registered');
  assert.equal(a.unit, A, 'the clerk\'s commune receives it');
  assert.equal(a.number, '15/QĐ-UBND');
  assert.equal(a.received_via, 'paper');
  assert.equal(a.type_name, 'Quyết định (cá biệt)');
  assert.equal(a.urgency_name, 'Khẩn');
  assert.equal(a.arrival_date, '2026-12-04T02:00:00.000Z');
  assert.deepEqual(a.events.map((e) => [e.action, e.to_status, e.status_code]), [['register', 'registered', '03']]);
  ids.a = a.id;
  // Read leniently, as typed from paper: "Số: 120 / SVHTTDL - VP".
  const b = await register('vanthu', { ...letter, code_notation: 'Số: 120 / SVHTTDL - VP' });
  assert.equal(b.arrival_number, 2);
  assert.equal(b.code_notation, 'SVHTTDL-VP');
  ids.b = b.id;
  const secret = await register('vanthu', { ...letter, code_number: '7', code_notation: 'CAT-PV01', organ_name: 'Công an tỉnh Hà Tĩnh', subject: 'Về bảo đảm an ninh ngày hội', secrecy: 'mat' });
  assert.equal(secret.arrival_number, 1, 'the confidential register numbers from 1');
  assert.equal(secret.register, 'in_secret');
  assert.deepEqual(secret.access.map((x) => x.username), ['vanthu'], 'the văn thư who holds it is named');
  ids.secret = secret.id;
  const named = await register('vanthu', { ...letter, code_number: '8', code_notation: 'CAT-PV01', organ_name: 'Công an tỉnh Hà Tĩnh', subject: 'Về kế hoạch bảo vệ', secrecy: 'toi_mat', access: ['lanhdao'] });
  assert.equal(named.arrival_number, 2);
  ids.named = named.id;
  assert.equal(dbValue(srv.db, `SELECT count(*) FROM audit_log WHERE action = 'document.incoming.register'`), 4);
  // The other commune's số đến are its own.
  const other = await register('bvanthu', { ...letter, subject: 'Về việc báo cáo công tác gia đình, xã Bên Cạnh' });
  assert.equal(other.arrival_number, 1);
  assert.equal(other.unit, B);
  ids.other = other.id;
});

test('the same number, notation and organ again: 409 with the earlier ones, unless confirmed', async () => {
  const r = await call('vanthu', 'POST', '/api/v1/documents/incoming', decision);
  refused(r, 409, 'duplicate_document');
  assert.deepEqual(r.body.duplicates.map((d) => [d.id, d.arrival_number, d.year]), [[ids.a, 1, 2026]]);
  assert.equal(dbValue(srv.db, `SELECT count(*) FROM document WHERE direction = 'in' AND code_number = '15'`), 1, 'nothing written');
  const again = await register('vanthu', { ...decision, confirm_duplicate: true });
  assert.equal(again.arrival_number, 3, 'the refused try took no number');
  ids.again = again.id;
});

test('registration refuses bad fields, other roles and units beyond the clerk\'s reach', async () => {
  const bad = [
    [{ type_code: 'thu_tinh' }, 'type_code'],
    [{ code_number: '15a' }, 'code_number'],
    [{ code_number: 12 }, 'code_number'],
    [{ issued_date: '2026-12-05' }, 'issued_date'],
    [{ issued_date: '2026-02-30' }, 'issued_date'],
    [{ subject: 'x'.repeat(501) }, 'subject'],
    [{ subject: '' }, 'subject'],
    [{ organ_name: ' '.repeat(201) }, 'organ_name'],
    [{ urgency: 'rat_khan' }, 'urgency'],
    [{ secrecy: 'noi_bo' }, 'secrecy'],
    [{ page_amount: 0 }, 'page_amount'],
    [{ due_date: '2026-11-01' }, 'due_date'],
    [{ access: ['khongco'] }, 'access[0]'],
    [{ confirm_duplicate: 'yes' }, 'confirm_duplicate'],
  ];
  for (const [change, field] of bad) {
    const r = await call('vanthu', 'POST', '/api/v1/documents/incoming', { ...decision, code_number: '99', ...change });
    refused(r, 422, 'invalid_field', field);
  }
  // The notation's own codes and Vietnamese messages (core/doc_number.h).
  const notation = await call('vanthu', 'POST', '/api/v1/documents/incoming', { ...decision, code_notation: 'QĐ--UBND' });
  refused(notation, 422, 'notation_group', 'code_notation');
  const organ = await call('vanthu', 'POST', '/api/v1/documents/incoming', { ...decision, code_notation: 'QĐ' });
  refused(organ, 422, 'notation_organ', 'code_notation');
  refused(await call('vanthu', 'POST', '/api/v1/documents/incoming', { ...decision, code_notation: '16/QĐ-UBND' }), 422, 'invalid_field', 'code_notation');
  // Roles: only the văn thư registers.
  for (const u of ['chuyenvien', 'lanhdao', 'motcua', 'quantri'])
    refused(await call(u, 'POST', '/api/v1/documents/incoming', decision), 403, 'forbidden');
  // A unit outside the clerk's reach: a sibling office, the other commune.
  refused(await call('vanthu', 'POST', '/api/v1/documents/incoming', { ...decision, unit: POLICE }), 403, 'out_of_scope', 'unit');
  refused(await call('vanthu', 'POST', '/api/v1/documents/incoming', { ...decision, unit: B }), 403, 'out_of_scope', 'unit');
  refused(await call('vanthu', 'POST', '/api/v1/documents/incoming', { ...decision, unit: '000.99.99.H42' }), 404, 'not_found', 'unit');
  assert.equal(dbValue(srv.db, `SELECT count(*) FROM document WHERE direction = 'in' AND code_number = '99'`), 0);
});

test('confidential ones: only the named accounts see them', async () => {
  refused(await call('lanhdao', 'GET', `/api/v1/documents/incoming/${ids.secret}`), 404, 'not_found');
  refused(await call('chuyenvien', 'GET', `/api/v1/documents/incoming/${ids.named}`), 404, 'not_found');
  assert.equal((await call('lanhdao', 'GET', `/api/v1/documents/incoming/${ids.named}`)).status, 200);
  assert.equal((await call('vanthu', 'GET', `/api/v1/documents/incoming/${ids.secret}`)).status, 200);
  const list = (await call('lanhdao', 'GET', '/api/v1/documents/incoming')).body.items.map((d) => d.id);
  assert.ok(list.includes(ids.named) && !list.includes(ids.secret) && list.includes(ids.a), JSON.stringify(list));
  // Acting on one not seen answers as for a missing one.
  refused(await call('lanhdao', 'POST', `/api/v1/documents/incoming/${ids.secret}/assign`, { handling_unit: VHXH, instruction: 'Xử lý' }), 404, 'not_found');
  // The other commune's documents are beyond reach.
  refused(await call('lanhdao', 'GET', `/api/v1/documents/incoming/${ids.other}`), 404, 'not_found');
  refused(await call('lanhdao', 'POST', `/api/v1/documents/incoming/${ids.other}/assign`, { handling_unit: VHXH, instruction: 'Xử lý' }), 403, 'out_of_scope');
  refused(await call('blanhdao', 'GET', `/api/v1/documents/incoming/${ids.a}`), 404, 'not_found');
  refused(await call('bvanthu', 'POST', `/api/v1/documents/incoming/${ids.b}/refuse`, { reason: 'Sai nơi nhận' }), 403, 'out_of_scope');
  assert.ok(!(await call('blanhdao', 'GET', '/api/v1/documents/incoming')).body.items.some((d) => d.id === ids.a));
  refused(await call('motcua', 'GET', '/api/v1/documents/incoming'), 403, 'forbidden');
  refused(await call('lanhdao', 'GET', '/api/v1/documents/incoming/abc'), 404, 'not_found');
});

test('the leader assigns with a deadline in working days, the handler starts, notes and completes', async () => {
  clock = '2026-12-04T15:30:00+07:00'; // Friday after the 15:00 cut-off
  const path = `/api/v1/documents/incoming/${ids.a}`;
  const body = { handling_unit: VHXH, handler: 'chuyenvien', support_units: [KINHTE, OFFICE, KINHTE], instruction: 'Phòng Văn hóa – Xã hội chủ trì tham mưu kế hoạch.', due_days: 3 };
  // Refusals first: role, fields, units outside the commune, a handler outside the lead unit.
  refused(await call('chuyenvien', 'POST', `${path}/assign`, body), 403, 'forbidden');
  refused(await call('vanthu', 'POST', `${path}/assign`, body), 403, 'forbidden');
  refused(await call('lanhdao', 'POST', `${path}/assign`, { ...body, instruction: undefined }), 422, 'missing_field', 'instruction');
  refused(await call('lanhdao', 'POST', `${path}/assign`, { ...body, handling_unit: B }), 422, 'invalid_field', 'handling_unit');
  refused(await call('lanhdao', 'POST', `${path}/assign`, { ...body, handling_unit: '000.99.99.H42' }), 422, 'invalid_field', 'handling_unit');
  refused(await call('lanhdao', 'POST', `${path}/assign`, { ...body, support_units: [B] }), 422, 'invalid_field', 'support_units[0]');
  refused(await call('lanhdao', 'POST', `${path}/assign`, { ...body, handler: 'kinhte' }), 422, 'invalid_field', 'handler');
  refused(await call('lanhdao', 'POST', `${path}/assign`, { ...body, handler: 'vanthu' }), 422, 'invalid_field', 'handler');
  refused(await call('lanhdao', 'POST', `${path}/assign`, { ...body, due_days: 0 }), 422, 'invalid_field', 'due_days');
  refused(await call('lanhdao', 'POST', `${path}/assign`, { ...body, due_date: '2026-12-10' }), 422, 'invalid_field', 'due_date');
  refused(await call('lanhdao', 'POST', `${path}/assign`, { ...body, due_days: undefined, due_date: '2026-12-01' }), 422, 'invalid_field', 'due_date');
  refused(await call('chuyenvien', 'POST', `${path}/start`, {}), 409, 'invalid_state', 'status');
  const r = await call('lanhdao', 'POST', `${path}/assign`, body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'assigned');
  assert.equal(r.body.handling_unit, VHXH);
  assert.equal(r.body.handler, 'chuyenvien');
  assert.equal(r.body.instruction, body.instruction);
  // Counted from Monday 07:30: Monday, Tuesday, Wednesday, due at 17:00 on Wednesday 9 December.
  assert.equal(r.body.due_at, '2026-12-09T10:00:00.000Z');
  assert.deepEqual(r.body.support_units.map((u) => u.unit), [OFFICE, KINHTE]);
  assert.equal(r.body.overdue, false);
  // Reassigned: the handler named afresh, the supporting units replaced.
  const again = await call('lanhdao', 'POST', `${path}/assign`, { ...body, support_units: [KINHTE] });
  assert.deepEqual(again.body.support_units.map((u) => u.unit), [KINHTE]);

  // Only the handler, or one who handles in the lead unit, starts it.
  refused(await call('kinhte', 'POST', `${path}/start`, {}), 403, 'out_of_scope');
  refused(await call('vanthu', 'POST', `${path}/start`, {}), 403, 'forbidden');
  const started = await call('chuyenvien', 'POST', `${path}/start`, {});
  assert.equal(started.body.status, 'in_progress', JSON.stringify(started.body));
  refused(await call('chuyenvien', 'POST', `${path}/start`, {}), 409, 'invalid_state');
  // A supporting unit's official writes a note; a note needs its text.
  refused(await call('kinhte', 'POST', `${path}/note`, {}), 422, 'missing_field', 'note');
  const noted = await call('kinhte', 'POST', `${path}/note`, { note: 'Phòng Kinh tế đã gửi số liệu kinh phí.' });
  assert.equal(noted.status, 200, JSON.stringify(noted.body));
  assert.equal(noted.body.status, 'in_progress');
  // Done late: on Thursday 10 December.
  clock = '2026-12-10T09:00:00+07:00';
  const done = await call('chuyenvien', 'POST', `${path}/complete`, { note: 'Đã trình kế hoạch.' });
  assert.equal(done.body.status, 'done', JSON.stringify(done.body));
  assert.equal(done.body.completed_at, '2026-12-10T02:00:00.000Z');
  assert.equal(done.body.late, true);
  assert.equal(done.body.on_time, false);
  assert.equal(done.body.overdue, false);
  refused(await call('chuyenvien', 'POST', `${path}/complete`, {}), 409, 'invalid_state');
  refused(await call('chuyenvien', 'POST', `${path}/note`, { note: 'Thêm' }), 409, 'invalid_state');
  refused(await call('vanthu', 'POST', `${path}/refuse`, { reason: 'Sai' }), 409, 'invalid_state');
  assert.deepEqual(done.body.events.map((e) => [e.action, e.from_status, e.to_status, e.status_code]), [
    ['register', null, 'registered', '03'], ['assign', 'registered', 'assigned', '04'], ['assign', 'assigned', 'assigned', '04'],
    ['start', 'assigned', 'in_progress', '05'], ['note', null, null, null], ['complete', 'in_progress', 'done', '06'],
  ]);
  assert.equal(done.body.events[4].note, 'Phòng Kinh tế đã gửi số liệu kinh phí.');
  assert.deepEqual(dbRows(srv.db, `SELECT action FROM audit_log WHERE object_type = 'document' AND object_id = '${ids.a}' ORDER BY id`).map((x) => x.action),
    ['document.incoming.register', 'document.incoming.assign', 'document.incoming.assign', 'document.incoming.start', 'document.incoming.note', 'document.incoming.complete']);
  clock = '2026-12-04T09:00:00+07:00';
});

test('a note moves an assigned one into handling; a due date on a day off falls on the working day before', async () => {
  const path = `/api/v1/documents/incoming/${ids.again}`;
  const r = await call('lanhdao', 'POST', `${path}/assign`, { handling_unit: VHXH, instruction: 'Lưu, theo dõi.', due_date: '2026-12-05' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.handler, null);
  assert.equal(r.body.due_at, '2026-12-04T10:00:00.000Z', 'Saturday: due at the close of Friday');
  const n = await call('chuyenvien', 'POST', `${path}/note`, { note: 'Đã nhận.' });
  assert.equal(n.body.status, 'in_progress');
  assert.deepEqual(n.body.events.at(-1), { ...n.body.events.at(-1), action: 'note', from_status: 'assigned', to_status: 'in_progress', status_code: '05' });
});

test('the văn thư returns a registered document to its sender, with the reason', async () => {
  const path = `/api/v1/documents/incoming/${ids.b}`;
  refused(await call('lanhdao', 'POST', `${path}/refuse`, { reason: 'Sai nơi nhận' }), 403, 'forbidden');
  refused(await call('vanthu', 'POST', `${path}/refuse`, {}), 422, 'missing_field', 'reason');
  const r = await call('vanthu', 'POST', `${path}/refuse`, { reason: 'Gửi nhầm cơ quan, đề nghị gửi Phòng Văn hóa huyện.' });
  assert.equal(r.body.status, 'refused', JSON.stringify(r.body));
  assert.equal(r.body.events.at(-1).status_code, '02');
  refused(await call('lanhdao', 'POST', `${path}/assign`, { handling_unit: VHXH, instruction: 'Xử lý' }), 409, 'invalid_state');
  refused(await call('vanthu', 'POST', `${path}/refuse`, { reason: 'Lại' }), 409, 'invalid_state');
});

test('a document from a unit of this deployment: each step is on the sender\'s recipient row', async () => {
  const out = dbValue(srv.db, `SELECT id FROM document WHERE direction = 'out'`);
  const delivered = async (subject) => {
    const d = await register('vanthu', { ...letter, code_number: '01', code_notation: 'UBND-VP', organ_name: 'Ủy ban nhân dân xã Bên Cạnh', issued_date: '2026-12-03', subject, confirm_duplicate: true });
    dbExec(srv.db, `UPDATE document SET source_document_id = ${out} WHERE id = ${d.id};
      INSERT INTO document_recipient (document_id, unit_id, organ_name, delivered_id, status)
      VALUES (${out}, (SELECT id FROM unit WHERE agency_code = '${A}'), 'Ủy ban nhân dân xã Thượng Đức', ${d.id}, '03')`);
    return d.id;
  };
  const row = (id) => dbRows(srv.db, `SELECT status, status_note, status_at FROM document_recipient WHERE delivered_id = ${id}`)[0];
  const d = await delivered('Về việc phối hợp tổ chức giải chạy');
  await call('lanhdao', 'POST', `/api/v1/documents/incoming/${d}/assign`, { handling_unit: VHXH, handler: 'chuyenvien', instruction: 'Phối hợp.', due_days: 5 });
  // The leader's instruction stays with the receiving unit; the sender learns that it was assigned.
  assert.deepEqual(row(d), { status: '04', status_note: 'Đã phân công xử lý', status_at: '2026-12-04T02:00:00.000Z' });
  await call('chuyenvien', 'POST', `/api/v1/documents/incoming/${d}/start`, {});
  assert.equal(row(d).status, '05');
  await call('chuyenvien', 'POST', `/api/v1/documents/incoming/${d}/complete`, { note: 'Đã cử đoàn tham gia.' });
  assert.deepEqual([row(d).status, row(d).status_note], ['06', 'Đã cử đoàn tham gia.']);
  const e = await delivered('Về việc phối hợp tổ chức giải chạy (bản gửi nhầm)');
  await call('vanthu', 'POST', `/api/v1/documents/incoming/${e}/refuse`, { reason: 'Gửi nhầm.' });
  assert.deepEqual([row(e).status, row(e).status_note], ['02', 'Gửi nhầm.']);
  // The sender's trace has each step.
  assert.deepEqual(dbRows(srv.db, `SELECT status_code FROM document_event WHERE document_id = ${out} ORDER BY id`).map((x) => x.status_code), ['04', '05', '06', '02']);
});

test('lists: by status, year, overdue, mine, and words folded for diacritics', async () => {
  const list = async (user, query) => {
    const r = await call(user, 'GET', `/api/v1/documents/incoming${query}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items.map((d) => d.id);
  };
  const refusedOnes = (await call('lanhdao', 'GET', '/api/v1/documents/incoming?status=refused')).body.items;
  assert.ok(refusedOnes.some((d) => d.id === ids.b) && refusedOnes.every((d) => d.status === 'refused'));
  assert.ok((await list('lanhdao', '?q=dai doan ket')).includes(ids.a));
  assert.ok((await list('lanhdao', '?q=ĐẠI ĐOÀN KẾT')).includes(ids.a));
  assert.ok(!(await list('lanhdao', '?q=dai doan ket')).includes(ids.b));
  assert.deepEqual(await list('lanhdao', '?year=2025'), []);
  assert.ok((await list('chuyenvien', '?mine=1')).includes(ids.again), 'assigned to my unit');
  assert.ok(!(await list('kinhte', '?mine=1')).includes(ids.again));
  assert.deepEqual(await list('lanhdao', '?overdue=1'), []);
  clock = '2026-12-07T09:00:00+07:00';
  assert.deepEqual(await list('lanhdao', '?overdue=1'), [ids.again]);
  const detail = await call('lanhdao', 'GET', `/api/v1/documents/incoming/${ids.again}`);
  assert.equal(detail.body.overdue, true);
  for (const q of ['?status=lost', '?year=abc', '?overdue=yes', '?mine=2'])
    refused(await call('lanhdao', 'GET', `/api/v1/documents/incoming${q}`), 422, 'invalid_field');
  clock = '2026-12-04T09:00:00+07:00';
});

test('reminders: the caller\'s open documents due within 2 working days or overdue', async () => {
  const c = await register('vanthu', { ...letter, code_number: '121', subject: 'Về việc rà soát hộ nghèo' });
  const r = await call('lanhdao', 'POST', `/api/v1/documents/incoming/${c.id}/assign`, { handling_unit: VHXH, handler: 'chuyenvien', instruction: 'Rà soát.', due_days: 4 });
  // Friday 09:00 + 4 working days: Thursday 09:00.
  assert.equal(r.body.due_at, '2026-12-10T02:00:00.000Z');
  const remind = async (user) => {
    const x = await call(user, 'GET', '/api/v1/documents/reminders');
    assert.equal(x.status, 200, JSON.stringify(x.body));
    return x.body;
  };
  // Friday: the one due Friday (to the unit), not the one due Thursday.
  let got = await remind('chuyenvien');
  assert.deepEqual(got.items.map((d) => d.id), [ids.again]);
  assert.equal(got.within_working_days, 2);
  clock = '2026-12-08T09:00:00+07:00'; // Tuesday: Thursday 09:00 is 2 working days away
  got = await remind('chuyenvien');
  assert.deepEqual(got.items.map((d) => [d.id, d.overdue, d.due_soon]), [[ids.again, true, false], [c.id, false, true]]);
  assert.equal(got.overdue, 1);
  assert.deepEqual((await remind('kinhte')).items, []);
  assert.deepEqual((await remind('lanhdao')).items, []);
  clock = '2026-12-10T10:00:00+07:00';
  got = await remind('chuyenvien');
  assert.deepEqual(got.items.map((d) => [d.id, d.overdue]), [[ids.again, true], [c.id, true]]);
  assert.ok((await call('chuyenvien', 'GET', '/api/v1/documents/incoming?overdue=1&mine=1')).body.items.some((d) => d.id === c.id));
  refused(await call('motcua', 'GET', '/api/v1/documents/reminders'), 403, 'forbidden');
  clock = '2026-12-04T09:00:00+07:00';
});

test('the register of incoming documents, and the confidential one apart', async () => {
  const book = await call('vanthu', 'GET', '/api/v1/documents/registers/in?year=2026');
  assert.equal(book.status, 200, JSON.stringify(book.body));
  assert.equal(book.body.title, 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN');
  assert.deepEqual(book.body.columns.map((c) => c.title), ['Ngày đến', 'Số đến', 'Tác giả', 'Số, ký hiệu', 'Ngày tháng',
    'Tên loại và trích yếu nội dung', 'Đơn vị hoặc người nhận', 'Ký nhận', 'Ghi chú']);
  assert.deepEqual(book.body.items.map((i) => i.arrival_number), ['1', '2', '3', '4', '5', '6']);
  // Each row carries its document's id, for the page's link: the document with that số đến.
  for (const row of book.body.items) {
    const doc = await call('vanthu', 'GET', `/api/v1/documents/incoming/${row.id}`);
    assert.equal(doc.status, 200, JSON.stringify(row));
    assert.equal(String(doc.body.arrival_number), row.arrival_number);
    assert.equal(doc.body.register, 'in');
  }
  const { id: firstId, ...first } = book.body.items[0];
  assert.equal(typeof firstId, 'number');
  assert.deepEqual(first, {
    arrival_date: '04/12/2026', arrival_number: '1', author: 'Ủy ban nhân dân tỉnh Hà Tĩnh', number_notation: '15/QĐ-UBND',
    issued_date: '02/12/2026', type_subject: 'Quyết định (cá biệt): Về việc tổ chức Ngày hội Đại đoàn kết toàn dân tộc',
    receiver: 'Phòng Văn hóa – Xã hội\nCán bộ chuyenvien', signed_for: '', note: 'Bản giấy',
  });
  assert.match(book.body.items[1].note, /Đã trả lại nơi gửi/);
  assert.ok(!book.body.items.some((i) => i.author === 'Công an tỉnh Hà Tĩnh'), 'no confidential one in the ordinary register');
  const secret = await call('vanthu', 'GET', '/api/v1/documents/registers/in?secret=1');
  assert.equal(secret.body.title, 'SỔ ĐĂNG KÝ VĂN BẢN MẬT ĐẾN');
  assert.deepEqual(secret.body.items.map((i) => [i.arrival_number, i.note]), [['1', 'Mật'], ['2', 'Tối mật']]);
  // The leader who signs sees the confidential register, only what is named to him.
  assert.deepEqual((await call('lanhdao', 'GET', '/api/v1/documents/registers/in?secret=1')).body.items.map((i) => i.arrival_number), ['2']);
  refused(await call('chuyenvien', 'GET', '/api/v1/documents/registers/in?secret=1'), 403, 'forbidden', 'secret');
  assert.equal(dbValue(srv.db, `SELECT count(*) FROM audit_log WHERE action = 'document.register.read'`), 2);
  // Other units and communes; bad parameters.
  refused(await call('vanthu', 'GET', `/api/v1/documents/registers/in?unit=${B}`), 403, 'out_of_scope', 'unit');
  assert.deepEqual((await call('bvanthu', 'GET', '/api/v1/documents/registers/in')).body.items.map((i) => i.author), ['Sở Văn hóa, Thể thao và Du lịch']);
  refused(await call('vanthu', 'GET', '/api/v1/documents/registers/sideways'), 404, 'not_found');
  refused(await call('vanthu', 'GET', '/api/v1/documents/registers/in?format=doc'), 422, 'invalid_field', 'format');
  refused(await call('vanthu', 'GET', '/api/v1/documents/registers/in?secret=2'), 422, 'invalid_field', 'secret');
  refused(await call('vanthu', 'GET', '/api/v1/documents/registers/in?year=20x'), 422, 'invalid_field', 'year');
  refused(await call('motcua', 'GET', '/api/v1/documents/registers/in'), 403, 'forbidden');
  assert.deepEqual((await call('vanthu', 'GET', '/api/v1/documents/registers/in?year=2025')).body.items, []);
});

test('the register of outgoing documents lists those given a number', async () => {
  const book = await call('bvanthu', 'GET', '/api/v1/documents/registers/out');
  assert.equal(book.status, 200, JSON.stringify(book.body));
  assert.equal(book.body.title, 'SỔ ĐĂNG KÝ VĂN BẢN ĐI');
  assert.deepEqual(book.body.columns.map((c) => c.title), ['Số, ký hiệu văn bản', 'Ngày tháng văn bản', 'Tên loại và trích yếu nội dung',
    'Người ký', 'Nơi nhận văn bản', 'Đơn vị, người nhận bản lưu', 'Số lượng bản', 'Ngày chuyển', 'Ký nhận', 'Ghi chú']);
  const ids = book.body.items.map(({ id }) => id);
  const doc = await call('bvanthu', 'GET', `/api/v1/documents/outgoing/${ids[0]}`);
  assert.equal(doc.body.number, '01/UBND-VP', 'the row\'s id is its document');
  assert.deepEqual(book.body.items.map(({ id, ...row }) => row), [{
    number_notation: '01/UBND-VP', issued_date: '03/12/2026', type_subject: 'Công văn: Về việc phối hợp tổ chức giải chạy',
    signer: 'Trần Văn Ký', recipients: '- Ủy ban nhân dân xã Thượng Đức\n- Ủy ban nhân dân xã Thượng Đức', file_copy: 'Ủy ban nhân dân xã Bên Cạnh',
    copies: '3', sent_date: '03/12/2026', signed_for: '', note: '',
  }]);
  assert.deepEqual((await call('vanthu', 'GET', '/api/v1/documents/registers/out')).body.items, []);
});

test('both registers print as PDF and XLSX', async () => {
  for (const [user, path] of [['vanthu', 'in'], ['vanthu', 'in?secret=1'], ['bvanthu', 'out'], ['vanthu', 'out']]) {
    const sep = path.includes('?') ? '&' : '?';
    const pdf = await bytes(user, `/api/v1/documents/registers/${path}${sep}format=pdf`);
    assert.equal(pdf.status, 200, pdf.body.toString());
    assert.equal(pdf.type, 'application/pdf');
    assert.equal(pdf.body.subarray(0, 4).toString(), '%PDF');
    const xlsx = await bytes(user, `/api/v1/documents/registers/${path}${sep}format=xlsx`);
    assert.equal(xlsx.status, 200, xlsx.body.toString());
    assert.match(xlsx.type, /spreadsheetml/);
    assert.equal(xlsx.body.subarray(0, 2).toString(), 'PK');
  }
  const pdf = await bytes('vanthu', '/api/v1/documents/registers/in?format=pdf');
  const dir = mkdtempSync(join(tmpdir(), 'xaso-register-'));
  writeFileSync(join(dir, 'r.pdf'), pdf.body);
  const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  rmSync(dir, { recursive: true, force: true });
  for (const want of ['SỔ ĐĂNG KÝ VĂN BẢN ĐẾN', 'Năm 2026', 'Số đến', 'Tác giả', 'Ủy ban nhân dân tỉnh Hà Tĩnh', '15/QĐ-UBND'])
    assert.ok(text.includes(want), `"${want}" in ${text}`);
});

test('the repeat warning names only what the văn thư may see: a confidential one is not confirmed to others', async () => {
  const secret = { ...letter, code_number: '77', code_notation: 'CAT-PV01', organ_name: 'Công an tỉnh Hà Tĩnh', secrecy: 'toi_mat' };
  const first = await register('vanthu', secret);
  const again = await call('vanthu', 'POST', '/api/v1/documents/incoming', secret);
  assert.equal(again.status, 409, 'the clerk who holds it is warned');
  assert.deepEqual(again.body.duplicates.map((d) => d.id), [first.id]);
  const other = await call('vanthu2', 'POST', '/api/v1/documents/incoming', { ...secret, secrecy: '' });
  assert.equal(other.status, 201, `another clerk learns nothing of it: ${JSON.stringify(other.body)}`);
  assert.equal((await call('vanthu2', 'GET', `/api/v1/documents/incoming/${first.id}`)).status, 404);
});
