// Sign-in, sessions, CSRF and the growing delay after failed sign-ins.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json, postJson, expectError, addUser, xaso } from './server.mjs';

const PASSWORD = 'Mây trắng bay 2026';
let srv;
before(async () => {
  srv = await startServer({
    args: ['--trusted-proxies', '127.0.0.1'],
    setup: (paths) => {
      addUser(paths, 'quantri', 'admin');
      addUser(paths, 'tiepnhan', 'reception', '000.04.01.H42');
      addUser(paths, 'nghiviec', 'specialist');
      addUser(paths, 'thudelay', 'clerk');
      xaso(['user', 'lock', 'nghiviec', '--db', paths.db]);
    },
  });
});
after(async () => { await srv.stop(); srv.cleanup(); });

// Each test signs in from its own address (through the trusted proxy), so the
// per-address delay of one test does not reach the next.
let nextAddress = 1;
let address = '198.51.100.1';
function newAddress() { address = `198.51.100.${++nextAddress}`; }

async function signIn(username, password = PASSWORD, headers = {}) {
  const res = await postJson(srv.base, '/api/v1/auth/sign-in', { username, password }, { 'X-Forwarded-For': address, ...headers });
  const body = await res.json();
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  return { status: res.status, body, cookie, setCookie: res.headers.get('set-cookie'), headers: res.headers };
}

test('a correct sign-in opens a session in a strict, HttpOnly cookie', async () => {
  const r = await signIn('tiepnhan');
  assert.equal(r.status, 200);
  assert.match(r.setCookie, /^xaso_session=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
  assert.match(r.body.csrf_token, /^[0-9a-f]{64}$/);
  const me = await json(await fetch(`${srv.base}/api/v1/auth/me`, { headers: { Cookie: r.cookie } }));
  assert.equal(me.status, 200);
  assert.equal(me.body.username, 'tiepnhan');
  assert.deepEqual(me.body.roles, [{ role: 'reception', unit: '000.04.01.H42' }]);
  assert.equal(me.body.unit.name, 'Trung tâm phục vụ hành chính công xã');
});

test('wrong password, unknown user and locked account get the same answer', async (t) => {
  newAddress();
  const answers = [];
  for (const [u, p] of [['tiepnhan', 'sai mật khẩu rồi'], ['khongco', PASSWORD], ['nghiviec', PASSWORD]]) {
    const r = await signIn(u, p);
    expectError(t, r, 401, 'sign_in_failed');
    assert.equal(r.setCookie, null);
    answers.push(r.body.error.message);
  }
  assert.equal(new Set(answers).size, 1);
});

test('no session, a forged cookie: 401', async (t) => {
  expectError(t, await json(await fetch(`${srv.base}/api/v1/auth/me`)), 401, 'unauthenticated');
  expectError(t, await json(await fetch(`${srv.base}/api/v1/auth/me`, { headers: { Cookie: 'xaso_session=' + 'a'.repeat(64) } })), 401, 'unauthenticated');
});

test('a change made with the cookie needs the CSRF token', async (t) => {
  const r = await signIn('tiepnhan');
  const without = await json(await fetch(`${srv.base}/api/v1/auth/sign-out`, { method: 'POST', headers: { Cookie: r.cookie } }));
  expectError(t, without, 403, 'csrf_failed');
  const wrong = await json(await fetch(`${srv.base}/api/v1/auth/sign-out`, { method: 'POST', headers: { Cookie: r.cookie, 'X-CSRF-Token': 'b'.repeat(64) } }));
  expectError(t, wrong, 403, 'csrf_failed');
  assert.equal((await fetch(`${srv.base}/api/v1/auth/me`, { headers: { Cookie: r.cookie } })).status, 200, 'still signed in');
  const ok = await fetch(`${srv.base}/api/v1/auth/sign-out`, { method: 'POST', headers: { Cookie: r.cookie, 'X-CSRF-Token': r.body.csrf_token } });
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get('set-cookie'), /Max-Age=0/);
  assert.equal((await fetch(`${srv.base}/api/v1/auth/me`, { headers: { Cookie: r.cookie } })).status, 401);
});

