// Starts `xaso serve` on a free port with a temporary database, for API tests.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
export const bin = resolve(root, process.env.XASO_BIN ?? 'build/xaso');
export const webDir = join(root, 'web');

export function tempDir() {
  return mkdtempSync(join(tmpdir(), 'xaso-api-'));
}

export function xaso(args, opts = {}) {
  return execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

export async function startServer({ dir = tempDir(), args = [], init = true, setup } = {}) {
  const db = join(dir, 'x.db');
  const data = join(dir, 'data');
  if (init) xaso(['init', '--db', db, '--data-dir', data]);
  if (setup) setup({ db, data });
  const child = spawn(bin, ['serve', '--db', db, '--data-dir', data, '--listen', '127.0.0.1:0',
    '--web-dir', webDir, '--diagnostics', '--rate-limit', '0', ...args],
  { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const exited = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
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
      return exited;
    },
    cleanup() { rmSync(dir, { recursive: true, force: true }); },
  };
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
