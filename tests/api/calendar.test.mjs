// The working calendar: the year's days off, deadlines, and the administrator's decisions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { startServer, json, postJson, expectError, addUser, signInFully, bin } from './server.mjs';
import { dbRows } from './db.mjs';

let srv;
let admin;
before(async () => {
  srv = await startServer({ setup: (p) => { addUser(p, 'quantri', 'admin'); addUser(p, 'lanhdao', 'leader'); } });
  admin = await signInFully(srv.base, 'quantri');
});
after(async () => { await srv.stop(); srv.cleanup(); });

const as = (s) => ({ Cookie: s.cookie, 'X-CSRF-Token': s.csrf });
const year = async (y, unit) => json(await fetch(`${srv.base}/api/v1/calendar/${y}${unit ? `?unit=${unit}` : ''}`));
const deadline = async (query) => json(await fetch(`${srv.base}/api/v1/calendar/deadline?${query}`));
const day = (listing, date) => listing.days.find((d) => d.date === date);
const send = (method, path, body, s = admin) => fetch(srv.base + path, {
  method, headers: { 'Content-Type': 'application/json', ...as(s) }, body: body && JSON.stringify(body),
});

test('2026 as announced: Tết and Quốc khánh by decision, the rest by statute', async () => {
  const { status, body } = await year(2026);
  assert.equal(status, 200);
  assert.equal(body.working_days, 250);
  assert.equal(body.office_hours.morning_open, '07:30');
  assert.equal(body.office_hours.cutoff, '15:00');
  assert.equal(body.office_hours.source, 'default');
  const tet = day(body, '2026-02-17');
  assert.equal(tet.source, 'decision');
  assert.equal(tet.kind, 'decided_off');
  assert.equal(tet.occasion, 'tet');
  assert.equal(tet.lunar, '1/1');
  assert.equal(day(body, '2026-02-14').weekday, 'Thứ Bảy');
  const swapped = day(body, '2026-08-22');
  assert.equal(swapped.working, true);
  assert.equal(swapped.kind, 'decided_work');
  assert.equal(day(body, '2026-08-31').working, false);
  const makeUp = day(body, '2026-04-27');
  assert.equal(makeUp.kind, 'compensation');
  assert.equal(makeUp.source, 'statute');
  assert.equal(makeUp.reference, null);
  assert.equal(day(body, '2026-04-26').label, 'Giỗ Tổ Hùng Vương 10/3 âm lịch');
  assert.deepEqual(body.decisions.map((d) => d.occasion).sort(), ['national_day', 'tet']);
  const qk = body.decisions.find((d) => d.occasion === 'national_day');
  assert.deepEqual(qk.days_worked, ['2026-08-22']);
  assert.equal(qk.days_off.length, 5);
  assert.equal(qk.unit, null);
});

test('a year without decisions follows the statute', async () => {
  const { body } = await year(2027);
  assert.equal(body.decisions.length, 0);
  assert.ok(body.days.every((d) => d.source === 'statute'));
  assert.equal(day(body, '2027-02-06').label, 'Mùng 1 Tết');
  assert.equal(day(body, '2027-05-03').kind, 'compensation');
});

test('deadlines in working time, in Vietnam time', async () => {
  const cases = [
    ['from=2026-02-13T09:00:00%2B07:00&days=3', '2026-02-25T09:00:00+07:00'], // across Tết
    ['from=2026-04-29T10:00:00%2B07:00&days=2', '2026-05-05T10:00:00+07:00'], // across 30/4-1/5
    ['from=2026-08-28T14:00:00%2B07:00&days=1', '2026-09-03T14:00:00+07:00'], // across 2/9
    ['from=2026-08-21T03:00:00Z&days=1', '2026-08-22T10:00:00+07:00'],       // a worked Saturday
    ['from=2026-11-23T15:30:00%2B07:00&days=1', '2026-11-24T17:00:00+07:00'], // after the cut-off
    ['from=2026-11-23T10:00:00%2B07:00&hours=4', '2026-11-23T15:30:00+07:00'],
    ['from=2026-11-23T14:00:00%2B07:00&same_day=1', '2026-11-23T17:00:00+07:00'],
  ];
  for (const [query, due] of cases) {
    const r = await deadline(query);
    assert.equal(r.status, 200, query);
    assert.equal(r.body.due_local, due, query);
  }
  const r = await deadline('from=2026-11-23T15:30:00%2B07:00&days=1');
  assert.equal(r.body.start_local, '2026-11-24T07:30:00+07:00');
  assert.equal(r.body.due, '2026-11-24T10:00:00.000Z');
  assert.equal(r.body.due_text, '17:00 ngày 24/11/2026');
  const now = await deadline('days=1');
  assert.equal(now.status, 200);
});

