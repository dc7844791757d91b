// Every route, called by everyone: the allowed set is exactly the one below.
// A route added without a line here fails this test; so does a permission
// that lets in more or fewer roles than written here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, addUser, signInFully, bin } from './server.mjs';

const ROLES = ['admin', 'leader', 'specialist', 'reception', 'clerk'];
const ALL = ROLES;
// document.read: who works with văn bản (the one-stop counter does not).
const DOC_READ = ['admin', 'leader', 'specialist', 'clerk'];
// method + pattern → who may call it: 'public', or the roles.
const EXPECTED = {
  'GET /healthz': 'public',
  'GET /metrics': 'public',
  'GET /api/v1/units': 'public',
  'POST /api/v1/units': ['admin'],
  'GET /api/v1/accounts': ['admin', 'leader'],
  'POST /api/v1/accounts': ['admin'],
  'POST /api/v1/accounts/{username}/status': ['admin'],
  'POST /api/v1/accounts/{username}/two-factor/reset': ['admin'],
  'GET /api/v1/audit': ['admin', 'leader'],
  'GET /api/v1/calendar/{year}': 'public',
  'GET /api/v1/calendar/deadline': 'public',
  'POST /api/v1/calendar/decisions': ['admin'],
  'DELETE /api/v1/calendar/decisions/{id}': ['admin'],
  'PUT /api/v1/calendar/office-hours': ['admin'],
  'GET /api/v1/procedures': 'public',
  'GET /api/v1/procedures/{code}': 'public',
  'GET /api/v1/procedure-fields': 'public',
  'GET /api/v1/catalog/procedures': ['admin'],
  'POST /api/v1/catalog/procedures': ['admin'],
  'GET /api/v1/catalog/procedures/{code}': ['admin'],
  'PUT /api/v1/catalog/procedures/{code}': ['admin'],
  'POST /api/v1/catalog/procedures/{code}/status': ['admin'],
  'POST /api/v1/catalog/procedures/{code}/review': ['admin'],
  'GET /api/v1/catalog/procedures/{code}/workflow': ['admin'],
  'PUT /api/v1/catalog/procedures/{code}/workflow': ['admin'],
  'GET /api/v1/catalog/export': ['admin'],
  'GET /api/v1/procedures/{code}/documents/{id}/form': 'public',
  'PUT /api/v1/catalog/procedures/{code}/documents/{id}/form': ['admin'],
  'POST /api/v1/dossiers': ['reception'],
  'GET /api/v1/dossiers/queue': ['leader', 'specialist', 'reception', 'clerk'],
  'POST /api/v1/dossiers/flags': ['admin', 'leader'],
  'GET /api/v1/dossiers/{code}': ['leader', 'specialist', 'reception', 'clerk'],
  'POST /api/v1/dossiers/{code}/actions': ['leader', 'specialist', 'reception', 'clerk'],
  'GET /api/v1/citizens/{cccd}': ['reception'],
  'GET /verify/{code}': 'public',
  'POST /api/v1/dossiers/{code}/payments': ['leader', 'specialist', 'reception', 'clerk'],
  'GET /api/v1/public/dossiers/{code}/payment': 'public',
  'GET /api/v1/public/dossiers/{code}/vietqr.svg': 'public',
  'POST /api/v1/payments/statement': ['admin', 'reception'],
  'POST /verify/{code}': 'public',
  'GET /api/v1/signing-keys': ['admin', 'leader'],
  'POST /api/v1/signing-keys/{id}/revoke': ['admin'],
  'GET /api/v1/notification-templates': ['admin'],
  'PUT /api/v1/notification-templates/{event}': ['admin'],
  'GET /api/v1/notifications': ['admin', 'leader'],
  'GET /api/v1/portal-sync': ['admin', 'leader'],
  'POST /api/v1/portal-sync/mark': ['admin', 'leader'],
  'GET /api/v1/dossiers/register': ['admin', 'leader', 'reception'],
  'GET /api/v1/dossiers/{code}/papers/{paper}': ['leader', 'specialist', 'reception', 'clerk'],
  'PUT /api/v1/dossiers/{code}/result': ['leader', 'specialist', 'reception', 'clerk'],
  'GET /api/v1/public/dossiers/{code}/result': 'public',
  'POST /api/v1/public/dossiers': 'public',
  'GET /api/v1/public/dossiers/{code}': 'public',
  'POST /api/v1/public/dossiers/{code}/actions': 'public',
  'POST /api/v1/public/dossiers/{code}/rating': 'public',
  'GET /api/v1/public/rating-criteria': 'public',
  'GET /api/v1/public/dossiers/{code}/qr.svg': 'public',
  'GET /api/v1/public/popular-procedures': 'public',
  'GET /api/v1/public/statistics': 'public',
  'GET /api/v1/public/commune': 'public',
  'GET /api/v1/plans': ['admin', 'leader', 'specialist', 'reception', 'clerk'],
  'POST /api/v1/plans/import': ['admin', 'leader'],
  'GET /api/v1/plans/{id}': ['admin', 'leader', 'specialist', 'reception', 'clerk'],
  'GET /api/v1/plans/{id}/export': ['admin', 'leader', 'specialist', 'reception', 'clerk'],
  'GET /api/v1/plans/{id}/tasks/{task}': ['admin', 'leader', 'specialist', 'reception', 'clerk'],
  'POST /api/v1/plans/{id}/tasks/{task}/progress': ['admin', 'leader', 'specialist'],
  'GET /api/v1/plans/{id}/reports': ['admin', 'leader', 'specialist', 'reception', 'clerk'],
  'POST /api/v1/plans/{id}/reports': ['admin', 'leader'],
  'GET /api/v1/plans/{id}/reports/{kind}/{period}': ['admin', 'leader', 'specialist', 'reception', 'clerk'],
  'POST /api/v1/plans/{id}/tasks/{task}/reports': ['admin', 'leader', 'specialist'],
  'POST /api/v1/plans/{id}/indicators/{indicator}/values': ['admin', 'leader', 'specialist'],
  'PUT /api/v1/plans/{id}': ['admin', 'leader'],
  'PUT /api/v1/plans/{id}/tasks/{task}': ['admin', 'leader'],
  'GET /api/v1/plans/{id}/indicators/{indicator}': ['admin', 'leader', 'specialist', 'reception', 'clerk'],
  'POST /api/v1/plans/{id}/indicators/{indicator}/values/{value}/review': ['admin', 'leader'],
  'PUT /api/v1/plans/{id}/indicators/{indicator}': ['admin', 'leader'],
  'GET /api/v1/plans/{id}/evidence/{hash}': ['admin', 'leader', 'specialist', 'reception', 'clerk'],
  'GET /api/v1/service-index': ['admin', 'leader', 'specialist', 'reception'],
  'GET /api/v1/service-index/dossiers': ['admin', 'leader', 'specialist', 'reception'],
  'PUT /api/v1/service-index/inputs': ['admin', 'leader'],
  'PUT /api/v1/service-index/settings': ['admin', 'leader'],
  'GET /api/v1/public/service-index': 'public',
  // documents: work records (document.records) and the figures (document.read)
  'GET /api/v1/work-records': ['leader', 'specialist', 'clerk'],
  'POST /api/v1/work-records': ['leader', 'specialist', 'clerk'],
  'GET /api/v1/work-records/{id}': ['leader', 'specialist', 'clerk'],
  'PATCH /api/v1/work-records/{id}': ['leader', 'specialist', 'clerk'],
  'POST /api/v1/work-records/{id}/close': ['leader', 'specialist', 'clerk'],
  'POST /api/v1/work-records/{id}/documents': ['leader', 'specialist', 'clerk'],
  'DELETE /api/v1/work-records/{id}/documents/{document}': ['leader', 'specialist', 'clerk'],
  'GET /api/v1/work-records/{id}/export': ['leader', 'specialist', 'clerk'],
  'GET /api/v1/documents/stats': ['admin', 'leader', 'specialist', 'clerk'],
  'PUT /api/v1/units/{code}/contact': ['admin'],
  // the edXML exchange (văn thư)
  'GET /api/v1/documents/outgoing/{id}/edxml': ['clerk'],
  'POST /api/v1/documents/incoming/edxml': ['clerk'],
  'GET /api/v1/documents/incoming/{id}/edxml-status': ['clerk'],
  'POST /api/v1/documents/edxml-status': ['clerk'],
  'GET /api/v1/documents/settings': DOC_READ,
  'GET /api/v1/documents/people': DOC_READ,
  'PUT /api/v1/documents/settings': ['admin', 'leader'],
  'POST /api/v1/documents/outgoing': ['leader', 'specialist', 'clerk'],
  'PATCH /api/v1/documents/outgoing/{id}': ['leader', 'specialist', 'clerk'],
  'GET /api/v1/documents/outgoing': DOC_READ,
  'GET /api/v1/documents/outgoing/{id}': DOC_READ,
  'POST /api/v1/documents/outgoing/{id}/submit': ['leader', 'specialist', 'clerk'],
  'POST /api/v1/documents/outgoing/{id}/return': ['leader'],
  'POST /api/v1/documents/outgoing/{id}/sign': ['leader'],
  'POST /api/v1/documents/outgoing/{id}/issue': ['clerk'],
  'POST /api/v1/documents/outgoing/{id}/send': ['clerk'],
  'POST /api/v1/documents/outgoing/{id}/withdraw': ['leader', 'specialist', 'clerk'],
  'POST /api/v1/documents/{id}/files': ['leader', 'specialist', 'clerk'],
  'GET /api/v1/documents/{id}/files/{file}': DOC_READ,
  'GET /api/v1/documents/{id}/pdf': DOC_READ,
  'GET /api/v1/documents/{id}/verify': DOC_READ,
  'POST /api/v1/documents/{id}/verify': DOC_READ,
  'GET /api/v1/public/documents/verify': 'public',
  'POST /api/v1/public/documents/verify': 'public',
  'POST /api/v1/auth/sign-in': 'public',
  'POST /api/v1/auth/sign-out': ALL,
  'POST /api/v1/auth/sign-out-everywhere': ALL,
  'GET /api/v1/auth/me': ALL,
  'POST /api/v1/auth/password': ALL,
  'GET /api/v1/auth/sessions': ALL,
  'POST /api/v1/auth/two-factor/enrol': ALL,
  'POST /api/v1/auth/two-factor/confirm': ALL,
  'POST /api/v1/auth/two-factor/verify': ALL,
  // văn bản đến and the registers (documents-incoming.test.mjs)
  'POST /api/v1/documents/incoming': ['clerk'],
  'GET /api/v1/documents/incoming': ['admin', 'leader', 'specialist', 'clerk'],
  'GET /api/v1/documents/incoming/{id}': ['admin', 'leader', 'specialist', 'clerk'],
  'POST /api/v1/documents/incoming/{id}/assign': ['leader'],
  'POST /api/v1/documents/incoming/{id}/start': ['leader', 'specialist'],
  'POST /api/v1/documents/incoming/{id}/note': ['leader', 'specialist'],
  'POST /api/v1/documents/incoming/{id}/complete': ['leader', 'specialist'],
  'POST /api/v1/documents/incoming/{id}/refuse': ['clerk'],
  'GET /api/v1/documents/reminders': ['admin', 'leader', 'specialist', 'clerk'],
  'GET /api/v1/documents/registers/{kind}': ['admin', 'leader', 'specialist', 'clerk'],
  // diagnostics (test-only routes)
  'POST /api/v1/diagnostics/notes': 'public',
  'GET /api/v1/diagnostics/notes': 'public',
  'GET /api/v1/diagnostics/notes/{id}': 'public',
  'POST /api/v1/diagnostics/fail': 'public',
  'GET /api/v1/diagnostics/ping': 'public',
  'GET /api/v1/diagnostics/guarded': [],
  'GET /api/v1/diagnostics/routes': 'public',
};

