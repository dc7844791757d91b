// Văn bản đi (NĐ 30/2020): drafting, submitting, returning, signing with the
// number taken in the same write, issuing and sending — a unit of this
// deployment gets the document at once as an incoming one — and the signed
// PDF, which verifies, while a tampered copy does not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify as edVerify } from 'node:crypto';
import { startServer, json, addUser, signInFully, expectError, xaso } from './server.mjs';
import { dbRows, dbExec } from './db.mjs';

let srv;
const s = {};
const users = ['quantri', 'lanhdao', 'lanhdao2', 'lanhdaovx', 'chuyenvien', 'vanthu', 'motcua', 'lanhdaosk', 'chuyenviensk', 'vanthusk'];
before(async () => {
  srv = await startServer({
    env: { XASO_SIGNING_KEY: '8f'.repeat(32) },
    setup: (p) => {
      const db = ['--db', p.db, '--data-dir', p.data];
      // A second commune of the same deployment, with an office.
      xaso(['unit', 'add', ...db, '--code', '000.00.02.H42', '--kind', 'commune', '--name', 'Ủy ban nhân dân xã Sơn Kim']);
      xaso(['unit', 'add', ...db, '--code', '000.01.02.H42', '--kind', 'office', '--name', 'Văn phòng HĐND và UBND xã Sơn Kim', '--parent', '000.00.02.H42']);
      addUser(p, 'quantri', 'admin', '000.00.01.H42');
      addUser(p, 'lanhdao', 'leader', '000.00.01.H42');
      addUser(p, 'lanhdao2', 'leader', '000.00.01.H42');
      addUser(p, 'lanhdaovx', 'leader', '000.03.01.H42'); // the head of an office, not of the commune
      addUser(p, 'chuyenvien', 'specialist', '000.03.01.H42');
      addUser(p, 'vanthu', 'clerk', '000.01.01.H42');
      addUser(p, 'motcua', 'reception', '000.04.01.H42');
      addUser(p, 'lanhdaosk', 'leader', '000.00.02.H42');
      addUser(p, 'chuyenviensk', 'specialist', '000.01.02.H42');
      addUser(p, 'vanthusk', 'clerk', '000.00.02.H42');
      dbExec(p.db, "UPDATE account SET full_name = 'Lê Thị Bình', position = 'Phó Chủ tịch UBND xã' WHERE username = 'lanhdao'");
    },
  });
  for (const u of users) s[u] = await signInFully(srv.base, u);
});
let stopped = false;
after(async () => { if (!stopped) await srv.stop(); srv.cleanup(); });

