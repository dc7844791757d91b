// Số liệu văn bản for the leaders: a unit's incoming and outgoing documents of
// a year, electronic or not, handled on time or late, open in time or
// overdue, month by month; confidential ones counted, never listed. And the
// plan's document indicators computed from the same table. Documents are
// put in the table directly, as each way of making them records them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, json, addUser, signInFully, expectError, bin } from './server.mjs';
import { dbExec } from './db.mjs';

const A = '000.00.01.H42', VP = '000.01.01.H42', B = '000.00.02.H42';
let srv;
const s = {};
before(async () => {
  srv = await startServer({
    setup: (p) => {
      execFileSync(bin, ['unit', 'add', '--code', B, '--kind', 'commune', '--name', 'Ủy ban nhân dân xã Bên Cạnh', '--db', p.db], { encoding: 'utf8' });
      addUser(p, 'lanhdao', 'leader', A);
      addUser(p, 'vanthu', 'clerk', VP);
      addUser(p, 'motcua', 'reception', '000.04.01.H42');
      addUser(p, 'blanhdao', 'leader', B);
    },
  });
  for (const u of ['lanhdao', 'vanthu', 'motcua', 'blanhdao']) s[u] = await signInFully(srv.base, u);
  seed();
});
after(async () => { await srv.stop(); srv.cleanup(); });