let srv;
const sessions = {};
before(async () => {
  srv = await startServer({ setup: (paths) => ROLES.forEach((r) => addUser(paths, `tk-${r}`, r)) });
  for (const role of ROLES) sessions[role] = await signInFully(srv.base, `tk-${role}`);
});
after(async () => { await srv.stop(); srv.cleanup(); });

async function routes() {
  return (await (await fetch(`${srv.base}/api/v1/diagnostics/routes`)).json()).items;
}

test('every route has an expected audience, and nothing is expected of a missing route', async () => {
  const listed = (await routes()).map((r) => `${r.method} ${r.pattern}`);
  assert.deepEqual([...listed].sort(), Object.keys(EXPECTED).sort());
});

test('each route lets in exactly the roles it should', async () => {
  // Signing out would end the sessions the loop uses, and enrolling again
  // would start over; auth.test.mjs and two-factor.test.mjs cover those.
  const endsSession = /\/auth\/(sign-out|two-factor)/;
  for (const r of await routes()) {
    if (!r.permission) continue;
    const expected = EXPECTED[`${r.method} ${r.pattern}`];
    const url = srv.base + r.pattern.replace(/\{[^}]+\}/g, '1');
    const anonymous = await fetch(url, { method: r.method });
    assert.equal(anonymous.status, 401, `${r.method} ${r.pattern} without a session`);
    await anonymous.arrayBuffer();
    for (const role of ROLES) {
      if (endsSession.test(r.pattern)) continue;
      const s = sessions[role];
      const res = await fetch(url, { method: r.method, headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf } });
      const allowed = res.status !== 403;
      await res.arrayBuffer();
      assert.equal(allowed, expected.includes(role), `${r.method} ${r.pattern} as ${role}: ${res.status}`);
    }
  }
});

