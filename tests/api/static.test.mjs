// Static files: MIME types, ETag revalidation, precompressed gzip.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { cpSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, tempDir, webDir } from './server.mjs';

let srv;
let web;
before(async () => {
  const dir = tempDir();
  web = join(dir, 'web');
  mkdirSync(web);
  cpSync(webDir, web, { recursive: true });
  writeFileSync(join(web, 'app.js.gz'), gzipSync(await (await import('node:fs/promises')).readFile(join(web, 'app.js'))));
  srv = await startServer({ dir, args: ['--web-dir', web] });
});
after(async () => { await srv.stop(); srv.cleanup(); });

test('the home page is Vietnamese HTML', async () => {
  const r = await fetch(`${srv.base}/`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.match(await r.text(), /<html lang="vi">/);
});

test('MIME types follow the extension', async () => {
  for (const [path, type] of [['/app.css', 'text/css; charset=utf-8'], ['/app.js', 'text/javascript; charset=utf-8']]) {
    const r = await fetch(srv.base + path, { headers: { 'Accept-Encoding': 'identity' } });
    assert.equal(r.headers.get('content-type'), type);
    await r.arrayBuffer();
  }
});

test('an unchanged file revalidates with 304', async () => {
  const first = await fetch(`${srv.base}/app.css`);
  const etag = first.headers.get('etag');
  await first.arrayBuffer();
  assert.ok(etag);
  const again = await fetch(`${srv.base}/app.css`, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  const other = await fetch(`${srv.base}/app.css`, { headers: { 'If-None-Match': '"stale"' } });
  assert.equal(other.status, 200);
  await other.arrayBuffer();
});

test('a precompressed file is sent to clients that accept gzip', async () => {
  const r = await fetch(`${srv.base}/app.js`, { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(r.headers.get('content-encoding'), 'gzip');
  assert.equal(r.headers.get('vary'), 'Accept-Encoding');
  assert.match(await r.text(), /use strict/); // fetch decompresses
});

test('paths outside the web folder are not served', async () => {
  for (const path of ['/../CMakeLists.txt', '/%2e%2e/CMakeLists.txt', '/.hidden', '/app.js%00.html']) {
    const r = await fetch(srv.base + path);
    assert.equal(r.status, 404, path);
    await r.arrayBuffer();
  }
});

test('the OpenAPI document is served and describes the public routes', async () => {
  const r = await fetch(`${srv.base}/openapi.json`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const doc = await r.json();
  assert.match(doc.openapi, /^3\./);
  for (const path of ['/healthz', '/metrics', '/api/v1/units']) assert.ok(doc.paths[path], path);
  // What it documents answers.
  const units = await (await fetch(`${srv.base}/api/v1/units`)).json();
  for (const key of doc.components.schemas.Unit.required) assert.ok(key in units.items[0], key);
  assert.match(units.items[0].agency_code, new RegExp(doc.components.schemas.Unit.properties.agency_code.pattern));
});

test('every route but the diagnostics ones is in the OpenAPI document', async () => {
  const srv2 = await startServer();
  try {
    const doc = await (await fetch(`${srv2.base}/openapi.json`)).json();
    const routes = (await (await fetch(`${srv2.base}/api/v1/diagnostics/routes`)).json()).items;
    for (const r of routes) {
      if (r.pattern.startsWith('/api/v1/diagnostics/')) continue;
      assert.ok(doc.paths[r.pattern]?.[r.method.toLowerCase()], `${r.method} ${r.pattern} is not documented`);
    }
  } finally { await srv2.stop(); srv2.cleanup(); }
});
