// Reading the audit log: audit.read only (on the commune), filters, newest
// first in keyset pages, refusals naming the field, and whether the listed
// entries match their hashes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json, postJson, expectError, addUser, signInFully } from './server.mjs';
import { dbExec, dbValue } from './db.mjs';

let srv;
let admin;
let leader;
before(async () => {
  srv = await startServer({
    setup: (p) => {
      addUser(p, 'quantri', 'admin');
      addUser(p, 'chutich', 'leader');
      addUser(p, 'chuyenvien', 'specialist');
      addUser(p, 'ldvhxh', 'leader', '000.03.01.H42');
    },
  });
  admin = await signInFully(srv.base, 'quantri');
  leader = await signInFully(srv.base, 'chutich');
  for (const [code, name] of [['000.07.01.H42', 'Thôn Bắc'], ['000.08.01.H42', 'Thôn Nam']])
    assert.equal((await postJson(srv.base, '/api/v1/units', { agency_code: code, parent_code: '000.00.01.H42', kind: 'village', name }, as(admin))).status, 201);
});
after(async () => { await srv.stop(); srv.cleanup(); });

const as = (s) => ({ Cookie: s.cookie, 'X-CSRF-Token': s.csrf });
const audit = async (query = '', s = leader) => json(await fetch(`${srv.base}/api/v1/audit${query}`, { headers: as(s) }));

test('the log, newest first, each entry whole, and the listed entries verify', async () => {
  const r = await audit('?limit=200');
  assert.equal(r.status, 200);
  const total = dbValue(srv.db, 'SELECT count(*) FROM audit_log');
  assert.equal(r.body.items.length, total);
  assert.equal(r.body.next_before, null);
  const ids = r.body.items.map((e) => e.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
  const unit = r.body.items.find((e) => e.action === 'unit.create' && e.actor === 'quantri');
  assert.equal(unit.object_type, 'unit');
  assert.match(unit.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal(typeof unit.summary, 'object', 'the summary is parsed JSON');
  assert.deepEqual(r.body.chain, { intact: true, checked: total, broken_id: null, code: null, reason: null });
});

test('filters: actor, action prefix, object, time', async () => {
  const byActor = await audit('?actor=quantri');
  assert.ok(byActor.body.items.length >= 3);
  assert.ok(byActor.body.items.every((e) => e.actor === 'quantri'));
  const auth = await audit('?action=auth.');
  assert.ok(auth.body.items.length >= 2);
  assert.ok(auth.body.items.every((e) => e.action.startsWith('auth.')));
  assert.equal((await audit('?action=auth.totp_confirm&actor=chutich')).body.items.length, 1);
  const units = (await audit('?object_type=unit&action=unit.create&actor=quantri')).body.items;
  assert.equal(units.length, 2);
  const one = await audit(`?object_type=unit&object_id=${units[0].object_id}`);
  assert.deepEqual(one.body.items.map((e) => e.id), [units[0].id]);
  assert.equal(one.body.chain.intact, true);
  assert.equal(one.body.chain.checked, 1);
  // from is inclusive, to exclusive; an offset is understood.
  const at = units[1].at;
  const from = (await audit(`?from=${encodeURIComponent(at)}`)).body.items;
  assert.ok(from.every((e) => e.at >= at) && from.some((e) => e.id === units[1].id));
  const to = (await audit(`?to=${encodeURIComponent(at)}`)).body.items;
  assert.ok(to.every((e) => e.at < at));
  const justAfter = new Date(Date.parse(at) + 1).toISOString();
  const upTo = (await audit(`?to=${encodeURIComponent(justAfter)}`)).body.items;
  assert.ok(upTo.length > 0 && upTo.every((e) => e.at < justAfter) && upTo.some((e) => e.id === units[1].id));
  const local = new Date(Date.parse(at) + 7 * 3600e3).toISOString().replace('Z', '+07:00');
  assert.ok((await audit(`?from=${encodeURIComponent(local)}`)).body.items.some((e) => e.id === units[1].id));
  assert.deepEqual((await audit('?actor=khongai')).body.items, []);
  assert.equal((await audit('?actor=khongai')).body.chain.intact, true);
});

test('keyset paging: before and limit walk the whole log without gaps or repeats', async () => {
  const all = (await audit('?limit=200')).body.items.map((e) => e.id);
  const seen = [];
  let before = null;
  for (let pages = 0; pages < 100; pages++) {
    const r = await audit(`?limit=3${before ? `&before=${before}` : ''}`);
    assert.equal(r.status, 200);
    assert.ok(r.body.items.length <= 3);
    assert.equal(r.body.chain.intact, true);
    seen.push(...r.body.items.map((e) => e.id));
    before = r.body.next_before;
    if (before === null) break;
    assert.equal(before, r.body.items.at(-1).id);
  }
  assert.deepEqual(seen, all);
  assert.equal((await audit('?limit=1')).body.items.length, 1);
  assert.equal((await audit(`?before=${all.at(-1)}`)).body.items.length, 0);
});

test('bad query values are refused, naming the field', async (t) => {
  const cases = [
    ['?limit=0', 'limit'], ['?limit=201', 'limit'], ['?limit=abc', 'limit'], ['?limit=', 'limit'],
    ['?before=0', 'before'], ['?before=-3', 'before'], ['?before=x', 'before'],
    ['?from=hom-qua', 'from'], ['?from=2026-07-14', 'from'], ['?to=2026-07-14T25:00:00Z', 'to'],
    ['?from=2026-07-14T00:00:00Z&to=2026-07-13T00:00:00Z', 'to'],
    ['?actor=', 'actor'], [`?action=${'a'.repeat(201)}`, 'action'], ['?object_type=', 'object_type'], ['?object_id=', 'object_id'],
  ];
  for (const [query, field] of cases) {
    const r = await audit(query);
    expectError(t, r, 422, 'invalid_field');
    assert.equal(r.body.error.field, field, query);
  }
});

test('only holders of audit.read on the commune may read it', async (t) => {
  assert.equal((await audit('', admin)).status, 200);
  const specialist = await signInFully(srv.base, 'chuyenvien');
  expectError(t, await audit('', specialist), 403, 'forbidden');
  const office = await signInFully(srv.base, 'ldvhxh');
  expectError(t, await audit('', office), 403, 'out_of_scope');
  expectError(t, await json(await fetch(`${srv.base}/api/v1/audit`)), 401, 'unauthenticated');
});

test('an entry changed behind the program is reported by the page that lists it', async () => {
  const [target] = (await audit('?action=unit.create&limit=1')).body.items;
  dbExec(srv.db, `UPDATE audit_log SET summary = '{"name":"Thôn Giả"}' WHERE id = ${target.id}`);
  const r = await audit(`?before=${target.id + 2}&limit=5`);
  assert.equal(r.body.chain.intact, false);
  assert.equal(r.body.chain.broken_id, target.id);
  assert.equal(r.body.chain.code, 'bad_hash');
  assert.match(r.body.chain.reason, /^nội dung không khớp mã băm/);
  // A page that does not list it still verifies.
  assert.equal((await audit(`?before=${target.id}&limit=5`)).body.chain.intact, true);
});

test('with a second commune beside the first, a commune\'s leader no longer reads the shared log', async (t) => {
  assert.equal((await postJson(srv.base, '/api/v1/units', { agency_code: '000.00.02.H42', kind: 'commune', name: 'Xã Bên Cạnh' }, as(admin))).status, 201);
  expectError(t, await audit('', leader), 403, 'out_of_scope');
  expectError(t, await audit('', admin), 403, 'out_of_scope');
});