let clock = '2026-03-10T09:00:00+07:00';
function headers(user, extra = {}) {
  return { 'X-Test-Now': clock, Cookie: s[user].cookie, 'X-CSRF-Token': s[user].csrf, ...extra };
}
async function call(user, method, path, body) {
  const h = headers(user);
  if (body !== undefined) h['Content-Type'] = 'application/json';
  return json(await fetch(srv.base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) }));
}
const create = (user, body) => call(user, 'POST', '/api/v1/documents/outgoing', body);
const act = (user, id, action, body = {}) => call(user, 'POST', `/api/v1/documents/outgoing/${id}/${action}`, body);
async function upload(user, id, name, bytes, role = 'attachment', type = 'application/pdf') {
  const form = new FormData();
  form.append('role', role);
  form.append('file', new Blob([bytes], { type }), name);
  return json(await fetch(`${srv.base}/api/v1/documents/${id}/files`, { method: 'POST', headers: headers(user), body: form }));
}
async function bytes(user, path) {
  const res = await fetch(srv.base + path, { headers: headers(user) });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

const decision = {
  type_code: 'quyet_dinh',
  subject: 'Quyết định về việc thành lập Tổ công tác chuyển đổi số xã',
  content: 'Điều 1. Thành lập Tổ công tác chuyển đổi số xã Thượng Đức.\nĐiều 2. Quyết định có hiệu lực kể từ ngày ký.',
  recipients: [{ unit: '000.00.02.H42' }, { organ_id: '000.00.00.H42', organ_name: 'Sở Nội vụ tỉnh Hà Tĩnh' }],
};

// Drafted by the specialist, submitted, signed by the leader.
async function signed(body = decision, signer = 'lanhdao', drafter = 'chuyenvien') {
  const d = await create(drafter, body);
  assert.equal(d.status, 201, JSON.stringify(d.body));
  assert.equal((await act(drafter, d.body.id, 'submit')).status, 200);
  const r = await act(signer, d.body.id, 'sign');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

test('the demo units carry their abbreviations, and only those with document.settings change them', async (t) => {
  const r = await call('chuyenvien', 'GET', '/api/v1/documents/settings');
  assert.equal(r.status, 200);
  assert.equal(r.body.unit, '000.00.01.H42');
  assert.equal(r.body.abbreviation, 'UBND');
  assert.equal(r.body.per_type, false);
  const codes = { '000.01.01.H42': 'VP', '000.02.01.H42': 'KT', '000.03.01.H42': 'VX', '000.04.01.H42': 'TTPVHCC', '000.05.01.H42': 'CA' };
  for (const [code, abbr] of Object.entries(codes)) {
    assert.equal((await call('lanhdao', 'GET', `/api/v1/documents/settings?unit=${code}`)).body.abbreviation, abbr);
  }
  expectError(t, await call('chuyenvien', 'PUT', '/api/v1/documents/settings', { abbreviation: 'UBND' }), 403, 'forbidden');
  expectError(t, await call('lanhdao', 'PUT', '/api/v1/documents/settings', { abbreviation: 'UB ND' }), 422, 'invalid_field');
  expectError(t, await call('lanhdao', 'PUT', '/api/v1/documents/settings', { abbreviation: 'UBND', per_type: 2 }), 422, 'invalid_field');
  expectError(t, await call('lanhdao', 'PUT', '/api/v1/documents/settings?unit=000.00.02.H42', { abbreviation: 'UBND' }), 403, 'out_of_scope');
  // The commune's numbering is its head's to decide (Điều 15 khoản 1 điểm c): an office's leader reads it, changes only the office's.
  assert.equal((await call('lanhdaovx', 'GET', '/api/v1/documents/settings')).body.abbreviation, 'UBND');
  expectError(t, await call('lanhdaovx', 'PUT', '/api/v1/documents/settings', { abbreviation: 'UBXX' }), 403, 'out_of_scope');
  assert.equal((await call('lanhdaovx', 'PUT', '/api/v1/documents/settings?unit=000.03.01.H42', { abbreviation: 'VX' })).status, 200);
  // The second commune numbers per type (Điều 15 khoản 1 điểm c).
  const sk = await call('lanhdaosk', 'PUT', '/api/v1/documents/settings?unit=000.00.02.H42', { abbreviation: 'UBND', per_type: 1 });
  assert.equal(sk.status, 200);
  assert.equal(sk.body.per_type, true);
  assert.equal((await call('lanhdaosk', 'PUT', '/api/v1/documents/settings?unit=000.01.02.H42', { abbreviation: 'VP' })).status, 200);
});

test('bad fields are refused with the field named, and nothing is written', async (t) => {
  const before = dbRows(srv.db, 'SELECT count(*) AS n FROM document')[0].n;
  const bad = [
    [{ ...decision, type_code: 'thong_diep' }, 'type_code'],
    [{ ...decision, urgency: 'gap' }, 'urgency'],
    [{ ...decision, secrecy: 'bi_mat' }, 'secrecy'],
    [{ ...decision, due_date: '2026-02-30' }, 'due_date'],
    [{ ...decision, subject: 'x'.repeat(501) }, 'subject'],
    [{ ...decision, recipients: [{ unit: '000.09.09.H42' }] }, 'recipients[0].unit'],
    [{ ...decision, recipients: [{ organ_name: '' }] }, 'recipients[0].organ_name'],
    [{ ...decision, recipients: [{ organ_name: 'Sở', organ_id: 'abc' }] }, 'recipients[0].organ_id'],
    [{ ...decision, access: ['khongco'] }, 'access[0]'],
    [{ ...decision, signer: 'chuyenvien' }, 'signer'],
    [{ ...decision, issued_amount: 0 }, 'issued_amount'],
  ];
  for (const [body, field] of bad) {
    const r = await create('chuyenvien', body);
    assert.equal(r.status, 422, `${field}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.field, field);
    assert.ok(r.body.error.message.length > 0);
  }
  expectError(t, await create('chuyenvien', { subject: 'Thiếu loại' }), 422, 'missing_field');
  expectError(t, await create('motcua', decision), 403, 'forbidden');
  assert.equal(dbRows(srv.db, 'SELECT count(*) AS n FROM document')[0].n, before);
});

test('a draft is edited only by its drafter and only while a draft; the steps refuse the wrong person and state', async (t) => {
  const d = await create('chuyenvien', { type_code: 'quyet_dinh', subject: 'Dự thảo chưa có nội dung' });
  assert.equal(d.status, 201);
  assert.equal(d.body.status, 'draft');
  assert.equal(d.body.drafting_unit, '000.03.01.H42');
  assert.equal(d.body.unit, '000.00.01.H42');
  // Who drafted it and who will sign it, by name as well as by account.
  assert.deepEqual([d.body.drafter, d.body.drafter_name, d.body.signer, d.body.signer_name], ['chuyenvien', 'Cán bộ chuyenvien', null, null]);
  const id = d.body.id;
  expectError(t, await act('chuyenvien', id, 'submit'), 422, 'missing_content');
  expectError(t, await call('vanthu', 'PATCH', `/api/v1/documents/outgoing/${id}`, { subject: 'Khác' }), 403, 'not_your_turn');
  const p = await call('chuyenvien', 'PATCH', `/api/v1/documents/outgoing/${id}`, { content: 'Nội dung.', urgency: 'khan', due_date: '2026-04-01' });
  assert.equal(p.status, 200);
  assert.equal(p.body.urgency, 'khan');
  assert.equal(p.body.due_date, '2026-04-01');
  expectError(t, await call('chuyenvien', 'PATCH', `/api/v1/documents/outgoing/${id}`, { unit: '000.00.02.H42' }), 422, 'invalid_field');
  expectError(t, await act('vanthu', id, 'submit'), 403, 'not_your_turn');
  // A step is a route of its own, with the permission it needs: a role without it is refused first.
  expectError(t, await act('chuyenvien', id, 'sign'), 403, 'forbidden');
  expectError(t, await act('chuyenvien', id, 'dance'), 404, 'not_found');
  assert.equal((await act('chuyenvien', id, 'submit')).status, 200);
  expectError(t, await call('chuyenvien', 'PATCH', `/api/v1/documents/outgoing/${id}`, { subject: 'Khác' }), 409, 'invalid_state');
  expectError(t, await act('lanhdao', id, 'return'), 422, 'missing_field');
  const back = await act('lanhdao', id, 'return', { note: 'Bổ sung căn cứ pháp lý.' });
  assert.equal(back.status, 200);
  assert.equal(back.body.status, 'draft');
  assert.equal(back.body.events.at(-1).note, 'Bổ sung căn cứ pháp lý.');
  expectError(t, await act('chuyenvien', id, 'issue'), 403, 'forbidden');
  expectError(t, await act('vanthu', id, 'issue'), 409, 'invalid_state');
  const w = await act('chuyenvien', id, 'withdraw', { note: 'Không ban hành nữa.' });
  assert.equal(w.body.status, 'withdrawn');
  expectError(t, await act('chuyenvien', id, 'submit'), 409, 'invalid_state');
  const audit = dbRows(srv.db, `SELECT action FROM audit_log WHERE object_type = 'document' AND object_id = '${id}' ORDER BY id`).map((r) => r.action);
  assert.deepEqual(audit, ['document.create', 'document.edit', 'document.submit', 'document.return', 'document.withdraw']);
});

let first;
test('signing numbers in one sequence for all types: 01/QĐ-UBND, 02/QĐ-UBND, then a công văn 03/UBND-VX', async (t) => {
  first = await signed();
  assert.equal(first.status, 'signed');
  assert.equal(first.number, '01/QĐ-UBND');
  assert.equal(first.code_number, '01');
  assert.equal(first.code_notation, 'QĐ-UBND');
  assert.equal(first.issued_date, '2026-03-10');
  assert.equal(first.register, 'out');
  assert.equal(first.signer_full_name, 'Lê Thị Bình');
  assert.deepEqual([first.signer, first.signer_name, first.drafter_name], ['lanhdao', 'Lê Thị Bình', 'Cán bộ chuyenvien']);
  assert.equal(first.signer_position, 'Phó Chủ tịch UBND xã');
  assert.ok(first.signature.key_id > 0);
  const second = await signed({ ...decision, subject: 'Quyết định phê duyệt kế hoạch' });
  assert.equal(second.number, '02/QĐ-UBND');
  const letter = await signed({ type_code: 'cong_van', subject: 'V/v báo cáo kết quả chuyển đổi số', content: 'Kính gửi: ...' });
  assert.equal(letter.number, '03/UBND-VX');
  // The one who signs must be the leader it was submitted to.
  const named = await create('chuyenvien', { ...decision, signer: 'lanhdao' });
  await act('chuyenvien', named.body.id, 'submit');
  expectError(t, await act('lanhdao2', named.body.id, 'sign'), 403, 'not_your_turn');
  expectError(t, await act('vanthu', named.body.id, 'sign'), 403, 'forbidden');
  expectError(t, await act('lanhdao', first.id, 'sign'), 409, 'invalid_state');
  expectError(t, await act('lanhdao', first.id, 'withdraw', { note: 'Muộn.' }), 409, 'invalid_state');
});

test('a unit that numbers per type starts each type at 01: 01/QĐ-UBND and 01/UBND-VP', async () => {
  const d = await signed({ ...decision, recipients: [] }, 'lanhdaosk', 'chuyenviensk');
  assert.equal(d.number, '01/QĐ-UBND');
  const c = await signed({ type_code: 'cong_van', subject: 'V/v cử cán bộ dự tập huấn', content: 'Kính gửi.' }, 'lanhdaosk', 'chuyenviensk');
  assert.equal(c.number, '01/UBND-VP');
  const d2 = await signed({ ...decision, recipients: [] }, 'lanhdaosk', 'chuyenviensk');
  assert.equal(d2.number, '02/QĐ-UBND');
  // Back to one shared sequence within the year would give 01/QĐ-UBND again: it waits for 1 January.
  const back = await call('lanhdaosk', 'PUT', '/api/v1/documents/settings?unit=000.00.02.H42', { abbreviation: 'UBND', per_type: 0 });
  assert.equal(back.status, 409, JSON.stringify(back.body));
  assert.equal(back.body.error.code, 'numbering_in_use');
  assert.equal((await call('lanhdaosk', 'GET', '/api/v1/documents/settings?unit=000.00.02.H42')).body.per_type, true);
  assert.equal((await call('lanhdaosk', 'PUT', '/api/v1/documents/settings?unit=000.00.02.H42', { abbreviation: 'UBND', per_type: 1 })).status, 200, 'the same scheme again');
});

test('a confidential document has its own register and is seen only by those named on it', async (t) => {
  const body = { ...decision, subject: 'Kế hoạch bảo vệ bí mật nhà nước năm 2026', secrecy: 'mat', signer: 'lanhdao', access: ['vanthu'], recipients: [] };
  const d = await create('chuyenvien', body);
  assert.equal(d.status, 201);
  assert.deepEqual(d.body.access.map((a) => a.username), ['vanthu']);
  expectError(t, await call('lanhdao2', 'GET', `/api/v1/documents/outgoing/${d.body.id}`), 404, 'not_found');
  expectError(t, await call('quantri', 'GET', `/api/v1/documents/outgoing/${d.body.id}`), 404, 'not_found');
  assert.ok(!(await call('lanhdao2', 'GET', '/api/v1/documents/outgoing')).body.items.some((x) => x.id === d.body.id));
  assert.ok((await call('vanthu', 'GET', '/api/v1/documents/outgoing')).body.items.some((x) => x.id === d.body.id));
  await act('chuyenvien', d.body.id, 'submit');
  expectError(t, await act('lanhdao2', d.body.id, 'sign'), 404, 'not_found');
  const r = await act('lanhdao', d.body.id, 'sign');
  assert.equal(r.status, 200);
  assert.equal(r.body.register, 'out_secret');
  assert.equal(r.body.number, '01/QĐ-UBND', 'the secret register counts on its own');
  expectError(t, await call('lanhdao2', 'GET', `/api/v1/documents/${d.body.id}/verify`), 404, 'not_found');
  const pub = await json(await fetch(`${srv.base}/api/v1/public/documents/verify?vb=${d.body.id}&so=${encodeURIComponent('01/QĐ-UBND')}&ngay=2026-03-10`));
  expectError(t, pub, 404, 'not_found');
  assert.equal((await call('vanthu', 'GET', `/api/v1/documents/${d.body.id}/verify`)).body.signature_valid, true);
});

test('the list filters by status, year and a search folded for diacritics', async (t) => {
  const r = await call('lanhdao', 'GET', '/api/v1/documents/outgoing?q=to%20cong%20tac%20chuyen%20doi%20so&status=signed&year=2026');
  assert.equal(r.status, 200);
  assert.ok(r.body.items.length >= 1);
  assert.ok(r.body.items.every((x) => x.status === 'signed' && /Tổ công tác/.test(x.subject)));
  assert.equal((await call('lanhdao', 'GET', '/api/v1/documents/outgoing?year=2025')).body.items.length, 0);
  expectError(t, await call('lanhdao', 'GET', '/api/v1/documents/outgoing?status=lost'), 422, 'invalid_field');
});

function sha256(b) { return createHash('sha256').update(b).digest('hex'); }

test('the signed PDF carries its signature; it verifies, and a tampered copy does not', async (t) => {
  const pdf = await bytes('lanhdao', `/api/v1/documents/${first.id}/pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.type, 'application/pdf');
  assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-');
  assert.equal(sha256(pdf.body), first.file_sha256);
  const text = pdf.body.toString('latin1');
  const covered = Number(text.match(/\/XasoCoveredLength (\d+)/)[1]);
  const signedAt = text.match(/\/XasoSignedAt \(([^)]+)\)/)[1];
  const sig = text.match(/\/XasoSignature \(([0-9a-f]+)\)/)[1];
  const code = Buffer.from(text.match(/\/XasoSignedCode <([0-9a-f]+)>/)[1], 'hex').toString('utf8');
  assert.equal(code, `document ${first.id} 01/QĐ-UBND`);
  assert.ok(text.endsWith('%%EOF\n'));
  assert.match(text.slice(covered), /\/Prev \d+/, 'an incremental update after the rendered file');
  // Checked here independently of the server: the prefix's hash, signed with the key's Ed25519 public key.
  const v = await call('lanhdao', 'GET', `/api/v1/documents/${first.id}/verify`);
  assert.equal(v.status, 200);
  assert.equal(v.body.signature_valid, true);
  assert.equal(v.body.valid_for_stored, true);
  assert.equal(v.body.covered_length, covered);
  assert.equal(v.body.covered_sha256, sha256(pdf.body.subarray(0, covered)));
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(v.body.key.public_key, 'hex')]);
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  const message = `xaso-result-v1\n${code}\n${v.body.covered_sha256}\n${signedAt}`;
  assert.ok(edVerify(null, Buffer.from(message), key, Buffer.from(sig, 'hex')));
  assert.equal(v.body.document.number, '01/QĐ-UBND');
  assert.equal(v.body.signer.name, 'Lê Thị Bình');

  const q = `vb=${first.id}&so=${encodeURIComponent('01/QĐ-UBND')}&ngay=2026-03-10`;
  const pub = await json(await fetch(`${srv.base}/api/v1/public/documents/verify?${q}`));
  assert.equal(pub.status, 200);
  assert.equal(pub.body.valid_for_stored, true);
  assert.equal(pub.body.document.organ_name, 'Ủy ban nhân dân xã Thượng Đức');
  expectError(t, await json(await fetch(`${srv.base}/api/v1/public/documents/verify?vb=${first.id}&so=02%2FQ%C4%90-UBND&ngay=2026-03-10`)), 404, 'not_found');
  const post = async (body) => json(await fetch(`${srv.base}/api/v1/public/documents/verify?${q}`, { method: 'POST', body }));
  const same = await post(pdf.body);
  assert.equal(same.body.valid_for_presented, true);
  assert.equal(same.body.identical_to_stored, true);
  const tampered = Buffer.from(pdf.body);
  tampered[Math.floor(covered / 2)] ^= 0x01;
  assert.equal((await post(tampered)).body.valid_for_presented, false);
  const appended = Buffer.concat([pdf.body, Buffer.from('1 0 obj\n<< >>\nendobj\n')]);
  assert.equal((await post(appended)).body.valid_for_presented, false);
  const forgedInfo = Buffer.from(pdf.body.toString('latin1').replace(/\/XasoSignedAt \(([^)]+)\)/, (m, at) => `/XasoSignedAt (${at.replace(/.$/, 'Y')})`), 'latin1');
  assert.equal((await post(forgedInfo)).body.valid_for_presented, false);
  assert.equal((await post(Buffer.from('not a pdf'))).body.valid_for_presented, false);
});

