// A document's "allowed_actions" are the steps its routes accept from the
// caller now (src/document/steps.c, the one rule both read). For văn bản đi
// and văn bản đến in each status, as each kind of official: every step not
// listed is refused (403 or 409) and changes nothing; every step listed is
// taken, on a fresh document in that status, and succeeds. Through an API
// token, only the steps (and the secret register) its scopes name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json, addUser, signInFully, expectError, xaso } from './server.mjs';

const A = '000.00.01.H42', OFFICE = '000.01.01.H42', KINHTE = '000.02.01.H42', VHXH = '000.03.01.H42', POLICE = '000.05.01.H42';
const USERS = {
  quantri: ['admin', A], lanhdao: ['leader', A], lanhdao2: ['leader', A], chuyenvien: ['specialist', VHXH],
  kinhte: ['specialist', KINHTE], congan: ['specialist', POLICE], vanthu: ['clerk', OFFICE],
};

let srv;
const s = {};
before(async () => {
  srv = await startServer({
    env: { XASO_SIGNING_KEY: '8f'.repeat(32) },
    setup: (p) => { for (const [u, [role, unit]] of Object.entries(USERS)) addUser(p, u, role, unit); },
  });
  for (const u of Object.keys(USERS)) s[u] = await signInFully(srv.base, u);
});
after(async () => { await srv.stop(); srv.cleanup(); });

