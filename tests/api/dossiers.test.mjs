// The one-stop dossier: intake, the workflow, time, the national statuses,
// the applicant's lookup and rating. Every request carries the test clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { startServer, json, addUser, signInFully, bin } from './server.mjs';
import { dbValue } from './db.mjs';

let srv;
const s = {};
before(async () => {
  srv = await startServer({
    env: { XASO_SIGNING_KEY: '8f'.repeat(32), XASO_BANK_BIN: '970415', XASO_BANK_ACCOUNT: '113366668888' },
    setup: (p) => {
      const run = (args, input) => spawnSync(bin, [...args, '--db', p.db], { input, encoding: 'utf8' });
      run(['unit', 'add', '--code', '000.00.02.H42', '--kind', 'commune', '--name', 'Ủy ban nhân dân xã Bên Cạnh']);
      addUser(p, 'quantri', 'admin');
      // The catalog is every commune's: its administrator holds the role on both.
      run(['user', 'grant', 'quantri', '--unit', '000.00.02.H42', '--role', 'admin']);
      addUser(p, 'motcua', 'reception', '000.04.01.H42');
      addUser(p, 'chuyenvien', 'specialist', '000.03.01.H42');
      addUser(p, 'lanhdao', 'leader', '000.00.01.H42');
      addUser(p, 'cvkhac', 'specialist', '000.00.02.H42');
      addUser(p, 'mckhac', 'reception', '000.00.02.H42');
    },
  });
  for (const u of ['quantri', 'motcua', 'chuyenvien', 'lanhdao', 'cvkhac', 'mckhac']) s[u] = await signInFully(srv.base, u);
  const procedures = [
    ['9.000101', 'Xác nhận thử ba bước', { unit: 'working_days', amount: 5 }, 'counter_specialist_leader'],
    ['9.000102', 'Chứng thực thử trong ngày', { unit: 'same_day' }, 'same_day'],
    ['9.000103', 'Liên thông thử', { unit: 'working_days', amount: 3 }, 'counter_specialist_other_level_leader'],
    ['9.000104', 'Đang rà soát', { unit: 'working_days', amount: 3 }, 'same_day', { review: { status: 'pending', reasons: ['thử'] } }],
    ['9.000105', 'Có lệ phí', { unit: 'working_days', amount: 2 }, 'same_day', { fees: [{ kind: 'charge', amount: 50000, description: 'Lệ phí cấp giấy', exempt: 'Hộ nghèo' }] }],
  ];
  for (const [code, name, time, template, extra] of procedures) {
    const r = await call('quantri', 'POST', '/api/v1/catalog/procedures', {
      code, name, field: 'Thử nghiệm', time, workflow: { template },
      documents: [{ name: 'Tờ khai', kind: 'submit' }, { name: 'Căn cước', kind: 'present', reusable_from: 'cccd' }],
      form: [{ key: 'ho_ten', label: 'Họ và tên', type: 'text', required: true, prefill: 'full_name' },
        { key: 'so_dinh_danh', label: 'Số định danh', type: 'cccd', required: true, prefill: 'cccd' },
        { key: 'muc_dich', label: 'Mục đích', type: 'text', required: false }],
      ...extra,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
});
after(async () => { await srv.stop(); srv.cleanup(); });

let clock = '2026-11-23T09:00:00+07:00';
async function call(user, method, path, body, extraHeaders = {}) {
  const headers = { 'X-Test-Now': clock, ...extraHeaders };
  if (user) Object.assign(headers, { Cookie: s[user].cookie, 'X-CSRF-Token': s[user].csrf });
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return json(await fetch(srv.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}
const applicant = { cccd: '042190001234', full_name: 'Nguyễn Thị Mai', phone: '0912345678', address: 'Thôn Đông' };
const receive = (procedure, extra = {}) => call('motcua', 'POST', '/api/v1/dossiers', { procedure, applicant, ...extra });
async function act(user, code, action, extra = {}) {
  const current = await call(user, 'GET', `/api/v1/dossiers/${code}`);
  return call(user, 'POST', `/api/v1/dossiers/${code}/actions`, { action, version: current.body.version, ...extra });
}
const local = (iso) => new Date(new Date(iso).getTime() + 7 * 3600e3).toISOString().slice(0, 16).replace('T', ' ');

test('counter → specialist → leader → return: the whole life, in the national statuses', async () => {
  clock = '2026-11-23T09:00:00+07:00';
  const r = await receive('9.000101', { documents: [] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const code = r.body.code;
  assert.match(code, /^000\.04\.01\.H42-261123-\d{4}$/);
  assert.equal(r.body.status, 2);
  assert.equal(local(r.body.due_at), '2026-11-30 09:00', '5 working days');
  const flow = [
    ['motcua', 'forward', 4, 'Đang xử lý'],
    ['chuyenvien', 'claim', 4],
    ['chuyenvien', 'forward', 4],
    ['lanhdao', 'approve', 4],
    ['motcua', 'issue_result', 9, 'Đã xử lý xong', { electronic: false, paper: true }],
    ['motcua', 'return', 10, 'Đã trả kết quả', { return_channel: 1 }],
  ];
  for (const [user, action, status, title, extra] of flow) {
    const done = await act(user, code, action, extra);
    assert.equal(done.status, 200, `${user} ${action}: ${JSON.stringify(done.body)}`);
    assert.equal(done.body.status, status, action);
    if (title) assert.equal(done.body.status_title, title);
  }
  const detail = await call('lanhdao', 'GET', `/api/v1/dossiers/${code}`);
  assert.equal(detail.body.end_kind, 'returned');
  assert.deepEqual(detail.body.events.map((e) => e.action), ['receive', 'forward', 'claim', 'forward', 'approve', 'issue_result', 'return']);
  assert.equal(detail.body.step_dues.at(-1), detail.body.due_at, 'the steps add up to the whole');
  assert.equal(detail.body.applicant.full_name, 'Nguyễn Thị Mai');
  assert.equal(detail.body.documents.length, 2);
  assert.ok(dbValue(srv.db, "SELECT count(*) FROM audit_log WHERE action LIKE 'dossier.%'") >= 7);
});

test('same day at the counter, and a due date over Tết', async () => {
  clock = '2026-11-23T10:00:00+07:00';
  const r = await receive('9.000102');
  assert.equal(local(r.body.due_at), '2026-11-23 17:00');
  assert.equal((await act('motcua', r.body.code, 'issue_result')).body.status, 9);
  assert.equal((await act('motcua', r.body.code, 'return')).body.status, 10);
  clock = '2026-11-23T16:00:00+07:00';
  assert.equal(local((await receive('9.000102')).body.due_at), '2026-11-24 17:00', 'after the cut-off: the next working day');
  clock = '2026-02-13T09:00:00+07:00';
  const tet = await receive('9.000101');
  assert.equal(local(tet.body.due_at), '2026-02-27 09:00', 'Tết 14-22/2 is not counted');
});

test('another level: transferred and back, counted once', async () => {
  clock = '2026-11-24T08:00:00+07:00';
  const { body: { code } } = await receive('9.000103');
  await act('motcua', code, 'forward');
  await act('chuyenvien', code, 'forward');
  const t = await act('chuyenvien', code, 'transfer', { unit: '000.00.02.H42', note: 'Liên thông xã Bên Cạnh xác minh' });
  assert.equal(t.status, 200, JSON.stringify(t.body));
  const theirs = await call('cvkhac', 'GET', '/api/v1/dossiers/queue');
  assert.ok(theirs.body.items.some((d) => d.code === code));
  assert.ok(!(await call('chuyenvien', 'GET', '/api/v1/dossiers/queue')).body.items.some((d) => d.code === code));
  assert.equal((await act('cvkhac', code, 'forward')).status, 200);
  assert.equal((await act('lanhdao', code, 'approve')).status, 200);
  assert.equal((await act('motcua', code, 'issue_result')).status, 200);
  assert.equal(dbValue(srv.db, `SELECT count(*) FROM dossier WHERE code = '${code}'`), 1);
});

test('any-location: received at one commune for another commune', async () => {
  clock = '2026-11-24T09:00:00+07:00';
  const r = await receive('9.000101', { competent_unit: '000.00.02.H42' });
  assert.equal(r.status, 201);
  const { code } = r.body;
  assert.match(code, /^000\.04\.01\.H42-/, 'coded by the unit that received it');
  await act('motcua', code, 'forward');
  assert.ok((await call('cvkhac', 'GET', '/api/v1/dossiers/queue')).body.items.some((d) => d.code === code));
  const ours = await act('chuyenvien', code, 'claim');
  assert.equal(ours.status, 403, 'the competent commune handles it');
  const detail = await call('cvkhac', 'GET', `/api/v1/dossiers/${code}`);
  assert.equal(detail.body.receiving_unit.agency_code, '000.04.01.H42');
  assert.equal(detail.body.competent_unit.agency_code, '000.00.02.H42');
});

test('refusals at intake name the field and write nothing', async () => {
  clock = '2026-11-25T09:00:00+07:00';
  const before = dbValue(srv.db, 'SELECT count(*) FROM dossier');
  const cases = [
    [{ procedure: '9.000101', applicant: { ...applicant, cccd: '003190001234' } }, 422, 'applicant.cccd'],
    [{ procedure: '9.000101', applicant: { ...applicant, cccd: '04219000123' } }, 422, 'applicant.cccd'],
    [{ procedure: '9.000101', applicant: { ...applicant, birth_date: '1985-01-01' } }, 422, 'applicant.birth_date'],
    [{ procedure: '9.000101', applicant: { ...applicant, phone: '12345' } }, 422, 'applicant.phone'],
    [{ procedure: '9.000101', applicant: { cccd: applicant.cccd } }, 422, 'applicant.full_name'],
    [{ procedure: '9.999999', applicant }, 422, 'procedure'],
    [{ procedure: '9.000104', applicant }, 422, 'procedure'],
    [{ procedure: '9.000101', applicant, form: { muc_dich: 42 } }, 422, 'form.muc_dich'],
    [{ procedure: '9.000101', applicant, form: { la: 'x' } }, 422, 'form.la'],
    [{ procedure: '9.000101', applicant, documents: [{ id: 99999, state: 'original' }] }, 422, 'documents[0].id'],
    [{ procedure: '9.000101', applicant, documents: [{ id: 1, state: 'photocopy' }] }, 422, 'documents[0]'],
    [{ procedure: '9.000101', applicant, competent_unit: '000.09.09.H42' }, 422, 'competent_unit'],
    [{ procedure: '9.000101', applicant, channel: 2 }, 422, 'channel'],
  ];
  for (const [body, status, field] of cases) {
    const r = await call('motcua', 'POST', '/api/v1/dossiers', body);
    assert.equal(r.status, status, JSON.stringify(body));
    assert.equal(r.body.error.field, field, JSON.stringify(body));
  }
  const elsewhere = await call('mckhac', 'POST', '/api/v1/dossiers', { procedure: '9.000101', applicant, receiving_unit: '000.04.01.H42' });
  assert.equal(elsewhere.status, 403);
  assert.equal((await call('chuyenvien', 'POST', '/api/v1/dossiers', { procedure: '9.000101', applicant })).status, 403);
  assert.equal(dbValue(srv.db, 'SELECT count(*) FROM dossier'), before);
});

test('actions out of turn or out of the workflow are refused; a stale version gets 409 with the current state', async () => {
  clock = '2026-11-25T10:00:00+07:00';
  const { body: { code } } = await receive('9.000101');
  assert.equal((await act('chuyenvien', code, 'forward')).status, 403, 'not the specialist\'s turn yet');
  const approve = await act('motcua', code, 'approve');
  assert.equal(approve.status, 422);
  assert.equal(approve.body.error.code, 'action_not_allowed');
  assert.equal((await act('motcua', code, 'fly')).status, 422);
  assert.equal((await act('motcua', code, 'refuse')).body.error.field, 'reason');
  const v = (await call('motcua', 'GET', `/api/v1/dossiers/${code}`)).body.version;
  assert.equal((await call('motcua', 'POST', `/api/v1/dossiers/${code}/actions`, { action: 'forward', version: v })).status, 200);
  const stale = await call('motcua', 'POST', `/api/v1/dossiers/${code}/actions`, { action: 'forward', version: v });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'conflict');
  assert.equal(stale.body.current.status, 4);
  assert.equal(stale.body.current.version, v + 1);
  assert.equal((await act('chuyenvien', code, 'issue_result')).body.error.code, 'action_not_allowed');
  assert.equal((await act('cvkhac', code, 'claim')).status, 403, 'a specialist of another commune cannot act');
  const other = await call('cvkhac', 'GET', `/api/v1/dossiers/${code}`);
  assert.equal(other.status, 404, 'another commune\'s dossier is not there for its officials');
  const refused = await act('chuyenvien', code, 'refuse', { reason: 'Không đủ điều kiện theo quy định.' });
  assert.equal(refused.body.status, 8);
  assert.equal((await act('lanhdao', code, 'stop', { reason: 'x' })).body.error.code, 'action_not_allowed');
});

test('two officials act at once: exactly one wins', async () => {
  clock = '2026-11-26T09:00:00+07:00';
  const { body: { code, version } } = await receive('9.000101');
  const results = await Promise.all([1, 2, 3, 4].map(() => call('motcua', 'POST', `/api/v1/dossiers/${code}/actions`, { action: 'forward', version })));
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 409, 409, 409]);
});

test('concurrent intake: no duplicate codes and no gaps', async () => {
  clock = '2026-11-27T09:00:00+07:00';
  const results = await Promise.all(Array.from({ length: 24 }, (_, i) => receive('9.000102', { applicant: { ...applicant, full_name: `Người ${i}` } })));
  assert.ok(results.every((r) => r.status === 201));
  const numbers = results.map((r) => Number(r.body.code.split('-').at(-1))).sort((a, b) => a - b);
  assert.deepEqual(numbers, Array.from({ length: 24 }, (_, i) => i + 1));
});

test('a supplement pauses the clock across a weekend and a holiday', async () => {
  clock = '2026-04-23T09:00:00+07:00'; // Thursday; Mon 27/4 makes up Giỗ Tổ, 30/4 and 1/5 are off
  const { body: { code, due_at } } = await receive('9.000101');
  assert.equal(local(due_at), '2026-05-05 09:00');
  clock = '2026-04-24T10:00:00+07:00';
  await act('motcua', code, 'forward');
  const paused = await act('chuyenvien', code, 'request_supplement', { note: 'Bổ sung giấy xác nhận cư trú' });
  assert.equal(paused.body.status, 5);
  clock = '2026-04-28T10:00:00+07:00'; // 5.5 h on Friday + 2.5 h on Tuesday = one working day
  const back = await act('motcua', code, 'supply', { note: 'Đã nhận giấy xác nhận' });
  assert.equal(back.body.status, 4);
  assert.equal(local(back.body.due_at), '2026-05-06 09:00');
  const detail = await call('lanhdao', 'GET', `/api/v1/dossiers/${code}`);
  assert.equal(detail.body.step_dues.at(-1), detail.body.due_at);
  assert.equal(dbValue(srv.db, `SELECT count(*) FROM dossier_pause p JOIN dossier d ON d.id = p.dossier_id WHERE d.code = '${code}' AND p.ended_at IS NOT NULL`), 1);
});

test('repeated supplements never make a dossier overdue; a late one is flagged; the apology sets a new date', async () => {
  clock = '2026-06-01T09:00:00+07:00'; // Monday; due Monday 8/6 09:00
  const { body: { code } } = await receive('9.000101');
  await act('motcua', code, 'forward');
  for (const [ask, give] of [['2026-06-02T09:00:00+07:00', '2026-06-05T09:00:00+07:00'], ['2026-06-05T10:00:00+07:00', '2026-06-10T10:00:00+07:00']]) {
    clock = ask;
    assert.equal((await act('chuyenvien', code, 'request_supplement', { note: 'Bổ sung' })).status, 200);
    clock = give;
    assert.equal((await act('motcua', code, 'supply')).status, 200);
  }
  clock = '2026-06-10T11:00:00+07:00'; // after the first due date, long before the moved one
  await call('lanhdao', 'POST', '/api/v1/dossiers/flags', {});
  let d = (await call('lanhdao', 'GET', `/api/v1/dossiers/${code}`)).body;
  assert.equal(d.flag, null);
  assert.ok(new Date(d.due_at) > new Date('2026-06-15T00:00:00+07:00'), local(d.due_at));

  clock = '2026-07-01T09:00:00+07:00';
  await call('lanhdao', 'POST', '/api/v1/dossiers/flags', {});
  d = (await call('lanhdao', 'GET', `/api/v1/dossiers/${code}`)).body;
  assert.equal(d.flag, 'overdue');
  assert.ok((await call('lanhdao', 'GET', '/api/v1/dossiers/queue?overdue=1')).body.items.length >= 0);
  const proposed = await act('chuyenvien', code, 'propose_apology', { reason: 'Cần xác minh thêm tại thôn', new_due: '2026-07-10T17:00:00+07:00' });
  assert.equal(proposed.status, 200, JSON.stringify(proposed.body));
  assert.equal((await act('chuyenvien', code, 'approve_apology')).status, 403, 'a leader approves');
  const approved = await act('lanhdao', code, 'approve_apology');
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  assert.equal(local(approved.body.due_at), '2026-07-10 17:00');
  await call('lanhdao', 'POST', '/api/v1/dossiers/flags', {});
  assert.equal((await call('lanhdao', 'GET', `/api/v1/dossiers/${code}`)).body.flag, null);
});

test('online: submitted once however often it is retried, accepted by reception, looked up and rated by the applicant', async () => {
  clock = '2026-11-30T08:00:00+07:00';
  const body = { procedure: '9.000101', competent_unit: '000.00.01.H42', applicant: { ...applicant, phone: '0987654321' } };
  const first = await call(null, 'POST', '/api/v1/public/dossiers', body, { 'Idempotency-Key': 'thu-nghiem-0001' });
  assert.equal(first.status, 201);
  assert.equal(first.body.status, 1);
  const again = await call(null, 'POST', '/api/v1/public/dossiers', body, { 'Idempotency-Key': 'thu-nghiem-0001' });
  assert.equal(again.status, 200);
  assert.equal(again.body.code, first.body.code);
  const { code } = first.body;
  const masked = await call(null, 'GET', `/api/v1/public/dossiers/${code}`);
  assert.equal(masked.body.applicant_name, 'N***** T** M**');
  assert.equal(masked.body.applicant, undefined);
  assert.equal(masked.body.events, undefined);
  assert.equal(masked.body.status_title, 'Mới đăng ký');
  const accepted = await act('motcua', code, 'accept');
  assert.equal(accepted.body.status, 2);
  for (const [user, action] of [['motcua', 'forward'], ['chuyenvien', 'forward'], ['lanhdao', 'approve'], ['motcua', 'issue_result'], ['motcua', 'return']])
    assert.equal((await act(user, code, action)).status, 200, action);
  const mine = await call(null, 'GET', `/api/v1/public/dossiers/${code}?phone=4321`);
  assert.equal(mine.body.verified, true);
  assert.equal(mine.body.status, 10);
  assert.equal(mine.body.applicant.full_name, 'Nguyễn Thị Mai');
  const criteria = (await call(null, 'GET', '/api/v1/public/rating-criteria')).body.items;
  const scores = Object.fromEntries(criteria.map((c) => [c.code, 2]));
  assert.equal((await call(null, 'POST', `/api/v1/public/dossiers/${code}/rating`, { phone_last4: '0000', overall: 'satisfied', scores })).status, 403);
  assert.equal((await call(null, 'POST', `/api/v1/public/dossiers/${code}/rating`, { phone_last4: '4321', overall: 'so-so', scores })).body.error.field, 'overall');
  assert.equal((await call(null, 'POST', `/api/v1/public/dossiers/${code}/rating`, { phone_last4: '4321', overall: 'satisfied', scores: { ...scores, on_time: 3 } })).body.error.field, 'scores.on_time');
  assert.equal((await call(null, 'POST', `/api/v1/public/dossiers/${code}/rating`, { phone_last4: '4321', overall: 'very_satisfied', scores, comment: 'Nhanh, chu đáo.' })).status, 201);
  assert.equal((await call(null, 'POST', `/api/v1/public/dossiers/${code}/rating`, { phone_last4: '4321', overall: 'satisfied', scores })).status, 409);
});

test('the applicant withdraws; reception refuses an online submission', async () => {
  clock = '2026-12-01T09:00:00+07:00';
  const body = { procedure: '9.000101', competent_unit: '000.00.01.H42', applicant: { ...applicant, phone: '0911111111' } };
  const a = (await call(null, 'POST', '/api/v1/public/dossiers', body)).body;
  const wrong = await call(null, 'POST', `/api/v1/public/dossiers/${a.code}/actions`, { action: 'withdraw', version: a.version, phone_last4: '2222', reason: 'Không cần nữa' });
  assert.equal(wrong.status, 403);
  const forbidden = await call(null, 'POST', `/api/v1/public/dossiers/${a.code}/actions`, { action: 'accept', version: a.version, phone_last4: '1111' });
  assert.equal(forbidden.status, 403);
  const w = await call(null, 'POST', `/api/v1/public/dossiers/${a.code}/actions`, { action: 'withdraw', version: a.version, phone_last4: '1111', reason: 'Không cần nữa' });
  assert.equal(w.body.status, 7);
  const b = (await call(null, 'POST', '/api/v1/public/dossiers', body)).body;
  const no = await act('motcua', b.code, 'not_receive', { reason: 'Thủ tục không thuộc thẩm quyền của xã' });
  assert.equal(no.body.status, 3);
  assert.equal((await act('motcua', b.code, 'accept')).body.error.code, 'action_not_allowed');
});

test('the applicant profile: entered once, versioned, every read logged', async () => {
  clock = '2026-12-02T09:00:00+07:00';
  await receive('9.000102', { applicant: { ...applicant, address: 'Thôn Tây' } });
  const p = await call('motcua', 'GET', `/api/v1/citizens/${applicant.cccd}`);
  assert.equal(p.status, 200);
  assert.equal(p.body.address, 'Thôn Tây');
  assert.ok(p.body.version >= 2);
  assert.equal((await call('motcua', 'GET', '/api/v1/citizens/001190009999')).status, 404);
  assert.equal((await call('chuyenvien', 'GET', `/api/v1/citizens/${applicant.cccd}`)).status, 403);
  assert.ok(dbValue(srv.db, "SELECT count(*) FROM citizen_read WHERE reader = 'motcua'") >= 1);
  assert.ok(dbValue(srv.db, 'SELECT count(*) FROM citizen_version') >= 1);
});

test('online with files: checked by content, stored once, and nothing left behind by a refusal', async () => {
  clock = '2026-12-03T09:00:00+07:00';
  const docs = (await call(null, 'GET', '/api/v1/procedures/9.000101')).body.documents;
  const files = () => Number(execFileSync('sh', ['-c', `find ${srv.data} -type f | wc -l`], { encoding: 'utf8' }));
  const pdf = Buffer.from('%PDF-1.4\nTờ khai đã ký\n%%EOF\n');
  const png = Buffer.from('\x89PNG\r\n\x1a\nảnh chụp căn cước', 'latin1');
  const submit = (data, parts, key) => {
    const form = new FormData();
    form.append('data', JSON.stringify(data));
    for (const [name, buffer, filename, type] of parts) form.append(name, new Blob([buffer], { type }), filename);
    return fetch(`${srv.base}/api/v1/public/dossiers`, { method: 'POST', body: form, headers: { 'X-Test-Now': clock, ...(key ? { 'Idempotency-Key': key } : {}) } });
  };
  const data = { procedure: '9.000101', competent_unit: '000.00.01.H42', applicant: { ...applicant, phone: '0933333333' } };
  const before = files();
  for (const [parts, status] of [
    [[[`file:${docs[0].id}`, Buffer.from('MZ\x90\x00 not a pdf'), 'to-khai.pdf', 'application/pdf']], 415],
    [[[`file:${docs[0].id}`, pdf, 'to-khai.exe', 'application/pdf']], 415],
    [[['ảnh', pdf, 'a.pdf', 'application/pdf']], 422],
    [[[`file:${docs[0].id}`, Buffer.alloc(5 * 1024 * 1024 + 1, 0x25), 'lon.pdf', 'application/pdf']], 413],
  ]) {
    const r = await submit(data, parts);
    assert.equal(r.status, status);
  }
  // Refused after the files were stored (a procedure that takes no dossiers): they are removed.
  const closed = await submit({ ...data, procedure: '9.000104' }, [[`file:${docs[0].id}`, pdf, 'to-khai.pdf', 'application/pdf']]);
  assert.equal(closed.status, 422);
  assert.equal(files(), before, 'no file left by a refused submission');
  const broken = await fetch(`${srv.base}/api/v1/public/dossiers`, { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=XX' }, body: '--XX\r\nno headers' });
  assert.equal(broken.status, 400);

  const ok = await submit(data, [[`file:${docs[0].id}`, pdf, 'tờ khai.pdf', 'application/pdf'], [`file:${docs[1].id}`, png, 'can-cuoc.png', 'image/png']], 'tep-dinh-kem-01');
  assert.equal(ok.status, 201);
  const { code } = await ok.json();
  const again = await submit(data, [[`file:${docs[0].id}`, pdf, 'tờ khai.pdf', 'application/pdf']], 'tep-dinh-kem-01');
  assert.equal(again.status, 200);
  assert.equal((await again.json()).code, code);
  assert.equal(files(), before + 2);
  const mine = await call(null, 'GET', `/api/v1/public/dossiers/${code}?phone=3333`);
  assert.deepEqual(mine.body.documents.map((d) => [d.state, d.file_name]), [['digitized', 'tờ khai.pdf'], ['digitized', 'can-cuoc.png']]);
});

test('the electronic result: attached by the official, downloaded by the applicant', async () => {
  clock = '2026-12-04T09:00:00+07:00';
  const { body: { code } } = await receive('9.000102', { applicant: { ...applicant, phone: '0944444444' } });
  const pdf = Buffer.from('%PDF-1.4\nGiấy xác nhận đã ký\n%%EOF\n');
  const put = (user, name, data) => fetch(`${srv.base}/api/v1/dossiers/${code}/result?name=${encodeURIComponent(name)}`, {
    method: 'PUT', headers: { 'X-Test-Now': clock, Cookie: s[user].cookie, 'X-CSRF-Token': s[user].csrf, 'Content-Type': 'application/pdf' }, body: data,
  });
  assert.equal((await put('motcua', 'ket-qua.pdf', Buffer.from('GIF89a'))).status, 415);
  assert.equal((await put('cvkhac', 'ket-qua.pdf', pdf)).status, 403);
  assert.equal((await put('motcua', 'ket-qua.pdf', pdf)).status, 200);
  const early = await fetch(`${srv.base}/api/v1/public/dossiers/${code}/result?phone=4444`);
  assert.equal(early.status, 404, 'not before the result is issued');
  await act('motcua', code, 'issue_result', { electronic: true, paper: false });
  assert.equal((await fetch(`${srv.base}/api/v1/public/dossiers/${code}/result?phone=1111`)).status, 403);
  const got = await fetch(`${srv.base}/api/v1/public/dossiers/${code}/result?phone=4444`);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(Buffer.from(await got.arrayBuffer()), pdf);
  const events = (await call('motcua', 'GET', `/api/v1/dossiers/${code}`)).body.events.map((e) => e.action);
  assert.ok(events.includes('attach_result'));

  // Signed when issued: anyone can check who signed, when, and for which file.
  const verify = async (body) => (await fetch(`${srv.base}/verify/${code}`, body ? { method: 'POST', body } : { headers: { Accept: 'application/json' } })).json();
  const v = await verify();
  assert.equal(v.signature_valid, true);
  assert.equal(v.valid_for_stored, true);
  assert.equal(v.signer.name, 'Cán bộ motcua');
  assert.equal(v.key.revoked_at, null);
  const presented = await verify(pdf);
  assert.equal(presented.valid_for_presented, true, JSON.stringify(presented));
  assert.equal((await verify(Buffer.concat([pdf, Buffer.from(' ')]))).valid_for_presented, false, 'a changed file does not verify');
  const page = await fetch(`${srv.base}/verify/${code}`, { redirect: 'manual' });
  assert.equal(page.status, 303);
  assert.equal(page.headers.get('location'), `/xac-thuc/?ma=${code}`);
  // The key is revoked: still shown as the signer's, marked revoked.
  const keys = await call('quantri', 'GET', '/api/v1/signing-keys');
  assert.equal((await call('quantri', 'POST', `/api/v1/signing-keys/${v.key.id}/revoke`, { reason: 'Cán bộ chuyển công tác' })).status, 200);
  const after = await verify();
  assert.equal(after.key.revoked_reason, 'Cán bộ chuyển công tác');
  assert.ok(keys.body.items.some((k) => k.id === v.key.id));
  // A stored file changed behind the system's back no longer verifies.
  const path = `${srv.data}/files/${v.file_sha256.slice(0, 2)}/${v.file_sha256.slice(2, 4)}/${v.file_sha256}`;
  execFileSync('chmod', ['u+w', path]);
  (await import('node:fs')).appendFileSync(path, 'sửa');
  assert.equal((await verify()).valid_for_stored, false);
  assert.equal((await fetch(`${srv.base}/verify/000.00.01.H42-260101-0001`, { headers: { Accept: 'application/json' } })).status, 404);
});

test('the receipt PDF: Vietnamese labels and values intact, and a QR code to the lookup page', async () => {
  clock = '2026-12-07T09:30:00+07:00';
  const { body: { code } } = await receive('9.000101', { applicant: { ...applicant, address: 'Thôn Đông, xã Thượng Đức' }, documents: [] });
  const res = await fetch(`${srv.base}/api/v1/dossiers/${code}/papers/receipt`, { headers: { Cookie: s.motcua.cookie, 'X-Test-Now': clock } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const pdf = Buffer.from(await res.arrayBuffer());
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const dir = execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim();
  const file = `${dir}/receipt.pdf`;
  (await import('node:fs')).writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  for (const expected of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    code, 'Nguyễn Thị Mai', 'Thôn Đông, xã Thượng Đức', 'Xác nhận thử ba bước', '5 ngày làm việc', '09:30 ngày 07/12/2026',
    '09:30 ngày 14/12/2026', 'Trung tâm phục vụ hành chính công xã', 'NGƯỜI TIẾP NHẬN HỒ SƠ', 'Tờ khai: chưa nộp'])
    assert.ok(text.includes(expected), `"${expected}" in:\n${text}`);
  execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', file, `${dir}/page`]);
  const qr = execFileSync('zbarimg', ['--quiet', '--raw', `${dir}/page.png`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  assert.equal(qr, `${srv.base.replace('127.0.0.1', '127.0.0.1')}/dich-vu/?ma=${code}`);
  if (process.env.SCREENSHOT_DIR) execFileSync('cp', [`${dir}/page.png`, `${process.env.SCREENSHOT_DIR}/receipt.png`]);
  execFileSync('rm', ['-rf', dir]);
  assert.equal((await fetch(`${srv.base}/api/v1/dossiers/${code}/papers/receipt`, { headers: { Cookie: s.cvkhac.cookie } })).status, 404, 'another commune\'s dossier is not there');
  assert.equal((await fetch(`${srv.base}/api/v1/dossiers/${code}/papers/nothing`, { headers: { Cookie: s.motcua.cookie } })).status, 404);
});


test('fees: VietQR for the transfer, a bank statement matched to dossiers, cash with a receipt number, exemptions', async (t) => {
  clock = '2026-12-08T09:00:00+07:00';
  const crc16 = (text) => {
    let c = 0xffff;
    for (const b of Buffer.from(text)) {
      c ^= b << 8;
      for (let i = 0; i < 8; i++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    }
    return c.toString(16).toUpperCase().padStart(4, '0');
  };
  const a = (await receive('9.000105')).body.code;
  const b = (await receive('9.000105')).body.code;
  const pay = (await call(null, 'GET', `/api/v1/public/dossiers/${a}/payment`)).body;
  assert.equal(pay.due, 50000);
  assert.ok(pay.vietqr.startsWith('00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA53037045405500005802VN'), pay.vietqr);
  assert.ok(pay.vietqr.includes(`08${String(a.length).padStart(2, '0')}${a}`), 'the dossier code is the reference');
  assert.equal(pay.vietqr.slice(-4), crc16(pay.vietqr.slice(0, -4)));
  assert.equal((await call(null, 'GET', `/api/v1/public/dossiers/${a}`)).body.payment.vietqr, pay.vietqr);
  const svg = await fetch(`${srv.base}/api/v1/public/dossiers/${a}/vietqr.svg`);
  assert.equal(svg.headers.get('content-type'), 'image/svg+xml');

  // A statement: the bank dropped the dots and dashes; one line matches nothing; one line twice.
  const squeezed = a.replace(/[.-]/g, '');
  const statement = ['Ngày,Số tiền,Nội dung', `08/12/2026,"50,000",CHUYEN TIEN ${squeezed} LE PHI`, '08/12/2026,20000,Ung ho quy khuyen hoc',
    `08/12/2026,"50,000",CHUYEN TIEN ${squeezed} LE PHI`].join('\r\n');
  const post = (user, body) => fetch(`${srv.base}/api/v1/payments/statement`, { method: 'POST', headers: { 'Content-Type': 'text/csv', 'X-Test-Now': clock, Cookie: s[user].cookie, 'X-CSRF-Token': s[user].csrf }, body });
  const report = await (await post('motcua', statement)).json();
  assert.deepEqual(report.matched.map((m) => [m.line, m.code, m.amount]), [[2, a, 50000]]);
  assert.deepEqual(report.unmatched.map((m) => m.line), [3]);
  assert.deepEqual(report.duplicates.map((m) => m.line), [4]);
  const again = await (await post('motcua', statement)).json();
  assert.equal(again.matched.length, 0, 'an imported line is never counted twice');
  assert.equal(again.duplicates.length, 2);
  const paid = (await call(null, 'GET', `/api/v1/public/dossiers/${a}/payment`)).body;
  assert.equal(paid.paid, true);
  assert.equal(paid.vietqr, null);
  const bad = await post('motcua', 'a,b\r\n1,2');
  assert.equal(bad.status, 422);
  assert.equal((await post('chuyenvien', statement)).status, 403);

  // Cash at the counter needs the receipt number.
  const cash = (body) => call('motcua', 'POST', `/api/v1/dossiers/${b}/payments`, body);
  assert.equal((await cash({ method: 'cash', amount: 50000 })).body.error.field, 'receipt_no');
  assert.equal((await cash({ method: 'cheque', amount: 50000 })).body.error.field, 'method');
  assert.equal((await cash({ method: 'cash', amount: 0, receipt_no: 'BL-01' })).body.error.field, 'amount');
  assert.equal((await call('cvkhac', 'POST', `/api/v1/dossiers/${b}/payments`, { method: 'cash', amount: 50000, receipt_no: 'BL-01' })).status, 403);
  const ok = await cash({ method: 'cash', amount: 50000, receipt_no: 'BL-0001' });
  assert.equal(ok.status, 201);
  assert.equal(ok.body.paid, true);

  // An exemption recorded at the counter waives the fee.
  const poor = (await receive('9.000105', { fee_exemption: 'Hộ nghèo (sổ hộ nghèo số 123)' })).body.code;
  assert.equal((await call(null, 'GET', `/api/v1/public/dossiers/${poor}/payment`)).body.fee, 0);
});
