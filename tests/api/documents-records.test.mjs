// Hồ sơ công việc (NĐ 30/2020 Điều 28–31, PL VI Phần II Mục III): a unit's
// yearly catalog, filing documents in order, what is counted, closing, the
// refusals after it, who may do what, confidential documents, the cover.
// Documents are put in the table directly: the record part reads them, it
// does not make them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, json, addUser, signInFully, expectError, bin } from './server.mjs';
import { dbExec, dbValue, dbRows } from './db.mjs';

const A = '000.00.01.H42', VP = '000.01.01.H42', VX = '000.03.01.H42', B = '000.00.02.H42';
let srv;
const s = {};
before(async () => {
  srv = await startServer({
    setup: (p) => {
      execFileSync(bin, ['unit', 'add', '--code', B, '--kind', 'commune', '--name', 'Ủy ban nhân dân xã Bên Cạnh', '--db', p.db], { encoding: 'utf8' });
      addUser(p, 'quantri', 'admin', VP);
      addUser(p, 'lanhdao', 'leader', A);
      addUser(p, 'vanthu', 'clerk', VP);
      addUser(p, 'vanthu2', 'clerk', VP);
      addUser(p, 'chuyenvien', 'specialist', VX);
      addUser(p, 'motcua', 'reception', '000.04.01.H42');
      addUser(p, 'bvanthu', 'clerk', B);
    },
  });
  for (const u of ['quantri', 'lanhdao', 'vanthu', 'vanthu2', 'chuyenvien', 'motcua', 'bvanthu']) s[u] = await signInFully(srv.base, u);
  seedDocuments();
});
after(async () => { await srv.stop(); srv.cleanup(); });