test('public routes need no session', async () => {
  for (const r of await routes()) {
    if (r.permission || r.method !== 'GET') continue;
    const res = await fetch(srv.base + r.pattern.replace(/\{[^}]+\}/g, '1'));
    assert.notEqual(res.status, 401, r.pattern);
    assert.notEqual(res.status, 403, r.pattern);
    await res.arrayBuffer();
  }
});

// Role × route × unit. Two communes side by side (A, the demo commune, and B,
// a sibling outside its subtree) with the same roles in each and a dossier, a
// plan and accounts in both; a province with a commune beneath it. Inside its
// own commune a role in EXPECTED gets through; on the other commune's data a
// read answers 404 as if it did not exist, a change 403 out_of_scope, and
// lists hold only the caller's rows (docs/api.md, "Phạm vi đơn vị").
const A = '000.00.01.H42', B = '000.00.02.H42', P = '000.00.05.H42', C = '000.00.06.H42';
// Routes with a permission whose data belongs to no unit: one's own account
// and sessions; the catalog, notification templates and the citizens'
// register, which serve the whole deployment; the flag refresh, which only
// recomputes derived flags.
const NOT_UNIT_DATA = new Set([
  'GET /api/v1/catalog/procedures', 'POST /api/v1/catalog/procedures', 'GET /api/v1/catalog/procedures/{code}',
  'PUT /api/v1/catalog/procedures/{code}', 'POST /api/v1/catalog/procedures/{code}/status',
  'POST /api/v1/catalog/procedures/{code}/review', 'GET /api/v1/catalog/procedures/{code}/workflow',
  'PUT /api/v1/catalog/procedures/{code}/workflow', 'GET /api/v1/catalog/export',
  'PUT /api/v1/catalog/procedures/{code}/documents/{id}/form',
  'GET /api/v1/notification-templates', 'PUT /api/v1/notification-templates/{event}',
  'GET /api/v1/citizens/{cccd}', 'POST /api/v1/dossiers/flags',
  'POST /api/v1/auth/sign-out', 'POST /api/v1/auth/sign-out-everywhere', 'GET /api/v1/auth/me',
  'POST /api/v1/auth/password', 'GET /api/v1/auth/sessions', 'POST /api/v1/auth/two-factor/enrol',
  'POST /api/v1/auth/two-factor/confirm', 'POST /api/v1/auth/two-factor/verify', 'GET /api/v1/diagnostics/guarded',
]);
// Unit-scoped routes whose scope is tested in the file named.
const SCOPED_ELSEWHERE = {
  'POST /api/v1/calendar/decisions': 'calendar.test.mjs',
  'DELETE /api/v1/calendar/decisions/{id}': 'calendar.test.mjs',
  'PUT /api/v1/calendar/office-hours': 'calendar.test.mjs',
  'POST /api/v1/documents/incoming': 'documents-incoming.test.mjs',
  'GET /api/v1/documents/incoming': 'documents-incoming.test.mjs',
  'GET /api/v1/documents/incoming/{id}': 'documents-incoming.test.mjs',
  'POST /api/v1/documents/incoming/{id}/assign': 'documents-incoming.test.mjs',
  'POST /api/v1/documents/incoming/{id}/start': 'documents-incoming.test.mjs',
  'POST /api/v1/documents/incoming/{id}/note': 'documents-incoming.test.mjs',
  'POST /api/v1/documents/incoming/{id}/complete': 'documents-incoming.test.mjs',
  'POST /api/v1/documents/incoming/{id}/refuse': 'documents-incoming.test.mjs',
  'GET /api/v1/documents/reminders': 'documents-incoming.test.mjs',
  'GET /api/v1/documents/registers/{kind}': 'documents-incoming.test.mjs',
  'POST /api/v1/signing-keys/{id}/revoke': 'tokens or papers tests (no key here); refused out_of_scope by the key\'s account unit',
  'GET /api/v1/documents/outgoing/{id}/edxml': 'documents-edxml.test.mjs',
  'POST /api/v1/documents/incoming/edxml': 'documents-edxml.test.mjs (a package for another commune is refused edxml_recipient)',
  'GET /api/v1/documents/incoming/{id}/edxml-status': 'documents-edxml.test.mjs',
  'POST /api/v1/documents/edxml-status': 'documents-edxml.test.mjs',
  'POST /api/v1/documents/{id}/verify': 'documents-outgoing.test.mjs: a read with a file to check, answered 404 outside as its GET is',
};
// Batch changes naming dossiers of both communes, checked after the loop.
const SCOPED_BELOW = new Set(['POST /api/v1/payments/statement', 'POST /api/v1/portal-sync/mark']);
// Routes being added alongside, whose scope their own tests pin down.
const PENDING = new Set(['GET /api/v1/audit', 'POST /api/v1/accounts/{username}/two-factor/reset']);

