// API tokens: shown once, stored hashed, limited to their scopes, expiring.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, json, postJson, expectError, addUser, bin, xaso } from './server.mjs';
import { dbRows } from './db.mjs';

let srv;
let token;
before(async () => {
  srv = await startServer({ setup: (p) => { addUser(p, 'tinh', 'admin'); addUser(p, 'motcua', 'reception'); } });
  token = xaso(['token', 'add', 'tinh', '--db', srv.db, '--name', 'báo cáo tỉnh', '--scopes', 'account.read', '--days', '30']).trim();
});
after(async () => { await srv.stop(); srv.cleanup(); });

const bearer = (t) => ({ Authorization: `Bearer ${t}` });

test('a token is printed once and only its hash is kept', () => {
  assert.match(token, /^xaso_[0-9a-f]{64}$/);
  const stored = dbRows(srv.db, 'SELECT token_hash, scopes FROM api_token');
  assert.ok(!JSON.stringify(stored).includes(token.slice(5)), 'the token itself is not stored');
  assert.ok(stored.some((r) => /^[0-9a-f]{64}$/.test(r.token_hash) && r.scopes === 'account.read'), JSON.stringify(stored));
});

test('a token reads within its scope without a cookie, CSRF token or second factor', async () => {
  const r = await json(await fetch(`${srv.base}/api/v1/accounts`, { headers: bearer(token) }));
  assert.equal(r.status, 200);
  assert.ok(r.body.items.some((a) => a.username === 'motcua'));
});

test('outside its scope a token is refused, even for an admin account', async (t) => {
  expectError(t, await json(await postJson(srv.base, '/api/v1/units', { agency_code: '000.08.01.H42', kind: 'village', name: 'X' }, bearer(token))), 403, 'forbidden');
  expectError(t, await json(await fetch(`${srv.base}/api/v1/auth/me`, { headers: bearer(token) })), 403, 'forbidden');
});

test('a scope the account itself lacks gives nothing', async (t) => {
  const t2 = xaso(['token', 'add', 'motcua', '--db', srv.db, '--name', 'thử', '--scopes', 'account.read']).trim();
  expectError(t, await json(await fetch(`${srv.base}/api/v1/accounts`, { headers: bearer(t2) })), 403, 'forbidden');
});

test('forged, malformed, revoked tokens and bad requests for tokens are refused', async (t) => {
  for (const h of [bearer('xaso_' + '0'.repeat(64)), bearer('abc'), { Authorization: 'Basic eDp5' }]) {
    expectError(t, await json(await fetch(`${srv.base}/api/v1/accounts`, { headers: h })), 401, 'unauthenticated');
  }
  for (const [args, why] of [
    [['--scopes', 'no.such'], /scopes/],
    [['--scopes', 'auth.session'], /scopes/],
    [['--scopes', 'account.read', '--days', '0'], /days/],
  ]) {
    const r = spawnSync(bin, ['token', 'add', 'tinh', '--db', srv.db, '--name', 'x', ...args], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, why);
  }
  xaso(['token', 'revoke', 'tinh', '--db', srv.db, '--name', 'báo cáo tỉnh']);
  expectError(t, await json(await fetch(`${srv.base}/api/v1/accounts`, { headers: bearer(token) })), 401, 'unauthenticated');
  assert.match(xaso(['verify', '--db', srv.db]), /intact/);
});