test('a scanned content is signed with its hash on the rendered page; attachments and files download', async (t) => {
  const d = await create('chuyenvien', { type_code: 'thong_bao', subject: 'Thông báo lịch tiếp công dân', recipients: [{ unit: '000.00.02.H42' }] });
  const scan = Buffer.from('%PDF-1.4\n% bản quét\n1 0 obj\n<< >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
  const up = await upload('chuyenvien', d.body.id, 'ban-quet.pdf', scan, 'content');
  assert.equal(up.status, 201, JSON.stringify(up.body));
  assert.equal(up.body.sha256, sha256(scan));
  expectError(t, await upload('vanthu', d.body.id, 'x.pdf', scan), 403, 'not_your_turn');
  expectError(t, await upload('chuyenvien', d.body.id, 'x.pdf', Buffer.from('MZ not a pdf')), 415, 'unsupported_file');
  expectError(t, await upload('chuyenvien', d.body.id, 'x.pdf', scan, 'annex'), 422, 'invalid_field');
  const files = dbRows(srv.db, 'SELECT count(*) AS n FROM document_file')[0].n;
  assert.equal(files, 1, 'refused uploads leave no rows');
  const got = await bytes('lanhdao', `/api/v1/documents/${d.body.id}/files/${up.body.id}`);
  assert.equal(got.status, 200);
  assert.ok(got.body.equals(scan));
  await act('chuyenvien', d.body.id, 'submit');
  const r = await act('lanhdao', d.body.id, 'sign');
  assert.equal(r.status, 200);
  assert.equal(r.body.number, '04/TB-UBND');
  expectError(t, await upload('chuyenvien', d.body.id, 'y.pdf', scan), 409, 'invalid_state');
  const v = await call('lanhdao', 'GET', `/api/v1/documents/${d.body.id}/verify`);
  assert.equal(v.body.valid_for_stored, true);
  // The scan's hash is printed on the signed page, so the signature covers it.
  const pdf = await bytes('lanhdao', `/api/v1/documents/${d.body.id}/pdf`);
  assert.ok(pdf.body.length > 1000);
  await act('vanthu', d.body.id, 'issue');
  const sent = await act('vanthu', d.body.id, 'send');
  const incoming = sent.body.recipients[0].delivered_id;
  const copied = dbRows(srv.db, `SELECT name FROM document_file WHERE document_id = ${incoming}`);
  assert.deepEqual(copied.map((x) => x.name), ['ban-quet.pdf']);
});

test('issuing and sending: the second commune gets an incoming document at once; the outside organ waits for edXML', async (t) => {
  expectError(t, await act('vanthu', first.id, 'send'), 409, 'invalid_state');
  expectError(t, await act('lanhdao', first.id, 'issue'), 403, 'forbidden');
  const issued = await act('vanthu', first.id, 'issue');
  assert.equal(issued.body.status, 'issued');
  assert.ok(issued.body.issued_at);
  const sent = await act('vanthu', first.id, 'send');
  assert.equal(sent.status, 200);
  assert.equal(sent.body.status, 'sent');
  const [inner, outer] = sent.body.recipients;
  assert.equal(inner.kind, 'internal');
  assert.equal(inner.status, '03');
  assert.ok(inner.delivered_id > 0);
  assert.equal(outer.kind, 'external');
  assert.equal(outer.status, null);
  assert.equal(outer.delivered_id, null);
  assert.deepEqual(sent.body.events.filter((e) => e.status_code).map((e) => e.status_code), ['01', '03']);
  const [row] = dbRows(srv.db, `SELECT d.direction, d.status, u.agency_code, d.source_document_id, d.code_number, d.code_notation,`
    + ` d.issued_date, d.organ_name, d.file_sha256, d.seq FROM document d JOIN unit u ON u.id = d.unit_id WHERE d.id = ${inner.delivered_id}`);
  assert.deepEqual(row, { direction: 'in', status: 'registered', agency_code: '000.00.02.H42', source_document_id: first.id,
    code_number: '01', code_notation: 'QĐ-UBND', issued_date: '2026-03-10', organ_name: 'Ủy ban nhân dân xã Thượng Đức',
    file_sha256: first.file_sha256, seq: row.seq });
  assert.ok(row.seq >= 1);
  const theirs = await bytes('vanthusk', `/api/v1/documents/${inner.delivered_id}/pdf`);
  assert.equal(theirs.status, 200);
  assert.equal(sha256(theirs.body), first.file_sha256);
  expectError(t, await act('vanthu', first.id, 'send'), 409, 'invalid_state');
  expectError(t, await call('vanthusk', 'GET', `/api/v1/documents/outgoing/${first.id}`), 404, 'not_found');
});

test('a confidential one sent to another commune is seen there by its văn thư and those named, no one else', async () => {
  const doc = await signed({ ...decision, subject: 'Công văn mật gửi xã Sơn Kim', secrecy: 'mat', signer: 'lanhdao', access: ['vanthu'],
    recipients: [{ unit: '000.00.02.H42' }] });
  const issued = await act('vanthu', doc.id, 'issue');
  assert.equal(issued.status, 200, JSON.stringify(issued.body));
  const sent = await act('vanthu', doc.id, 'send');
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  const id = sent.body.recipients[0].delivered_id;
  const theirs = await call('vanthusk', 'GET', `/api/v1/documents/incoming/${id}`);
  assert.equal(theirs.status, 200, 'the receiving văn thư registers it');
  assert.equal(theirs.body.register, 'in_secret');
  assert.equal(theirs.body.arrival_number, 1, 'the first of the secret register');
  assert.equal((await call('lanhdaosk', 'GET', `/api/v1/documents/incoming/${id}`)).status, 404, 'not named, not văn thư');
  assert.ok(!(await call('chuyenviensk', 'GET', '/api/v1/documents/incoming')).body.items.some((d) => d.id === id));
});

test('numbering restarts at 01 on 1 January, Vietnam time', async () => {
  clock = '2026-12-31T23:50:00+07:00';
  const last = await signed({ ...decision, recipients: [] }, 'lanhdaosk', 'chuyenviensk');
  assert.equal(last.number, '03/QĐ-UBND');
  assert.equal(last.issued_date, '2026-12-31');
  clock = '2027-01-01T00:10:00+07:00'; // still 31 December in UTC
  const next = await signed({ ...decision, recipients: [] }, 'lanhdaosk', 'chuyenviensk');
  assert.equal(next.number, '01/QĐ-UBND');
  assert.equal(next.issued_date, '2027-01-01');
  assert.equal(next.year, 2027);
  clock = '2026-03-10T09:00:00+07:00';
});

// Last: a clean exit, which under the sanitizers also means no leak.
test('an API token takes only the steps its scopes name, even for a leader', async (t) => {
  const token = (scopes) => xaso(['token', 'add', 'lanhdao', '--db', srv.db, '--name', `ký ${scopes}`, '--scopes', scopes]).trim().match(/xaso_[0-9a-f]+/)[0];
  const d = await create('chuyenvien', { type_code: 'quyet_dinh', subject: 'Quyết định ký bằng mã truy cập', content: 'Điều 1.' });
  await act('chuyenvien', d.body.id, 'submit');
  const sign = (tok) => fetch(`${srv.base}/api/v1/documents/outgoing/${d.body.id}/sign`, {
    method: 'POST', headers: { Authorization: `Bearer ${tok}`, 'X-Test-Now': clock, 'Content-Type': 'application/json' }, body: '{}',
  }).then(json);
  expectError(t, await sign(token('document.read')), 403, 'forbidden');
  assert.equal((await call('lanhdao', 'GET', `/api/v1/documents/outgoing/${d.body.id}`)).body.status, 'review', 'nothing signed');
  const signed = await sign(token('document.read,document.sign'));
  assert.equal(signed.status, 200, JSON.stringify(signed.body));
  assert.equal(signed.body.status, 'signed');
});

test('a confidential one reaches every văn thư of the receiving commune, past the first hundred', async () => {
  // 120 more văn thư at Sơn Kim, made in the database (the CLI would take minutes).
  dbExec(srv.db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
    INSERT INTO account (username, full_name, unit_id, status, password_hash, created_at, updated_at)
    SELECT 'vtsk' || i, 'Văn thư ' || i, (SELECT id FROM unit WHERE agency_code = '000.00.02.H42'), 'active', 'x',
    '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n`);
  dbExec(srv.db, "INSERT INTO role_grant (account_id, role, unit_id) SELECT id, 'clerk', unit_id FROM account WHERE username LIKE 'vtsk%'");
  const doc = await signed({ ...decision, subject: 'Công văn mật gửi mọi văn thư xã Sơn Kim', secrecy: 'mat', signer: 'lanhdao',
    access: ['vanthu'], recipients: [{ unit: '000.00.02.H42' }] });
  assert.equal((await act('vanthu', doc.id, 'issue')).status, 200);
  const sent = await act('vanthu', doc.id, 'send');
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  const id = sent.body.recipients[0].delivered_id;
  const [{ n }] = dbRows(srv.db, `SELECT count(*) AS n FROM document_access x JOIN account a ON a.id = x.account_id
    WHERE x.document_id = ${id} AND (a.username LIKE 'vtsk%' OR a.username = 'vanthusk')`);
  assert.equal(Number(n), 121, 'each văn thư of Sơn Kim sees the copy');
});

test('the server stops cleanly', async () => {
  stopped = true;
  const end = await srv.stop();
  assert.equal(end.code, 0, srv.log.slice(-3000));
});
