// GET /api/v1/documents/people: whom a page may name on a document — the
// handler of an incoming one (can=handle, for its lead unit), the signer of a
// draft (can=sign, for the issuing organ), those who may read a confidential
// one (can=read). Active accounts of the unit's commune only, each listed
// one accepted by the step that names it and each left out refused by it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, json, addUser, signInFully, bin } from './server.mjs';
import { dbExec } from './db.mjs';

const A = '000.00.01.H42', B = '000.00.02.H42', OFFICE = '000.01.01.H42', KINHTE = '000.02.01.H42', VHXH = '000.03.01.H42';
const USERS = {
  quantri: ['admin', A], lanhdao: ['leader', A], chuyenvien: ['specialist', VHXH], kinhte: ['specialist', KINHTE],
  vanthu: ['clerk', OFFICE], motcua: ['reception', '000.04.01.H42'], nghi: ['leader', A], blanhdao: ['leader', B],
  bchuyenvien: ['specialist', B],
};
const SIGNED_IN = ['quantri', 'lanhdao', 'chuyenvien', 'vanthu', 'motcua', 'blanhdao'];

let srv;
const s = {};
before(async () => {
  srv = await startServer({
    setup: (p) => {
      execFileSync(bin, ['unit', 'add', '--code', B, '--kind', 'commune', '--name', 'Ủy ban nhân dân xã Bên Cạnh', '--db', p.db]);
      for (const [u, [role, unit]] of Object.entries(USERS)) addUser(p, u, role, unit);
      dbExec(p.db, "UPDATE account SET full_name = 'Lê Thị Bình', position = 'Phó Chủ tịch UBND xã' WHERE username = 'lanhdao'");
      dbExec(p.db, "UPDATE account SET full_name = 'Nguyễn Văn An', position = 'Công chức Văn hóa – Xã hội' WHERE username = 'chuyenvien'");
      // A leader who has left: no longer named on anything.
      dbExec(p.db, "UPDATE account SET status = 'locked' WHERE username = 'nghi'");
    },
  });
  for (const u of SIGNED_IN) s[u] = await signInFully(srv.base, u);
});
after(async () => { await srv.stop(); srv.cleanup(); });

async function call(user, method, path, body) {
  const headers = { Cookie: s[user].cookie, 'X-CSRF-Token': s[user].csrf };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return json(await fetch(srv.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}
const people = async (user, query) => {
  const r = await call(user, 'GET', `/api/v1/documents/people${query}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
};
const names = (body) => body.items.map((p) => p.username).sort();

test('each person comes with name, position and unit; the answer names the unit and the part', async () => {
  const r = await people('vanthu', `?unit=${VHXH}&can=handle`);
  assert.equal(r.unit, VHXH);
  assert.equal(r.unit_name, 'Phòng Văn hóa – Xã hội');
  assert.equal(r.can, 'handle');
  assert.equal(r.count, r.items.length);
  assert.deepEqual(r.items.find((p) => p.username === 'chuyenvien'), {
    username: 'chuyenvien', full_name: 'Nguyễn Văn An', position: 'Công chức Văn hóa – Xã hội', unit: VHXH, unit_name: 'Phòng Văn hóa – Xã hội',
  });
  assert.equal(r.items.find((p) => p.username === 'lanhdao').position, 'Phó Chủ tịch UBND xã');
});

test('who may handle, sign or read, near the unit and inside its commune only', async () => {
  // The lead unit's specialist and the commune's leader (whose role covers its offices); not another office's.
  assert.deepEqual(names(await people('lanhdao', `?unit=${VHXH}&can=handle`)), ['chuyenvien', 'lanhdao']);
  assert.deepEqual(names(await people('lanhdao', `?unit=${KINHTE}&can=handle`)), ['kinhte', 'lanhdao']);
  // The defaults: the caller's commune, and who may read there.
  assert.deepEqual(names(await people('chuyenvien', '?can=sign')), ['lanhdao']);
  assert.deepEqual(names(await people('chuyenvien', '')), ['chuyenvien', 'kinhte', 'lanhdao', 'quantri', 'vanthu']);
  assert.equal((await people('chuyenvien', '')).unit, A);
  // The other commune sees its own.
  assert.deepEqual(names(await people('blanhdao', '?can=read')), ['bchuyenvien', 'blanhdao']);
  assert.deepEqual(names(await people('blanhdao', `?unit=${B}&can=handle`)), ['bchuyenvien', 'blanhdao']);
});

test('the steps accept exactly those listed', async () => {
  const doc = await call('vanthu', 'POST', '/api/v1/documents/incoming', {
    type_code: 'cong_van', code_number: '7', code_notation: 'UBND-VP', issued_date: '2026-01-05',
    organ_name: 'Ủy ban nhân dân tỉnh Hà Tĩnh', subject: 'Về việc thử danh sách người xử lý',
  });
  assert.equal(doc.status, 201, JSON.stringify(doc.body));
  const candidates = Object.keys(USERS);
  const handlers = names(await people('lanhdao', `?unit=${VHXH}&can=handle`));
  for (const handler of candidates) {
    const r = await call('lanhdao', 'POST', `/api/v1/documents/incoming/${doc.body.id}/assign`, { handling_unit: VHXH, handler, instruction: 'Giao xử lý.' });
    assert.equal(r.status, handlers.includes(handler) ? 200 : 422, `${handler} as handler: ${JSON.stringify(r.body)}`);
  }
  const signers = names(await people('chuyenvien', `?unit=${A}&can=sign`));
  for (const signer of candidates) {
    const r = await call('chuyenvien', 'POST', '/api/v1/documents/outgoing', { type_code: 'cong_van', subject: 'Thử người ký', signer });
    assert.equal(r.status, signers.includes(signer) ? 201 : 422, `${signer} as signer: ${JSON.stringify(r.body)}`);
  }
});

test('refusals: a bad part, a unit outside reach or unknown, a role without document.read', async () => {
  const bad = await call('lanhdao', 'GET', '/api/v1/documents/people?can=approve');
  assert.deepEqual([bad.status, bad.body.error.code, bad.body.error.field], [422, 'invalid_field', 'can']);
  const outside = await call('lanhdao', 'GET', `/api/v1/documents/people?unit=${B}&can=sign`);
  assert.deepEqual([outside.status, outside.body.error.code], [403, 'out_of_scope']);
  const unknown = await call('lanhdao', 'GET', '/api/v1/documents/people?unit=000.99.99.H42');
  assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'not_found']);
  const counter = await call('motcua', 'GET', '/api/v1/documents/people');
  assert.deepEqual([counter.status, counter.body.error.code], [403, 'forbidden']);
});