async function call(user, method, path, body) {
  const headers = { Cookie: s[user].cookie, 'X-CSRF-Token': s[user].csrf };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return json(await fetch(srv.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}
async function upload(user, id) {
  const form = new FormData();
  form.append('role', 'attachment');
  form.append('file', new Blob([Buffer.from('%PDF-1.4\nPhụ lục\n')], { type: 'application/pdf' }), 'phu-luc.pdf');
  const headers = { Cookie: s[user].cookie, 'X-CSRF-Token': s[user].csrf };
  return json(await fetch(`${srv.base}/api/v1/documents/${id}/files`, { method: 'POST', headers, body: form }));
}
const ok = (r, what) => assert.ok(r.status === 200 || r.status === 201, `${what}: ${r.status} ${JSON.stringify(r.body)}`);

// --- văn bản đi --------------------------------------------------------------------

const OUT_STEPS = ['submit', 'sign', 'return', 'issue', 'send', 'withdraw', 'attach'];
// Drafted by chuyenvien for lanhdao to sign; the path to each status.
const OUT_PATH = {
  draft: [], review: [['chuyenvien', 'submit']], signed: [['chuyenvien', 'submit'], ['lanhdao', 'sign']],
  issued: [['chuyenvien', 'submit'], ['lanhdao', 'sign'], ['vanthu', 'issue']],
  sent: [['chuyenvien', 'submit'], ['lanhdao', 'sign'], ['vanthu', 'issue'], ['vanthu', 'send']],
  withdrawn: [['chuyenvien', 'withdraw']],
};
async function outgoingIn(status) {
  const d = await call('chuyenvien', 'POST', '/api/v1/documents/outgoing', {
    type_code: 'cong_van', subject: 'Về việc thử các bước của văn bản đi', content: 'Nội dung thử.', signer: 'lanhdao',
    recipients: [{ organ_name: 'Sở Nội vụ tỉnh Hà Tĩnh' }],
  });
  assert.equal(d.status, 201, JSON.stringify(d.body));
  for (const [user, action] of OUT_PATH[status]) ok(await outStep(user, d.body.id, action), `${status}: ${user} ${action}`);
  return d.body.id;
}
function outStep(user, id, action) {
  return action === 'attach' ? upload(user, id)
    : call(user, 'POST', `/api/v1/documents/outgoing/${id}/${action}`, { note: 'Ý kiến thử các bước.' });
}
// What the rule gives (NĐ 30/2020 Điều 12–19): lanhdao2 may return a draft submitted to lanhdao, not sign it.
const OUT_EXPECTED = {
  draft: { chuyenvien: ['submit', 'withdraw', 'attach'], lanhdao: ['withdraw'], lanhdao2: ['withdraw'] },
  review: { chuyenvien: ['withdraw'], lanhdao: ['sign', 'return', 'withdraw'], lanhdao2: ['return', 'withdraw'] },
  signed: { vanthu: ['issue'] },
  issued: { vanthu: ['send'] },
  sent: {},
  withdrawn: {},
};

test('văn bản đi: allowed_actions are exactly the steps its routes accept', async () => {
  for (const [status, expected] of Object.entries(OUT_EXPECTED)) {
    for (const user of Object.keys(USERS)) {
      const id = await outgoingIn(status);
      const got = await call(user, 'GET', `/api/v1/documents/outgoing/${id}`);
      assert.equal(got.status, 200, `${status} as ${user}`);
      const allowed = got.body.allowed_actions;
      assert.deepEqual(allowed, expected[user] ?? [], `${status} as ${user}`);
      for (const action of OUT_STEPS.filter((a) => !allowed.includes(a))) {
        const r = await outStep(user, id, action);
        assert.ok([403, 409].includes(r.status), `${status}: ${user} ${action} not listed, answered ${r.status} ${JSON.stringify(r.body)}`);
      }
      assert.equal((await call(user, 'GET', `/api/v1/documents/outgoing/${id}`)).body.status, status, 'the refusals changed nothing');
      for (const [i, action] of allowed.entries()) {
        const r = await outStep(user, i === 0 ? id : await outgoingIn(status), action);
        ok(r, `${status}: ${user} ${action} listed`);
      }
    }
  }
});

test('văn bản đi: the answer to a step carries what the caller may do next', async () => {
  const id = await outgoingIn('draft');
  const r = await outStep('chuyenvien', id, 'submit');
  assert.deepEqual(r.body.allowed_actions, ['withdraw']);
  const signed = await outStep('lanhdao', id, 'sign');
  assert.deepEqual(signed.body.allowed_actions, []);
  assert.deepEqual((await call('vanthu', 'GET', `/api/v1/documents/outgoing/${id}`)).body.allowed_actions, ['issue']);
});

// --- văn bản đến -------------------------------------------------------------------

const IN_STEPS = ['assign', 'start', 'note', 'complete', 'refuse', 'attach'];
const ASSIGN = { handling_unit: VHXH, handler: 'chuyenvien', support_units: [KINHTE], instruction: 'Giao Phòng Văn hóa – Xã hội chủ trì.', due_days: 5 };
const IN_PATH = {
  registered: [], assigned: [['lanhdao', 'assign']], in_progress: [['lanhdao', 'assign'], ['chuyenvien', 'start']],
  done: [['lanhdao', 'assign'], ['chuyenvien', 'complete']], refused: [['vanthu', 'refuse']],
};
let number = 100;
async function incomingIn(status) {
  const d = await call('vanthu', 'POST', '/api/v1/documents/incoming', {
    type_code: 'cong_van', code_number: String(++number), code_notation: 'UBND-VP', issued_date: '2026-01-05',
    organ_name: 'Ủy ban nhân dân tỉnh Hà Tĩnh', subject: 'Về việc thử các bước của văn bản đến',
  });
  assert.equal(d.status, 201, JSON.stringify(d.body));
  for (const [user, action] of IN_PATH[status]) ok(await inStep(user, d.body.id, action), `${status}: ${user} ${action}`);
  return d.body.id;
}
function inStep(user, id, action) {
  const bodies = { assign: ASSIGN, start: {}, note: { note: 'Đã xem, đang tổng hợp.' }, complete: { note: 'Đã xong.' }, refuse: { reason: 'Gửi nhầm nơi nhận.' } };
  return action === 'attach' ? upload(user, id) : call(user, 'POST', `/api/v1/documents/incoming/${id}/${action}`, bodies[action]);
}
// Điều 23–24: the leader (who holds document.handle on the commune, so on the lead unit too) assigns and may
// handle; the handler and the lead unit handle; a supporting unit writes notes; the văn thư refuses and adds scans.
const IN_EXPECTED = {
  registered: { lanhdao: ['assign'], lanhdao2: ['assign'], vanthu: ['refuse', 'attach'] },
  assigned: {
    lanhdao: ['assign', 'start', 'note', 'complete'], lanhdao2: ['assign', 'start', 'note', 'complete'],
    chuyenvien: ['start', 'note', 'complete'], kinhte: ['note'], vanthu: ['attach'],
  },
  in_progress: {
    lanhdao: ['assign', 'note', 'complete'], lanhdao2: ['assign', 'note', 'complete'], chuyenvien: ['note', 'complete'],
    kinhte: ['note'], vanthu: ['attach'],
  },
  done: {},
  refused: {},
};

test('văn bản đến: allowed_actions are exactly the steps its routes accept', async () => {
  for (const [status, expected] of Object.entries(IN_EXPECTED)) {
    for (const user of Object.keys(USERS)) {
      const id = await incomingIn(status);
      const got = await call(user, 'GET', `/api/v1/documents/incoming/${id}`);
      assert.equal(got.status, 200, `${status} as ${user}`);
      const allowed = got.body.allowed_actions;
      assert.deepEqual(allowed, expected[user] ?? [], `${status} as ${user}`);
      for (const action of IN_STEPS.filter((a) => !allowed.includes(a))) {
        const r = await inStep(user, id, action);
        assert.ok([403, 409].includes(r.status), `${status}: ${user} ${action} not listed, answered ${r.status} ${JSON.stringify(r.body)}`);
      }
      assert.equal((await call(user, 'GET', `/api/v1/documents/incoming/${id}`)).body.status, status, 'the refusals changed nothing');
      for (const [i, action] of allowed.entries()) {
        const r = await inStep(user, i === 0 ? id : await incomingIn(status), action);
        ok(r, `${status}: ${user} ${action} listed`);
      }
    }
  }
});

test('văn bản đến: a list row carries no allowed_actions, the answer to a step does', async () => {
  const id = await incomingIn('registered');
  const list = await call('lanhdao', 'GET', '/api/v1/documents/incoming');
  assert.equal(list.body.items.find((d) => d.id === id).allowed_actions, undefined);
  const r = await inStep('lanhdao', id, 'assign');
  assert.deepEqual(r.body.allowed_actions, ['assign', 'start', 'note', 'complete']);
});

// --- API tokens --------------------------------------------------------------------
// The router checks a token's scopes against the route's permission only; a step
// needing a stronger one (the signer's withdrawal, the văn thư's scan of an incoming
// document) or the secret register must find that one in the scopes too.

let tokens = 0;
function token(user, scopes) {
  const out = xaso(['token', 'add', user, '--db', srv.db, '--name', `thử ${++tokens}`, '--scopes', scopes]);
  return out.trim().match(/xaso_[0-9a-f]+/)[0];
}
function bearer(tok, method, path, body) {
  const headers = { Authorization: `Bearer ${tok}` };
  if (body !== undefined && !(body instanceof FormData)) headers['Content-Type'] = 'application/json';
  const sent = body === undefined || body instanceof FormData ? body : JSON.stringify(body);
  return fetch(srv.base + path, { method, headers, body: sent }).then(json);
}
function scan() {
  const form = new FormData();
  form.append('role', 'attachment');
  form.append('file', new Blob([Buffer.from('%PDF-1.4\nBản quét\n')], { type: 'application/pdf' }), 'ban-quet.pdf');
  return form;
}

test('a read-only token is shown no step, though its account could take them', async () => {
  const cases = [
    ['chuyenvien', 'outgoing', await outgoingIn('draft')], ['lanhdao', 'outgoing', await outgoingIn('review')],
    ['vanthu', 'outgoing', await outgoingIn('signed')], ['lanhdao', 'incoming', await incomingIn('registered')],
    ['vanthu', 'incoming', await incomingIn('assigned')], ['chuyenvien', 'incoming', await incomingIn('assigned')],
  ];
  for (const [user, kind, id] of cases) {
    const path = `/api/v1/documents/${kind}/${id}`;
    assert.notDeepEqual((await call(user, 'GET', path)).body.allowed_actions, [], `${user} ${kind}: the session may act`);
    const got = await bearer(token(user, 'document.read'), 'GET', path);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body.allowed_actions, [], `${user} ${kind} through a document.read token`);
  }
});

test('a leader\'s token without document.sign cannot withdraw as the signer', async (t) => {
  const id = await outgoingIn('review');
  const drafting = token('lanhdao', 'document.read,document.draft');
  assert.deepEqual((await bearer(drafting, 'GET', `/api/v1/documents/outgoing/${id}`)).body.allowed_actions, []);
  expectError(t, await bearer(drafting, 'POST', `/api/v1/documents/outgoing/${id}/withdraw`, { note: 'Thu hồi thử.' }), 403, 'not_your_turn');
  assert.equal((await call('lanhdao', 'GET', `/api/v1/documents/outgoing/${id}`)).body.status, 'review', 'nothing withdrawn');
  const signing = token('lanhdao', 'document.read,document.draft,document.sign');
  assert.deepEqual((await bearer(signing, 'GET', `/api/v1/documents/outgoing/${id}`)).body.allowed_actions, ['sign', 'return', 'withdraw']);
  const r = await bearer(signing, 'POST', `/api/v1/documents/outgoing/${id}/withdraw`, { note: 'Thu hồi thử.' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'withdrawn');
});

test('a văn thư\'s token without document.clerk adds no scan to an incoming document', async (t) => {
  const id = await incomingIn('assigned');
  const drafting = token('vanthu', 'document.read,document.draft');
  expectError(t, await bearer(drafting, 'POST', `/api/v1/documents/${id}/files`, scan()), 403, 'not_your_turn');
  assert.equal((await call('vanthu', 'GET', `/api/v1/documents/incoming/${id}`)).body.files.length, 0, 'no file added');
  const clerk = token('vanthu', 'document.read,document.draft,document.clerk');
  assert.deepEqual((await bearer(clerk, 'GET', `/api/v1/documents/incoming/${id}`)).body.allowed_actions, ['attach']);
  assert.equal((await bearer(clerk, 'POST', `/api/v1/documents/${id}/files`, scan())).status, 201);
});

test('a leader\'s token for handling is shown the handler\'s steps, not the assignment', async () => {
  const id = await incomingIn('assigned');
  const handling = token('lanhdao', 'document.read,document.handle');
  assert.deepEqual((await bearer(handling, 'GET', `/api/v1/documents/incoming/${id}`)).body.allowed_actions, ['start', 'note', 'complete']);
  const r = await bearer(handling, 'POST', `/api/v1/documents/incoming/${id}/start`, {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.allowed_actions, ['note', 'complete'], 'the answer lists the token\'s next steps');
  assert.deepEqual((await call('lanhdao', 'GET', `/api/v1/documents/incoming/${id}`)).body.allowed_actions,
    ['assign', 'note', 'complete'], 'the session still assigns');
});

test('the secret registers open to a token only with document.clerk or document.sign', async (t) => {
  for (const kind of ['in', 'out']) {
    const path = `/api/v1/documents/registers/${kind}?secret=1`;
    assert.equal((await call('vanthu', 'GET', path)).status, 200, 'the văn thư\'s session');
    expectError(t, await bearer(token('vanthu', 'document.read'), 'GET', path), 403, 'forbidden');
    expectError(t, await bearer(token('lanhdao', 'document.read,document.assign'), 'GET', path), 403, 'forbidden');
    assert.equal((await bearer(token('vanthu', 'document.read,document.clerk'), 'GET', path)).status, 200);
    assert.equal((await bearer(token('lanhdao', 'document.read,document.sign'), 'GET', path)).status, 200);
    assert.equal((await bearer(token('vanthu', 'document.read'), 'GET', `/api/v1/documents/registers/${kind}`)).status, 200,
      'the open register needs document.read only');
  }
});
