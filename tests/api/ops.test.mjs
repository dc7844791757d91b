// Operations: health under a full disk, rate limits, graceful shutdown, and a
// backup taken under write load that keeps every acknowledged write.
// Backups and restores copy the SQLite file (the online backup API), so those
// tests are SQLite's only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { startServer, json, postJson, expectError, bin, tempDir, xaso } from './server.mjs';
import { dbExec, dbIn, sqliteOnly } from './db.mjs';

const run = promisify(execFile);

test('healthz is 503 when the disk is nearly full', async (t) => {
  const srv = await startServer({ args: ['--min-free-mb', '999999999999'] });
  try {
    const r = await json(await fetch(`${srv.base}/healthz`));
    assert.equal(r.status, 503);
    assert.equal(r.body.error.code, 'disk_low');
  } finally { await srv.stop(); srv.cleanup(); }
});

test('too many requests from one address get 429 with Retry-After', async (t) => {
  const srv = await startServer({ args: ['--rate-limit', '1'] });
  try {
    const statuses = [];
    let refused;
    for (let i = 0; i < 12; i++) {
      const r = await fetch(`${srv.base}/api/v1/units`);
      statuses.push(r.status);
      if (r.status === 429) refused = await json(r); else await r.arrayBuffer();
    }
    assert.ok(statuses.includes(200));
    assert.ok(refused, `no 429 among ${statuses}`);
    expectError(t, refused, 429, 'rate_limited');
    assert.match(refused.headers.get('retry-after'), /^\d+$/);
  } finally { await srv.stop(); srv.cleanup(); }
});

async function writeNotes(base, prefix, count, acked) {
  for (let i = 0; i < count; i++) {
    const key = `${prefix}-${i}`;
    const r = await postJson(base, '/api/v1/diagnostics/notes', { key, body: 'Hồ sơ ' + key });
    if (r.status === 201) acked.push((await r.json()).id);
    else await r.arrayBuffer();
  }
}

test('SIGTERM finishes requests in flight and every acknowledged write survives', async () => {
  const dir = tempDir();
  const srv = await startServer({ dir });
  const acked = [];
  const writers = [0, 1, 2, 3].map((w) => writeNotes(srv.base, `w${w}`, 60, acked).catch(() => {}));
  await new Promise((r) => setTimeout(r, 100));
  const { code } = await srv.stop();
  await Promise.all(writers);
  assert.equal(code, 0);
  assert.match(srv.log, /"event":"stopped"/);
  assert.ok(acked.length > 0);

  const again = await startServer({ dir, init: false });
  try {
    for (const id of acked) {
      const r = await fetch(`${again.base}/api/v1/diagnostics/notes/${id}`);
      assert.equal(r.status, 200, `acknowledged note ${id} is lost`);
      await r.arrayBuffer();
    }
  } finally { await again.stop(); again.cleanup(); }
});

test('a backup under write load holds every write acknowledged before it began', sqliteOnly('xaso backup and restore copy the database file'), async () => {
  const srv = await startServer();
  const backup = join(srv.dir, 'backup-1');
  const acked = [];
  let ackedBeforeBackup;
  let stopWriting = false;
  const writer = (async () => {
    for (let round = 0; !stopWriting && round < 400; round++) await writeNotes(srv.base, `r${round}`, 5, acked);
  })();
  try {
    while (acked.length < 50) await new Promise((r) => setTimeout(r, 10));
    ackedBeforeBackup = [...acked];
    await run(bin, ['backup', backup, '--db', srv.db, '--data-dir', srv.data]);
    stopWriting = true;
    await writer;

    // Restoring over a running server is refused and changes nothing.
    await assert.rejects(run(bin, ['restore', backup, '--db', srv.db, '--data-dir', srv.data]), /server is running/);
  } finally { stopWriting = true; await writer; await srv.stop(); }

  const dir = tempDir();
  const db = dbIn(dir); // where startServer looks
  const data = join(dir, 'data');
  xaso(['restore', backup, '--db', db, '--data-dir', data]);
  const restored = await startServer({ dir, init: false });
  try {
    for (const id of ackedBeforeBackup) {
      const r = await fetch(`${restored.base}/api/v1/diagnostics/notes/${id}`);
      assert.equal(r.status, 200, `note ${id}, acknowledged before the backup, is missing`);
      await r.arrayBuffer();
    }
  } finally { await restored.stop(); restored.cleanup(); srv.cleanup(); }
});

test('a damaged backup is refused by restore', sqliteOnly('damages the copied database file'), async () => {
  const srv = await startServer();
  const backup = join(srv.dir, 'b');
  await srv.stop();
  xaso(['backup', backup, '--db', srv.db, '--data-dir', srv.data]);
  const { appendFileSync } = await import('node:fs');
  appendFileSync(join(backup, 'xaso.db'), 'x');
  const dir = tempDir();
  await assert.rejects(run(bin, ['restore', backup, '--db', dbIn(dir), '--data-dir', join(dir, 'data')]), /does not match/);
  srv.cleanup();
});

