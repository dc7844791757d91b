// Every refusal is a JSON error in the one format, and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, json, postJson, expectError } from './server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); srv.cleanup(); });

async function noteCount() {
  return (await json(await fetch(`${srv.base}/api/v1/diagnostics/notes`))).body.count;
}

// Sends raw bytes and returns the raw reply, for what fetch will not send.
function raw(request) {
  const url = new URL(srv.base);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(url.port), url.hostname);
    let out = '';
    sock.on('data', (d) => { out += d; });
    sock.on('end', () => resolve(out));
    sock.on('error', reject);
    sock.end(request);
  });
}

test('healthz answers 200 JSON', async (t) => {
  const r = await json(await fetch(`${srv.base}/healthz`));
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'ok');
  assert.match(r.headers.get('content-type'), /^application\/json/);
});

test('the demo commune is listed', async () => {
  const r = await json(await fetch(`${srv.base}/api/v1/units`));
  assert.equal(r.status, 200);
  assert.ok(r.body.items.some((u) => u.name === 'Ủy ban nhân dân xã Thượng Đức' && u.parent_id === null));
});

test('unknown route is a JSON 404', async (t) => {
  expectError(t, await json(await fetch(`${srv.base}/no/such/route`)), 404, 'not_found');
});

test('wrong method is 405 with Allow', async (t) => {
  const r = await json(await fetch(`${srv.base}/healthz`, { method: 'DELETE' }));
  expectError(t, r, 405, 'method_not_allowed');
  assert.equal(r.headers.get('allow'), 'GET');
});

test('a write is acknowledged with 201 and can be read back', async () => {
  const created = await json(await postJson(srv.base, '/api/v1/diagnostics/notes', { key: 'đọc-lại', body: 'Giấy khai sinh' }));
  assert.equal(created.status, 201);
  const read = await json(await fetch(`${srv.base}/api/v1/diagnostics/notes/${created.body.id}`));
  assert.equal(read.status, 200);
  assert.equal(read.body.body, 'Giấy khai sinh');
});

const refusals = [
  ['malformed JSON', () => postJson(srv.base, '/api/v1/diagnostics/notes', '{"key": "x",'), 400, 'invalid_json'],
  ['a JSON array', () => postJson(srv.base, '/api/v1/diagnostics/notes', '[1]'), 400, 'invalid_json'],
  ['invalid UTF-8', () => postJson(srv.base, '/api/v1/diagnostics/notes', Buffer.from([0x7b, 0x22, 0x6b, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])), 400, 'invalid_json'],
  ['duplicate keys', () => postJson(srv.base, '/api/v1/diagnostics/notes', '{"key":"a","key":"b","body":"c"}'), 400, 'invalid_json'],
  ['an empty body', () => postJson(srv.base, '/api/v1/diagnostics/notes', ''), 400, 'invalid_json'],
  ['a form body', () => fetch(`${srv.base}/api/v1/diagnostics/notes`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'key=a' }), 415, 'unsupported_media_type'],
  ['a missing field', () => postJson(srv.base, '/api/v1/diagnostics/notes', { key: 'k1' }), 422, 'missing_field'],
  ['a field of the wrong type', () => postJson(srv.base, '/api/v1/diagnostics/notes', { key: 5, body: 'b' }), 422, 'invalid_field'],
  ['a field too long', () => postJson(srv.base, '/api/v1/diagnostics/notes', { key: 'k'.repeat(65), body: 'b' }), 422, 'invalid_field'],
  ['an embedded NUL', () => postJson(srv.base, '/api/v1/diagnostics/notes', '{"key":"a\\u0000b","body":"c"}'), 400, 'invalid_json'],
  ['a failing write', () => fetch(`${srv.base}/api/v1/diagnostics/fail`, { method: 'POST' }), 500, 'internal_error'],
  ['no credentials', () => fetch(`${srv.base}/api/v1/diagnostics/guarded`), 401, 'unauthenticated'],
  ['no permission', () => fetch(`${srv.base}/api/v1/diagnostics/guarded`, { headers: { 'X-Diagnostics-User': 'u', 'X-Diagnostics-Permissions': 'other' } }), 403, 'forbidden'],
];