test('a malformed deadline query is refused with the field', async (t) => {
  const cases = [
    ['days=1&hours=2', 'days'], ['days=0', 'days'], ['days=abc', 'days'], ['days=-3', 'days'],
    ['days=501', 'days'], ['hours=4001', 'hours'], ['same_day=2', 'same_day'], ['', 'days'],
    ['from=hôm-nay&days=1', 'from'], ['from=2026-13-01T00:00:00Z&days=1', 'from'],
    ['from=2026-11-23T10:00:00%2B07:00&days=1&unit=000.99.01.H42', 'unit'],
  ];
  for (const [query, field] of cases) {
    const r = await deadline(query);
    expectError(t, r, 422, 'invalid_field');
    assert.equal(r.body.error.field, field, query);
  }
  for (const y of ['1900', '2100', 'abc', '2026x']) {
    const r = await year(y);
    expectError(t, r, 422, 'invalid_field');
  }
});

test('the administrator records, replaces and removes a year’s decision', async () => {
  const decision = {
    year: 2027, occasion: 'tet', reference: 'Thông báo lịch nghỉ Tết Đinh Mùi 2027',
    days_off: ['2027-02-04', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10'],
    days_worked: ['2027-02-20'],
  };
  const created = await json(await postJson(srv.base, '/api/v1/calendar/decisions', decision, as(admin)));
  assert.equal(created.status, 201);
  assert.equal(created.body.replaced, false);
  let { body } = await year(2027);
  assert.equal(day(body, '2027-02-04').source, 'decision');
  assert.equal(day(body, '2027-02-11'), undefined, 'the statute’s make-up day is gone');
  assert.equal(day(body, '2027-02-20').working, true);
  // Thursday 4/2 + 1 day skips Tết to Thursday 11/2.
  assert.equal((await deadline('from=2027-02-03T09:00:00%2B07:00&days=1')).body.due_local, '2027-02-11T09:00:00+07:00');

  const replaced = await json(await postJson(srv.base, '/api/v1/calendar/decisions', { ...decision, days_worked: [] }, as(admin)));
  assert.equal(replaced.status, 200);
  assert.equal(replaced.body.replaced, true);
  ({ body } = await year(2027));
  assert.equal(body.decisions.length, 1);
  assert.equal(day(body, '2027-02-20'), undefined);

  const del = await send('DELETE', `/api/v1/calendar/decisions/${replaced.body.id}`);
  assert.equal(del.status, 200);
  ({ body } = await year(2027));
  assert.equal(body.decisions.length, 0);
  assert.equal(day(body, '2027-02-11').kind, 'compensation');
  assert.equal((await send('DELETE', `/api/v1/calendar/decisions/${replaced.body.id}`)).status, 404);

  const audit = dbRows(srv.db, "SELECT actor || ' ' || action AS entry FROM audit_log WHERE action LIKE 'calendar.%' ORDER BY id").map((r) => r.entry);
  assert.deepEqual(audit, ['quantri calendar.decide', 'quantri calendar.decide', 'quantri calendar.undecide']);
});

test('a bad decision is refused with the field and changes nothing', async (t) => {
  const good = { year: 2028, occasion: 'national_day', reference: 'TB', days_off: ['2028-09-01', '2028-09-04'] };
  const cases = [
    [{ ...good, occasion: 'giang_sinh' }, 'occasion'],
    [{ ...good, days_off: ['2028-02-30'] }, 'days_off'],
    [{ ...good, days_off: ['01/09/2028'] }, 'days_off'],
    [{ ...good, days_off: [] }, 'days_off'],
    [{ ...good, days_off: ['2028-09-01', '2028-09-01'] }, 'days_off'],
    [{ ...good, days_off: ['2030-09-01'] }, 'days_off'],
    [{ ...good, days_off: [20280901] }, 'days_off'],
    [{ ...good, days_off: Array.from({ length: 32 }, (_, i) => `2028-08-${String(i % 31 + 1).padStart(2, '0')}`) }, 'days_off'],
    [{ ...good, days_worked: ['2028-09-05'] }, 'days_worked'], // a Tuesday
    [{ ...good, days_worked: ['2028-09-01'] }, 'days_worked'],
    [{ ...good, reference: '' }, 'reference'],
    [{ ...good, year: 1800 }, 'year'],
    [{ ...good, unit: '000.99.01.H42' }, 'unit'],
  ];
  for (const [body, field] of cases) {
    const r = await json(await postJson(srv.base, '/api/v1/calendar/decisions', body, as(admin)));
    expectError(t, r, 422, 'invalid_field');
    assert.equal(r.body.error.field, field, JSON.stringify(body));
  }
  assert.equal((await year(2028)).body.decisions.length, 0);
  const leader = await signInFully(srv.base, 'lanhdao');
  expectError(t, await json(await postJson(srv.base, '/api/v1/calendar/decisions', good, as(leader))), 403, 'forbidden');
});

test('a unit’s own decision and office hours apply to its subtree only', async (t) => {
  const extra = { year: 2027, occasion: 'extra', unit: '000.00.01.H42', reference: 'Quyết định của UBND xã', note: 'Lễ hội truyền thống', days_off: ['2027-03-15'] };
  assert.equal((await postJson(srv.base, '/api/v1/calendar/decisions', extra, as(admin))).status, 201);
  assert.equal(day((await year(2027, '000.04.01.H42')).body, '2027-03-15').reference, 'Quyết định của UBND xã');
  assert.equal(day((await year(2027)).body, '2027-03-15'), undefined);

  const hours = { unit: '000.04.01.H42', morning_open: '08:00', morning_close: '12:00', afternoon_open: '13:30', afternoon_close: '17:30', cutoff: '16:00' };
  assert.equal((await send('PUT', '/api/v1/calendar/office-hours', hours)).status, 200);
  const there = await deadline('from=2026-11-23T15:30:00%2B07:00&days=1&unit=000.04.01.H42');
  assert.equal(there.body.due_local, '2026-11-24T15:30:00+07:00');
  assert.equal((await year(2027, '000.04.01.H42')).body.office_hours.source, 'unit');
  assert.equal((await deadline('from=2026-11-23T15:30:00%2B07:00&days=1')).body.due_local, '2026-11-24T17:00:00+07:00');
  for (const [patch, field] of [[{ cutoff: '18:00' }, 'office_hours'], [{ morning_open: '7h30' }, 'morning_open'], [{ afternoon_open: '11:00' }, 'office_hours'], [{ cutoff: '25:00' }, 'cutoff']]) {
    const r = await json(await send('PUT', '/api/v1/calendar/office-hours', { ...hours, ...patch }));
    expectError(t, r, 422, 'invalid_field');
    assert.equal(r.body.error.field, field);
  }

  // An administrator of one office may not decide for the deployment or another unit.
  const add = spawnSync(bin, ['user', 'add', 'qtvhxh', '--db', srv.db, '--name', 'Quản trị VH-XH', '--unit', '000.03.01.H42', '--role', 'admin'], { input: 'Mây trắng bay 2026\n', encoding: 'utf8' });
  assert.equal(add.status, 0, add.stderr);
  const local = await signInFully(srv.base, 'qtvhxh');
  expectError(t, await json(await postJson(srv.base, '/api/v1/calendar/decisions', { ...extra, unit: undefined }, as(local))), 403, 'out_of_scope');
  expectError(t, await json(await postJson(srv.base, '/api/v1/calendar/decisions', { ...extra, unit: '000.04.01.H42' }, as(local))), 403, 'out_of_scope');
  expectError(t, await json(await send('PUT', '/api/v1/calendar/office-hours', hours, local)), 403, 'out_of_scope');
  const id = (await year(2026)).body.decisions[0].id;
  expectError(t, await json(await send('DELETE', `/api/v1/calendar/decisions/${id}`, undefined, local)), 403, 'out_of_scope');
  assert.equal((await postJson(srv.base, '/api/v1/calendar/decisions', { ...extra, unit: '000.03.01.H42' }, as(local))).status, 201);
});

test('xaso calendar lists the same days, as a table and as JSON', () => {
  const listing = JSON.parse(execFileSync(bin, ['calendar', '--year', '2026', '--json', '--db', srv.db], { encoding: 'utf8' }));
  assert.equal(listing.working_days, 250);
  assert.equal(day(listing, '2026-09-02').reference, 'Lịch nghỉ Quốc khánh 2/9/2026 của cán bộ, công chức, viên chức');
  const table = execFileSync(bin, ['calendar', '--year', '2026', '--db', srv.db], { encoding: 'utf8' });
  assert.match(table, /22\/08\/2026 Thứ Bảy\s+Làm bù theo quyết định/);
  assert.match(table, /Số ngày làm việc: 250/);
  const bad = spawnSync(bin, ['calendar', '--year', '2026', '--unit', '000.99.01.H42', '--db', srv.db], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /không có đơn vị/);
});