const clock = '2026-10-15T09:00:00+07:00';
async function call(user, method, path, body) {
  const headers = { 'X-Test-Now': clock, Cookie: s[user].cookie, 'X-CSRF-Token': s[user].csrf };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return json(await fetch(srv.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}

const unitId = (code) => `(SELECT id FROM unit WHERE agency_code = '${code}')`;
const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${v}'`);
let seq = 0;
function doc(d) {
  const out = d.direction === 'out';
  seq++;
  dbExec(srv.db, `INSERT INTO document (id, direction, unit_id, status, type_code, type_name, organ_name, subject, secrecy,
    register, year, seq, arrival_date, received_via, due_at, due_date, completed_at, issued_date, issued_at, sent_at, handling_unit_id,
    created_by, created_at, updated_at) VALUES (${d.id}, '${d.direction}', ${unitId(d.unit ?? A)}, '${d.status}',
    'cong_van', 'Công văn', 'Ủy ban nhân dân tỉnh', 'Văn bản thử ${d.id}', '${d.secrecy ?? ''}',
    ${d.numbered === false ? 'NULL' : `'${out ? 'out' : 'in'}${d.secrecy ? '_secret' : ''}'`},
    ${d.numbered === false ? 'NULL' : d.year ?? 2026}, ${d.numbered === false ? 'NULL' : seq}, ${q(out ? null : d.arrival)}, ${q(out ? null : d.way)},
    ${q(d.due_at)}, ${q(d.due_date)}, ${q(d.completed)}, ${q(d.issued_date)}, ${q(d.issued_at)}, ${q(d.sent_at)},
    ${d.handling ? unitId(d.handling) : 'NULL'}, 'thu', '2026-09-01T01:00:00.000Z', '2026-09-01T01:00:00.000Z')`);
  if (d.way) {
    dbExec(srv.db, `INSERT INTO document_event (document_id, at, actor, action, to_status, status_code, note)
      VALUES (${d.id}, '${d.arrival}', 'thu', 'register', 'registered', '03', 'Số đến ${seq}')`);
  }
  if (d.signed) {
    dbExec(srv.db, `INSERT INTO document_signature (document_id, key_id, file_sha256, signed_at, signature)
      VALUES (${d.id}, 900, '${'a'.repeat(64)}', '${d.issued_at ?? '2026-10-14T01:00:00.000Z'}', 'chữ ký')`);
  }
}
function seed() {
  dbExec(srv.db, `INSERT INTO signing_key (id, account_id, public_key, secret_sealed, created_at)
    VALUES (900, (SELECT id FROM account WHERE username = 'lanhdao'), '${'b'.repeat(64)}', '${'c'.repeat(64)}', '2026-01-01T00:00:00.000Z')`);
  // Incoming: September and October.
  doc({ id: 201, direction: 'in', status: 'done', arrival: '2026-09-03T02:00:00.000Z', way: 'edxml', due_at: '2026-09-10T10:00:00.000Z', completed: '2026-09-09T08:00:00.000Z', handling: VP });
  doc({ id: 202, direction: 'in', status: 'done', arrival: '2026-09-04T02:00:00.000Z', way: 'paper', due_at: '2026-09-10T10:00:00.000Z', completed: '2026-09-12T08:00:00.000Z' });
  doc({ id: 203, direction: 'in', status: 'in_progress', arrival: '2026-09-20T02:00:00.000Z', way: 'direct', due_at: '2026-10-01T10:00:00.000Z' });
  doc({ id: 204, direction: 'in', status: 'assigned', arrival: '2026-10-02T02:00:00.000Z', way: 'paper', due_date: '2026-10-20', secrecy: 'mat' });
  doc({ id: 205, direction: 'in', status: 'registered', arrival: '2026-10-05T02:00:00.000Z', way: 'edxml' });
  doc({ id: 206, direction: 'in', status: 'refused', arrival: '2026-10-06T02:00:00.000Z', way: 'paper' });
  // Arrived at 06:30 on 1 October Vietnam time, still 30 September in UTC: October's.
  doc({ id: 209, direction: 'in', status: 'registered', arrival: '2026-09-30T23:30:00.000Z', way: 'paper', due_date: '2026-10-14' });
  doc({ id: 207, direction: 'in', status: 'done', arrival: '2025-12-03T02:00:00.000Z', way: 'edxml', year: 2025 });
  doc({ id: 208, direction: 'in', unit: B, status: 'registered', arrival: '2026-09-03T02:00:00.000Z', way: 'edxml' });
  // Outgoing.
  doc({ id: 210, direction: 'out', status: 'sent', issued_date: '2026-09-15', issued_at: '2026-09-15T03:00:00.000Z', sent_at: '2026-09-15T04:00:00.000Z', signed: true });
  doc({ id: 211, direction: 'out', status: 'issued', issued_date: '2026-10-02', issued_at: '2026-10-02T03:00:00.000Z', signed: true });
  doc({ id: 212, direction: 'out', status: 'sent', issued_date: '2026-10-05', issued_at: '2026-10-05T03:00:00.000Z', sent_at: '2026-10-05T04:00:00.000Z' });
  doc({ id: 213, direction: 'out', status: 'signed', signed: true });
  doc({ id: 214, direction: 'out', status: 'draft', numbered: false });
}

test('the figures of the commune\'s year: received, electronic, on time, late, overdue, issued, by month', async () => {
  const r = await call('lanhdao', 'GET', `/api/v1/documents/stats?unit=${A}&year=2026`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.unit, r.body.year], [A, 2026]);
  const { incoming, outgoing } = r.body;
  assert.deepEqual(
    [incoming.received, incoming.electronic, incoming.done_on_time, incoming.done_late, incoming.open_overdue, incoming.open_in_time, incoming.refused, incoming.confidential],
    [7, 3, 1, 1, 2, 2, 1, 1],
  );
  assert.equal(Math.round(incoming.electronic_rate * 100) / 100, Math.round((3 / 7) * 10000) / 100);
  assert.deepEqual([outgoing.issued, outgoing.electronic, outgoing.awaiting_issue, outgoing.confidential], [3, 1, 1, 0]);
  assert.equal(r.body.by_month.length, 12);
  assert.deepEqual(r.body.by_month[8], { month: 9, incoming: 3, outgoing: 1 });
  assert.deepEqual(r.body.by_month[9], { month: 10, incoming: 4, outgoing: 2 });
  assert.ok(!JSON.stringify(r.body).includes('Văn bản thử'), 'no document is named');
  // The year defaults to this one; the unit to the caller's.
  assert.deepEqual((await call('lanhdao', 'GET', '/api/v1/documents/stats')).body.incoming, incoming);
  const last = await call('lanhdao', 'GET', '/api/v1/documents/stats?year=2025');
  assert.deepEqual([last.body.incoming.received, last.body.incoming.electronic, last.body.outgoing.issued], [1, 1, 0]);
});

test('an office\'s figures hold what it handles', async () => {
  const r = await call('vanthu', 'GET', `/api/v1/documents/stats?unit=${VP}&year=2026`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.incoming.received, r.body.incoming.done_on_time, r.body.outgoing.issued], [1, 1, 0]);
});