for (const [name, send, status, code] of refusals) {
  test(`${name} gets ${status} ${code} and changes nothing`, async (t) => {
    const before = await noteCount();
    expectError(t, await json(await send()), status, code);
    assert.equal(await noteCount(), before);
  });
}

test('a granted permission passes', async () => {
  const r = await fetch(`${srv.base}/api/v1/diagnostics/guarded`, { headers: { 'X-Diagnostics-User': 'u', 'X-Diagnostics-Permissions': 'a,diagnostics.guarded' } });
  assert.equal(r.status, 200);
});

test('a duplicate is 409 and changes nothing', async (t) => {
  assert.equal((await postJson(srv.base, '/api/v1/diagnostics/notes', { key: 'dup', body: 'one' })).status, 201);
  const before = await noteCount();
  const r = await json(await postJson(srv.base, '/api/v1/diagnostics/notes', { key: 'dup', body: 'two' }));
  expectError(t, r, 409, 'duplicate');
  assert.equal(r.body.error.field, 'key');
  assert.equal(await noteCount(), before);
});

test('a 10 MB body is 413 from Content-Length', async (t) => {
  const before = await noteCount();
  const r = await json(await postJson(srv.base, '/api/v1/diagnostics/notes', 'x'.repeat(10 * 1024 * 1024)));
  expectError(t, r, 413, 'payload_too_large');
  assert.equal(await noteCount(), before);
});

test('a 10 MB chunked body is 413 while streaming', async (t) => {
  const before = await noteCount();
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const body = new ReadableStream({
    start(c) { for (let i = 0; i < 10; i++) c.enqueue(chunk); c.close(); },
  });
  const r = await json(await fetch(`${srv.base}/api/v1/diagnostics/notes`, {
    method: 'POST', body, duplex: 'half', headers: { 'Content-Type': 'application/json' },
  }));
  expectError(t, r, 413, 'payload_too_large');
  assert.equal(await noteCount(), before);
});

test('an oversized Content-Length on a GET route is 413 too', async () => {
  const reply = await raw('POST /api/v1/diagnostics/fail HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n');
  assert.match(reply, /^HTTP\/1\.1 413/);
  assert.match(reply, /"code":"payload_too_large"/);
});

test('oversized headers get 431 JSON', async () => {
  const reply = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\nConnection: close\r\n\r\n`);
  assert.match(reply, /^HTTP\/1\.1 431/);
  assert.match(reply, /"code":"header_too_large"/);
});

test('security headers are on every reply', async () => {
  for (const path of ['/healthz', '/no/such', '/', '/app.js']) {
    const r = await fetch(srv.base + path);
    const csp = r.headers.get('content-security-policy');
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
    await r.arrayBuffer();
  }
});

test('metrics count requests by route and status', async () => {
  const text = await (await fetch(`${srv.base}/metrics`)).text();
  assert.match(text, /xaso_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
  assert.match(text, /xaso_http_requests_total\{method="POST",route="\/api\/v1\/diagnostics\/notes",status="422"\} \d+/);
  assert.match(text, /xaso_http_request_duration_seconds_bucket\{le="\+Inf"\} \d+/);
  assert.match(text, /xaso_store_write_queue 0/);
  assert.match(text, /xaso_http_open_connections \d+/);
});

test('the access log has no request paths beyond route patterns', async () => {
  await fetch(`${srv.base}/api/v1/diagnostics/notes/123456789`);
  assert.match(srv.log, /"route":"\/api\/v1\/diagnostics\/notes\/\{id\}"/);
  assert.doesNotMatch(srv.log, /123456789/);
});