const clock = '2026-10-15T09:00:00+07:00';
async function call(user, method, path, body) {
  const headers = { 'X-Test-Now': clock, Cookie: s[user].cookie, 'X-CSRF-Token': s[user].csrf };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return json(await fetch(srv.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}
async function raw(user, path) {
  const res = await fetch(srv.base + path, { headers: { 'X-Test-Now': clock, Cookie: s[user].cookie } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes: Buffer.from(await res.arrayBuffer()) };
}

const unitId = (code) => `(SELECT id FROM unit WHERE agency_code = '${code}')`;
const accountId = (name) => `(SELECT id FROM account WHERE username = '${name}')`;
const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${v}'`);
function insertDoc(d) {
  const at = '2026-09-02T01:00:00.000Z';
  dbExec(srv.db, `INSERT INTO document (id, direction, unit_id, status, type_code, type_name, code_number, code_notation,
    issued_date, organ_name, subject, page_amount, secrecy, register, year, seq, arrival_date, handling_unit_id,
    drafting_unit_id, issued_at, created_by, created_at, updated_at) VALUES (${d.id}, '${d.direction}', ${unitId(d.unit ?? A)},
    '${d.status}', 'cong_van', 'Công văn', ${q(d.number)}, ${q(d.notation)}, ${q(d.issued ?? '2026-09-01')},
    '${d.organ ?? 'Ủy ban nhân dân tỉnh Hà Tĩnh'}', '${d.subject}', ${q(d.pages)}, '${d.secrecy ?? ''}',
    ${q(d.seq ? d.register ?? (d.direction === 'in' ? 'in' : 'out') : null)}, ${d.seq ? 2026 : 'NULL'}, ${q(d.seq)},
    ${d.direction === 'in' ? `'${at}'` : 'NULL'}, ${d.handling ? unitId(d.handling) : 'NULL'},
    ${d.drafting ? unitId(d.drafting) : 'NULL'}, ${d.status === 'issued' ? `'${at}'` : 'NULL'}, 'thu', '${at}', '${at}')`);
}
function seedDocuments() {
  insertDoc({ id: 101, direction: 'in', status: 'registered', seq: 1, number: '12', notation: 'UBND-VP', subject: 'Về việc chuẩn bị hội nghị', pages: 3, handling: VP });
  insertDoc({ id: 102, direction: 'out', status: 'issued', seq: 5, number: '05', notation: 'QĐ-UBND', organ: 'Ủy ban nhân dân xã Thượng Đức', issued: '2026-09-10', subject: 'Quyết định thành lập tổ công tác', pages: 2, drafting: VP });
  insertDoc({ id: 103, direction: 'out', status: 'draft', subject: 'Dự thảo kế hoạch', drafting: VP });
  insertDoc({ id: 104, direction: 'in', status: 'assigned', seq: 1, register: 'in_secret', number: '07', notation: 'CV-CA', subject: 'Tài liệu mật được xem', pages: 1, secrecy: 'mat', handling: VP });
  insertDoc({ id: 105, direction: 'in', status: 'registered', seq: 2, register: 'in_secret', number: '08', notation: 'CV-CA', subject: 'Tài liệu mật không được xem', pages: 4, secrecy: 'mat', handling: VP });
  insertDoc({ id: 106, direction: 'in', unit: B, status: 'registered', seq: 1, number: '01', notation: 'UBND', subject: 'Văn bản của xã khác', pages: 1 });
  insertDoc({ id: 107, direction: 'in', status: 'registered', seq: 2, number: '13', notation: 'UBND-VX', subject: 'Văn bản do Phòng Văn hóa – Xã hội xử lý', pages: 1, handling: VX });
  insertDoc({ id: 108, direction: 'in', status: 'refused', seq: 3, number: '14', notation: 'UBND', subject: 'Văn bản đã trả lại', pages: 1, handling: VP });
  dbExec(srv.db, `INSERT INTO document_access (document_id, account_id, granted_by, granted_at) VALUES (104, ${accountId('vanthu')}, 'thu', '2026-09-02T01:00:00.000Z')`);
}

const RECORD = {
  file_notation: '01.VP', title: 'Hồ sơ tổ chức hội nghị tổng kết năm 2026', maintenance: '10 năm', rights: 'Hạn chế',
  start_date: '2026-01-05', description: 'Lập theo danh mục hồ sơ năm 2026',
};
const ids = {};

test('a record is made in the unit\'s catalog with its eleven fields and its Mã hồ sơ', async (t) => {
  const r = await call('vanthu', 'POST', '/api/v1/work-records', { ...RECORD, unit: VP, year: 2026 });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  ids.one = r.body.id;
  assert.equal(r.body.file_code, `${VP}.2026.01.VP`, 'agency code, year and notation joined by "."');
  assert.deepEqual([r.body.organ_id, r.body.year, r.body.file_notation], [VP, 2026, '01.VP']);
  assert.deepEqual([r.body.title, r.body.maintenance, r.body.rights, r.body.language], [RECORD.title, '10 năm', 'Hạn chế', 'Tiếng Việt']);
  assert.deepEqual([r.body.creator, r.body.creator_name], ['vanthu', 'Cán bộ vanthu']);
  assert.deepEqual([r.body.start_date, r.body.end_date, r.body.doc_total, r.body.page_total], ['2026-01-05', null, 0, 0]);
  assert.equal(r.body.status, 'open');
  assert.equal(dbValue(srv.db, `SELECT count(*) FROM audit_log WHERE action = 'work_record.create' AND object_id = '${ids.one}'`), 1);
  // The year defaults to the local year, the unit to the caller's.
  const two = await call('vanthu', 'POST', '/api/v1/work-records', { ...RECORD, file_notation: '02.VP', title: 'Hồ sơ thi đua khen thưởng', maintenance: 'Vĩnh viễn' });
  assert.equal(two.status, 201, JSON.stringify(two.body));
  assert.deepEqual([two.body.organ_id, two.body.year, two.body.maintenance], [VP, 2026, 'Vĩnh viễn']);
  ids.two = two.body.id;
  const list = await call('vanthu', 'GET', `/api/v1/work-records?unit=${VP}&year=2026`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items.map((i) => i.file_notation), ['01.VP', '02.VP']);
  assert.deepEqual((await call('vanthu', 'GET', '/api/v1/work-records?year=2025')).body.items, []);
});

test('a notation is unique in its unit\'s catalog of a year (409), not across years or units', async (t) => {
  expectError(t, await call('vanthu', 'POST', '/api/v1/work-records', { ...RECORD, unit: VP, year: 2026 }), 409, 'duplicate_notation');
  const next = await call('vanthu', 'POST', '/api/v1/work-records', { ...RECORD, unit: VP, year: 2027 });
  assert.equal(next.status, 201);
  const commune = await call('lanhdao', 'POST', '/api/v1/work-records', { ...RECORD, unit: A, year: 2026 });
  assert.equal(commune.status, 201, JSON.stringify(commune.body));
  ids.commune = commune.body.id;
  assert.equal(commune.body.creator, 'lanhdao');
});

test('bad fields are refused with the field named (422), and nothing is made', async (t) => {
  const before = dbValue(srv.db, 'SELECT count(*) FROM work_record');
  const cases = [
    [{ file_notation: 'VP.01' }, 'file_notation'], [{ file_notation: '01 VP' }, 'file_notation'],
    [{ file_notation: '0123456789012345678901' }, 'file_notation'], [{ maintenance: 'mãi mãi' }, 'maintenance'],
    [{ maintenance: '0 năm' }, 'maintenance'], [{ title: '' }, 'title'], [{ title: undefined }, 'title', 'missing_field'],
    [{ rights: undefined }, 'rights', 'missing_field'], [{ start_date: '2026-02-30' }, 'start_date'],
    [{ start_date: '2026-05-01', end_date: '2026-04-01' }, 'end_date'], [{ creator: 'khongco' }, 'creator'],
    [{ creator: 'motcua' }, 'creator'], [{ year: 'năm nay' }, 'year'], [{ description: 'x'.repeat(501) }, 'description'],
  ];
  for (const [change, field, code = 'invalid_field'] of cases) {
    const r = await call('vanthu', 'POST', '/api/v1/work-records', { ...RECORD, file_notation: '09.VP', ...change });
    expectError(t, r, 422, code);
    assert.equal(r.body.error.field, field, JSON.stringify(change));
  }
  assert.equal(dbValue(srv.db, 'SELECT count(*) FROM work_record'), before);
});

test('documents are filed in order; the record counts them and their pages', async (t) => {
  for (const [doc, ordinal] of [[101, 1], [102, 2], [104, 3]]) {
    const r = await call('vanthu', 'POST', `/api/v1/work-records/${ids.one}/documents`, { document_id: doc });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.doc_ordinal, ordinal);
  }
  const rec = await call('vanthu', 'GET', `/api/v1/work-records/${ids.one}`);
  assert.deepEqual([rec.body.doc_total, rec.body.page_total], [3, 6]);
  assert.deepEqual(rec.body.documents.map((d) => [d.ordinal, d.id]), [[1, 101], [2, 102], [3, 104]]);
  assert.deepEqual([rec.body.documents[1].number, rec.body.documents[1].code_number, rec.body.documents[1].code_notation, rec.body.documents[1].direction], ['05/QĐ-UBND', '05', 'QĐ-UBND', 'out']);
  assert.deepEqual(dbRows(srv.db, 'SELECT id, record_id, doc_ordinal FROM document WHERE id IN (101, 102, 104) ORDER BY id'),
    [{ id: 101, record_id: ids.one, doc_ordinal: 1 }, { id: 102, record_id: ids.one, doc_ordinal: 2 }, { id: 104, record_id: ids.one, doc_ordinal: 3 }]);
  assert.equal(dbValue(srv.db, "SELECT note FROM document_event WHERE document_id = 101 AND action = 'file'"), `Lập vào hồ sơ ${VP}.2026.01.VP, số thứ tự 1`);
  assert.equal(dbValue(srv.db, "SELECT count(*) FROM audit_log WHERE action = 'work_record.file'"), 3);
});

test('filing refuses what does not belong: filed already, a draft, a returned one, another unit\'s, one unseen', async (t) => {
  const file = (doc, body = {}) => call('vanthu', 'POST', `/api/v1/work-records/${ids.one}/documents`, { document_id: doc, ...body });
  expectError(t, await file(101), 409, 'already_filed');
  expectError(t, await file(103), 409, 'document_not_final');
  expectError(t, await file(108), 409, 'document_not_final');
  const wrong = await file(107);
  expectError(t, wrong, 422, 'wrong_unit');
  // Another commune's document, a confidential one not shared with the clerk, and none at all: the same 404.
  for (const doc of [106, 105, 999]) {
    const r = await file(doc);
    expectError(t, r, 404, 'not_found');
    assert.equal(r.body.error.field, 'document_id');
  }
  expectError(t, await call('vanthu', 'POST', `/api/v1/work-records/${ids.one}/documents`, { document_id: 'x' }), 422, 'invalid_field');
  expectError(t, await file(102, { move: 'yes' }), 422, 'invalid_field');
  // The leader, who may not see document 105 either, cannot file it; the clerk named on it can.
  expectError(t, await call('lanhdao', 'POST', `/api/v1/work-records/${ids.commune}/documents`, { document_id: 105 }), 404, 'not_found');
  assert.equal(dbValue(srv.db, 'SELECT count(*) FROM document WHERE id = 105 AND record_id IS NOT NULL'), 0);
});

test('a document filed elsewhere moves only when asked; the record it left closes its gap', async (t) => {
  const r = await call('vanthu', 'POST', `/api/v1/work-records/${ids.two}/documents`, { document_id: 101 });
  expectError(t, r, 409, 'already_filed');
  assert.match(r.body.error.message, /01\.VP/);
  const moved = await call('vanthu', 'POST', `/api/v1/work-records/${ids.two}/documents`, { document_id: 101, move: true });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.equal(moved.body.doc_ordinal, 1);
  const left = await call('vanthu', 'GET', `/api/v1/work-records/${ids.one}`);
  assert.deepEqual(left.body.documents.map((d) => [d.ordinal, d.id]), [[1, 102], [2, 104]]);
  assert.deepEqual([left.body.doc_total, left.body.page_total], [2, 3]);
  // Taken out of an open record, then filed again at its end.
  const out = await call('vanthu', 'DELETE', `/api/v1/work-records/${ids.one}/documents/102`);
  assert.equal(out.status, 200, JSON.stringify(out.body));
  assert.equal(out.body.doc_total, 1);
  assert.equal(dbValue(srv.db, 'SELECT doc_ordinal FROM document WHERE id = 104'), 1);
  assert.equal(dbValue(srv.db, 'SELECT count(*) FROM document WHERE id = 102 AND record_id IS NULL AND doc_ordinal IS NULL'), 1);
  expectError(t, await call('vanthu', 'DELETE', `/api/v1/work-records/${ids.one}/documents/102`), 404, 'not_found');
  const again = await call('vanthu', 'POST', `/api/v1/work-records/${ids.one}/documents`, { document_id: 102 });
  assert.equal(again.body.doc_ordinal, 2);
  assert.deepEqual(dbRows(srv.db, "SELECT action FROM document_event WHERE document_id = 101 ORDER BY id").map((e) => e.action), ['file', 'unfile', 'file']);
});

test('a confidential document is filed only by one who may see it, and listed only to them', async (t) => {
  const clerk = await call('vanthu', 'GET', `/api/v1/work-records/${ids.one}`);
  assert.deepEqual(clerk.body.documents.map((d) => d.id), [104, 102]);
  assert.equal(clerk.body.hidden_documents, 0);
  const leader = await call('lanhdao', 'GET', `/api/v1/work-records/${ids.one}`);
  assert.equal(leader.status, 200);
  assert.deepEqual(leader.body.documents.map((d) => d.id), [102], 'the leader is not named on document 104');
  assert.deepEqual([leader.body.hidden_documents, leader.body.doc_total], [1, 2]);
  assert.ok(!JSON.stringify(leader.body).includes('Tài liệu mật'));
  // A clerk of the same office without access cannot file or take it out.
  const other = await call('vanthu2', 'DELETE', `/api/v1/work-records/${ids.one}/documents/104`);
  expectError(t, other, 404, 'not_found');
});

test('the cover (mục lục văn bản) exports as XLSX and PDF, confidential rows only for those who see them', async (t) => {
  const xlsx = await raw('vanthu', `/api/v1/work-records/${ids.one}/export?format=xlsx`);
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.type, /spreadsheetml/);
  assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK');
  assert.match(xlsx.disposition, /muc-luc-ho-so-000\.01\.01\.H42-2026-01\.VP\.xlsx/);
  const pdf = await raw('lanhdao', `/api/v1/work-records/${ids.one}/export?format=pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.type, 'application/pdf');
  assert.equal(pdf.bytes.subarray(0, 5).toString(), '%PDF-');
  const bad = await call('vanthu', 'GET', `/api/v1/work-records/${ids.one}/export?format=docx`);
  expectError(t, bad, 422, 'invalid_field');
  expectError(t, await call('bvanthu', 'GET', `/api/v1/work-records/${ids.one}/export?format=pdf`), 404, 'not_found');
});

test('a record changes while open; year and unit stay; a taken notation is 409', async (t) => {
  const r = await call('vanthu', 'PATCH', `/api/v1/work-records/${ids.two}`, { title: 'Hồ sơ thi đua, khen thưởng năm 2026', creator: 'vanthu2', language: 'Tiếng Việt' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.title, r.body.creator], ['Hồ sơ thi đua, khen thưởng năm 2026', 'vanthu2']);
  expectError(t, await call('vanthu', 'PATCH', `/api/v1/work-records/${ids.two}`, { file_notation: '01.VP' }), 409, 'duplicate_notation');
  expectError(t, await call('vanthu', 'PATCH', `/api/v1/work-records/${ids.two}`, { year: 2027 }), 422, 'invalid_field');
  expectError(t, await call('vanthu', 'PATCH', `/api/v1/work-records/${ids.two}`, { end_date: '2025-12-31' }), 422, 'invalid_field');
  expectError(t, await call('vanthu', 'PATCH', `/api/v1/work-records/${ids.two}`, { maintenance: '10' }), 422, 'invalid_field');
  assert.equal(dbValue(srv.db, "SELECT count(*) FROM audit_log WHERE action = 'work_record.update'"), 1);
});

test('roles and units: who may not keep records is refused; another commune\'s record is not there', async (t) => {
  for (const user of ['quantri', 'motcua']) {
    expectError(t, await call(user, 'GET', '/api/v1/work-records'), 403, 'forbidden');
    expectError(t, await call(user, 'POST', `/api/v1/work-records/${ids.one}/documents`, { document_id: 102 }), 403, 'forbidden');
  }
  expectError(t, await call('bvanthu', 'GET', `/api/v1/work-records/${ids.one}`), 404, 'not_found');
  expectError(t, await call('bvanthu', 'PATCH', `/api/v1/work-records/${ids.one}`, { title: 'Đổi' }), 403, 'out_of_scope');
  expectError(t, await call('bvanthu', 'POST', `/api/v1/work-records/${ids.one}/documents`, { document_id: 106 }), 403, 'out_of_scope');
  expectError(t, await call('bvanthu', 'POST', `/api/v1/work-records/${ids.one}/close`, {}), 403, 'out_of_scope');
  expectError(t, await call('bvanthu', 'GET', `/api/v1/work-records?unit=${VP}`), 403, 'out_of_scope');
  expectError(t, await call('bvanthu', 'POST', '/api/v1/work-records', { ...RECORD, unit: VP }), 403, 'out_of_scope');
  // An office's specialist does not reach another office's catalog.
  expectError(t, await call('chuyenvien', 'GET', `/api/v1/work-records/${ids.one}`), 404, 'not_found');
  // A record of the commune cannot take a document of the other commune.
  expectError(t, await call('lanhdao', 'POST', `/api/v1/work-records/${ids.commune}/documents`, { document_id: 106 }), 404, 'not_found');
  expectError(t, await call('lanhdao', 'GET', '/api/v1/work-records/99999'), 404, 'not_found');
});

test('closing: by its creator or a leader; then it is read only', async (t) => {
  const notYours = await call('vanthu2', 'POST', `/api/v1/work-records/${ids.one}/close`, {});
  expectError(t, notYours, 403, 'closing_not_allowed');
  expectError(t, await call('vanthu', 'POST', `/api/v1/work-records/${ids.one}/close`, { end_date: '2026-10-16' }), 422, 'invalid_field');
  expectError(t, await call('vanthu', 'POST', `/api/v1/work-records/${ids.one}/close`, { end_date: '2025-12-31' }), 422, 'invalid_field');
  const closed = await call('lanhdao', 'POST', `/api/v1/work-records/${ids.one}/close`, {});
  assert.equal(closed.status, 200, JSON.stringify(closed.body));
  assert.deepEqual([closed.body.status, closed.body.end_date, closed.body.closed_by], ['closed', '2026-10-15', 'lanhdao']);
  assert.equal(dbValue(srv.db, "SELECT count(*) FROM audit_log WHERE action = 'work_record.close'"), 1);
  // Read only from now on.
  expectError(t, await call('vanthu', 'PATCH', `/api/v1/work-records/${ids.one}`, { title: 'Đổi' }), 409, 'record_closed');
  expectError(t, await call('vanthu', 'POST', `/api/v1/work-records/${ids.one}/documents`, { document_id: 101, move: true }), 409, 'record_closed');
  expectError(t, await call('vanthu', 'DELETE', `/api/v1/work-records/${ids.one}/documents/102`), 409, 'record_closed');
  expectError(t, await call('vanthu', 'POST', `/api/v1/work-records/${ids.one}/close`, {}), 409, 'record_closed');
  // Nor does a document leave it for another record.
  const move = await call('vanthu', 'POST', `/api/v1/work-records/${ids.two}/documents`, { document_id: 102, move: true });
  expectError(t, move, 409, 'record_closed');
  assert.equal(move.body.error.field, 'move');
  assert.equal(dbValue(srv.db, 'SELECT record_id FROM document WHERE id = 102'), ids.one);
  // Its creator (changed above) closes their own.
  const own = await call('vanthu2', 'POST', `/api/v1/work-records/${ids.two}/close`, { end_date: '2026-10-01' });
  assert.equal(own.status, 200, JSON.stringify(own.body));
  assert.equal(own.body.end_date, '2026-10-01');
  const rec = await call('vanthu', 'GET', `/api/v1/work-records/${ids.one}`);
  assert.deepEqual([rec.body.doc_total, rec.body.documents.length], [2, 2]);
  assert.equal((await raw('vanthu', `/api/v1/work-records/${ids.one}/export?format=pdf`)).status, 200);
});
