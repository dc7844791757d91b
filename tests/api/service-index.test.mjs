// The QĐ 766 index from dossiers with known timings, checked to the point:
// on time (one supplement excluded, two make it late, open within due
// counts), online submission, reuse, satisfaction, feedback with none, the
// entered inputs, and the drill-down to the dossiers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json, addUser, signInFully } from './server.mjs';

let srv;
const s = {};
before(async () => {
  srv = await startServer({
    setup: (p) => {
      addUser(p, 'quantri', 'admin');
      addUser(p, 'lanhdao', 'leader', '000.00.01.H42');
      addUser(p, 'motcua', 'reception', '000.04.01.H42');
    },
  });
  for (const u of ['quantri', 'lanhdao', 'motcua']) s[u] = await signInFully(srv.base, u);
  const r = await call('quantri', 'POST', '/api/v1/catalog/procedures', {
    code: '9.000601', name: 'Xác nhận thử hai ngày', field: 'Thử', time: { unit: 'working_days', amount: 2 },
    workflow: { template: 'same_day' }, online_level: 'full',
    documents: [{ name: 'Tờ khai', kind: 'submit' }, { name: 'Căn cước', kind: 'present', reusable_from: 'cccd' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
});
after(async () => { await srv.stop(); srv.cleanup(); });

let clock;
async function call(user, method, path, body) {
  const headers = { 'X-Test-Now': clock ?? '2026-11-23T09:00:00+07:00' };
  if (user) Object.assign(headers, { Cookie: s[user].cookie, 'X-CSRF-Token': s[user].csrf });
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return json(await fetch(srv.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}
async function at(time, user, code, action, extra = {}) {
  clock = `2026-11-${time}:00+07:00`;
  const current = await call(user, 'GET', `/api/v1/dossiers/${code}`);
  const r = await call(user, 'POST', `/api/v1/dossiers/${code}/actions`, { action, version: current.body.version, ...extra });
  assert.equal(r.status, 200, `${action} at ${time}: ${JSON.stringify(r.body)}`);
}
const applicant = { cccd: '042190001234', full_name: 'Đỗ Thị Lan', phone: '0912000333' };
async function receive(time, documents = []) {
  clock = `2026-11-${time}:00+07:00`;
  const r = await call('motcua', 'POST', '/api/v1/dossiers', { procedure: '9.000601', applicant, documents });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.code;
}
const codes = {};

test('six dossiers with known timings', async () => {
  const docs = (await call('motcua', 'GET', '/api/v1/procedures/9.000601')).body.documents;
  const reused = [{ id: docs[1].id, state: 'reused' }];
  codes.d1 = await receive('02T09:00', reused); // due 04/11 09:00
  await at('03T09:00', 'motcua', codes.d1, 'issue_result');                         // on time
  await at('03T10:00', 'motcua', codes.d1, 'return', { return_channel: 1 });
  codes.d2 = await receive('02T09:00');
  await at('05T09:00', 'motcua', codes.d2, 'issue_result');                         // late
  await at('05T10:00', 'motcua', codes.d2, 'return', { return_channel: 1 });
  codes.d3 = await receive('09T09:00');                                               // due 11/11 09:00
  await at('09T10:00', 'motcua', codes.d3, 'request_supplement', { note: 'Bổ sung lần 1' });
  await at('09T11:00', 'motcua', codes.d3, 'supply');
  await at('09T13:00', 'motcua', codes.d3, 'request_supplement', { note: 'Bổ sung lần 2' });
  await at('09T14:00', 'motcua', codes.d3, 'supply');
  await at('10T09:00', 'motcua', codes.d3, 'issue_result');                         // early, but two supplements: late
  codes.d4 = await receive('09T09:00');
  await at('10T09:00', 'motcua', codes.d4, 'request_supplement', { note: 'Thiếu tờ khai' });
  await at('12T09:00', 'motcua', codes.d4, 'supply');                              // due moves to 13/11 09:00
  await at('12T10:00', 'motcua', codes.d4, 'issue_result');                         // on time after the pause
  codes.d5 = await receive('20T09:00');                                               // due 24/11: open within due
  clock = '2026-11-16T09:00:00+07:00';
  const online = await call(null, 'POST', '/api/v1/public/dossiers', { procedure: '9.000601', competent_unit: '000.00.01.H42', applicant });
  codes.d6 = online.body.code;
  await at('16T09:00', 'motcua', codes.d6, 'accept');                               // due 18/11: open and late
  // Ratings after return: one satisfied, one not.
  for (const [code, overall] of [[codes.d1, 'very_satisfied'], [codes.d2, 'unsatisfied']]) {
    const r = await call(null, 'POST', `/api/v1/public/dossiers/${code}/rating`, { phone_last4: '0333', overall, scores: { guidance: 2, attitude: 2, on_time: 1, no_extra: 2, result: 2 } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
});

const metric = (index, code) => index.groups.flatMap((g) => g.metrics).find((m) => m.code === code);

test('the index of November, metric by metric', async () => {
  clock = '2026-11-23T09:00:00+07:00';
  const r = await call('lanhdao', 'GET', '/api/v1/service-index?period=2026-11');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const idx = r.body;
  assert.equal(idx.unit, '000.00.01.H42');
  assert.equal(idx.dossiers, 6);
  const onTime = metric(idx, 'on_time');
  assert.deepEqual([onTime.numerator, onTime.denominator, onTime.score], [3, 6, 10]); // d1, d4, d5 of six: 20 × 3/6
  const online = metric(idx, 'online');
  assert.deepEqual([online.numerator, online.denominator], [1, 6]);
  assert.ok(Math.abs(online.score - 2) < 1e-9, `online ${online.score}`); // min(6, 6 × (1/6) ÷ 0.5)
  const reuse = metric(idx, 'reuse');
  assert.ok(Math.abs(reuse.score - 2 * (1 / 6) / 0.8) < 1e-9, `reuse ${reuse.score}`);
  const eResult = metric(idx, 'e_result');
  assert.deepEqual([eResult.numerator, eResult.denominator, eResult.score], [0, 4, 0]); // four finished, none electronic
  assert.equal(metric(idx, 'digitized').score, 0);
  const satisfaction = metric(idx, 'satisfaction');
  assert.deepEqual([satisfaction.numerator, satisfaction.denominator], [1, 2]);
  assert.ok(Math.abs(satisfaction.score - 6 * 0.5 / 0.9) < 1e-9);
  const feedback = metric(idx, 'feedback');
  assert.deepEqual([feedback.empty, feedback.score], [true, 6]);
  const expected = 10 + 2 + 2 * (1 / 6) / 0.8 + 6 * 0.5 / 0.9 + 6;
  assert.ok(Math.abs(idx.score - expected) < 1e-9, `total ${idx.score} vs ${expected}`);
  assert.equal(idx.complete, false, 'the parts from the national database are not entered yet');
  assert.equal(idx.groups.reduce((a, g) => a + g.points, 0), 100);
  const zero = (await call('lanhdao', 'GET', '/api/v1/service-index?period=2026-11&feedback_none=zero')).body;
  assert.ok(Math.abs(zero.score - (expected - 6)) < 1e-9, 'with the other setting, no feedback scores 0');
});

test('drill-down to the dossiers behind a metric, inputs, periods and refusals', async () => {
  clock = '2026-11-23T09:00:00+07:00';
  const num = (await call('lanhdao', 'GET', '/api/v1/service-index/dossiers?period=2026-11&metric=on_time')).body.codes;
  assert.deepEqual(num.sort(), [codes.d1, codes.d4, codes.d5].sort());
  const den = (await call('lanhdao', 'GET', '/api/v1/service-index/dossiers?period=2026-11&metric=on_time&part=denominator')).body.codes;
  assert.equal(den.length, 6);

  const input = await call('lanhdao', 'PUT', '/api/v1/service-index/inputs?period=2026-11', { group: 'transparency', score: 15.5, source: 'Cổng DVC quốc gia, tháng 11/2026' });
  assert.equal(input.status, 200, JSON.stringify(input.body));
  const idx = (await call('lanhdao', 'GET', '/api/v1/service-index?period=2026-11')).body;
  const transparency = idx.groups.find((g) => g.title === 'Công khai, minh bạch');
  assert.equal(transparency.input.score, 15.5);
  assert.equal(transparency.score, 15.5);
  for (const [body, field] of [[{ group: 'progress', score: 1, source: 'x' }, 'group'], [{ group: 'payment', score: 11, source: 'x' }, 'score'], [{ group: 'payment', score: 5 }, 'source']]) {
    const r = await call('lanhdao', 'PUT', '/api/v1/service-index/inputs?period=2026-11', body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await call('motcua', 'PUT', '/api/v1/service-index/inputs?period=2026-11', { group: 'payment', score: 5, source: 'x' })).status, 403);

  assert.equal((await call('lanhdao', 'GET', '/api/v1/service-index?period=2026-Q4')).body.dossiers, 6);
  const october = (await call('lanhdao', 'GET', '/api/v1/service-index?period=2026-10')).body;
  assert.equal(october.dossiers, 0);
  assert.equal(metric(october, 'on_time').empty, true);
  assert.equal((await call('lanhdao', 'GET', '/api/v1/service-index?period=2026-13')).body.error.field, 'period');
  assert.equal((await call('lanhdao', 'GET', '/api/v1/service-index?unit=000.03.01.H42&period=2026-11')).body.dossiers, 0, 'another unit handled none');
  assert.equal((await call('lanhdao', 'GET', '/api/v1/service-index?unit=999&period=2026-11')).status, 404);
  assert.equal((await call('lanhdao', 'GET', '/api/v1/service-index/dossiers?period=2026-11&metric=x')).status, 422);
});