test('the figures are for those who read documents, within their units', async () => {
  expectError(t0(), await call('motcua', 'GET', '/api/v1/documents/stats'), 403, 'forbidden');
  expectError(t0(), await call('blanhdao', 'GET', `/api/v1/documents/stats?unit=${A}`), 403, 'out_of_scope');
  expectError(t0(), await call('lanhdao', 'GET', '/api/v1/documents/stats?year=20x6'), 422, 'invalid_field');
  expectError(t0(), await call('lanhdao', 'GET', '/api/v1/documents/stats?unit=000.99.99.H42'), 404, 'not_found');
  const other = await call('blanhdao', 'GET', '/api/v1/documents/stats?year=2026');
  assert.deepEqual([other.body.unit, other.body.incoming.received, other.body.incoming.electronic], [B, 1, 1]);
});

// expectError wants a test context only for its assert.
const t0 = () => ({ assert });

const tasksCsv = 'TT,Nhiệm vụ chính,Mục tiêu/chỉ tiêu/kết quả đạt được,Thời gian triển khai/hoàn thành,Đơn vị chủ trì,Đơn vị phối hợp,Kinh phí (triệu đồng),Nguồn ngân sách\n'
  + '1,Triển khai hệ thống văn bản điều hành,Văn bản đi đến trên môi trường mạng,Quý IV/2026,Văn phòng HĐND-UBND,,10,Ngân sách xã\n';
// Indicator 17 of the seed plan as typed, and the signing figure its narrative asks for.
const indicatorsCsv = 'TT,Nội dung chỉ tiêu,Chủ trì,Phối hợp\n'
  + '1,"Tỷ lệ xử lý văn bản, hồ sơ công việc toàn trình trên môi trường điện tử của các cơ quan hành chính nhà nước đạt 100%",Văn phòng HĐND-UBND,\n'
  + '2,Tỷ lệ văn bản điện tử có ký số đạt 100%,Văn phòng HĐND-UBND,\n'
  + '3,Tỷ lệ người dân có chữ ký số ≥ 5%.,Phòng Văn hóa – Xã hội,\n';

test('the plan\'s document indicators show live values computed from the documents', async () => {
  const imported = await call('lanhdao', 'POST', '/api/v1/plans/import', { tasks_csv: tasksCsv, indicators_csv: indicatorsCsv });
  assert.equal(imported.status, 201, JSON.stringify(imported.body));
  const plan = await call('lanhdao', 'GET', `/api/v1/plans/${imported.body.plan_id}`);
  const [electronic, signed, citizens] = plan.body.indicators;
  assert.deepEqual([electronic.metric, signed.metric, citizens.metric ?? null], ['doc_electronic', 'doc_signed', null]);
  // Confidential ones are left out (the seed plan: "trừ văn bản mật"). This
  // month (October): incoming 205 (edXML), 206, 209; outgoing 211 (signed,
  // not sent), 212 (sent, unsigned). The year: incoming 201–203, 205, 206,
  // 209; outgoing 210–212.
  const monthly = Boolean(electronic.actual.period);
  assert.deepEqual([electronic.actual.numerator, electronic.actual.denominator], monthly ? [1, 5] : [4, 9]);
  assert.deepEqual([signed.actual.numerator, signed.actual.denominator], monthly ? [1, 2] : [2, 3]);
  assert.equal(signed.actual.value, monthly ? 50 : 200 / 3);
  assert.equal(signed.actual.met, false);
  const trend = await call('lanhdao', 'GET', `/api/v1/plans/${imported.body.plan_id}/indicators/${electronic.id}`);
  assert.equal(trend.status, 200, JSON.stringify(trend.body));
  const sept = JSON.stringify(trend.body).includes('"2026-09"');
  assert.ok(sept, 'the month-by-month trend has September');
});
