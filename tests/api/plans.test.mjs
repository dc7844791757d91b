// The commune's plan: the seed plan's two CSV files imported as an official
// typed them, unit names confirmed, exported back unchanged; derived task
// status, progress with evidence, and indicators computed from dossiers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, json, addUser, signInFully } from './server.mjs';
import { dbExec } from './db.mjs';

const dataDir = resolve(import.meta.dirname, '../../data');
const tasksCsv = readFileSync(join(dataDir, 'ke-hoach-cds-2026-nhiem-vu.csv'), 'utf8');
const indicatorsCsv = readFileSync(join(dataDir, 'ke-hoach-cds-2026-chi-tieu.csv'), 'utf8');

// RFC 4180 records, for comparing content rather than bytes.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.map((r) => r.map((f) => f.trim()));
}

let srv;
const s = {};
before(async () => {
  srv = await startServer({
    setup: (p) => {
      addUser(p, 'quantri', 'admin');
      addUser(p, 'lanhdao', 'leader', '000.00.01.H42');
      addUser(p, 'chuyenvien', 'specialist', '000.03.01.H42');
      addUser(p, 'motcua', 'reception', '000.04.01.H42');
    },
  });
  for (const u of ['quantri', 'lanhdao', 'chuyenvien', 'motcua']) s[u] = await signInFully(srv.base, u);
});
after(async () => { await srv.stop(); srv.cleanup(); });

