// Nothing acknowledged is lost: many online submissions with files, the
// server killed with SIGKILL in the middle, restarted. Every submission that
// got a 2xx is there and complete; no dossier is half-written; a submission
// whose answer was lost, retried with its Idempotency-Key, gives the same
// dossier. Repeated several times.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, tempDir, bin } from './server.mjs';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 4);
const PER_ROUND = 40;
const dir = tempDir();
after(() => execFileSync('rm', ['-rf', dir]));

function setup({ db }) {
  const procedure = {
    code: '9.000201', name: 'Thủ tục thử độ bền', field: 'Thử nghiệm', time: { unit: 'working_days', amount: 3 },
    competent_unit: '000.00.01.H42', documents: [{ name: 'Tờ khai', kind: 'submit' }], workflow: { template: 'same_day' },
  };
  writeFileSync(join(dir, 'p.json'), JSON.stringify([procedure]));
  execFileSync(bin, ['import', 'procedures', join(dir, 'p.json'), '--db', db]);
}

const sql = (db, query) => execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();

function submit(base, key, documentId, i) {
  const form = new FormData();
  form.append('data', JSON.stringify({
    procedure: '9.000201', competent_unit: '000.00.01.H42',
    applicant: { cccd: '042190001234', full_name: `Người nộp ${key}`, phone: '0912345678' },
  }));
  form.append(`file:${documentId}`, new Blob([Buffer.from(`%PDF-1.4\n${key} ${'x'.repeat(2000 + i)}\n`)], { type: 'application/pdf' }), `${key}.pdf`);
  return fetch(`${base}/api/v1/public/dossiers`, { method: 'POST', body: form, headers: { 'Idempotency-Key': key } })
    .then(async (r) => ({ key, status: r.status, code: r.ok ? (await r.json()).code : null }))
    .catch(() => ({ key, status: 0, code: null }));
}

test(`${ROUNDS} kills with SIGKILL during online submissions: nothing acknowledged is lost`, async () => {
  let srv = await startServer({ dir, setup });
  const documentId = (await (await fetch(`${srv.base}/api/v1/procedures/9.000201`)).json()).documents[0].id;
  const acknowledged = new Map();
  const lost = [];
  let kills = 0;
  let interrupted = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const keys = Array.from({ length: PER_ROUND }, (_, i) => `tron-${round}-${i}-abcdef`);
    const answers = [];
    const pending = keys.map((key, i) => submit(srv.base, key, documentId, i).then((a) => { answers.push(a); return a; }));
    // Kill once some answers are in and others are still on the wire.
    while (answers.length < PER_ROUND / 4) await new Promise((r) => setTimeout(r, 2));
    await srv.kill();
    kills++;
    for (const a of await Promise.all(pending)) {
      if (a.status === 201) acknowledged.set(a.key, a.code);
      else lost.push(a.key);
    }
    srv = await startServer({ dir, init: false });
    // Every acknowledged submission is there, complete.
    for (const [key, code] of acknowledged) {
      const row = sql(srv.db, `SELECT d.code, (SELECT count(*) FROM dossier_event e WHERE e.dossier_id = d.id), (SELECT count(*) FROM dossier_document x WHERE x.dossier_id = d.id AND x.file IS NOT NULL), (SELECT count(*) FROM audit_log a WHERE a.action = 'dossier.receive' AND a.object_id = CAST(d.id AS TEXT)), (SELECT file FROM dossier_document x WHERE x.dossier_id = d.id) FROM dossier d WHERE d.idempotency_key = '${key}'`);
      const [stored, events, files, audits, hash] = row.split('|');
      assert.equal(stored, code, `${key} acknowledged as ${code}`);
      assert.equal(events, '1');
      assert.equal(files, '1');
      assert.equal(audits, '1');
      const path = join(srv.data, 'files', hash.slice(0, 2), hash.slice(2, 4), hash);
      assert.ok(existsSync(path), `file of ${code}`);
      assert.equal(createHash('sha256').update(readFileSync(path)).digest('hex'), hash);
    }
    // No dossier is half-written: each has its event, its paper and its audit entry.
    assert.equal(sql(srv.db, `SELECT count(*) FROM dossier d WHERE NOT EXISTS (SELECT 1 FROM dossier_event e WHERE e.dossier_id = d.id) OR NOT EXISTS (SELECT 1 FROM dossier_document x WHERE x.dossier_id = d.id)`), '0');
    // The lost answers, retried with their keys: the same dossier if it was committed.
    const committedBefore = Number(sql(srv.db, 'SELECT count(*) FROM dossier'));
    interrupted += lost.length;
    for (const key of lost.splice(0)) {
      const wasThere = sql(srv.db, `SELECT code FROM dossier WHERE idempotency_key = '${key}'`);
      const retry = await submit(srv.base, key, documentId, 0);
      assert.ok(retry.status === 200 || retry.status === 201, `${key}: ${retry.status}`);
      if (wasThere) {
        assert.equal(retry.status, 200);
        assert.equal(retry.code, wasThere);
      }
      acknowledged.set(key, retry.code);
    }
    const distinct = Number(sql(srv.db, 'SELECT count(DISTINCT idempotency_key) FROM dossier'));
    assert.equal(Number(sql(srv.db, 'SELECT count(*) FROM dossier')), distinct, 'no submission made twice');
    assert.ok(distinct >= committedBefore);
  }
  assert.equal(acknowledged.size, ROUNDS * PER_ROUND);
  assert.match(execFileSync(bin, ['verify', '--db', srv.db], { encoding: 'utf8' }), /intact/);
  await srv.stop();
  console.log(`kills survived: ${kills}; submissions: ${acknowledged.size}; answers lost in a kill and retried: ${interrupted}`);
});