let seq = 0;
const applicantOf = (n) => ({ cccd: `04219000${String(1000 + n).slice(-4)}`, full_name: `Người thử ${n}`, phone: '0912345678', address: 'Thôn Đông' });
// side: 'a' or 'b'; d: the data made below. Each gives the path and, for a
// change, the JSON body; found: inside, the object exists (no 404 expected).
const OBJECT_ROUTES = {
  'POST /api/v1/units': { path: () => '/api/v1/units', body: (side) => ({ agency_code: `000.${10 + (++seq % 90)}.${side === 'a' ? '01' : '02'}.H42`, parent_code: side === 'a' ? A : B, kind: 'village', name: `Thôn ${seq}` }) },
  'POST /api/v1/accounts': { path: () => '/api/v1/accounts', body: (side) => ({ username: `moi${++seq}`, full_name: 'Cán bộ mới', unit: side === 'a' ? A : B, role: 'clerk', password: 'Hoa sen nở rộ 2026' }) },
  'POST /api/v1/accounts/{username}/status': { path: (side) => `/api/v1/accounts/${side}-clerk/status`, body: () => ({ status: 'active' }) },
  'PUT /api/v1/units/{code}/contact': { path: (side) => `/api/v1/units/${side === 'a' ? A : B}/contact`, body: () => ({ address: 'Trụ sở', phone: '0239', email: 'ubnd@example.vn' }) },
  'POST /api/v1/dossiers': { path: () => '/api/v1/dossiers', body: (side) => ({ procedure: '9.000901', applicant: applicantOf(++seq), documents: [], receiving_unit: side === 'a' ? A : B }) },
  'GET /api/v1/dossiers/{code}': { path: (side, d) => `/api/v1/dossiers/${d[side].code}`, found: true },
  'POST /api/v1/dossiers/{code}/actions': { path: (side, d) => `/api/v1/dossiers/${d[side].code}/actions`, body: () => ({}) },
  'PUT /api/v1/dossiers/{code}/result': { path: (side, d) => `/api/v1/dossiers/${d[side].code}/result`, body: () => ({}) },
  'GET /api/v1/dossiers/{code}/papers/{paper}': { path: (side, d) => `/api/v1/dossiers/${d[side].code}/papers/receipt` },
  'POST /api/v1/dossiers/{code}/payments': { path: (side, d) => `/api/v1/dossiers/${d[side].code}/payments`, body: () => ({}) },
  'POST /api/v1/plans/import': { path: () => '/api/v1/plans/import', body: (side) => ({ ...planBody(), unit: side === 'a' ? A : B, dry_run: true }) },
  'GET /api/v1/service-index': { path: (side) => `/api/v1/service-index?unit=${side === 'a' ? A : B}`, found: true, unitRefusal: true },
  'GET /api/v1/service-index/dossiers': { path: (side) => `/api/v1/service-index/dossiers?metric=on_time&unit=${side === 'a' ? A : B}`, found: true, unitRefusal: true },
  'PUT /api/v1/service-index/inputs': { path: (side) => `/api/v1/service-index/inputs?unit=${side === 'a' ? A : B}`, body: () => ({ group: 'transparency', score: 1, source: 'Thử' }) },
  'PUT /api/v1/service-index/settings': { path: (side) => `/api/v1/service-index/settings?unit=${side === 'a' ? A : B}`, body: () => ({ feedback_none: 'full' }) },
  'POST /api/v1/work-records': { path: () => '/api/v1/work-records', body: (side) => ({ ...recordBody(), unit: side === 'a' ? A : B }) },
  'GET /api/v1/work-records/{id}': { path: (side, d) => `/api/v1/work-records/${d[side].record}`, found: true },
  'PATCH /api/v1/work-records/{id}': { path: (side, d) => `/api/v1/work-records/${d[side].record}`, body: () => ({}) },
  // The first role let in closes it; the others then meet a closed record, not a refusal of scope.
  'POST /api/v1/work-records/{id}/close': { path: (side, d) => `/api/v1/work-records/${d[side].record}/close`, body: () => ({}) },
  'POST /api/v1/work-records/{id}/documents': { path: (side, d) => `/api/v1/work-records/${d[side].record}/documents`, body: () => ({}) },
  'DELETE /api/v1/work-records/{id}/documents/{document}': { path: (side, d) => `/api/v1/work-records/${d[side].record}/documents/1` },
  'GET /api/v1/work-records/{id}/export': { path: (side, d) => `/api/v1/work-records/${d[side].record}/export?format=pdf`, found: true },
  'GET /api/v1/documents/stats': { path: (side) => `/api/v1/documents/stats?unit=${side === 'a' ? A : B}`, found: true, unitRefusal: true },
  'GET /api/v1/documents/settings': { path: (side) => `/api/v1/documents/settings?unit=${side === 'a' ? A : B}`, found: true, unitRefusal: true },
  'GET /api/v1/documents/people': { path: (side) => `/api/v1/documents/people?unit=${side === 'a' ? A : B}&can=handle`, found: true, unitRefusal: true },
  'PUT /api/v1/documents/settings': { path: (side) => `/api/v1/documents/settings?unit=${side === 'a' ? A : B}`, body: () => ({ abbreviation: 'UBND' }) },
  'POST /api/v1/documents/outgoing': { path: () => '/api/v1/documents/outgoing', body: (side) => ({ unit: side === 'a' ? A : B, type_code: 'cong_van', subject: 'Thử phạm vi' }) },
  'GET /api/v1/documents/outgoing/{id}': { path: (side, d) => `/api/v1/documents/outgoing/${d[side].doc}`, found: true },
  'PATCH /api/v1/documents/outgoing/{id}': { path: (side, d) => `/api/v1/documents/outgoing/${d[side].doc}`, body: () => ({}) },
  ...Object.fromEntries(['submit', 'return', 'sign', 'issue', 'send', 'withdraw'].map((step) => [
    `POST /api/v1/documents/outgoing/{id}/${step}`,
    { path: (side, d) => `/api/v1/documents/outgoing/${d[side].doc}/${step}`, body: () => ({ note: 'Thử phạm vi' }) },
  ])),
  'POST /api/v1/documents/{id}/files': { path: (side, d) => `/api/v1/documents/${d[side].doc}/files`, body: () => ({}) },
  'GET /api/v1/documents/{id}/files/{file}': { path: (side, d) => `/api/v1/documents/${d[side].doc}/files/1` },
  'GET /api/v1/documents/{id}/pdf': { path: (side, d) => `/api/v1/documents/${d[side].doc}/pdf` },
  'GET /api/v1/documents/{id}/verify': { path: (side, d) => `/api/v1/documents/${d[side].doc}/verify` },
};
const recordBody = () => ({ file_notation: `${++seq}.TH`, title: 'Hồ sơ thử phạm vi', maintenance: '5 năm', rights: 'Hạn chế' });
const LIST_ROUTES = {
  'GET /api/v1/accounts': { path: () => '/api/v1/accounts', rows: (body) => body.items.map((i) => i.username) , mine: (side) => `${side}-clerk` },
  'GET /api/v1/signing-keys': { path: () => '/api/v1/signing-keys', rows: (body) => body.items.map((i) => i.username) },
  'GET /api/v1/dossiers/queue': { path: () => '/api/v1/dossiers/queue', rows: (body) => body.items.map((i) => i.code), mine: (side, d) => d[side].code, only: ['reception'] },
  'GET /api/v1/dossiers/register': { path: () => `/api/v1/dossiers/register?from=${day(-1)}&to=${day(1)}`, rows: (body) => body.items.map((i) => i.code) },
  'GET /api/v1/notifications': { path: () => '/api/v1/notifications', rows: (body) => body.items.map((i) => i.code) },
  'GET /api/v1/portal-sync': { path: () => '/api/v1/portal-sync', rows: (body) => [JSON.stringify(body.items)], contains: true },
  'GET /api/v1/plans': { path: () => '/api/v1/plans', rows: (body) => body.items.map((i) => i.id), mine: (side, d) => d[side].plan },
  'GET /api/v1/work-records': { path: () => '/api/v1/work-records', rows: (body) => body.items.map((i) => i.id), mine: (side, d) => d[side].record },
  'GET /api/v1/documents/outgoing': { path: () => '/api/v1/documents/outgoing', rows: (body) => body.items.map((i) => i.id), mine: (side, d) => d[side].doc },
};
const day = (offset) => new Date(Date.now() + 7 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
const planBody = () => ({
  tasks_csv: 'TT,Nhiệm vụ chính,Mục tiêu/chỉ tiêu/kết quả đạt được,Thời gian triển khai/hoàn thành,Đơn vị chủ trì,Đơn vị phối hợp,Kinh phí (triệu đồng),Nguồn ngân sách\n'
    + '1,Số hóa hồ sơ lưu trữ,Toàn bộ hồ sơ năm 2025,Quý II/2026,Tổ công tác số,,10,Ngân sách xã\n',
  indicators_csv: 'TT,Nội dung chỉ tiêu,Chủ trì,Phối hợp\n1,Tỷ lệ hồ sơ được số hóa đạt 100%,Tổ công tác số,\n',
  units: { 'Tổ công tác số': ['external'] },
});
// Every /api/v1/plans/{id}... route, on the plan of the side.
const planRoute = (key) => key.includes(' /api/v1/plans/{id}');
// A task and an indicator of that plan, so a route on them finds them inside
// and the outside answer cannot be a plain "no such task".
const planPath = (pattern, p) => pattern.replace('{id}', p.plan).replace('{task}', p.task)
  .replace('{indicator}', p.indicator).replace(/\{[^}]+\}/g, '1');
