// A commune that started on SQLite moves into PostgreSQL with
// `xaso migrate-store`: every row arrives, ids and codes kept, the audit chain
// still verifies, new dossiers continue the sequences, and a target that
// already holds a commune is refused and left as it was. Runs where the
// suite runs on PostgreSQL (XASO_TEST_PG); the source is always a SQLite file.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, tempDir, bin } from './server.mjs';
import { dbIn, dbRows, dbValue, pgConninfo } from './db.mjs';

const dir = tempDir();
after(() => execFileSync('rm', ['-rf', dir]));

const procedure = {
  code: '9.000301', name: 'Thủ tục thử chuyển kho', field: 'Thử nghiệm', time: { unit: 'working_days', amount: 3 },
  competent_unit: '000.00.01.H42', documents: [{ name: 'Tờ khai', kind: 'submit' }], workflow: { template: 'same_day' },
};

function submit(base, documentId, n) {
  const form = new FormData();
  form.append('data', JSON.stringify({
    procedure: '9.000301', competent_unit: '000.00.01.H42',
    applicant: { cccd: '042190001234', full_name: `Người nộp ${n}`, phone: '0912345678' },
  }));
  form.append(`file:${documentId}`, new Blob([Buffer.from(`%PDF-1.4\nhồ sơ ${n}\n`)], { type: 'application/pdf' }), `${n}.pdf`);
  return fetch(`${base}/api/v1/public/dossiers`, { method: 'POST', body: form });
}

// Row counts of the tables that hold a commune's data, on either store.
const tables = ['unit', 'account', 'procedure', 'procedure_document', 'dossier', 'dossier_event',
  'dossier_document', 'dossier_fact', 'dossier_sequence', 'citizen', 'workflow', 'notification_template', 'audit_log'];
function counts(db) {
  return Object.fromEntries(tables.map((t) => [t, Number(dbValue(db, `SELECT count(*) AS n FROM ${t}`))]));
}

test('migrate-store copies a SQLite commune into PostgreSQL, all or nothing', { skip: pgConninfo ? false : 'needs XASO_TEST_PG' }, async () => {
  const source = join(dir, 'commune.db');
  writeFileSync(join(dir, 'p.json'), JSON.stringify([procedure]));
  let srv = await startServer({
    dir, db: source,
    setup: ({ db }) => execFileSync(bin, ['import', 'procedures', join(dir, 'p.json'), '--db', db]),
  });
  const documentId = (await (await fetch(`${srv.base}/api/v1/procedures/9.000301`)).json()).documents[0].id;
  const codes = [];
  for (let n = 0; n < 5; n++) {
    const r = await submit(srv.base, documentId, n);
    assert.equal(r.status, 201);
    codes.push((await r.json()).code);
  }
  await srv.stop();
  const before = counts(source);
  assert.equal(before.dossier, 5);

  const target = dbIn(dir, 'province');
  const out = execFileSync(bin, ['migrate-store', '--from', source, '--to', target], { encoding: 'utf8' });
  assert.match(out, /dossier\s+5/);
  assert.deepEqual(counts(target), before);
  assert.deepEqual(dbRows(target, 'SELECT id, code FROM dossier ORDER BY id'), dbRows(source, 'SELECT id, code FROM dossier ORDER BY id'));
  assert.match(execFileSync(bin, ['verify', '--db', target], { encoding: 'utf8' }), /intact/);

  // The copy serves: the dossiers are found by their codes, and the next
  // dossier continues after the copied ones.
  srv = await startServer({ dir, db: target, init: false });
  const found = await fetch(`${srv.base}/api/v1/public/dossiers/${codes[2]}`);
  assert.equal(found.status, 200);
  const next = await submit(srv.base, documentId, 5);
  assert.equal(next.status, 201);
  const nextCode = (await next.json()).code;
  assert.ok(!codes.includes(nextCode), `${nextCode} is new`);
  assert.equal(Number(dbValue(target, 'SELECT max(id) FROM dossier')), Number(dbValue(source, 'SELECT max(id) FROM dossier')) + 1);
  await srv.stop();

  // Again into the same database: refused, and nothing changed there.
  const afterServe = counts(target);
  const again = spawnSync(bin, ['migrate-store', '--from', source, '--to', target], { encoding: 'utf8' });
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already holds a commune/);
  assert.deepEqual(counts(target), afterServe);
  assert.match(execFileSync(bin, ['verify', '--db', target], { encoding: 'utf8' }), /intact/);
});

test('migrate-store refuses what it cannot copy, with a clear reason', async () => {
  const none = spawnSync(bin, ['migrate-store', '--from', join(dir, 'absent.db'), '--to', 'postgresql:///x'], { encoding: 'utf8' });
  assert.equal(none.status, 1);
  assert.match(none.stderr, /không đọc được/);
  const notPg = spawnSync(bin, ['migrate-store', '--from', join(dir, 'a.db'), '--to', join(dir, 'b.db')], { encoding: 'utf8' });
  assert.equal(notPg.status, 2);
  assert.match(notPg.stderr, /postgresql:\/\//);
  const missing = spawnSync(bin, ['migrate-store'], { encoding: 'utf8' });
  assert.equal(missing.status, 2);
});
