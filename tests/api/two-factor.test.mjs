// Two-factor sign-in: required of leaders and admins, enrolled with an
// authenticator app, each code accepted once, recovery codes good once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json, postJson, expectError, addUser, totp, xaso } from './server.mjs';

const PASSWORD = 'Mây trắng bay 2026';
let srv;
before(async () => {
  srv = await startServer({ setup: (p) => { addUser(p, 'chutich', 'leader'); addUser(p, 'chuyenvien', 'specialist'); } });
});
after(async () => { await srv.stop(); srv.cleanup(); });

async function signIn(username) {
  const res = await postJson(srv.base, '/api/v1/auth/sign-in', { username, password: PASSWORD });
  const body = await res.json();
  const headers = { Cookie: res.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': body.csrf_token };
  return { body, headers };
}
const me = (headers) => fetch(`${srv.base}/api/v1/auth/me`, { headers }).then(json);
const post = (path, body, headers) => postJson(srv.base, path, body, headers).then(json);

let secret;
let recovery;
const now = () => Date.now() / 1000;

test('a specialist needs no second factor', async () => {
  const s = await signIn('chuyenvien');
  assert.equal(s.body.second_factor, 'none');
  assert.equal((await me(s.headers)).status, 200);
});

test('a leader must enrol before anything else, and can enrol with a QR code', async (t) => {
  const s = await signIn('chutich');
  assert.equal(s.body.second_factor, 'enrol');
  expectError(t, await me(s.headers), 403, 'second_factor_required');
  const e = await post('/api/v1/auth/two-factor/enrol', {}, s.headers);
  assert.equal(e.status, 200);
  assert.match(e.body.secret, /^[A-Z2-7]{32}$/);
  assert.equal(e.body.otpauth_uri, `otpauth://totp/xaso:chutich?secret=${e.body.secret}&issuer=xaso&algorithm=SHA1&digits=6&period=30`);
  assert.match(e.body.qr_svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
  secret = e.body.secret;

  const wrongCode = totp(secret, now() + 300);
  expectError(t, await post('/api/v1/auth/two-factor/confirm', { code: wrongCode }, s.headers), 422, 'wrong_code');
  expectError(t, await post('/api/v1/auth/two-factor/confirm', { code: '12345' }, s.headers), 422, 'invalid_field');
  const ok = await post('/api/v1/auth/two-factor/confirm', { code: totp(secret, now() - 30) }, s.headers);
  assert.equal(ok.status, 200);
  recovery = ok.body.recovery_codes;
  assert.equal(recovery.length, 10);
  assert.equal(new Set(recovery).size, 10);
  for (const c of recovery) assert.match(c, /^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{2}$/);
  assert.equal((await me(s.headers)).status, 200);
  expectError(t, await post('/api/v1/auth/two-factor/enrol', {}, s.headers), 409, 'already_enrolled');
});

test('after enrolment each sign-in needs a fresh code; a used code is refused', async (t) => {
  const s = await signIn('chutich');
  assert.equal(s.body.second_factor, 'required');
  expectError(t, await me(s.headers), 403, 'second_factor_required');
  // The step used to confirm cannot be used again.
  expectError(t, await post('/api/v1/auth/two-factor/verify', { code: totp(secret, now() - 30) }, s.headers), 422, 'wrong_code');
  expectError(t, await post('/api/v1/auth/two-factor/verify', {}, s.headers), 422, 'missing_field');
  const ok = await post('/api/v1/auth/two-factor/verify', { code: totp(secret, now()) }, s.headers);
  assert.equal(ok.status, 200);
  assert.equal((await me(s.headers)).status, 200);
});

test('a recovery code works once, in any case and spacing', async (t) => {
  const a = await signIn('chutich');
  const typed = recovery[0].toLowerCase().replace(/-/g, ' ');
  assert.equal((await post('/api/v1/auth/two-factor/verify', { recovery_code: typed }, a.headers)).status, 200);
  const b = await signIn('chutich');
  expectError(t, await post('/api/v1/auth/two-factor/verify', { recovery_code: recovery[0] }, b.headers), 422, 'wrong_code');
  assert.equal((await post('/api/v1/auth/two-factor/verify', { recovery_code: recovery[1] }, b.headers)).status, 200);
});

test('guessing codes is slowed down like guessing passwords', async (t) => {
  const s = await signIn('chutich');
  let refused;
  for (let i = 0; i < 8 && !refused; i++) {
    const r = await post('/api/v1/auth/two-factor/verify', { code: '000000' }, s.headers);
    if (r.status === 429) refused = r;
  }
  assert.ok(refused, 'no 429 after repeated wrong codes');
  expectError(t, refused, 429, 'rate_limited');
});

test('every step is in the audit log, which still verifies', () => {
  assert.match(xaso(['verify', '--db', srv.db]), /intact/);
});