test('version and help answer', () => {
  assert.match(xaso(['version']), /^xaso \d+\.\d+\.\d+/);
  const help = xaso(['--help']);
  assert.match(help, /sao lưu/);
  assert.match(help, /Commands:/);
});

test('a client that stalls mid-request is disconnected after the timeout', async () => {
  const net = await import('node:net');
  const srv = await startServer({ args: ['--timeout', '1'] });
  try {
    const url = new URL(srv.base);
    const started = Date.now();
    const closed = await new Promise((resolve) => {
      const sock = net.connect(Number(url.port), url.hostname, () => sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'));
      sock.on('close', () => resolve(Date.now() - started));
      sock.on('error', () => {});
      setTimeout(() => { sock.destroy(); resolve(-1); }, 5000);
    });
    assert.ok(closed > 500 && closed < 4000, `closed after ${closed} ms`);
    // The server still serves others.
    assert.equal((await fetch(`${srv.base}/healthz`)).status, 200);
  } finally { await srv.stop(); srv.cleanup(); }
});

test('scheduled backups are taken, verified, pruned and shown in metrics', sqliteOnly('scheduled backups copy the database file'), async () => {
  const { readdirSync } = await import('node:fs');
  const dir = tempDir();
  const backups = join(dir, 'backups');
  const srv = await startServer({ dir, args: ['--backup-dir', backups, '--backup-interval', '1', '--backup-keep', '2'] });
  try {
    let names = [];
    for (let i = 0; i < 60 && names.length < 1; i++) {
      await new Promise((r) => setTimeout(r, 100));
      names = readdirSync(backups).filter((n) => !n.endsWith('.partial'));
    }
    // The first one is taken at start (no backup yet), then one a second.
    assert.ok(names.length >= 1 && names.length <= 2, `kept ${names}`);
    const metrics = await (await fetch(`${srv.base}/metrics`)).text();
    const age = Number(metrics.match(/^xaso_backup_age_seconds (\S+)$/m)[1]);
    assert.ok(age >= 0 && age < 5, `backup age ${age}`);
    await new Promise((r) => setTimeout(r, 2500));
    names = readdirSync(backups).filter((n) => !n.endsWith('.partial'));
    assert.equal(names.length, 2, `retention keeps 2, found ${names}`);
    for (const n of names) xaso(['restore', join(backups, n), '--db', dbIn(dir, 'check.db'), '--data-dir', join(dir, 'check')]);
  } finally { await srv.stop(); srv.cleanup(); }
});

test('xaso verify passes on a fresh database and names an entry altered behind its back', async () => {
  const srv = await startServer();
  try {
    assert.equal((await postJson(srv.base, '/api/v1/diagnostics/notes', { key: 'kiểm-toán', body: 'x' }, { 'X-Diagnostics-User': 'can-bo-mot-cua' })).status, 201);
    // A refused write leaves no audit entry behind either.
    assert.equal((await fetch(`${srv.base}/api/v1/diagnostics/fail`, { method: 'POST' })).status, 500);
  } finally { await srv.stop(); }
  try {
    const ok = xaso(['verify', '--db', srv.db]);
    assert.match(ok, /intact: 7 entries/); // six demo units and one note
    dbExec(srv.db, "UPDATE audit_log SET actor = 'ai-do' WHERE id = 7");
    await assert.rejects(run(bin, ['verify', '--db', srv.db]), (err) => {
      assert.equal(err.code, 1);
      assert.match(err.stdout, /broken at entry 7/);
      return true;
    });
  } finally { srv.cleanup(); }
});

test('a backup anchors the audit log: entries cut off its end afterwards are found, which the chain alone cannot show', sqliteOnly('the anchor is made by xaso backup, which copies the database file'), async () => {
  const srv = await startServer();
  const backups = join(srv.dir, 'backups');
  try {
    for (const key of ['mot', 'hai']) {
      const r = await postJson(srv.base, '/api/v1/diagnostics/notes', { key: `neo-${key}`, body: 'x' }, { 'X-Diagnostics-User': 'can-bo-mot-cua' });
      assert.equal(r.status, 201);
    }
    xaso(['backup', join(backups, 'b1'), '--db', srv.db, '--data-dir', srv.data]);
    const manifest = JSON.parse(readFileSync(join(backups, 'b1', 'manifest.json'), 'utf8'));
    assert.deepEqual({ entries: manifest.audit.entries, head_id: manifest.audit.head_id, intact: manifest.audit.intact },
      { entries: 8, head_id: 8, intact: true });
    assert.match(manifest.audit.head_hash, /^[0-9a-f]{64}$/);
    assert.deepEqual(readdirSync(join(backups, 'b1')).sort(), ['manifest.json', 'xaso.db'], 'the copy is one file, no -wal beside it');
    assert.match(xaso(['verify', '--db', srv.db, '--backup-dir', backups]), /intact: 8 entries, 1 backup anchor/);
  } finally { await srv.stop(); }
  try {
    // The two newest entries deleted: the chain that is left still verifies ...
    dbExec(srv.db, 'DELETE FROM audit_log WHERE id > 6');
    assert.match(xaso(['verify', '--db', srv.db]), /intact: 6 entries/);
    // ... but not against the backup's anchor.
    for (const args of [['--backup-dir', backups], [join(backups, 'b1')]]) {
      await assert.rejects(run(bin, ['verify', '--db', srv.db, ...args]), (err) => {
        assert.equal(err.code, 1);
        assert.match(err.stdout, /anchor at entry 8 lost: .*the log ends before this anchored entry/);
        assert.match(err.stdout, /cut back or rewritten since a backup/);
        return true;
      });
    }
    // Written again from there, with a chain that verifies: the anchored entry is replaced.
    const again = await startServer({ dir: srv.dir, init: false });
    try {
      for (const key of ['ba', 'bon']) {
        const r = await postJson(again.base, '/api/v1/diagnostics/notes', { key: `viet-lai-${key}`, body: 'y' }, { 'X-Diagnostics-User': 'ai-do' });
        assert.equal(r.status, 201);
      }
    } finally { await again.stop(); }
    assert.match(xaso(['verify', '--db', srv.db]), /intact: 8 entries/);
    await assert.rejects(run(bin, ['verify', '--db', srv.db, '--backup-dir', backups]), (err) => {
      assert.equal(err.code, 1);
      assert.match(err.stdout, /anchor at entry 8 lost: .*this anchored entry was replaced/);
      return true;
    });
    // A folder that is not there checks nothing: that is an error, not "intact".
    await assert.rejects(run(bin, ['verify', '--db', srv.db, '--backup-dir', join(srv.dir, 'khong-co')]), (err) => {
      assert.equal(err.code, 1);
      assert.match(err.stdout, /cannot open the backup folder/);
      return true;
    });
  } finally { srv.cleanup(); }
});

test('a restore sets the later backups aside, so their anchors (of a history undone) raise no alarm', sqliteOnly('xaso backup and restore copy the database file'), async () => {
  const srv = await startServer();
  const backups = join(srv.dir, 'backups');
  try {
    assert.equal((await postJson(srv.base, '/api/v1/diagnostics/notes', { key: 'truoc', body: 'x' }, { 'X-Diagnostics-User': 'can-bo-mot-cua' })).status, 201);
    xaso(['backup', join(backups, 'xaso-20261201T000000Z'), '--db', srv.db, '--data-dir', srv.data]);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal((await postJson(srv.base, '/api/v1/diagnostics/notes', { key: 'sau', body: 'x' }, { 'X-Diagnostics-User': 'can-bo-mot-cua' })).status, 201);
    xaso(['backup', join(backups, 'xaso-20261202T000000Z'), '--db', srv.db, '--data-dir', srv.data]);
  } finally { await srv.stop(); }
  try {
    const out = xaso(['restore', join(backups, 'xaso-20261201T000000Z'), '--db', srv.db, '--data-dir', srv.data]);
    assert.match(out, /1 later backups renamed \*\.superseded/);
    assert.deepEqual(readdirSync(backups).sort(), ['xaso-20261201T000000Z', 'xaso-20261202T000000Z.superseded']);
    assert.match(xaso(['verify', '--db', srv.db, '--backup-dir', backups]), /intact: 7 entries, 1 backup anchor/);
  } finally { srv.cleanup(); }
});

test('the server checks the kept backups\' anchors at start: a log cut back while it was stopped shows in metrics and the log', sqliteOnly('the anchors are made by scheduled backups, which copy the database file'), async () => {
  const dir = tempDir();
  const backups = join(dir, 'backups');
  const args = ['--backup-dir', backups, '--backup-interval', '3600'];
  let srv = await startServer({ dir, args });
  try {
    const r = await postJson(srv.base, '/api/v1/diagnostics/notes', { key: 'neo-ba', body: 'x' }, { 'X-Diagnostics-User': 'can-bo-mot-cua' });
    assert.equal(r.status, 201);
    let names = [];
    for (let i = 0; i < 100 && names.length === 0; i++) {
      await new Promise((res) => setTimeout(res, 50));
      names = readdirSync(backups).filter((n) => !n.endsWith('.partial'));
    }
    assert.equal(names.length, 1, 'the first backup is taken at start');
    assert.match(await (await fetch(`${srv.base}/metrics`)).text(), /^xaso_audit_anchor_lost 0$/m);
  } finally { await srv.stop(); }
  const head = JSON.parse(readFileSync(join(backups, readdirSync(backups)[0], 'manifest.json'), 'utf8')).audit.head_id;
  dbExec(srv.db, `DELETE FROM audit_log WHERE id >= ${head}`);
  srv = await startServer({ dir, init: false, args });
  try {
    let metrics = '';
    for (let i = 0; i < 100 && !/^xaso_audit_anchor_lost 1$/m.test(metrics); i++) {
      await new Promise((res) => setTimeout(res, 50));
      metrics = await (await fetch(`${srv.base}/metrics`)).text();
    }
    assert.match(metrics, /^xaso_audit_anchor_lost 1$/m);
    assert.match(srv.log, /"event":"audit.anchor_lost"/);
  } finally { await srv.stop(); srv.cleanup(); }
});
