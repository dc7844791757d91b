// An administrator resets another official's second factor: the secret and
// recovery codes are dropped, the sessions end, the official enrols again;
// audited; refused for oneself, outside the administrator's units, and to
// those without account.write.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json, postJson, expectError, addUser, signInFully } from './server.mjs';
import { dbValue } from './db.mjs';

let srv;
let admin;
let leader;
before(async () => {
  srv = await startServer({
    env: { XASO_SIGNING_KEY: '8f'.repeat(32) },
    setup: (p) => {
      addUser(p, 'quantri', 'admin');
      addUser(p, 'chutich', 'leader');
      addUser(p, 'qtvhxh', 'admin', '000.03.01.H42');
      addUser(p, 'vhxh', 'specialist', '000.03.01.H42');
    },
  });
  admin = await signInFully(srv.base, 'quantri');
  leader = await signInFully(srv.base, 'chutich');
});
after(async () => { await srv.stop(); srv.cleanup(); });

const as = (s) => ({ Cookie: s.cookie, 'X-CSRF-Token': s.csrf });
const reset = async (s, username) => json(await postJson(srv.base, `/api/v1/accounts/${username}/two-factor/reset`, undefined, as(s)));
const sql = (query) => dbValue(srv.db, query);
const enrolled = (username) => sql(`SELECT count(*) FROM totp_credential t JOIN account a ON a.id = t.account_id WHERE a.username = '${username}'`) === 1;

test('the accounts list says who has a second factor', async () => {
  const list = await json(await fetch(`${srv.base}/api/v1/accounts`, { headers: as(admin) }));
  const byName = Object.fromEntries(list.body.items.map((a) => [a.username, a.two_factor]));
  assert.equal(byName.chutich, true);
  assert.equal(byName.vhxh, false);
});

test('a leader may not reset anyone', async (t) => {
  expectError(t, await reset(leader, 'quantri'), 403, 'forbidden');
  assert.ok(enrolled('quantri'));
});

test('an admin cannot reset their own second factor here', async (t) => {
  const r = await reset(admin, 'quantri');
  expectError(t, r, 409, 'own_account');
  assert.equal(r.body.error.field, 'username');
  assert.ok(enrolled('quantri'));
  assert.equal((await fetch(`${srv.base}/api/v1/auth/me`, { headers: as(admin) })).status, 200);
});

test('an admin of one office cannot reset an account outside it; an unknown account is 404', async (t) => {
  const local = await signInFully(srv.base, 'qtvhxh');
  expectError(t, await reset(local, 'chutich'), 403, 'out_of_scope');
  assert.ok(enrolled('chutich'));
  assert.equal((await fetch(`${srv.base}/api/v1/auth/me`, { headers: as(leader) })).status, 200);
  // Inside the office it may, even for an account that never enrolled.
  const inside = await reset(local, 'vhxh');
  assert.equal(inside.status, 200);
  assert.equal(inside.body.was_enrolled, false);
  expectError(t, await reset(admin, 'khongco'), 404, 'not_found');
});

test('the reset drops the secret and recovery codes, ends the sessions, and is audited', async () => {
  const before = sql("SELECT count(*) FROM audit_log WHERE action = 'account.two_factor_reset'");
  const r = await reset(admin, 'chutich');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { username: 'chutich', reset: true, was_enrolled: true, sessions_ended: 1 });
  assert.equal(enrolled('chutich'), false);
  assert.equal(sql("SELECT count(*) FROM recovery_code c JOIN account a ON a.id = c.account_id WHERE a.username = 'chutich'"), 0);
  assert.equal((await fetch(`${srv.base}/api/v1/auth/me`, { headers: as(leader) })).status, 401);
  const entry = sql("SELECT actor || ' ' || object_type || ' ' || summary FROM audit_log WHERE action = 'account.two_factor_reset' ORDER BY id DESC LIMIT 1");
  assert.equal(entry, 'quantri account {"sessions_ended":1,"username":"chutich","was_enrolled":true}');
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'account.two_factor_reset'"), before + 1);
  // The next sign-in enrols again, and the old recovery codes are gone.
  const res = await postJson(srv.base, '/api/v1/auth/sign-in', { username: 'chutich', password: 'Mây trắng bay 2026' });
  assert.equal((await res.json()).second_factor, 'enrol');
  const again = await signInFully(srv.base, 'chutich');
  assert.notEqual(again.secret, leader.secret);
  assert.ok(enrolled('chutich'));
});
