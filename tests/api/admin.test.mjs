// The administrator sets up units and accounts over the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json, postJson, expectError, addUser, signInFully } from './server.mjs';
import { dbRows } from './db.mjs';

let srv;
let admin;
before(async () => {
  srv = await startServer({ setup: (p) => addUser(p, 'quantri', 'admin') });
  admin = await signInFully(srv.base, 'quantri');
});
after(async () => { await srv.stop(); srv.cleanup(); });

const as = (s) => ({ Cookie: s.cookie, 'X-CSRF-Token': s.csrf });

test('an admin adds a village and a reception account', async () => {
  const unit = await json(await postJson(srv.base, '/api/v1/units', { agency_code: '000.07.01.H42', parent_code: '000.00.01.H42', kind: 'village', name: 'Thôn Bắc' }, as(admin)));
  assert.equal(unit.status, 201);
  const acc = await json(await postJson(srv.base, '/api/v1/accounts', {
    username: 'motcua2', full_name: 'Trần Thị Lan', unit: '000.04.01.H42', role: 'reception', password: 'Hoa sen nở rộ 2026',
  }, as(admin)));
  assert.equal(acc.status, 201);
  const list = await json(await fetch(`${srv.base}/api/v1/accounts`, { headers: as(admin) }));
  assert.ok(list.body.items.some((a) => a.username === 'motcua2' && a.roles === 'reception' && a.unit.name === 'Trung tâm phục vụ hành chính công xã'));
  const audit = dbRows(srv.db, "SELECT actor, action FROM audit_log WHERE action IN ('unit.create','account.create') AND actor != 'system' AND actor != 'cli' ORDER BY id");
  assert.deepEqual(audit, [{ actor: 'quantri', action: 'unit.create' }, { actor: 'quantri', action: 'account.create' }]);
});

test('refusals name the field and change nothing', async (t) => {
  const before = (await json(await fetch(`${srv.base}/api/v1/accounts`, { headers: as(admin) }))).body.items.length;
  const cases = [
    [{ username: 'a b', full_name: 'X', unit: '000.04.01.H42', role: 'reception', password: 'Hoa sen nở rộ 2026' }, 422, 'username'],
    [{ username: 'motcua3', full_name: 'X', unit: '000.04.01.H42', role: 'reception', password: 'ngắn' }, 422, 'password'],
    [{ username: 'motcua3', full_name: 'X', unit: '000.04.01.H42', role: 'sếp', password: 'Hoa sen nở rộ 2026' }, 422, 'role'],
    [{ username: 'motcua3', full_name: 'X', unit: '000.09.01.H42', role: 'reception', password: 'Hoa sen nở rộ 2026' }, 422, 'unit'],
    [{ username: 'motcua2', full_name: 'X', unit: '000.04.01.H42', role: 'reception', password: 'Hoa sen nở rộ 2026' }, 409, 'username'],
    [{ full_name: 'X', unit: '000.04.01.H42', role: 'reception', password: 'Hoa sen nở rộ 2026' }, 422, 'username'],
  ];
  for (const [body, status, field] of cases) {
    const r = await json(await postJson(srv.base, '/api/v1/accounts', body, as(admin)));
    assert.equal(r.status, status, JSON.stringify(body));
    assert.equal(r.body.error.field, field);
  }
  expectError(t, await json(await postJson(srv.base, '/api/v1/units', { agency_code: '000.07.01.H42', kind: 'village', name: 'Trùng' }, as(admin))), 409, 'duplicate');
  expectError(t, await json(await postJson(srv.base, '/api/v1/units', { agency_code: '000.08.01.H4x', kind: 'village', name: 'Sai' }, as(admin))), 422, 'invalid_field');
  assert.equal((await json(await fetch(`${srv.base}/api/v1/accounts`, { headers: as(admin) }))).body.items.length, before);
});

test('the new reception account signs in and cannot administer', async (t) => {
  const r = await signInFully(srv.base, 'motcua2', 'Hoa sen nở rộ 2026');
  expectError(t, await json(await fetch(`${srv.base}/api/v1/accounts`, { headers: as(r) })), 403, 'forbidden');
  expectError(t, await json(await postJson(srv.base, '/api/v1/units', { agency_code: '000.09.01.H42', kind: 'village', name: 'X' }, as(r))), 403, 'forbidden');
  // Locked by the admin: the session ends at once.
  assert.equal((await postJson(srv.base, '/api/v1/accounts/motcua2/status', { status: 'locked' }, as(admin))).status, 200);
  assert.equal((await fetch(`${srv.base}/api/v1/auth/me`, { headers: as(r) })).status, 401);
  expectError(t, await json(await postJson(srv.base, '/api/v1/accounts/khongco/status', { status: 'locked' }, as(admin))), 404, 'not_found');
});

test('an admin of one unit cannot change units or accounts outside it', async (t) => {
  // An admin granted only on the culture office: its subtree is that office.
  const { spawnSync } = await import('node:child_process');
  const { bin } = await import('./server.mjs');
  const add = spawnSync(bin, ['user', 'add', 'qtvhxh', '--db', srv.db, '--name', 'Quản trị VH-XH', '--unit', '000.03.01.H42', '--role', 'admin'], { input: 'Mây trắng bay 2026\n', encoding: 'utf8' });
  assert.equal(add.status, 0, add.stderr);
  const local = await signInFully(srv.base, 'qtvhxh');
  const h = as(local);
  expectError(t, await json(await postJson(srv.base, '/api/v1/accounts', { username: 'ngoai', full_name: 'X', unit: '000.04.01.H42', role: 'reception', password: 'Hoa sen nở rộ 2026' }, h)), 403, 'out_of_scope');
  expectError(t, await json(await postJson(srv.base, '/api/v1/units', { agency_code: '000.09.01.H42', parent_code: '000.00.01.H42', kind: 'village', name: 'X' }, h)), 403, 'out_of_scope');
  expectError(t, await json(await postJson(srv.base, '/api/v1/units', { agency_code: '000.00.09.H42', kind: 'commune', name: 'Xã khác' }, h)), 403, 'out_of_scope');
  expectError(t, await json(await postJson(srv.base, '/api/v1/accounts/quantri/status', { status: 'locked' }, h)), 403, 'out_of_scope');
  // Inside its office it may.
  assert.equal((await postJson(srv.base, '/api/v1/accounts', { username: 'vhxh1', full_name: 'Chuyên viên VH-XH', unit: '000.03.01.H42', role: 'specialist', password: 'Hoa sen nở rộ 2026' }, h)).status, 201);
});
