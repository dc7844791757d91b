// The QĐ 766 index from dossiers with known timings, checked to the point:
// on time (one supplement excluded, two make it late, open within due
// counts, waiting for the applicant stops the clock, an apology is late, a
// refusal ends it), online submission, e-result, digitized, reuse, online
// payment, satisfaction, feedback with none and its setting, the entered
// inputs, the drill-down, the public summary, and the plan's computed
// indicators over the same dossiers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json, addUser, signInFully } from './server.mjs';

let srv;
const s = {};
before(async () => {
  srv = await startServer({
    env: { XASO_SIGNING_KEY: '8f'.repeat(32) },
    setup: (p) => {
      addUser(p, 'quantri', 'admin');
      addUser(p, 'lanhdao', 'leader', '000.00.01.H42');
      addUser(p, 'motcua', 'reception', '000.04.01.H42');
    },
  });
  for (const u of ['quantri', 'lanhdao', 'motcua']) s[u] = await signInFully(srv.base, u);
  for (const [code, extra] of [['9.000601', {}], ['9.000602', { fees: [{ kind: 'charge', amount: 20000, description: 'Lệ phí' }] }]]) {
    const r = await call('quantri', 'POST', '/api/v1/catalog/procedures', {
      code, name: 'Xác nhận thử hai ngày', field: 'Thử', time: { unit: 'working_days', amount: 2 },
      workflow: { template: 'same_day' }, online_level: 'full',
      documents: [{ name: 'Tờ khai', kind: 'submit' }, { name: 'Căn cước', kind: 'present', reusable_from: 'cccd' }],
      ...extra,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
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
  clock = time.length > 8 ? `2026-${time}:00+07:00` : `2026-11-${time}:00+07:00`;
  const current = await call(user, 'GET', `/api/v1/dossiers/${code}`);
  const r = await call(user, 'POST', `/api/v1/dossiers/${code}/actions`, { action, version: current.body.version, ...extra });
  assert.equal(r.status, 200, `${action} at ${time}: ${JSON.stringify(r.body)}`);
}
const applicant = { cccd: '042190001234', full_name: 'Đỗ Thị Lan', phone: '0912000333' };
async function receive(time, documents = [], procedure = '9.000601') {
  clock = time.length > 8 ? `2026-${time}:00+07:00` : `2026-11-${time}:00+07:00`;
  const r = await call('motcua', 'POST', '/api/v1/dossiers', { procedure, applicant, documents });
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
  assert.deepEqual([reuse.numerator, reuse.denominator], [2, 6], 'd1 at the counter, d6 online (its căn cước is taken from the data held)');
  assert.ok(Math.abs(reuse.score - 2 * (2 / 6) / 0.8) < 1e-9, `reuse ${reuse.score}`);
  const eResult = metric(idx, 'e_result');
  assert.deepEqual([eResult.numerator, eResult.denominator, eResult.score], [0, 4, 0]); // four finished, none electronic
  assert.equal(metric(idx, 'digitized').score, 0);
  const satisfaction = metric(idx, 'satisfaction');
  assert.deepEqual([satisfaction.numerator, satisfaction.denominator], [1, 2]);
  assert.ok(Math.abs(satisfaction.score - 6 * 0.5 / 0.9) < 1e-9);
  const feedback = metric(idx, 'feedback');
  assert.deepEqual([feedback.empty, feedback.score], [true, 6]);
  const payment = metric(idx, 'payment');
  assert.deepEqual([payment.empty, payment.score], [true, 10], 'no dossier owed a fee');
  const expected = 10 + 2 + 2 * (2 / 6) / 0.8 + 6 * 0.5 / 0.9 + 6 + 10;
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
  // In pages, in the order received: the pages put together are the whole list.
  const pages = [];
  for (let offset = 0; offset !== null;) {
    const page = (await call('lanhdao', 'GET', `/api/v1/service-index/dossiers?period=2026-11&metric=on_time&part=denominator&limit=4&offset=${offset}`)).body;
    assert.equal(page.total, 6);
    assert.ok(page.codes.length <= 4);
    pages.push(...page.codes);
    offset = page.next_offset;
  }
  assert.deepEqual(pages, den);
  const limit = await call('lanhdao', 'GET', '/api/v1/service-index/dossiers?period=2026-11&metric=on_time&limit=5000');
  assert.deepEqual([limit.status, limit.body.error.field], [422, 'limit']);

  const input = await call('lanhdao', 'PUT', '/api/v1/service-index/inputs?period=2026-11', { group: 'transparency', score: 15.5, source: 'Cổng DVC quốc gia, tháng 11/2026' });
  assert.equal(input.status, 200, JSON.stringify(input.body));
  const idx = (await call('lanhdao', 'GET', '/api/v1/service-index?period=2026-11')).body;
  const transparency = idx.groups.find((g) => g.title === 'Công khai, minh bạch');
  assert.equal(transparency.input.score, 15.5);
  assert.equal(transparency.score, 15.5);
  for (const [body, field] of [[{ group: 'progress', score: 1, source: 'x' }, 'group'], [{ group: 'payment', score: 1, source: 'x' }, 'group'],
    [{ group: 'online', score: 7, source: 'x' }, 'score'], [{ group: 'online', score: 5 }, 'source']]) {
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
  const badPart = await call('lanhdao', 'GET', '/api/v1/service-index/dossiers?period=2026-11&metric=on_time&part=tu_so');
  assert.deepEqual([badPart.status, badPart.body.error.field], [422, 'part']);
  const feedback = await call('lanhdao', 'GET', '/api/v1/service-index/dossiers?period=2026-11&metric=feedback');
  assert.deepEqual([feedback.status, feedback.body.error.field], [422, 'metric'], 'feedback is not a dossier: nothing to list');
});

// December: fees, files, an electronic result, a paused dossier, an apology
// and a refusal, all with known timings.
const pdf = Buffer.from('%PDF-1.4\nTờ khai\n%%EOF\n');
test('December: payment online and at the counter, digitized papers and an electronic result', async () => {
  const docs = (await call('motcua', 'GET', '/api/v1/procedures/9.000602')).body.documents;
  // e1: online with its paper as a file and the căn cước reused; paid through the national portal; e-result.
  clock = '2026-12-01T09:00:00+07:00';
  const form = new FormData();
  form.append('data', JSON.stringify({ procedure: '9.000602', competent_unit: '000.00.01.H42', applicant }));
  form.append(`file:${docs[0].id}`, new Blob([pdf], { type: 'application/pdf' }), 'to-khai.pdf');
  const online = await fetch(`${srv.base}/api/v1/public/dossiers`, { method: 'POST', body: form, headers: { 'X-Test-Now': clock } });
  assert.equal(online.status, 201, await online.clone().text());
  codes.e1 = (await online.json()).code;
  await at('12-01T09:00', 'motcua', codes.e1, 'accept');                                     // due 03/12 09:00
  const paid = await call('motcua', 'POST', `/api/v1/dossiers/${codes.e1}/payments`, { method: 'gateway', gateway: 1, amount: 20000 });
  assert.equal(paid.status, 201, JSON.stringify(paid.body));
  const put = await fetch(`${srv.base}/api/v1/dossiers/${codes.e1}/result?name=ket-qua.pdf`, {
    method: 'PUT', body: pdf, headers: { 'X-Test-Now': clock, Cookie: s.motcua.cookie, 'X-CSRF-Token': s.motcua.csrf, 'Content-Type': 'application/pdf' },
  });
  assert.equal(put.status, 200);
  await at('12-02T09:00', 'motcua', codes.e1, 'issue_result', { electronic: true, paper: false }); // on time
  await at('12-02T10:00', 'motcua', codes.e1, 'return', { return_channel: 2 });
  const rated = await call(null, 'POST', `/api/v1/public/dossiers/${codes.e1}/rating`, { phone_last4: '0333', overall: 'satisfied', scores: { guidance: 2, attitude: 2, on_time: 2, no_extra: 2, result: 2 } });
  assert.equal(rated.status, 201);
  // e2: at the counter, no files, paid in cash; a paper result on time.
  codes.e2 = await receive('12-01T09:00', [], '9.000602');
  assert.equal((await call('motcua', 'POST', `/api/v1/dossiers/${codes.e2}/payments`, { method: 'cash', amount: 20000, receipt_no: 'BL-0101' })).status, 201);
  await at('12-02T09:00', 'motcua', codes.e2, 'issue_result', { electronic: false, paper: true });
  // e3: asked for papers once before its due instant and still waiting: the clock stands still.
  codes.e3 = await receive('12-01T09:00');
  await at('12-02T09:00', 'motcua', codes.e3, 'request_supplement', { note: 'Thiếu tờ khai' });
  // e4: an apology and a new date; finished before the new date, after the first: late all the same.
  codes.e4 = await receive('12-01T09:00');
  await at('12-02T15:00', 'motcua', codes.e4, 'propose_apology', { reason: 'Cần xác minh thêm', new_due: '2026-12-08T17:00:00+07:00' });
  await at('12-02T15:30', 'lanhdao', codes.e4, 'approve_apology');
  await at('12-04T09:00', 'motcua', codes.e4, 'issue_result', { electronic: false, paper: true });
  // e5: refused on the day: it ends, on time.
  codes.e5 = await receive('12-01T09:00');
  await at('12-01T10:00', 'motcua', codes.e5, 'refuse', { reason: 'Không thuộc thẩm quyền giải quyết của xã.' });
});

test('the index of December, metric by metric, and the feedback setting', async () => {
  clock = '2026-12-10T09:00:00+07:00';
  const idx = (await call('lanhdao', 'GET', '/api/v1/service-index?period=2026-12')).body;
  assert.equal(idx.dossiers, 5);
  const got = (code) => { const m = metric(idx, code); return [m.numerator, m.denominator]; };
  assert.deepEqual(got('on_time'), [4, 5], 'e1, e2, e3 (paused within due), e5 (refused in time); e4 apologized');
  assert.equal(metric(idx, 'on_time').score, 16);
  assert.deepEqual(got('e_result'), [1, 3], 'finished: e1, e2, e4');
  assert.ok(Math.abs(metric(idx, 'e_result').score - 2) < 1e-9);
  assert.deepEqual(got('digitized'), [1, 5], 'e1: its paper as a file, the căn cước reused, the result as a file');
  assert.ok(Math.abs(metric(idx, 'digitized').score - 0.8) < 1e-9);
  assert.deepEqual(got('reuse'), [1, 5]);
  assert.ok(Math.abs(metric(idx, 'reuse').score - 0.5) < 1e-9);
  assert.deepEqual(got('online'), [1, 5]);
  assert.ok(Math.abs(metric(idx, 'online').score - 2.4) < 1e-9);
  assert.deepEqual(got('payment'), [1, 2], 'e1 through the national portal; e2 in cash');
  assert.equal(metric(idx, 'payment').score, 5);
  assert.deepEqual(got('satisfaction'), [1, 1]);
  assert.equal(metric(idx, 'satisfaction').score, 6);
  assert.equal(metric(idx, 'feedback').score, 6);
  const drill = (await call('lanhdao', 'GET', '/api/v1/service-index/dossiers?period=2026-12&metric=on_time')).body.codes;
  assert.deepEqual(drill.sort(), [codes.e1, codes.e2, codes.e3, codes.e5].sort());
  assert.deepEqual((await call('lanhdao', 'GET', '/api/v1/service-index/dossiers?period=2026-12&metric=payment')).body.codes, [codes.e1]);

  // The setting: no feedback scores nothing; the query still compares both readings.
  const bad = await call('lanhdao', 'PUT', '/api/v1/service-index/settings', { feedback_none: 'half' });
  assert.deepEqual([bad.status, bad.body.error.field], [422, 'feedback_none']);
  assert.equal((await call('lanhdao', 'PUT', '/api/v1/service-index/settings', { feedback_none: 'zero' })).status, 200);
  const zero = (await call('lanhdao', 'GET', '/api/v1/service-index?period=2026-12')).body;
  assert.equal(metric(zero, 'feedback').score, 0);
  assert.deepEqual([idx.feedback_none, zero.feedback_none], ['full', 'zero'], 'the index says which setting it used');
  assert.ok(Math.abs(idx.score - zero.score - 6) < 1e-9);
  assert.equal(metric((await call('lanhdao', 'GET', '/api/v1/service-index?period=2026-12&feedback_none=full')).body, 'feedback').score, 6);
  assert.equal((await call('lanhdao', 'PUT', '/api/v1/service-index/settings', { feedback_none: 'full' })).status, 200);
});

test('the public summary: the year, its groups and each month, without any dossier code', async () => {
  clock = '2026-12-10T09:00:00+07:00';
  const r = await call(null, 'GET', '/api/v1/public/service-index?year=2026');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.dossiers, 11);
  assert.deepEqual(r.body.months.map((m) => [m.month, m.dossiers]), [[11, 6], [12, 5]]);
  const december = (await call('lanhdao', 'GET', '/api/v1/service-index?period=2026-12')).body;
  assert.ok(Math.abs(r.body.months[1].score - december.score) < 1e-9);
  assert.equal(r.body.groups.length, 6);
  assert.equal(r.body.groups.reduce((a, g) => a + g.points, 0), 100);
  const text = JSON.stringify(r.body);
  for (const code of Object.values(codes)) assert.equal(text.includes(code), false, 'no dossier code');
  assert.equal(text.includes('Đỗ Thị Lan'), false, 'no personal data');
  const empty = (await call(null, 'GET', '/api/v1/public/service-index?year=2025')).body;
  assert.deepEqual([empty.score, empty.months], [null, []], 'no score is published on no dossier');
  assert.equal((await call(null, 'GET', '/api/v1/public/service-index?year=20x6')).body.error.field, 'year');
});

test('the plan\'s computed indicators count the same dossiers, over the year', async () => {
  clock = '2026-12-10T09:00:00+07:00';
  const tasks = 'TT,Nhiệm vụ chính,Mục tiêu/chỉ tiêu/kết quả đạt được,Thời gian triển khai/hoàn thành,Đơn vị chủ trì,Đơn vị phối hợp,Kinh phí (triệu đồng),Nguồn ngân sách\n'
    + '1,Số hóa hồ sơ,Hồ sơ được số hóa,Quý I - IV/2026,Văn phòng HĐND- UBND xã,,,\n';
  const lines = [
    ['online', 'Tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến ≥ 80%'],
    ['e_result', 'Tỷ lệ cấp kết quả giải quyết thủ tục hành chính điện tử đạt 100%'],
    ['reuse', 'Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa ≥ 50%'],
    ['digitized', 'Tỷ lệ hồ sơ được số hóa = 100%'],
    ['online_payment', 'Tỷ lệ thanh toán trực tuyến ≥ 50%'],
    ['any_location', 'Tỷ lệ hồ sơ tiếp nhận phi địa giới ≥ 10%'],
    ['on_time', 'Tỷ lệ hồ sơ giải quyết đúng hạn ≥ 95%'],
    ['satisfaction', 'Tỷ lệ người dân hài lòng ≥ 90%'],
    [null, 'Số người dân được tập huấn kỹ năng số ≥ 500 người'],
  ];
  const indicators = 'TT,Nội dung chỉ tiêu,Chủ trì,Phối hợp\n' + lines.map(([, text], i) => `${i + 1},"${text}",Văn phòng HĐND- UBND xã,`).join('\n') + '\n';
  const imported = await call('lanhdao', 'POST', '/api/v1/plans/import', { tasks_csv: tasks, indicators_csv: indicators, document_date: '2026-01-15' });
  assert.equal(imported.status, 201, JSON.stringify(imported.body));
  const plan = (await call('lanhdao', 'GET', `/api/v1/plans/${imported.body.plan_id}`)).body;
  assert.equal(plan.document_date, '2026-01-15');
  const byMetric = Object.fromEntries(plan.indicators.map((i) => [i.metric, i]));
  assert.deepEqual(plan.indicators.map((i) => i.metric), lines.map(([m]) => m), 'each text names its metric');
  // November's six and December's five: 11 received.
  const expected = {
    online: [2, 11], e_result: [1, 7], reuse: [3, 11], digitized: [1, 11], online_payment: [1, 2],
    any_location: [0, 11], on_time: [5, 8], satisfaction: [2, 3],
  };
  for (const [m, [num, den]] of Object.entries(expected))
    assert.deepEqual([m, byMetric[m].actual.numerator, byMetric[m].actual.denominator], [m, num, den]);
  assert.equal(byMetric.digitized.comparator, '=');
  assert.equal(byMetric.online_payment.actual.met, true, '50% ≥ 50%');
  // Per period instead of cumulative: this month's dossiers only.
  const id = byMetric.online.id;
  assert.equal((await call('lanhdao', 'PUT', `/api/v1/plans/${plan.id}/indicators/${id}`, { cumulative: 'yes' })).body.error.field, 'cumulative');
  assert.equal((await call('lanhdao', 'PUT', `/api/v1/plans/${plan.id}/indicators/${id}`, { cumulative: false })).status, 200);
  const monthly = (await call('lanhdao', 'GET', `/api/v1/plans/${plan.id}`)).body.indicators.find((i) => i.id === id);
  assert.deepEqual([monthly.cumulative, monthly.actual.period, monthly.actual.numerator, monthly.actual.denominator], [false, '2026-12', 1, 5]);

  // A reported count, cumulative: each month once (a correction replaces), added up.
  const trained = byMetric.null;
  assert.deepEqual([trained.kind, trained.unit_of_measure, trained.target], ['reported', '', 500]);
  const values = `/api/v1/plans/${plan.id}/indicators/${trained.id}/values`;
  for (const [period, value] of [['2026-10', 200], ['2026-11', 150], ['2026-11', 180]]) {
    const v = await call('lanhdao', 'POST', values, { period, value, source: 'Đoàn thanh niên xã' });
    assert.equal(v.status, 201, JSON.stringify(v.body));
    assert.equal((await call('lanhdao', 'POST', `${values}/${v.body.id}/review`, {})).status, 200);
  }
  let sum = (await call('lanhdao', 'GET', `/api/v1/plans/${plan.id}`)).body.indicators.find((i) => i.id === trained.id).actual;
  assert.deepEqual([sum.value, sum.values, sum.period, sum.met], [380, 2, '2026-11', false]);
  assert.equal((await call('lanhdao', 'PUT', `/api/v1/plans/${plan.id}/indicators/${trained.id}`, { cumulative: false })).status, 200);
  sum = (await call('lanhdao', 'GET', `/api/v1/plans/${plan.id}`)).body.indicators.find((i) => i.id === trained.id).actual;
  assert.deepEqual([sum.value, sum.period], [180, '2026-11'], 'per period: the latest month, as corrected');
});
