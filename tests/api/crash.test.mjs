// Nothing acknowledged is lost: online submissions with files stream in
// while the server is killed with SIGKILL at a random moment (during the
// load, and now and then while it is still starting), again and again. After
// every restart: each submission that got a 2xx is there, complete, under
// its code; codes are unique; no dossier is half-written; the kept facts
// match their definition; the audit chain verifies and (on SQLite, whose
// file `xaso backup` copies) still holds the anchor of a backup taken
// earlier. A submission whose answer was lost, retried with its
// Idempotency-Key, gives the same dossier if it had been committed.
//
// CRASH_KILLS sets the number of kills (default 200; the sanitizer pass of
// scripts/test-all runs fewer).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, tempDir, bin, webDir, assertFactsKept } from './server.mjs';
import { dbRows, dbValue, dropDbsIn, pgConninfo } from './db.mjs';

const KILLS = Number(process.env.CRASH_KILLS ?? 200);
const IN_FLIGHT = 8;
const dir = tempDir();
after(() => { dropDbsIn(dir); execFileSync('rm', ['-rf', dir]); });
const anchored = !pgConninfo; // a backup's anchor: xaso backup copies the SQLite file

function setup({ db }) {
  const procedure = {
    code: '9.000201', name: 'Thủ tục thử độ bền', field: 'Thử nghiệm', time: { unit: 'working_days', amount: 3 },
    competent_unit: '000.00.01.H42', documents: [{ name: 'Tờ khai', kind: 'submit' }], workflow: { template: 'same_day' },
  };
  writeFileSync(join(dir, 'p.json'), JSON.stringify([procedure]));
  execFileSync(bin, ['import', 'procedures', join(dir, 'p.json'), '--db', db]);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function submit(base, key, documentId) {
  const form = new FormData();
  form.append('data', JSON.stringify({
    procedure: '9.000201', competent_unit: '000.00.01.H42',
    applicant: { cccd: '042190001234', full_name: `Người nộp ${key}`, phone: '0912345678' },
  }));
  form.append(`file:${documentId}`, new Blob([Buffer.from(`%PDF-1.4\n${key} ${'x'.repeat(2000 + key.length)}\n`)],
    { type: 'application/pdf' }), `${key}.pdf`);
  return fetch(`${base}/api/v1/public/dossiers`, { method: 'POST', body: form, headers: { 'Idempotency-Key': key } })
    .then(async (r) => ({ key, status: r.status, code: r.status === 200 || r.status === 201 ? (await r.json()).code : null }))
    .catch(() => ({ key, status: 0, code: null }));
}

// Every dossier as the database holds it: key → {code, events, files, audits, hash}.
function stored(db) {
  const rows = dbRows(db, `SELECT d.idempotency_key AS key, d.code,
      (SELECT count(*) FROM dossier_event e WHERE e.dossier_id = d.id) AS events,
      (SELECT count(*) FROM dossier_document x WHERE x.dossier_id = d.id AND x.file IS NOT NULL) AS files,
      COALESCE(a.n, 0) AS audits, (SELECT file FROM dossier_document x WHERE x.dossier_id = d.id) AS hash
    FROM dossier d LEFT JOIN (SELECT object_id, count(*) AS n FROM audit_log
                              WHERE action = 'dossier.receive' GROUP BY object_id) a ON a.object_id = CAST(d.id AS TEXT)`);
  return new Map(rows.map(({ key, ...row }) => [key, row]));
}

// A kill before the server has even opened its port: during start-up,
// migrations or recovery of the WAL.
async function killWhileStarting(db, data) {
  const child = spawn(bin, ['serve', '--db', db, '--data-dir', data, '--listen', '127.0.0.1:0', '--web-dir', webDir,
    '--rate-limit', '0'], { stdio: 'ignore' });
  const exited = new Promise((res) => child.on('exit', res));
  await sleep(Math.random() * 30);
  child.kill('SIGKILL');
  await exited;
}

test(`${KILLS} kills with SIGKILL at random moments of online intake: nothing acknowledged is lost`, async () => {
  let srv = await startServer({ dir, setup });
  const documentId = (await (await fetch(`${srv.base}/api/v1/procedures/9.000201`)).json()).documents[0].id;
  const backup = join(dir, 'anchor');
  const acknowledged = new Map(); // key → code
  const fileChecked = new Set();
  let kills = 0, startKills = 0, interrupted = 0, next = 0;
  // A failed check must not leave the server running: it would hold this
  // file's process until the runner's timeout.
  try {
    while (kills < KILLS) {
      // The load: IN_FLIGHT submissions at a time until the kill.
      let alive = true;
      const answers = [];
      const worker = async () => {
        while (alive) answers.push(await submit(srv.base, `tron-${next++}-abcdef`, documentId));
      };
      const workers = Array.from({ length: IN_FLIGHT }, worker);
      await sleep(5 + Math.random() * 150);
      await srv.kill();
      kills++;
      alive = false;
      await Promise.all(workers);
      if (kills % 10 === 5 && kills < KILLS) {
        await killWhileStarting(srv.db, srv.data);
        kills++;
        startKills++;
      }
      const lost = [];
      for (const a of answers) {
        if (a.status === 201 || a.status === 200) acknowledged.set(a.key, a.code);
        else lost.push(a.key);
      }

      srv = await startServer({ dir, init: false });
      // The lost answers, retried with their keys: the same dossier if it was committed.
      const before = stored(srv.db);
      interrupted += lost.length;
      const retries = await Promise.all(lost.map((key) => submit(srv.base, key, documentId)));
      for (const r of retries) {
        assert.ok(r.status === 200 || r.status === 201, `${r.key}: retried, answered ${r.status}`);
        if (before.has(r.key)) {
          assert.equal(r.status, 200, `${r.key} was committed: a retry must not make it again`);
          assert.equal(r.code, before.get(r.key).code);
        }
        acknowledged.set(r.key, r.code);
      }

      // Every acknowledged submission is there, complete, under its code.
      const now = stored(srv.db);
      for (const [key, code] of acknowledged) {
        const row = now.get(key);
        assert.ok(row, `${key}, acknowledged as ${code}, is lost`);
        assert.deepEqual([row.code, row.events, row.files, row.audits], [code, 1, 1, 1], key);
        if (fileChecked.has(key)) continue;
        const path = join(srv.data, 'files', row.hash.slice(0, 2), row.hash.slice(2, 4), row.hash);
        assert.ok(existsSync(path), `file of ${code}`);
        assert.equal(createHash('sha256').update(readFileSync(path)).digest('hex'), row.hash);
        fileChecked.add(key);
      }
      // Nothing made twice, nothing half-written, nothing committed unacknowledged left behind.
      assert.equal(now.size, acknowledged.size, 'every stored dossier was acknowledged (or retried until it was)');
      assert.equal(new Set([...now.values()].map((r) => r.code)).size, now.size, 'codes are unique');
      assert.equal(dbValue(srv.db, `SELECT count(*) FROM dossier d WHERE NOT EXISTS (SELECT 1 FROM dossier_event e WHERE e.dossier_id = d.id)
        OR NOT EXISTS (SELECT 1 FROM dossier_document x WHERE x.dossier_id = d.id)`), 0);
      assertFactsKept(srv.db);
      // The audit chain verifies after every kill; once a backup exists, the log still holds its anchor.
      const verify = execFileSync(bin, ['verify', '--db', srv.db, ...(existsSync(backup) ? [backup] : [])], { encoding: 'utf8' });
      assert.match(verify, /intact/);
      if (existsSync(backup)) assert.match(verify, /1 backup anchor/);
      if (anchored && kills >= KILLS / 2 && !existsSync(backup)) execFileSync(bin, ['backup', backup, '--db', srv.db, '--data-dir', srv.data]);
    }
  } catch (err) { await srv.kill(); throw err; }
  await srv.stop();
  assert.ok(kills >= KILLS);
  assert.ok(acknowledged.size > kills, `${acknowledged.size} acknowledged submissions over ${kills} kills`);
  console.log(`kills survived: ${kills} (${startKills} while starting); acknowledged submissions checked: ${acknowledged.size}; answers lost (in flight at a kill, or refused while down) and retried: ${interrupted}`);
});
