// The citizens' side of the API: the commune card, the most used procedures,
// the monthly figures without personal data, the lookup QR code, and a
// supplement sent online with the missing paper as a file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, json, addUser, signInFully } from './server.mjs';

let srv;
const s = {};
before(async () => {
  srv = await startServer({
    setup: (p) => {
      addUser(p, 'quantri', 'admin');
      addUser(p, 'motcua', 'reception', '000.04.01.H42');
      addUser(p, 'chuyenvien', 'specialist', '000.03.01.H42');
    },
  });
  for (const u of ['quantri', 'motcua', 'chuyenvien']) s[u] = await signInFully(srv.base, u);
  for (const [code, name, online] of [['9.000401', 'Đăng ký khai sinh thử', 'full'], ['9.000402', 'Chứng thực thử', 'none']]) {
    const r = await call('quantri', 'POST', '/api/v1/catalog/procedures', {
      code, name, field: 'Hộ tịch', time: { unit: 'working_days', amount: 3 }, online_level: online,
      workflow: { template: 'counter_specialist_leader' },
      documents: [{ name: 'Tờ khai đăng ký khai sinh', kind: 'submit' }, { name: 'Giấy chứng sinh', kind: 'submit' }],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
});
after(async () => { await srv.stop(); srv.cleanup(); });

let clock = '2026-12-01T09:00:00+07:00';
async function call(user, method, path, body) {
  const headers = { 'X-Test-Now': clock };
  if (user) Object.assign(headers, { Cookie: s[user].cookie, 'X-CSRF-Token': s[user].csrf });
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return json(await fetch(srv.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}
async function act(user, code, action, extra = {}) {
  const current = await call(user, 'GET', `/api/v1/dossiers/${code}`);
  const r = await call(user, 'POST', `/api/v1/dossiers/${code}/actions`, { action, version: current.body.version, ...extra });
  assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
}
const applicant = { cccd: '042190001234', full_name: 'Lê Văn Hùng', phone: '0987654321' };
const pdf = (text) => new Blob([`%PDF-1.4\n${text}\n`], { type: 'application/pdf' });

test('the commune card: name, contact and office hours; the administrator edits the contact', async () => {
  let card = await call(null, 'GET', '/api/v1/public/commune');
  assert.equal(card.status, 200);
  const commune = card.body.items[0];
  assert.equal(commune.name, 'Ủy ban nhân dân xã Thượng Đức');
  assert.deepEqual([commune.office_hours.morning_open, commune.office_hours.afternoon_close], ['07:30', '17:00']);
  assert.equal(commune.contact.place, 'Trung tâm phục vụ hành chính công xã', 'the demo commune is reachable at its centre');
  const r = await call('quantri', 'PUT', `/api/v1/units/000.04.01.H42/contact`, {
    address: 'Thôn Trung, xã Thượng Đức', phone: '0235 3 800 800', email: 'motcua@example.vn', note: 'Trả kết quả cả chiều thứ Sáu.',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  card = await call(null, 'GET', '/api/v1/public/commune');
  assert.deepEqual(card.body.items[0].contact, {
    place: 'Trung tâm phục vụ hành chính công xã', address: 'Thôn Trung, xã Thượng Đức', phone: '0235 3 800 800',
    email: 'motcua@example.vn', note: 'Trả kết quả cả chiều thứ Sáu.',
  });
  assert.equal((await call('quantri', 'PUT', '/api/v1/units/999.99.99.H42/contact', { address: '', phone: '', email: '' })).status, 404);
  assert.equal((await call('quantri', 'PUT', '/api/v1/units/000.04.01.H42/contact', { address: 'x'.repeat(301), phone: '', email: '' })).body.error.field, 'address');
});

test('a supplement sent online with the missing paper: the note is shown to the applicant, the file joins the dossier', async () => {
  clock = '2026-12-01T09:00:00+07:00';
  const sent = await call(null, 'POST', '/api/v1/public/dossiers', { procedure: '9.000401', competent_unit: '000.00.01.H42', applicant });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  const code = sent.body.code;
  await act('motcua', code, 'accept');
  await act('motcua', code, 'forward');
  await act('chuyenvien', code, 'request_supplement', { note: 'Thiếu Giấy chứng sinh bản chính' });
  const seen = await call(null, 'GET', `/api/v1/public/dossiers/${code}?phone=4321`);
  assert.equal(seen.body.status_title, 'Yêu cầu bổ sung giấy tờ');
  assert.equal(seen.body.events.at(-1).note, 'Thiếu Giấy chứng sinh bản chính');
  assert.equal(seen.body.events.find((e) => e.action === 'forward').note, undefined, 'notes between officials stay internal');
  const missing = seen.body.documents.find((d) => d.name === 'Giấy chứng sinh');

  const supply = async (phone, documentId, file) => {
    const form = new FormData();
    form.append('data', JSON.stringify({ action: 'supply', version: seen.body.version, phone_last4: phone, note: 'Đã bổ sung' }));
    form.append(`file:${documentId}`, file, 'giay-chung-sinh.pdf');
    return json(await fetch(`${srv.base}/api/v1/public/dossiers/${code}/actions`, { method: 'POST', headers: { 'X-Test-Now': clock }, body: form }));
  };
  const files = () => Number(execFileSync('sh', ['-c', `find '${srv.data}' -type f | wc -l`], { encoding: 'utf8' }));
  const before = files();
  assert.equal((await supply('0000', missing.id, pdf('sai số'))).status, 403);
  assert.equal((await supply('4321', 999999, pdf('giấy khác'))).body.error.field, 'documents');
  assert.equal(files(), before, 'refused supplements leave no file behind');
  clock = '2026-12-02T09:00:00+07:00';
  const ok = await supply('4321', missing.id, pdf('Giấy chứng sinh số 123'));
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.status, 4);
  const detail = await call('motcua', 'GET', `/api/v1/dossiers/${code}`);
  assert.deepEqual(detail.body.documents.find((d) => d.name === 'Giấy chứng sinh').file_name, 'giay-chung-sinh.pdf');
  assert.equal(files(), before + 1);
});

test('the lookup QR code, the most used procedures and the monthly figures', async () => {
  clock = '2026-12-03T09:00:00+07:00';
  const sent = await call(null, 'POST', '/api/v1/public/dossiers', { procedure: '9.000401', competent_unit: '000.00.01.H42', applicant });
  const qr = await fetch(`${srv.base}/api/v1/public/dossiers/${sent.body.code}/qr.svg`);
  assert.equal(qr.headers.get('content-type'), 'image/svg+xml');
  assert.match(await qr.text(), /^<svg|<\?xml/);

  const popular = await call(null, 'GET', '/api/v1/public/popular-procedures');
  assert.equal(popular.body.items[0].code, '9.000401');
  assert.equal(popular.body.items[0].dossiers, 2);

  await act('motcua', sent.body.code, 'not_receive', { reason: 'Nộp nhầm xã' });
  const stats = await call(null, 'GET', '/api/v1/public/statistics?year=2026');
  assert.equal(stats.status, 200);
  const december = stats.body.months.find((m) => m.month === 12);
  assert.equal(december.received, 1, 'a dossier not received is not counted as received');
  assert.equal(december.online, 1);
  assert.equal(december.in_progress, 1);
  assert.equal(JSON.stringify(stats.body).includes('Hùng'), false, 'no personal data');
  assert.equal((await call(null, 'GET', '/api/v1/public/statistics?year=abc')).body.error.field, 'year');
  assert.equal(stats.body.unit, '000.00.01.H42', 'the first top-level unit unless ?unit= names one');
  const unknown = await call(null, 'GET', '/api/v1/public/statistics?year=2026&unit=000.00.99.H42');
  assert.deepEqual([unknown.status, unknown.body.error.field], [404, 'unit']);
  // An office's figures are its own dossiers only: none here.
  const office = await call(null, 'GET', '/api/v1/public/statistics?year=2026&unit=000.02.01.H42');
  assert.equal(office.body.total.received, 0);

  // A public answer is kept a minute whatever is written meanwhile (so anonymous
  // callers cannot make the server rescan a year at will), then computed again.
  const another = await call(null, 'POST', '/api/v1/public/dossiers', { procedure: '9.000401', competent_unit: '000.00.01.H42', applicant });
  await act('motcua', another.body.code, 'accept');
  assert.deepEqual((await call(null, 'GET', '/api/v1/public/statistics?year=2026')).body, stats.body);
  clock = '2026-12-03T09:01:01+07:00';
  const fresh = await call(null, 'GET', '/api/v1/public/statistics?year=2026');
  assert.equal(fresh.body.months.find((m) => m.month === 12).received, december.received + 1);
});