const PLAN_FOUND = /^GET \/api\/v1\/plans\/\{id\}(\/tasks\/\{task\}|\/indicators\/\{indicator\}|\/export|\/reports)?$/;

test('each route touching a unit\'s data keeps every role within its own units', async () => {
  const SIDES = { a: A, b: B };
  const scoped = await startServer({
    setup: (p) => {
      const run = (args) => execFileSync(bin, [...args, '--db', p.db], { encoding: 'utf8' });
      run(['unit', 'add', '--code', B, '--kind', 'commune', '--name', 'Ủy ban nhân dân xã Bên Cạnh']);
      run(['unit', 'add', '--code', P, '--kind', 'province', '--name', 'Tỉnh thử']);
      run(['unit', 'add', '--code', C, '--kind', 'commune', '--name', 'Ủy ban nhân dân xã Dưới Tỉnh', '--parent', P]);
      for (const [side, unit] of Object.entries(SIDES)) for (const r of ROLES) addUser(p, `${side}-${r}`, r, unit);
      addUser(p, 'p-leader', 'leader', P);
      addUser(p, 'c-leader', 'leader', C);
      // The catalog is the deployment's: changed by an administrator of every top-level unit.
      addUser(p, 'd-admin', 'admin', A);
      for (const top of [B, P]) run(['user', 'grant', 'd-admin', '--unit', top, '--role', 'admin']);
    },
  });
  try {
    const who = {};
    for (const name of [...Object.keys(SIDES).flatMap((side) => ROLES.map((r) => `${side}-${r}`)), 'p-leader', 'c-leader', 'd-admin']) who[name] = await signInFully(scoped.base, name);
    const call = async (name, method, path, body) => {
      const headers = { Cookie: who[name].cookie, 'X-CSRF-Token': who[name].csrf };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(scoped.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      let parsed = null;
      try { parsed = JSON.parse(text); } catch { /* a PDF or a sheet */ }
      return { status: res.status, body: parsed };
    };
    // The data: a procedure for every unit, a dossier and a plan in each commune.
    // One commune's administrator may not change what every commune uses.
    const refused = await call('a-admin', 'POST', '/api/v1/catalog/procedures', { code: '9.000902' });
    assert.deepEqual([refused.status, refused.body.error.code], [403, 'out_of_scope']);
    const proc = await call('d-admin', 'POST', '/api/v1/catalog/procedures', {
      code: '9.000901', name: 'Xác nhận thử phạm vi', field: 'Thử nghiệm', time: { unit: 'working_days', amount: 3 },
      workflow: { template: 'counter_specialist_leader' }, documents: [{ name: 'Tờ khai', kind: 'submit' }],
      form: [{ key: 'ho_ten', label: 'Họ và tên', type: 'text', required: true, prefill: 'full_name' }],
    });
    assert.equal(proc.status, 201, JSON.stringify(proc.body));
    const d = {};
    for (const side of Object.keys(SIDES)) {
      const dossier = await call(`${side}-reception`, 'POST', '/api/v1/dossiers', { procedure: '9.000901', applicant: applicantOf(++seq), documents: [] });
      assert.equal(dossier.status, 201, JSON.stringify(dossier.body));
      const plan = await call(`${side}-leader`, 'POST', '/api/v1/plans/import', planBody());
      assert.equal(plan.status, 201, JSON.stringify(plan.body));
      const read = await call(`${side}-leader`, 'GET', `/api/v1/plans/${plan.body.plan_id}`);
      assert.ok(read.body.tasks.length > 0 && read.body.indicators.length > 0, JSON.stringify(read.body));
      const record = await call(`${side}-clerk`, 'POST', '/api/v1/work-records', recordBody());
      assert.equal(record.status, 201, JSON.stringify(record.body));
      const doc = await call(`${side}-specialist`, 'POST', '/api/v1/documents/outgoing', { type_code: 'cong_van', subject: 'Công văn thử phạm vi' });
      assert.equal(doc.status, 201, JSON.stringify(doc.body));
      d[side] = { code: dossier.body.code, plan: plan.body.plan_id, task: read.body.tasks[0].id, indicator: read.body.indicators[0].id, record: record.body.id, doc: doc.body.id };
    }

    const listed = (await (await fetch(`${scoped.base}/api/v1/diagnostics/routes`)).json()).items
      .filter((r) => r.permission).map((r) => `${r.method} ${r.pattern}`);
    for (const key of listed) {
      if (NOT_UNIT_DATA.has(key) || SCOPED_ELSEWHERE[key] || SCOPED_BELOW.has(key) || PENDING.has(key)) continue;
      const [method, pattern] = key.split(' ');
      const allowed = EXPECTED[key];
      assert.ok(Array.isArray(allowed), `${key} has a line in EXPECTED`);
      const list = LIST_ROUTES[key];
      const object = OBJECT_ROUTES[key] ?? (planRoute(key)
        ? { path: (side) => planPath(pattern, d[side]), body: () => ({}), found: PLAN_FOUND.test(key) }
        : null);
      assert.ok(list || object, `${key}: say how it is scoped (a list, an object or unit, or none)`);
      for (const role of ROLES) {
        for (const [mine, other] of [['a', 'b'], ['b', 'a']]) {
          const name = `${mine}-${role}`;
          if (list) {
            const r = await call(name, method, list.path(mine, d));
            if (!allowed.includes(role)) { assert.equal(r.status, 403, `${key} as ${name}`); continue; }
            assert.equal(r.status, 200, `${key} as ${name}: ${JSON.stringify(r.body)}`);
            const rows = list.rows(r.body);
            if (list.mine && (!list.only || list.only.includes(role))) assert.ok(rows.includes(list.mine(mine, d)), `${key} as ${name} lists its own commune's row`);
            if (list.mine) assert.ok(!rows.includes(list.mine(other, d)), `${key} as ${name} does not list the other commune's row`);
            if (list.contains) assert.ok(!rows.some((row) => row.includes(d[other].code)), `${key} as ${name} holds nothing of the other commune`);
            continue;
          }
          const bodyOf = (side) => (method === 'GET' ? undefined : object.body ? object.body(side) : {});
          const inside = await call(name, method, object.path(mine, d), bodyOf(mine));
          const outside = await call(name, method, object.path(other, d), bodyOf(other));
          if (!allowed.includes(role)) {
            assert.equal(inside.status, 403, `${key} as ${name}`);
            assert.equal(outside.status, 403, `${key} as ${name}, other commune`);
            continue;
          }
          const code = inside.body?.error?.code;
          assert.ok(code !== 'forbidden' && code !== 'out_of_scope', `${key} as ${name} inside: ${inside.status} ${JSON.stringify(inside.body)}`);
          if (object.found) assert.notEqual(inside.status, 404, `${key} as ${name} finds its own commune's`);
          const read = method === 'GET' && !object.unitRefusal;
          assert.equal(outside.status, read ? 404 : 403, `${key} as ${name} on the other commune: ${JSON.stringify(outside.body)}`);
          assert.equal(outside.body.error.code, read ? 'not_found' : 'out_of_scope', `${key} as ${name}`);
        }
      }
    }

    // A bank statement names dossiers of both communes: only one's own is matched.
    const csv = `Số tiền,Nội dung\n50000,Nop phi ${d.a.code}\n50000,Nop phi ${d.b.code}\n`;
    const st = await fetch(`${scoped.base}/api/v1/payments/statement`, { method: 'POST', headers: { Cookie: who['a-reception'].cookie, 'X-CSRF-Token': who['a-reception'].csrf, 'Content-Type': 'text/csv' }, body: csv });
    const report = await st.json();
    assert.equal(st.status, 200, JSON.stringify(report));
    assert.ok(!report.matched.some((m) => m.code === d.b.code), 'the other commune\'s dossier is not matched');
    assert.ok(report.unmatched.some((m) => m.text?.includes(d.b.code)), 'it is unmatched, as an unknown code');
    // Marking portal records: the other commune's are left as they are.
    const theirs = (await call('b-leader', 'GET', '/api/v1/portal-sync')).body.items.map((i) => i.id);
    assert.ok(theirs.length > 0, 'the other commune has a dossier waiting for the national portal');
    assert.equal((await call('a-leader', 'POST', '/api/v1/portal-sync/mark', { ids: theirs, status: 'failed' })).body.changed, 0);

    // The province sees everything beneath it; its commune nothing above or beside.
    const plan = await call('p-leader', 'POST', '/api/v1/plans/import', planBody());
    assert.equal(plan.status, 201, JSON.stringify(plan.body));
    const cplan = await call('c-leader', 'POST', '/api/v1/plans/import', planBody());
    const provinceAccounts = (await call('p-leader', 'GET', '/api/v1/accounts')).body.items.map((i) => i.username);
    assert.ok(provinceAccounts.includes('c-leader') && !provinceAccounts.includes('a-leader'));
    assert.ok(!(await call('c-leader', 'GET', '/api/v1/accounts')).body.items.some((i) => i.username === 'p-leader'));
    assert.ok((await call('p-leader', 'GET', '/api/v1/plans')).body.items.some((i) => i.id === cplan.body.plan_id));
    assert.equal((await call('p-leader', 'GET', `/api/v1/plans/${cplan.body.plan_id}`)).status, 200);
    assert.equal((await call('c-leader', 'GET', `/api/v1/plans/${plan.body.plan_id}`)).status, 404, 'not the province\'s plan');
    assert.ok(!(await call('c-leader', 'GET', '/api/v1/plans')).body.items.some((i) => i.id === plan.body.plan_id));
    assert.equal((await call('c-leader', 'GET', `/api/v1/service-index?unit=${P}`)).status, 403);
    assert.equal((await call('p-leader', 'GET', `/api/v1/service-index?unit=${C}`)).status, 200);
  } finally {
    await scoped.stop();
    scoped.cleanup();
  }
});

test('every route listed as scoped elsewhere or not unit data is a route with a line in EXPECTED', () => {
  for (const key of [...NOT_UNIT_DATA, ...Object.keys(SCOPED_ELSEWHERE), ...SCOPED_BELOW, ...Object.keys(OBJECT_ROUTES), ...Object.keys(LIST_ROUTES)])
    assert.ok(key in EXPECTED, key);
});
