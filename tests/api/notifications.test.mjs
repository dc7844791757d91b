// Notifications and the national portal sync record: written with the event,
// delivered afterwards by SMTP and a webhook, retried, dead-lettered, and
// never in the dossier's way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startServer, json, addUser, signInFully } from './server.mjs';

// A minimal SMTP server that keeps every message; RCPT for tu-choi@ is refused.
function smtpSink() {
  const mails = [];
  const server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    let mail = null;
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mail.data = Buffer.from(buffer.slice(0, end), 'latin1').toString('utf8');
          buffer = buffer.slice(end + 5);
          inData = false;
          mails.push(mail);
          socket.write('250 kept\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 sink\r\n');
        else if (verb === 'MAIL') { mail = { from: line, to: [] }; socket.write('250 ok\r\n'); }
        else if (verb === 'RCPT') {
          if (line.includes('tu-choi@')) socket.write('550 no such mailbox\r\n');
          else { mail.to.push(line); socket.write('250 ok\r\n'); }
        } else if (verb === 'DATA') { inData = true; socket.write('354 go on\r\n'); }
        else if (verb === 'QUIT') { socket.end('221 bye\r\n'); return; }
        else socket.write('250 ok\r\n');
      }
    });
    socket.on('error', () => {});
  });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res({ server, mails, port: server.address().port })));
}

const subjectOf = (mail) => {
  const m = mail.data.match(/^Subject: =\?UTF-8\?B\?([^?]+)\?=/m);
  return m ? Buffer.from(m[1], 'base64').toString('utf8') : null;
};