test('signing out everywhere ends every session of the account', async () => {
  const a = await signIn('tiepnhan');
  const b = await signIn('tiepnhan');
  const r = await fetch(`${srv.base}/api/v1/auth/sign-out-everywhere`, { method: 'POST', headers: { Cookie: a.cookie, 'X-CSRF-Token': a.body.csrf_token } });
  assert.equal(r.status, 200);
  for (const s of [a, b]) assert.equal((await fetch(`${srv.base}/api/v1/auth/me`, { headers: { Cookie: s.cookie } })).status, 401);
});

test('locking an account ends its sessions', async () => {
  const r = await signIn('thudelay');
  assert.equal((await fetch(`${srv.base}/api/v1/auth/me`, { headers: { Cookie: r.cookie } })).status, 200);
  xaso(['user', 'lock', 'thudelay', '--db', srv.db]);
  assert.equal((await fetch(`${srv.base}/api/v1/auth/me`, { headers: { Cookie: r.cookie } })).status, 401);
});

test('after five failures an account is refused with a growing delay, even with the right password', async (t) => {
  newAddress();
  for (let i = 0; i < 5; i++) assert.equal((await signIn('quantri', 'không phải mật khẩu')).status, 401);
  const refused = await signIn('quantri');
  expectError(t, refused, 429, 'rate_limited');
  const wait = Number(refused.headers.get('retry-after'));
  assert.ok(wait > 0 && wait <= 30, `retry after ${wait}`);
  newAddress();
  assert.equal((await signIn('quantri', 'không phải')).status, 429, 'from another address too');
  assert.equal((await signIn('tiepnhan')).status, 200, 'another account is not affected');
});

test('after five failures from one address, that address waits whatever the account', async (t) => {
  newAddress();
  for (let i = 0; i < 5; i++) assert.equal((await signIn(`doan${i}`, 'đoán mò mật khẩu')).status, 401);
  expectError(t, await signIn('tiepnhan'), 429, 'rate_limited');
  newAddress();
  assert.equal((await signIn('tiepnhan')).status, 200);
});

test('sign-in refuses malformed bodies with field errors', async (t) => {
  expectError(t, await json(await postJson(srv.base, '/api/v1/auth/sign-in', { username: 'x' })), 422, 'missing_field');
  expectError(t, await json(await postJson(srv.base, '/api/v1/auth/sign-in', '{"username":')), 400, 'invalid_json');
  expectError(t, await json(await postJson(srv.base, '/api/v1/auth/sign-in', 'x'.repeat(5000))), 413, 'payload_too_large');
});

test('the audit log records sign-ins and sign-outs and still verifies', async () => {
  const out = xaso(['verify', '--db', srv.db]);
  assert.match(out, /intact/);
});

test('an official changes their own password; other sessions end, this one stays', async (t) => {
  newAddress();
  const a = await signIn('tiepnhan');
  const b = await signIn('tiepnhan');
  const h = { Cookie: a.cookie, 'X-CSRF-Token': a.body.csrf_token };
  const sessions = await json(await fetch(`${srv.base}/api/v1/auth/sessions`, { headers: h }));
  assert.ok(sessions.body.items.length >= 2);
  assert.equal(sessions.body.items.filter((s) => s.current).length, 1);
  expectError(t, await json(await postJson(srv.base, '/api/v1/auth/password', { current_password: 'sai rồi nhé bạn', new_password: 'Trăng rằm tháng tám' }, h)), 422, 'wrong_password');
  expectError(t, await json(await postJson(srv.base, '/api/v1/auth/password', { current_password: PASSWORD, new_password: 'ngắn' }, h)), 422, 'weak_password');
  assert.equal((await postJson(srv.base, '/api/v1/auth/password', { current_password: PASSWORD, new_password: 'Trăng rằm tháng tám' }, h)).status, 200);
  assert.equal((await fetch(`${srv.base}/api/v1/auth/me`, { headers: { Cookie: a.cookie } })).status, 200);
  assert.equal((await fetch(`${srv.base}/api/v1/auth/me`, { headers: { Cookie: b.cookie } })).status, 401);
  assert.equal((await signIn('tiepnhan')).status, 401, 'the old password no longer works');
  assert.equal((await signIn('tiepnhan', 'Trăng rằm tháng tám')).status, 200);
});
