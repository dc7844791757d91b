// On PostgreSQL several processes serve one database, and a client spread
// over them by nginx meets one rate limit, not one per process: the buckets
// are in the database. With 1 request/s and a burst of 5, three requests to
// each of two processes make six: one process's own buckets would pass them
// all; the shared one must refuse the sixth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, tempDir } from './server.mjs';
import { pgConninfo } from './db.mjs';

test('two processes on one database share the rate limit of a client', { skip: pgConninfo ? false : 'needs XASO_TEST_PG: one process serves a SQLite file' }, async () => {
  const dir = tempDir();
  const a = await startServer({ dir, args: ['--rate-limit', '1'] });
  const b = await startServer({ dir, init: false, args: ['--rate-limit', '1'] });
  try {
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      for (const srv of [a, b]) {
        const r = await fetch(`${srv.base}/api/v1/units`);
        await r.arrayBuffer();
        statuses.push(r.status);
      }
    }
    assert.deepEqual(statuses.slice(0, 5), [200, 200, 200, 200, 200]);
    assert.equal(statuses[5], 429, `the sixth request, to the second process: ${statuses}`);
  } finally {
    await b.stop();
    await a.stop();
    a.cleanup();
  }
});
