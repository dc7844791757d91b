// Every route, called by everyone: the allowed set is exactly the one below.
// A route added without a line here fails this test; so does a permission
// that lets in more or fewer roles than written here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, addUser, signInFully } from './server.mjs';

const ROLES = ['admin', 'leader', 'specialist', 'reception', 'clerk'];
const ALL = ROLES;
// method + pattern → who may call it: 'public', or the roles.
const EXPECTED = {
  'GET /healthz': 'public',
  'GET /metrics': 'public',
  'GET /api/v1/units': 'public',
  'POST /api/v1/units': ['admin'],
  'GET /api/v1/accounts': ['admin', 'leader'],
  'POST /api/v1/accounts': ['admin'],
  'POST /api/v1/accounts/{username}/status': ['admin'],
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
  'PUT /api/v1/units/{code}/contact': ['admin'],
  'POST /api/v1/auth/sign-in': 'public',
  'POST /api/v1/auth/sign-out': ALL,
  'POST /api/v1/auth/sign-out-everywhere': ALL,
  'GET /api/v1/auth/me': ALL,
  'POST /api/v1/auth/password': ALL,
  'GET /api/v1/auth/sessions': ALL,
  'POST /api/v1/auth/two-factor/enrol': ALL,
  'POST /api/v1/auth/two-factor/confirm': ALL,
  'POST /api/v1/auth/two-factor/verify': ALL,
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
