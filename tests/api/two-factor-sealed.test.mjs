// Two-factor secrets at rest: sealed under a key derived from the operator's
// key (XASO_SIGNING_KEY), never stored in the clear once a key is set; clear
// ones from before are sealed at start; a wrong or missing key makes the
// code check fail cleanly (logged, recovery codes still work); a rotation
// with XASO_SIGNING_KEY_PREVIOUS re-seals them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, tempDir, json, postJson, expectError, addUser, signInFully, totp, xaso } from './server.mjs';
import { dbRows, dbValue } from './db.mjs';

const KEY = '8f'.repeat(32);
const OTHER_KEY = '3c'.repeat(32);
const dir = tempDir();
let srv;
let db;
let leader; // enrolled before any key was set
let admin;  // enrolled under KEY

const sql = (query) => dbValue(db, query);
const credential = (username) => sql(`SELECT coalesce(t.secret, '-') || '|' || coalesce(t.secret_sealed, '-') FROM totp_credential t JOIN account a ON a.id = t.account_id WHERE a.username = '${username}'`).split('|');

async function restart(env) {
  if (srv) await srv.stop();
  srv = await startServer({ dir, init: false, env: { XASO_SIGNING_KEY: '', XASO_SIGNING_KEY_PREVIOUS: '', ...env } });
}

async function signIn(username) {
  const res = await postJson(srv.base, '/api/v1/auth/sign-in', { username, password: 'Mây trắng bay 2026' });
  const body = await res.json();
  assert.equal(body.second_factor, 'required');
  return { Cookie: res.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': body.csrf_token };
}
const verify = async (headers, body) => json(await postJson(srv.base, '/api/v1/auth/two-factor/verify', body, headers));

before(async () => {
  srv = await startServer({ dir, setup: (p) => { addUser(p, 'chutich', 'leader'); addUser(p, 'quantri', 'admin'); db = p.db; } });
});
after(async () => { await srv.stop(); srv.cleanup(); });

test('without an operator key a secret is kept in the clear, as before', async () => {
  leader = await signInFully(srv.base, 'chutich');
  const [clear, sealed] = credential('chutich');
  assert.equal(clear, leader.secret);
  assert.equal(sealed, '-');
  assert.match(srv.log, /XASO_SIGNING_KEY is not set: two-factor secrets are stored in the clear/);
});

test('the first start with a key seals the clear secret, audited, and sign-in still works', async (t) => {
  await restart({ XASO_SIGNING_KEY: KEY });
  const [clear, sealed] = credential('chutich');
  assert.equal(clear, '-');
  assert.match(sealed, /^[0-9a-f]{120}$/);
  // Neither the secret's text nor its bytes are in what is stored.
  assert.equal(sealed.includes(Buffer.from(leader.secret).toString('hex')), false);
  assert.equal(sealed.includes(base32Bytes(leader.secret).toString('hex')), false);
  assert.match(srv.log, /sealed 1 two-factor secrets and re-sealed 0/);
  assert.equal(sql("SELECT actor || ' ' || summary FROM audit_log WHERE action = 'auth.totp_seal'"), 'system {"resealed":0,"sealed":1}');
  const h = await signIn('chutich');
  expectError(t, await verify(h, { code: totp(leader.secret, Date.now() / 1000 - 300) }), 422, 'wrong_code');
  assert.equal((await verify(h, { code: totp(leader.secret, Date.now() / 1000 + 30) })).status, 200);
});

test('an enrolment under the key stores only the sealed secret', async () => {
  admin = await signInFully(srv.base, 'quantri');
  const [clear, sealed] = credential('quantri');
  assert.equal(clear, '-');
  assert.match(sealed, /^[0-9a-f]{120}$/);
  const row = JSON.stringify(dbRows(db, "SELECT t.* FROM totp_credential t JOIN account a ON a.id = t.account_id WHERE a.username = 'quantri'"));
  assert.equal(row.includes(admin.secret), false, 'the base32 secret is nowhere in the row');
  // Two accounts sealed under one key still differ.
  assert.notEqual(sealed, credential('chutich')[1]);
});

test('a wrong operator key: the server starts, the code check fails cleanly and is logged, a recovery code works', async (t) => {
  await restart({ XASO_SIGNING_KEY: OTHER_KEY });
  assert.match(srv.log, /2 two-factor secrets do not open with this XASO_SIGNING_KEY/);
  assert.equal((await fetch(`${srv.base}/healthz`)).status, 200);
  const h = await signIn('chutich');
  const r = await verify(h, { code: totp(leader.secret) });
  expectError(t, r, 503, 'two_factor_unavailable');
  assert.match(r.body.error.message, /XASO_SIGNING_KEY/);
  assert.match(srv.log, /account chutich: its TOTP secret does not open with this XASO_SIGNING_KEY/);
  // Not counted as a wrong code, and nothing changed: the sealed secret is as it was.
  assert.equal(credential('chutich')[0], '-');
  assert.equal((await verify(h, { recovery_code: leader.recoveryCodes[0] })).status, 200);
  assert.equal((await fetch(`${srv.base}/api/v1/auth/me`, { headers: h })).status, 200);
});

test('no operator key any more: sealed secrets cannot be checked, and say why', async (t) => {
  await restart({});
  assert.match(srv.log, /2 two-factor secrets do not open/);
  const h = await signIn('quantri');
  const r = await verify(h, { code: totp(admin.secret) });
  expectError(t, r, 503, 'two_factor_unavailable');
  assert.match(r.body.error.message, /chưa được cấu hình khóa vận hành/);
  assert.match(srv.log, /account quantri: its TOTP secret is sealed and XASO_SIGNING_KEY is not set/);
});

test('a rotation with XASO_SIGNING_KEY_PREVIOUS re-seals every secret under the new key', async () => {
  const before = credential('quantri')[1];
  await restart({ XASO_SIGNING_KEY: OTHER_KEY, XASO_SIGNING_KEY_PREVIOUS: KEY });
  assert.match(srv.log, /sealed 0 two-factor secrets and re-sealed 2/);
  assert.notEqual(credential('quantri')[1], before);
  await restart({ XASO_SIGNING_KEY: OTHER_KEY });
  assert.doesNotMatch(srv.log, /do not open/);
  const h = await signIn('quantri');
  assert.equal((await verify(h, { code: totp(admin.secret, Date.now() / 1000 + 30) })).status, 200);
});

test('a malformed previous key stops the start', async () => {
  await srv.stop();
  srv = null;
  await assert.rejects(startServer({ dir, init: false, env: { XASO_SIGNING_KEY: KEY, XASO_SIGNING_KEY_PREVIOUS: 'abc' } }),
    /XASO_SIGNING_KEY_PREVIOUS must be 64 hex digits/);
  await restart({ XASO_SIGNING_KEY: OTHER_KEY });
});

test('the audit log still verifies', () => {
  assert.match(xaso(['verify', '--db', db]), /intact/);
});

// RFC 4648 base32, as the enrolment gives the secret.
function base32Bytes(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out = [];
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; }
  }
  return Buffer.from(out);
}
