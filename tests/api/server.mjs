// Starts `xaso serve` on a free port with a temporary database, for API tests.
// The database is a SQLite file in the test's folder, or a PostgreSQL one
// when XASO_TEST_PG is set (db.mjs).
import { after } from 'node:test';
import { spawn, execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dbIn, dbValue, dropDbsIn, isPgDb } from './db.mjs';

const root = resolve(import.meta.dirname, '../..');
export const bin = resolve(root, process.env.XASO_BIN ?? 'build/xaso');
export const webDir = join(root, 'web');

export function tempDir() {
  return mkdtempSync(join(tmpdir(), 'xaso-api-'));
}

export function xaso(args, opts = {}) {
  return execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

// Servers still running when a test file's tests are over — a test that
// failed before it stopped its own — are killed, or the file's process would
// wait for them and the run would never end.
const running = new Set();
after(() => { for (const child of running) child.kill('SIGKILL'); });

export async function startServer({ dir = tempDir(), args = [], init = true, setup, env = {}, db = dbIn(dir) } = {}) {
  const data = join(dir, 'data');
  if (init) xaso(['init', '--db', db, '--data-dir', data]);
  if (setup) setup({ db, data });
  const child = spawn(bin, ['serve', '--db', db, '--data-dir', data, '--listen', '127.0.0.1:0',
    '--web-dir', webDir, '--diagnostics', '--rate-limit', '0', ...args],
  { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  running.add(child);
  let log = '';
  const exited = new Promise((res) => child.on('exit', (code, signal) => { running.delete(child); res({ code, signal }); }));
  const base = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start:\n${log}`)), 10000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const m = log.match(/"event":"listening","msg":"(http:\/\/[^"]+)"/);
      if (m) { clearTimeout(timer); res(m[1]); }
    });
    exited.then(({ code }) => { clearTimeout(timer); rej(new Error(`server exited ${code}:\n${log}`)); });
  });
  return {
    base, dir, db, data, exited,
    get log() { return log; },
    async stop() {
      child.kill('SIGTERM');
      const end = await exited;
      assertFactsKept(db);
      return end;
    },
    // Ends the server the hard way, as a power cut would.
    async kill() {
      child.kill('SIGKILL');
      return exited;
    },
    cleanup() { dropDbsIn(dir); rmSync(dir, { recursive: true, force: true }); },
  };
}

// The kept facts (table dossier_fact) must equal their definition (view
// dossier_fact_source) after whatever a test did: checked at every stop, so
// each API test also proves the triggers keep up.
export function assertFactsKept(db) {
  // Nothing to check where a test never made the schema.
  if (isPgDb(db) ? !dbValue(db, "SELECT to_regclass('schema_migrations') IS NOT NULL") : !existsSync(db)) return;
  const base = 'id, code, received_at, competent_unit_id, channel, due_at, finished_at, ended_at, supplements,'
    + ' paused_since, apologized, e_result, digitized, reused, rated, satisfied, fee_paid, paid_online, any_location';
  const q = `SELECT (SELECT count(*) FROM (SELECT ${base} FROM dossier_fact EXCEPT SELECT * FROM dossier_fact_source) AS kept)`
    + ` + (SELECT count(*) FROM (SELECT * FROM dossier_fact_source EXCEPT SELECT ${base} FROM dossier_fact) AS source) AS differ`;
  const differ = dbValue(db, q);
  if (differ !== 0) throw new Error(`dossier_fact differs from dossier_fact_source in ${differ} rows (${db})`);
}

export async function json(res) {
  const body = await res.json();
  return { status: res.status, body, headers: res.headers };
}

export function postJson(base, path, body, headers = {}) {
  return fetch(base + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
}

export function expectError(t, { status, body }, wantStatus, wantCode) {
  t.assert.equal(status, wantStatus);
  t.assert.equal(body.error.code, wantCode);
  t.assert.ok(body.error.message.length > 0, 'a message is given');
}

// Adds an account through the CLI (the password on standard input).
export function addUser({ db, data }, username, role, unit = '000.00.01.H42', password = 'Mây trắng bay 2026') {
  execFileSync(bin, ['user', 'add', username, '--db', db, '--data-dir', data, '--name', `Cán bộ ${username}`,
    '--unit', unit, '--role', role], { input: password + '\n', encoding: 'utf8' });
}

// RFC 6238 TOTP (SHA-1, 30 s, 6 digits) from a base32 secret, as an authenticator app computes it.
export function totp(secretB32, unixSeconds = Date.now() / 1000) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secretB32.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = createHmac('sha1', key).update(msg).digest();
  const o = mac[19] & 15;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1e6).padStart(6, '0');
}

// Signs in and passes the second factor when one is due (enrolling if needed).
// Returns { cookie, csrf, secret, recoveryCodes }.
export async function signInFully(base, username, password = 'Mây trắng bay 2026', secret = null) {
  const res = await postJson(base, '/api/v1/auth/sign-in', { username, password });
  if (res.status !== 200) throw new Error(`sign-in ${username}: ${res.status}`);
  const body = await res.json();
  const s = { cookie: res.headers.get('set-cookie').split(';')[0], csrf: body.csrf_token, secret };
  const headers = { Cookie: s.cookie, 'X-CSRF-Token': s.csrf };
  if (body.second_factor === 'enrol') {
    const e = await (await postJson(base, '/api/v1/auth/two-factor/enrol', {}, headers)).json();
    s.secret = e.secret;
    const c = await postJson(base, '/api/v1/auth/two-factor/confirm', { code: totp(e.secret) }, headers);
    if (c.status !== 200) throw new Error(`confirm ${username}: ${c.status}`);
    s.recoveryCodes = (await c.json()).recovery_codes;
  } else if (body.second_factor === 'required') {
    const v = await postJson(base, '/api/v1/auth/two-factor/verify', { code: totp(s.secret, Date.now() / 1000 + 30) }, headers);
    if (v.status !== 200) throw new Error(`verify ${username}: ${v.status}`);
  }
  return s;
}