async function until(what, check, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let srv, sink;
const s = {};
before(async () => {
  sink = await smtpSink();
  srv = await startServer({
    args: ['--public-url', 'https://dichvu.xa-thu.vn'],
    env: {
      XASO_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, XASO_SMTP_FROM: 'motcua@xa-thu.vn',
      // Nothing listens on port 1: every webhook delivery fails.
      XASO_NOTIFY_WEBHOOK: 'http://127.0.0.1:1/sms', XASO_NOTIFY_INTERVAL_MS: '100',
      XASO_NOTIFY_BACKOFF_MS: '50', XASO_NOTIFY_MAX_ATTEMPTS: '3',
    },
    setup: (p) => {
      addUser(p, 'quantri', 'admin');
      addUser(p, 'motcua', 'reception', '000.04.01.H42');
      addUser(p, 'lanhdao', 'leader', '000.00.01.H42');
    },
  });
  for (const u of ['quantri', 'motcua', 'lanhdao']) s[u] = await signInFully(srv.base, u);
  const r = await call('quantri', 'POST', '/api/v1/catalog/procedures', {
    code: '9.000201', name: 'Chứng thực thử trong ngày', field: 'Thử nghiệm', time: { unit: 'same_day' },
    workflow: { template: 'same_day' }, documents: [{ name: 'Tờ khai', kind: 'submit' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
});
after(async () => { await srv.stop(); srv.cleanup(); sink.server.close(); });

async function call(user, method, path, body) {
  const headers = { Cookie: s[user].cookie, 'X-CSRF-Token': s[user].csrf };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return json(await fetch(srv.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}
async function act(user, code, action, extra = {}) {
  const current = await call(user, 'GET', `/api/v1/dossiers/${code}`);
  return call(user, 'POST', `/api/v1/dossiers/${code}/actions`, { action, version: current.body.version, ...extra });
}
const applicant = (email) => ({ cccd: '042190001234', full_name: 'Trần Văn Đức', phone: '0912345678', email });

test('the applicant receives "result ready" by mail while a dead webhook retries and is dead-lettered', async () => {
  const r = await call('motcua', 'POST', '/api/v1/dossiers', { procedure: '9.000201', applicant: applicant('duc.tran@example.vn') });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const code = r.body.code;
  assert.equal((await act('motcua', code, 'issue_result')).body.status, 9);
  assert.equal((await act('motcua', code, 'return', { return_channel: 1 })).body.status, 10, 'the dossier completes whatever the gateway does');

  const ready = await until('the result-ready mail', () => sink.mails.find((m) => subjectOf(m) === `Hồ sơ ${code} đã có kết quả`));
  assert.match(ready.to[0], /duc\.tran@example\.vn/);
  assert.match(ready.data, /Kính gửi Ông\/Bà Trần Văn Đức/);
  assert.match(ready.data, /đã có kết quả/);
  assert.ok(ready.data.includes(`https://dichvu.xa-thu.vn/dich-vu/?ma=${code}`), 'the lookup link is absolute');
  assert.ok(sink.mails.some((m) => subjectOf(m) === `Hồ sơ ${code} đã được tiếp nhận`), 'the receipt was announced too');

  const dead = await until('the webhook rows to be dead-lettered', async () => {
    const list = (await call('lanhdao', 'GET', '/api/v1/notifications?status=dead')).body.items.filter((n) => n.code === code);
    return list.length === 2 ? list : null;
  });
  for (const n of dead) {
    assert.equal(n.channel, 'webhook');
    assert.equal(n.recipient, '0912345678');
    assert.equal(n.attempts, 3);
    assert.ok(n.last_error.length > 0);
  }
  const sent = (await call('lanhdao', 'GET', '/api/v1/notifications?status=sent')).body.items.filter((n) => n.code === code);
  assert.deepEqual(sent.map((n) => n.event).sort(), ['received', 'result_ready']);
  assert.equal((await call('lanhdao', 'GET', `/api/v1/dossiers/${code}`)).body.status, 10);
});

test('a refused mailbox is retried, then dead-lettered with the server\'s answer', async () => {
  const r = await call('motcua', 'POST', '/api/v1/dossiers', { procedure: '9.000201', applicant: applicant('tu-choi@example.vn') });
  assert.equal(r.status, 201);
  const row = await until('the refused mail to be dead-lettered', async () =>
    (await call('lanhdao', 'GET', '/api/v1/notifications?status=dead')).body.items.find((n) => n.code === r.body.code && n.channel === 'email'));
  assert.equal(row.attempts, 3);
  assert.match(row.last_error, /550|RCPT|refused|denied/i);
});

test('a mail address that could split a header is refused at intake and nothing is written', async () => {
  const before = (await call('lanhdao', 'GET', '/api/v1/notifications')).body.items.length;
  const r = await call('motcua', 'POST', '/api/v1/dossiers', { procedure: '9.000201', applicant: applicant('a@example.vn\r\nBcc: b@example.vn') });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'applicant.email');
  assert.equal((await call('lanhdao', 'GET', '/api/v1/notifications')).body.items.length, before);
});

test('templates: the administrator edits them; an unknown placeholder is refused; the next mail uses the edit', async () => {
  const list = await call('quantri', 'GET', '/api/v1/notification-templates');
  assert.deepEqual(list.body.items.map((t) => t.event), ['apology', 'received', 'result_ready', 'supplement']);
  assert.ok(list.body.placeholders.includes('lookup_url'));
  const bad = await call('quantri', 'PUT', '/api/v1/notification-templates/received', { subject: 'Hồ sơ {ma_ho_so}', body: 'x' });
  assert.equal(bad.status, 422);
  assert.match(bad.body.error.message, /ma_ho_so/);
  assert.equal((await call('quantri', 'PUT', '/api/v1/notification-templates/khac', { subject: 'a', body: 'b' })).status, 404);
  assert.equal((await call('lanhdao', 'PUT', '/api/v1/notification-templates/received', { subject: 'a', body: 'b' })).status, 403);
  const ok = await call('quantri', 'PUT', '/api/v1/notification-templates/received', {
    subject: 'UBND xã đã nhận hồ sơ {code}', body: 'Ông/Bà {applicant_name}: hẹn trả {due_text}.',
  });
  assert.equal(ok.status, 200);
  const r = await call('motcua', 'POST', '/api/v1/dossiers', { procedure: '9.000201', applicant: applicant('duc.tran@example.vn') });
  const mail = await until('the edited mail', () => sink.mails.find((m) => subjectOf(m) === `UBND xã đã nhận hồ sơ ${r.body.code}`));
  assert.match(mail.data, /Ông\/Bà Trần Văn Đức: hẹn trả 17:00 ngày \d\d\/\d\d\/\d{4}\./);
});

test('every status change writes a portal sync record in the portal\'s vocabulary, exported and marked delivered', async () => {
  const r = await call('motcua', 'POST', '/api/v1/dossiers', { procedure: '9.000201', applicant: applicant(undefined) });
  const code = r.body.code;
  await act('motcua', code, 'issue_result');
  const records = (await call('lanhdao', 'GET', '/api/v1/portal-sync?status=pending')).body.items.filter((i) => i.record.MaHoSo === code);
  assert.deepEqual(records.map((i) => i.record.TrangThaiHoSo), [2, 9]);
  const last = records.at(-1).record;
  assert.equal(last.MaTTHC, '9.000201');
  assert.equal(last.MaDonVi, '000.04.01.H42');
  assert.equal(last.KenhThucHien, 1);
  assert.equal(last.DaThanhToan, false);
  assert.ok(last.NgayTiepNhan && last.NgayHenTra && last.NgayKetThucXuLy);
  const marked = await call('lanhdao', 'POST', '/api/v1/portal-sync/mark', { ids: records.map((i) => i.id), status: 'delivered' });
  assert.equal(marked.body.changed, 2);
  const again = await call('lanhdao', 'POST', '/api/v1/portal-sync/mark', { ids: records.map((i) => i.id), status: 'failed' });
  assert.equal(again.body.changed, 0, 'a delivered record stays delivered');
  assert.equal((await call('lanhdao', 'POST', '/api/v1/portal-sync/mark', { ids: ['x'], status: 'delivered' })).status, 422);
  const delivered = (await call('lanhdao', 'GET', '/api/v1/portal-sync?status=delivered')).body.items.filter((i) => i.record.MaHoSo === code);
  assert.equal(delivered.length, 2);
  assert.ok(delivered.every((i) => i.delivered_at));
});