let clock = '2026-10-15T09:00:00+07:00';
async function call(user, method, path, body) {
  const headers = { 'X-Test-Now': clock, Cookie: s[user].cookie, 'X-CSRF-Token': s[user].csrf };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return json(await fetch(srv.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}
const importPlan = (body) => call('lanhdao', 'POST', '/api/v1/plans/import', { tasks_csv: tasksCsv, indicators_csv: indicatorsCsv, ...body });
let planId;

test('unit names that match no unit wait for confirmation, and nothing is imported meanwhile', async () => {
  const r = await importPlan({});
  assert.equal(r.status, 422);
  assert.equal(r.body.error.code, 'units_unconfirmed');
  assert.equal(r.body.error.tasks, 14);
  assert.equal(r.body.error.indicators, 25);
  const texts = r.body.error.unmatched.map((u) => u.text);
  assert.ok(texts.includes('Trạm y tế'));
  assert.ok(!texts.includes('Phòng Phòng VH-XH'), 'loosely typed names of real units are matched');
  const matched = Object.fromEntries(r.body.error.units.filter((u) => u.units.length).map((u) => [u.text, u.units]));
  assert.deepEqual(matched['Văn phòng HĐND- UBND xã'], ['000.01.01.H42']);
  assert.deepEqual(matched['Phòng Phòng VH-XH'], ['000.03.01.H42']);
  assert.deepEqual(matched['Phòng VH-XH; Kinh tế'], ['000.03.01.H42', '000.02.01.H42']);
  assert.deepEqual(matched['Trung tâm PVHCC'], ['000.04.01.H42']);
  assert.equal(r.body.error.unmatched.find((u) => u.text === 'Phòng KT; Các cơ sở trường học trên địa bàn').suggestions[0], '000.02.01.H42');
  assert.equal((await call('lanhdao', 'GET', '/api/v1/plans')).body.items.length, 0);
});

test('a row that cannot be understood is reported with its line and reason; nothing is half-imported', async () => {
  const broken = tasksCsv.replace('Quý II/2026', 'Quý V/2026').replace(',250,', ',hai trăm,');
  const r = await call('lanhdao', 'POST', '/api/v1/plans/import', { tasks_csv: broken });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.code, 'invalid_rows');
  const problems = r.body.error.problems.map((p) => `${p.line} ${p.field}`);
  assert.ok(problems.some((p) => p.endsWith('Thời gian triển khai/hoàn thành')), problems.join('; '));
  assert.ok(problems.includes('2 Kinh phí (triệu đồng)'), problems.join('; '));
  const header = await call('lanhdao', 'POST', '/api/v1/plans/import', { tasks_csv: 'TT,Tên\n1,x\n' });
  assert.equal(header.body.error.problems[0].field, 'header');
  assert.equal((await call('chuyenvien', 'POST', '/api/v1/plans/import', { tasks_csv: tasksCsv })).status, 403);
  assert.equal((await call('lanhdao', 'GET', '/api/v1/plans')).body.items.length, 0);
});

test('confirmed, the seed plan gives 14 tasks and 25 indicators, and exports back unchanged', async () => {
  const first = await importPlan({ dry_run: true });
  // The administrator's answer: the suggested units, and outside parties kept as text.
  const units = Object.fromEntries(first.body.error.unmatched.map((u) => [u.text, [...u.suggestions, 'external']]));
  const dry = await importPlan({ units, dry_run: true });
  assert.equal(dry.status, 200, JSON.stringify(dry.body));
  assert.equal((await call('lanhdao', 'GET', '/api/v1/plans')).body.items.length, 0, 'a dry run writes nothing');
  const r = await importPlan({ units, title: 'Kế hoạch chuyển đổi số năm 2026', document_no: '45/KH-UBND' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.tasks, 14);
  assert.equal(r.body.indicators, 25);
  assert.ok(r.body.units.every((u) => u.units.length > 0 || u.external), 'every unit text matched or confirmed');
  planId = r.body.plan_id;

  const exported = await fetch(`${srv.base}/api/v1/plans/${planId}/export?what=tasks`, { headers: { Cookie: s.chuyenvien.cookie } });
  assert.equal(exported.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.deepEqual(parseCsv(await exported.text()), parseCsv(tasksCsv));
  const ind = await fetch(`${srv.base}/api/v1/plans/${planId}/export?what=indicators`, { headers: { Cookie: s.chuyenvien.cookie } });
  assert.deepEqual(parseCsv(await ind.text()), parseCsv(indicatorsCsv));

  const xlsx = await fetch(`${srv.base}/api/v1/plans/${planId}/export?what=tasks&format=xlsx`, { headers: { Cookie: s.chuyenvien.cookie } });
  const dir = mkdtempSync(join(tmpdir(), 'xaso-plan-'));
  writeFileSync(join(dir, 'p.xlsx'), Buffer.from(await xlsx.arrayBuffer()));
  const strings = execFileSync('unzip', ['-p', join(dir, 'p.xlsx'), 'xl/sharedStrings.xml'], { encoding: 'utf8' });
  assert.ok(strings.includes('Triển khai ứng dụng trợ lý ảo IA trong công việc'));
  assert.ok(strings.includes('Quý I - III/ 2026'), 'cells as typed');
  rmSync(dir, { recursive: true });

  // The confirmations are remembered: the next import needs none.
  const again = await importPlan({ dry_run: true });
  assert.equal(again.status, 200, JSON.stringify(again.body.error?.unmatched));
});

test('task status is derived from progress, the due quarter and today; the board puts late tasks first and filters', async () => {
  clock = '2026-10-15T09:00:00+07:00';
  const plan = (await call('chuyenvien', 'GET', `/api/v1/plans/${planId}`)).body;
  assert.equal(plan.tasks.length, 14);
  const byNumber = Object.fromEntries(plan.tasks.map((t) => [t.number, t]));
  assert.equal(byNumber['3'].due_day, '2026-06-30'); // Quý I – Quý II/ 2026
  assert.equal(byNumber['3'].status, 'late');
  assert.equal(byNumber['3'].budget_million, null, 'a blank budget stays blank');
  assert.equal(byNumber['1'].budget_million, 250);
  const q4 = plan.tasks.find((t) => t.due_day === '2026-12-31');
  assert.equal(q4.status, 'not_started');
  assert.equal(plan.tasks[0].status, 'late', 'late first');
  const late = (await call('chuyenvien', 'GET', `/api/v1/plans/${planId}?status=late`)).body.tasks;
  assert.ok(late.length > 0 && late.every((t) => t.status === 'late'));
  const vhxh = (await call('chuyenvien', 'GET', `/api/v1/plans/${planId}?unit=000.03.01.H42`)).body.tasks;
  assert.ok(vhxh.length > 0 && vhxh.every((t) => t.lead_units.includes('000.03.01.H42') || t.coordinating_units.includes('000.03.01.H42')));
  const q4only = (await call('chuyenvien', 'GET', `/api/v1/plans/${planId}?quarter=4`)).body.tasks;
  assert.ok(q4only.every((t) => t.due_day.endsWith('-12-31')));
  assert.equal((await call('chuyenvien', 'GET', `/api/v1/plans/${planId}?quarter=5`)).status, 422);
});

test('progress with evidence: the status follows, the history keeps the note and the file', async () => {
  const plan = (await call('chuyenvien', 'GET', `/api/v1/plans/${planId}`)).body;
  const task = plan.tasks.find((t) => t.due_day === '2026-12-31');
  const form = new FormData();
  form.append('data', JSON.stringify({ progress: 100, note: 'Đã nghiệm thu, bàn giao', day: '2026-10-14' }));
  form.append('bien-ban', new Blob(['%PDF-1.4\nBiên bản nghiệm thu\n'], { type: 'application/pdf' }), 'bien-ban-nghiem-thu.pdf');
  const res = await fetch(`${srv.base}/api/v1/plans/${planId}/tasks/${task.id}/progress`, {
    method: 'POST', body: form, headers: { 'X-Test-Now': clock, Cookie: s.chuyenvien.cookie, 'X-CSRF-Token': s.chuyenvien.csrf },
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.status, 'done_on_time');
  assert.equal(body.completed_day, '2026-10-14');
  assert.equal(body.history.at(-1).files[0].name, 'bien-ban-nghiem-thu.pdf');
  const evidence = await fetch(`${srv.base}/api/v1/plans/${planId}/evidence/${body.history.at(-1).files[0].hash}`, { headers: { Cookie: s.lanhdao.cookie } });
  assert.equal(evidence.status, 200, 'the evidence can be opened by those who read the plan');
  assert.equal(body.history.at(-1).note, 'Đã nghiệm thu, bàn giao');
  const partial = await call('chuyenvien', 'POST', `/api/v1/plans/${planId}/tasks/${task.id}/progress`, { progress: 60, note: 'Mở lại: thiếu hạng mục' });
  assert.equal(partial.body.status, 'on_time');
  assert.equal(partial.body.completed_day, null);
  for (const [bad, field] of [[{ progress: 101, note: 'x' }, 'progress'], [{ progress: 50 }, 'note'], [{ progress: 50, note: 'x', day: '2027-01-01' }, 'day']]) {
    const r = await call('chuyenvien', 'POST', `/api/v1/plans/${planId}/tasks/${task.id}/progress`, bad);
    assert.equal(r.status, 422, JSON.stringify(bad));
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await call('chuyenvien', 'POST', `/api/v1/plans/${planId}/tasks/999999/progress`, { progress: 5, note: 'x' })).status, 404);
  assert.equal((await call('motcua', 'POST', `/api/v1/plans/${planId}/tasks/${task.id}/progress`, { progress: 5, note: 'x' })).status, 403);
});

test('indicators: targets read from the text, and the computed ones measured from the dossiers', async () => {
  // Four dossiers received in 2026: one online, three at the counter.
  const r = await call('quantri', 'POST', '/api/v1/catalog/procedures', {
    code: '9.000501', name: 'Xác nhận thử', field: 'Thử', time: { unit: 'same_day' }, workflow: { template: 'same_day' }, online_level: 'full',
    documents: [{ name: 'Đơn', kind: 'submit' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const applicant = { cccd: '042190001234', full_name: 'Võ Văn Tâm', phone: '0912000111' };
  for (let i = 0; i < 3; i++)
    assert.equal((await call('motcua', 'POST', '/api/v1/dossiers', { procedure: '9.000501', applicant })).status, 201);
  const online = await fetch(`${srv.base}/api/v1/public/dossiers`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Test-Now': clock },
    body: JSON.stringify({ procedure: '9.000501', competent_unit: '000.00.01.H42', applicant }),
  });
  const code = (await online.json()).code;
  const current = await call('motcua', 'GET', `/api/v1/dossiers/${code}`);
  assert.equal((await call('motcua', 'POST', `/api/v1/dossiers/${code}/actions`, { action: 'accept', version: current.body.version })).status, 200);

  const plan = (await call('lanhdao', 'GET', `/api/v1/plans/${planId}`)).body;
  assert.equal(plan.indicators.length, 25);
  const byNumber = Object.fromEntries(plan.indicators.map((i) => [i.number, i]));
  assert.deepEqual([byNumber['21'].comparator, byNumber['21'].target], ['>=', 85]);
  assert.deepEqual([byNumber['24'].comparator, byNumber['24'].target], ['>=', 5]);
  assert.equal(byNumber['9'].target, null, '"Ứng dụng AI trong công việc" names no number');
  assert.equal(byNumber['9'].kind, 'reported');
  const online22 = byNumber['22']; // Tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến ≥ 80%
  assert.equal(online22.kind, 'computed');
  assert.equal(online22.metric, 'online');
  assert.deepEqual([online22.actual.numerator, online22.actual.denominator, online22.actual.value, online22.actual.met], [1, 4, 25, false]);
  assert.match(online22.actual.formula, /nộp trực tuyến/);
  assert.equal(byNumber['14'].metric, 'e_result');
  assert.equal(byNumber['16'].metric, 'online_payment');
  assert.equal(byNumber['20'].metric, 'digitized');

  // A dossier of another commune is not this plan's: the online one moved
  // (by hand, behind the application) to a commune outside the plan's unit.
  dbExec(srv.db, `INSERT INTO unit (kind, name, agency_code, created_at)
    VALUES ('commune', 'Ủy ban nhân dân xã Bên Cạnh', '000.00.02.H42', '2026-01-01T00:00:00.000Z');
    UPDATE dossier SET competent_unit_id = (SELECT id FROM unit WHERE agency_code = '000.00.02.H42') WHERE code = '${code}'`);
  const after = (await call('lanhdao', 'GET', `/api/v1/plans/${planId}`)).body;
  const moved = after.indicators.find((i) => i.number === '22').actual;
  assert.deepEqual([moved.numerator, moved.denominator], [0, 3], 'only the dossiers of the plan\'s unit count');
  dbExec(srv.db, `UPDATE dossier SET competent_unit_id = (SELECT id FROM unit WHERE agency_code = '000.00.01.H42') WHERE code = '${code}'`);
});

test('weekly and monthly reports: due, sent, late; a task\'s report and the plan\'s report lock once sent', async () => {
  clock = '2026-10-15T09:00:00+07:00'; // Thursday of week 42
  const weeks = (await call('lanhdao', 'GET', `/api/v1/plans/${planId}/reports?kind=weekly`)).body.items;
  const byPeriod = Object.fromEntries(weeks.map((w) => [w.period, w]));
  assert.equal(weeks[0].period, '2026-W01');
  assert.equal(weeks.at(-1).period, '2026-W42');
  clock = '2026-10-12T09:00:00+07:00'; // Monday of week 42: the week has begun, its Thursday not yet
  assert.equal((await call('lanhdao', 'GET', `/api/v1/plans/${planId}/reports?kind=weekly`)).body.items.at(-1).period, '2026-W42');
  clock = '2026-10-15T09:00:00+07:00';
  assert.equal(byPeriod['2026-W42'].status, 'due');
  assert.equal(byPeriod['2026-W42'].due_at, '2026-10-16T01:00:00.000Z', 'Friday 08:00 in Vietnam');
  assert.equal(byPeriod['2026-W41'].status, 'late');
  const months = (await call('lanhdao', 'GET', `/api/v1/plans/${planId}/reports?kind=monthly`)).body.items;
  assert.deepEqual(months.map((m) => m.status).slice(-2), ['late', 'late'], 'September, and October past the 15th at 08:00');

  const task = (await call('chuyenvien', 'GET', `/api/v1/plans/${planId}`)).body.tasks[0];
  const mine = await call('chuyenvien', 'POST', `/api/v1/plans/${planId}/tasks/${task.id}/reports`, { kind: 'weekly', period: '2026-W42', note: 'Đã khảo sát hiện trạng, đang lập dự toán' });
  assert.equal(mine.status, 201, JSON.stringify(mine.body));
  const again = await call('chuyenvien', 'POST', `/api/v1/plans/${planId}/tasks/${task.id}/reports`, { kind: 'weekly', period: '2026-W42', note: 'sửa' });
  assert.deepEqual([again.status, again.body.error.code], [409, 'report_locked']);
  assert.equal((await call('chuyenvien', 'POST', `/api/v1/plans/${planId}/tasks/${task.id}/reports`, { kind: 'weekly', period: '2026-W50', note: 'x' })).body.error.field, 'period');

  const sent = await call('lanhdao', 'POST', `/api/v1/plans/${planId}/reports`, { kind: 'weekly', period: '2026-W42' });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  assert.equal((await call('lanhdao', 'POST', `/api/v1/plans/${planId}/reports`, { kind: 'weekly', period: '2026-W42' })).status, 409);
  assert.equal((await call('chuyenvien', 'POST', `/api/v1/plans/${planId}/reports`, { kind: 'weekly', period: '2026-W42' })).status, 403);
  const list = (await call('lanhdao', 'GET', `/api/v1/plans/${planId}/reports?kind=weekly`)).body.items;
  assert.equal(list.find((w) => w.period === '2026-W42').status, 'sent');
  const late = await call('lanhdao', 'POST', `/api/v1/plans/${planId}/reports`, { kind: 'monthly', period: '2026-10' });
  assert.equal(late.status, 201);
  assert.equal((await call('lanhdao', 'GET', `/api/v1/plans/${planId}/reports?kind=monthly`)).body.items.at(-1).status, 'sent_late');

  // The snapshot does not move when the board does.
  await call('chuyenvien', 'POST', `/api/v1/plans/${planId}/tasks/${task.id}/progress`, { progress: 35, note: 'Sau kỳ báo cáo' });
  const report = (await call('lanhdao', 'GET', `/api/v1/plans/${planId}/reports/weekly/2026-W42`)).body;
  assert.equal(report.locked, true);
  assert.equal(report.tasks.find((t) => t.id === task.id).progress, task.progress);
  assert.equal(report.task_reports[0].note, 'Đã khảo sát hiện trạng, đang lập dự toán');

  const dir = mkdtempSync(join(tmpdir(), 'xaso-report-'));
  for (const format of ['pdf', 'xlsx']) {
    const res = await fetch(`${srv.base}/api/v1/plans/${planId}/reports/weekly/2026-W42?format=${format}`, { headers: { Cookie: s.lanhdao.cookie } });
    assert.equal(res.status, 200);
    writeFileSync(join(dir, `r.${format}`), Buffer.from(await res.arrayBuffer()));
  }
  const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  for (const e of ['BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH', 'Tuần 42 (12/10/2026 – 18/10/2026)', 'Ủy ban nhân dân xã Thượng Đức', 'Đã khảo sát hiện trạng'])
    assert.ok(text.includes(e), `${e} in ${text.slice(0, 400)}`);
  const strings = execFileSync('unzip', ['-p', join(dir, 'r.xlsx'), 'xl/sharedStrings.xml'], { encoding: 'utf8' });
  assert.ok(strings.includes('Đã khảo sát hiện trạng, đang lập dự toán'));
  rmSync(dir, { recursive: true });
  assert.equal((await call('lanhdao', 'GET', `/api/v1/plans/${planId}/reports/weekly/2026-13`)).status, 422);
  assert.equal((await call('lanhdao', 'GET', `/api/v1/plans/${planId}/reports/yearly/2026`)).status, 422);
});

test('a reported indicator: a value with its source, counted once a leader reviewed it', async () => {
  const plan = (await call('lanhdao', 'GET', `/api/v1/plans/${planId}`)).body;
  const vneid = plan.indicators.find((i) => i.number === '23'); // VNeID ≥ 75%
  assert.equal(vneid.kind, 'reported');
  assert.equal(vneid.actual, null);
  const path = `/api/v1/plans/${planId}/indicators/${vneid.id}/values`;
  const entered = await call('chuyenvien', 'POST', path, { period: '2026-Q3', value: 78.5, source: 'Công an xã, số liệu VNeID quý III' });
  assert.equal(entered.status, 201, JSON.stringify(entered.body));
  let now = (await call('lanhdao', 'GET', `/api/v1/plans/${planId}`)).body.indicators.find((i) => i.id === vneid.id);
  assert.equal(now.actual, null, 'not counted before review');
  assert.equal((await call('chuyenvien', 'POST', `${path}/${entered.body.id}/review`, {})).status, 403);
  assert.equal((await call('lanhdao', 'POST', `${path}/${entered.body.id}/review`, {})).status, 200);
  assert.equal((await call('lanhdao', 'POST', `${path}/${entered.body.id}/review`, {})).status, 409);
  now = (await call('lanhdao', 'GET', `/api/v1/plans/${planId}`)).body.indicators.find((i) => i.id === vneid.id);
  assert.deepEqual([now.actual.value, now.actual.period, now.actual.met], [78.5, '2026-Q3', true]);
  const computed = plan.indicators.find((i) => i.kind === 'computed');
  const refused = await call('chuyenvien', 'POST', `/api/v1/plans/${planId}/indicators/${computed.id}/values`, { period: '2026', value: 1, source: 'x' });
  assert.deepEqual([refused.status, refused.body.error.code], [422, 'computed_indicator']);
  for (const [body, field] of [[{ period: '2026-13', value: 1, source: 'x' }, 'period'], [{ period: '2026', value: -1, source: 'x' }, 'value'], [{ period: '2026', value: 1 }, 'source']])
    assert.equal((await call('chuyenvien', 'POST', path, body)).body.error.field, field);

  // A later period with its evidence file: October ends after the third quarter, whatever the text order.
  const form = new FormData();
  form.append('data', JSON.stringify({ period: '2026-10', value: 80.2, source: 'Công an xã, tháng 10' }));
  form.append('minh-chung', new Blob(['%PDF-1.4\nBáo cáo VNeID\n'], { type: 'application/pdf' }), 'báo cáo VNeID.pdf');
  const posted = await fetch(srv.base + path, { method: 'POST', body: form, headers: { 'X-Test-Now': clock, Cookie: s.chuyenvien.cookie, 'X-CSRF-Token': s.chuyenvien.csrf } });
  const value = await posted.json();
  assert.equal(posted.status, 201, JSON.stringify(value));
  assert.equal(value.evidence[0].name, 'báo cáo VNeID.pdf');
  assert.equal((await call('lanhdao', 'POST', `${path}/${value.id}/review`, {})).status, 200);
  now = (await call('lanhdao', 'GET', `/api/v1/plans/${planId}`)).body.indicators.find((i) => i.id === vneid.id);
  assert.deepEqual([now.actual.period, now.actual.value], ['2026-10', 80.2]);
  const file = await fetch(`${srv.base}/api/v1/plans/${planId}/evidence/${value.evidence[0].hash}`, { headers: { Cookie: s.motcua.cookie } });
  assert.equal(file.status, 200);
  assert.match(file.headers.get('content-disposition'), /filename\*=UTF-8''b%C3%A1o%20c%C3%A1o%20VNeID\.pdf/);
  assert.match(Buffer.from(await file.arrayBuffer()).toString(), /Báo cáo VNeID/);
  const unknown = await fetch(`${srv.base}/api/v1/plans/${planId}/evidence/${'0'.repeat(64)}`, { headers: { Cookie: s.motcua.cookie } });
  assert.equal(unknown.status, 404, 'only files this plan names');
  assert.equal((await fetch(`${srv.base}/api/v1/plans/${planId}/evidence/${value.evidence[0].hash}`)).status, 401);
  const noData = new FormData();
  noData.append('minh-chung', new Blob(['%PDF-1.4\n'], { type: 'application/pdf' }), 'a.pdf');
  const refusedFile = await fetch(srv.base + path, { method: 'POST', body: noData, headers: { Cookie: s.chuyenvien.cookie, 'X-CSRF-Token': s.chuyenvien.csrf } });
  assert.equal(refusedFile.status, 400);
  // Every file is kept or the whole entry is refused, with nothing stored.
  const entry = (files, data = { period: '2026-11', value: 81, source: 'Công an xã' }) => {
    const f = new FormData();
    f.append('data', JSON.stringify(data));
    for (const [name, bytes] of files) f.append('minh-chung', new Blob([bytes], { type: 'application/pdf' }), name);
    return fetch(srv.base + path, { method: 'POST', body: f, headers: { 'X-Test-Now': clock, Cookie: s.chuyenvien.cookie, 'X-CSRF-Token': s.chuyenvien.csrf } });
  };
  const filesBefore = execFileSync('find', [`${srv.data}/files`, '-type', 'f'], { encoding: 'utf8' }).split('\n').filter(Boolean).length;
  for (const [files, field] of [[Array.from({ length: 6 }, (_, k) => [`${k}.pdf`, `%PDF-1.4 ${k}`]), 'evidence'], [[['rong.pdf', '']], 'evidence']]) {
    const r = await entry(files);
    assert.deepEqual([r.status, (await r.json()).error.field], [422, field]);
  }
  const otherYear = await entry([['a.pdf', '%PDF-1.4 năm khác']], { period: '2025-11', value: 81, source: 'Công an xã' });
  assert.deepEqual([otherYear.status, (await otherYear.json()).error.field], [422, 'period'], 'a period of the plan\'s year only');
  const filesAfter = execFileSync('find', [`${srv.data}/files`, '-type', 'f'], { encoding: 'utf8' }).split('\n').filter(Boolean).length;
  assert.equal(filesAfter, filesBefore, 'no file stored by a refused entry');
});

test('a task tree: a parent\'s progress rolls up from its children, by average or by budget; cycles are refused', async () => {
  const tasks = (await call('lanhdao', 'GET', `/api/v1/plans/${planId}`)).body.tasks;
  const num = Object.fromEntries(tasks.map((t) => [t.number, t]));
  const [parent, a, b] = [num['5'], num['2'], num['4']]; // budgets 250, 150, 100
  for (const child of [a, b])
    assert.equal((await call('lanhdao', 'PUT', `/api/v1/plans/${planId}/tasks/${child.id}`, { parent_id: parent.id })).status, 200);
  await call('chuyenvien', 'POST', `/api/v1/plans/${planId}/tasks/${a.id}/progress`, { progress: 100, note: 'Xong', day: '2026-10-01' });
  await call('chuyenvien', 'POST', `/api/v1/plans/${planId}/tasks/${b.id}/progress`, { progress: 20, note: 'Bắt đầu' });
  const rolled = async () => (await call('lanhdao', 'GET', `/api/v1/plans/${planId}`)).body.tasks.find((t) => t.id === parent.id);
  assert.equal((await rolled()).progress, 60, 'average of 100 and 20');
  assert.equal((await call('lanhdao', 'PUT', `/api/v1/plans/${planId}`, { rollup: 'budget' })).status, 200);
  assert.equal((await rolled()).progress, Math.round((100 * 150 + 20 * 100) / 250), 'by budget');
  assert.equal((await call('lanhdao', 'PUT', `/api/v1/plans/${planId}/tasks/${b.id}`, { weight: 3 })).status, 200);
  await call('lanhdao', 'PUT', `/api/v1/plans/${planId}`, { rollup: 'average' });
  assert.equal((await rolled()).progress, Math.round((100 + 20 * 3) / 4), 'by weight');
  const cycle = await call('lanhdao', 'PUT', `/api/v1/plans/${planId}/tasks/${parent.id}`, { parent_id: a.id });
  assert.deepEqual([cycle.status, cycle.body.error.field], [422, 'parent_id']);
  assert.equal((await call('lanhdao', 'PUT', `/api/v1/plans/${planId}/tasks/${parent.id}`, { parent_id: parent.id })).status, 422);
  assert.equal((await call('lanhdao', 'PUT', `/api/v1/plans/${planId}/tasks/${parent.id}`, { weight: 0 })).body.error.field, 'weight');
  assert.equal((await call('lanhdao', 'PUT', `/api/v1/plans/${planId}`, { weekly_due: 'thu 16:30', monthly_due_day: 20 })).status, 200);
  const weeks = (await call('lanhdao', 'GET', `/api/v1/plans/${planId}/reports?kind=weekly`)).body.items;
  assert.equal(weeks.find((w) => w.period === '2026-W40').due_at, '2026-10-01T09:30:00.000Z', 'Thursday 16:30');
  for (const [body, field] of [[{ rollup: 'median' }, 'rollup'], [{ weekly_due: 'friday 8' }, 'weekly_due'], [{ monthly_due_day: 31 }, 'monthly_due_day']])
    assert.equal((await call('lanhdao', 'PUT', `/api/v1/plans/${planId}`, body)).body.error.field, field);
  assert.equal((await call('chuyenvien', 'PUT', `/api/v1/plans/${planId}`, { rollup: 'budget' })).status, 403);

  // A parent is complete only when every child is, on the day the last one was (its due: 30/9).
  await call('lanhdao', 'PUT', `/api/v1/plans/${planId}/tasks/${b.id}`, { weight: 1 });
  await call('chuyenvien', 'POST', `/api/v1/plans/${planId}/tasks/${b.id}/progress`, { progress: 99, note: 'Gần xong' });
  const almost = await rolled();
  assert.deepEqual([almost.progress, almost.status, almost.completed_day], [99, 'late', null], '99.5% is not done');
  await call('chuyenvien', 'POST', `/api/v1/plans/${planId}/tasks/${a.id}/progress`, { progress: 100, note: 'Xong', day: '2026-09-20' });
  await call('chuyenvien', 'POST', `/api/v1/plans/${planId}/tasks/${b.id}/progress`, { progress: 100, note: 'Xong', day: '2026-09-25' });
  const done = await rolled();
  assert.deepEqual([done.progress, done.status, done.completed_day], [100, 'done_on_time', '2026-09-25'], 'done before its due, seen on 15/10');
});

test('an indicator\'s trend: month by month for a computed one, its values for a reported one', async () => {
  const plan = (await call('lanhdao', 'GET', `/api/v1/plans/${planId}`)).body;
  const online = plan.indicators.find((i) => i.number === '22');
  const detail = (await call('lanhdao', 'GET', `/api/v1/plans/${planId}/indicators/${online.id}`)).body;
  assert.equal(detail.trend.length, 10, 'January to October');
  const october = detail.trend.find((m) => m.period === '2026-10');
  assert.deepEqual([october.numerator, october.denominator], [1, 4]);
  assert.equal(detail.trend.find((m) => m.period === '2026-03').value, null);
  const vneid = plan.indicators.find((i) => i.number === '23');
  const reported = (await call('lanhdao', 'GET', `/api/v1/plans/${planId}/indicators/${vneid.id}`)).body;
  assert.equal(reported.trend[0].value, 78.5);
  assert.ok(reported.trend[0].reviewed_by);
  assert.equal((await call('lanhdao', 'GET', `/api/v1/plans/${planId}/indicators/999999`)).status, 404);
});
