// The tests' databases, and SQL run on them behind the server's back.
//
// A test names its database with dbIn(dir): a SQLite file in its folder, or,
// when XASO_TEST_PG holds a libpq conninfo (`host=DIR port=PORT user=postgres`,
// as scripts/pg-cluster prints), a fresh PostgreSQL database xaso_t_<hex> on
// that cluster, made at the first call and named to the server and the CLI as
// postgresql:///xaso_t_<hex>?host=DIR&port=PORT&user=postgres. It is dropped
// by dropDbsIn(dir) (startServer's cleanup() calls it) or, for those left,
// when the test process exits.
//
// dbRows, dbValue and dbExec take that same string and run SQL with the
// sqlite3 or psql command-line client. Write SQL that both accept: CAST(x AS
// TEXT), ||, coalesce, count(*), a subquery in FROM with an alias; no
// SQLite-only functions (quote, group_concat, json_extract, printf), no
// yes/no values used as numbers, and ORDER BY whenever the order matters.
// Values come back as JSON gives them: integers (count(*) too) as numbers,
// text as strings, NULL as null; a PostgreSQL boolean is true/false where
// SQLite has 1/0, so compare such a column with a CASE that yields 1 or 0.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve, sep } from 'node:path';

// The cluster's conninfo, or '' for SQLite.
export const pgConninfo = process.env.XASO_TEST_PG ?? '';

// Options for test() of a test that is about the SQLite file itself.
export function sqliteOnly(why) {
  return { skip: pgConninfo ? `SQLite file only: ${why}` : false };
}

export function isPgDb(db) {
  return /^postgres(ql)?:\/\//.test(db);
}

const made = new Map(); // folder/name → { name, url }, PostgreSQL only

// The --db of the database called `name` that belongs to the folder `dir`:
// the same string every time for the same folder and name, so a server
// restarted on its folder finds its data again.
export function dbIn(dir, name = 'x.db') {
  const path = join(resolve(dir), name);
  if (!pgConninfo) return path;
  let db = made.get(path);
  if (!db) {
    const pgName = `xaso_t_${randomBytes(8).toString('hex')}`;
    psqlAdmin([`CREATE DATABASE ${pgName}`]);
    db = { name: pgName, url: pgUrl(pgName) };
    made.set(path, db);
  }
  return db.url;
}

// Drops the PostgreSQL databases made for the folder (and those under it).
export function dropDbsIn(dir) {
  const root = resolve(dir);
  const names = [];
  for (const [path, db] of made) {
    if (path.startsWith(root + sep)) { names.push(db.name); made.delete(path); }
  }
  dropDbs(names);
}

process.on('exit', () => {
  try { dropDbs([...made.values()].map((db) => db.name)); } catch { /* the cluster is thrown away as a whole anyway */ }
});

function dropDbs(names) {
  // WITH (FORCE): a server the test killed may leave a backend a moment longer.
  if (names.length) psqlAdmin(names.map((n) => `DROP DATABASE IF EXISTS ${n} WITH (FORCE)`));
}

// Every row as an object of column name → value; [] for none.
export function dbRows(db, sql) {
  const query = sql.trim().replace(/;\s*$/, '');
  if (isPgDb(db)) {
    return JSON.parse(psql(['-d', db, '-A', '-t', '-c', `SELECT coalesce(json_agg(xaso_q.*), '[]') FROM (${query}) xaso_q`]));
  }
  const out = run('sqlite3', ['-json', '-cmd', '.timeout 5000', db, query]);
  return out.trim() ? JSON.parse(out) : []; // sqlite3 -json prints nothing for no rows
}

// The first column of the first row; undefined when there is no row.
export function dbValue(db, sql) {
  const [row] = dbRows(db, sql);
  return row === undefined ? undefined : Object.values(row)[0];
}

// Runs statements (several may be given, separated by ';') for their effect.
export function dbExec(db, sql) {
  if (isPgDb(db)) psql(['-d', db, '-c', sql]);
  else run('sqlite3', ['-bail', '-cmd', '.timeout 5000', db, sql]);
}

function run(cmd, args) {
  return execFileSync(cmd, args, {
    encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PGCLIENTENCODING: 'UTF8' },
  });
}

function psql(args) {
  return run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args]);
}

// Each statement on its own (CREATE and DROP DATABASE refuse a transaction).
function psqlAdmin(statements) {
  psql(['-d', `${pgConninfo} dbname=postgres`, ...statements.flatMap((s) => ['-c', s])]);
}

// The conninfo's keywords (host, port, user, ...) as the query of a URL.
function pgUrl(name) {
  const params = [];
  for (const m of pgConninfo.matchAll(/(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/g)) {
    if (m[1] === 'dbname') continue;
    const value = m[2].startsWith("'") ? m[2].slice(1, -1).replace(/\\(.)/g, '$1') : m[2];
    params.push(`${m[1]}=${encodeURIComponent(value).replace(/%2F/gi, '/')}`);
  }
  return `postgresql:///${name}${params.length ? '?' + params.join('&') : ''}`;
}
