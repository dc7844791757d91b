// The helpers the other tests read and change the database with give the
// same answers on SQLite and on PostgreSQL (XASO_TEST_PG), on a table made by
// hand: numbers as numbers, text (Vietnamese too) as strings, NULL as null.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { tempDir } from './server.mjs';
import { dbIn, dbRows, dbValue, dbExec, dropDbsIn, isPgDb, pgConninfo } from './db.mjs';

test('dbExec, dbRows and dbValue on a table made by hand', () => {
  const dir = tempDir();
  try {
    const db = dbIn(dir);
    assert.equal(dbIn(dir), db, 'the same folder names the same database');
    assert.notEqual(dbIn(dir, 'other.db'), db);
    assert.equal(isPgDb(db), Boolean(pgConninfo));
    dbExec(db, `CREATE TABLE note (id BIGINT PRIMARY KEY, title TEXT NOT NULL, amount BIGINT);
      INSERT INTO note (id, title, amount) VALUES (1, 'Hồ sơ một cửa', 20000), (2, 'it''s', NULL);`);
    assert.deepEqual(dbRows(db, 'SELECT id, title, amount FROM note ORDER BY id'),
      [{ id: 1, title: 'Hồ sơ một cửa', amount: 20000 }, { id: 2, title: "it's", amount: null }]);
    assert.deepEqual(dbRows(db, 'SELECT id FROM note WHERE id > 5'), []);
    assert.equal(dbValue(db, 'SELECT count(*) FROM note'), 2);
    assert.equal(dbValue(db, "SELECT title || ' ' || CAST(id AS TEXT) AS t FROM note WHERE id = 1;"), 'Hồ sơ một cửa 1');
    assert.equal(dbValue(db, 'SELECT id FROM note WHERE id > 5'), undefined);
    assert.equal(dbValue(db, 'SELECT count(*) FROM (SELECT id FROM note EXCEPT SELECT id FROM note WHERE amount IS NULL) x'), 1);
    dbExec(db, "UPDATE note SET amount = 1 WHERE id = 2; DELETE FROM note WHERE id = 1");
    assert.deepEqual(dbRows(db, 'SELECT id, amount FROM note'), [{ id: 2, amount: 1 }]);
    assert.throws(() => dbValue(db, 'SELECT nothing FROM nowhere'));
  } finally {
    dropDbsIn(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});
