// Setting up units and accounts from the command line, each change audited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { bin, tempDir, xaso } from './server.mjs';
import { dbIn, dbRows, dbValue, dropDbsIn } from './db.mjs';

function xasoIn(args, input) {
  return spawnSync(bin, args, { input, encoding: 'utf8' });
}

test('units and accounts are added, refused with reasons, locked, and audited', () => {
  const dir = tempDir();
  const db = ['--db', dbIn(dir), '--data-dir', join(dir, 'data')];
  xaso(['init', ...db]);
  xaso(['unit', 'add', ...db, '--code', '000.06.01.H42', '--kind', 'village', '--name', 'Thôn Đông', '--parent', '000.00.01.H42']);
  assert.match(xaso(['unit', 'list', ...db]), /000\.06\.01\.H42\tvillage\tThôn Đông\t000\.00\.01\.H42/);

  const refusals = [
    [['unit', 'add', ...db, '--code', '000.06.01.H42', '--kind', 'village', '--name', 'Thôn Tây'], null, /duplicate/],
    [['unit', 'add', ...db, '--code', '6.1.H42', '--kind', 'village', '--name', 'Thôn Tây'], null, /VVV\.ZZ\.YY\.Xnn/],
    [['unit', 'add', ...db, '--code', '000.07.01.H42', '--kind', 'xóm', '--name', 'Xóm'], null, /kind/],
    [['unit', 'add', ...db, '--code', '000.07.01.H42', '--kind', 'village', '--name', 'X', '--parent', '000.00.99.H42'], null, /cấp trên/],
    [['user', 'add', 'lanhdao', ...db, '--name', 'Lê Văn Minh', '--unit', '000.00.01.H42', '--role', 'leader'], 'ngắn\n', /10 ký tự/],
    [['user', 'add', 'lanhdao', ...db, '--name', 'Lê Văn Minh', '--unit', '000.00.01.H42', '--role', 'leader'], 'LanhDao-123456\n', /tên đăng nhập/],
    [['user', 'add', 'lanhdao', ...db, '--name', 'Lê Văn Minh', '--unit', '000.00.01.H42', '--role', 'boss'], 'Mây trắng bay 2026\n', /role/],
    [['user', 'add', 'lanhdao', ...db, '--name', 'Lê Văn Minh', '--unit', '000.99.01.H42', '--role', 'leader'], 'Mây trắng bay 2026\n', /đơn vị/],
    [['user', 'add', 'Lãnh Đạo', ...db, '--name', 'Lê Văn Minh', '--unit', '000.00.01.H42', '--role', 'leader'], 'Mây trắng bay 2026\n', /username/],
  ];
  for (const [args, input, why] of refusals) {
    const r = xasoIn(args, input ?? '');
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, why);
  }
  assert.equal(xaso(['user', 'list', ...db]), '');

  assert.equal(xasoIn(['user', 'add', 'lanhdao', ...db, '--name', 'Lê Văn Minh', '--unit', '000.00.01.H42', '--role', 'leader'], 'Mây trắng bay 2026\n').status, 0);
  assert.equal(xasoIn(['user', 'add', 'lanhdao', ...db, '--name', 'Khác', '--unit', '000.00.01.H42', '--role', 'leader'], 'Mây trắng bay 2026\n').status, 1);
  xaso(['user', 'lock', 'lanhdao', ...db]);
  assert.match(xaso(['user', 'list', ...db]), /^lanhdao\tLê Văn Minh\tlocked\t000\.00\.01\.H42\tleader$/m);
  xaso(['user', 'unlock', 'lanhdao', ...db]);
  assert.equal(xasoIn(['user', 'passwd', 'lanhdao', ...db], 'Sông xanh nước biếc\n').status, 0);
  assert.equal(xasoIn(['user', 'passwd', 'nobody', ...db], 'Sông xanh nước biếc\n').status, 1);

  // Six demo units + village + account + lock + unlock + password = 11.
  assert.match(xaso(['verify', ...db]), /intact: 11 entries/);
  const hash = dbValue(dbIn(dir), "SELECT password_hash FROM account WHERE username='lanhdao'");
  assert.match(hash, /^\$argon2id\$/);
  const audit = dbRows(dbIn(dir), 'SELECT summary FROM audit_log').map((r) => r.summary).join('\n');
  assert.doesNotMatch(audit, /Sông|Mây|argon/, 'no password or hash in the audit log');
});

test('init --demo-logins makes one account per role with passwords printed once', () => {
  const dir = tempDir();
  const db = ['--db', dbIn(dir), '--data-dir', join(dir, 'data')];
  const out = xaso(['init', '--demo-logins', ...db]);
  const logins = [...out.matchAll(/^ {2}(\w+) +(\w+) +([A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6})$/gm)];
  assert.deepEqual(logins.map((m) => m[1]).sort(), ['admin', 'clerk', 'leader', 'reception', 'specialist']);
  assert.equal(new Set(logins.map((m) => m[3])).size, 5, 'every password differs');
  assert.equal(xaso(['user', 'list', ...db]).trim().split('\n').length, 5);
  const again = xaso(['init', '--demo-logins', ...db]);
  assert.match(again, /already initialised/);
  assert.doesNotMatch(again, /[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}/, 'passwords are never printed twice');
});

test('init --empty makes a database without the demo commune, for a province to add its own units', () => {
  const dir = tempDir();
  try {
    const db = dbIn(dir);
    const at = ['--db', db, '--data-dir', join(dir, 'data')];
    assert.match(xaso(['init', '--empty', ...at]), /no units yet/);
    assert.equal(dbValue(db, 'SELECT count(*) FROM unit'), 0);
    xaso(['unit', 'add', '--code', '000.00.00.H42', '--kind', 'province', '--name', 'Ủy ban nhân dân tỉnh Hà Tĩnh', ...at]);
    xaso(['unit', 'add', '--code', '000.00.01.H42', '--kind', 'commune', '--name', 'Ủy ban nhân dân xã Thượng Đức',
      '--parent', '000.00.00.H42', ...at]);
    assert.match(xaso(['unit', 'list', ...at]), /000\.00\.01\.H42\tcommune\tỦy ban nhân dân xã Thượng Đức\t000\.00\.00\.H42/);
    // One official for the province and a commune: a further role, audited; twice is refused.
    execFileSync(bin, ['user', 'add', 'tinh-quantri', '--name', 'Quản trị tỉnh', '--unit', '000.00.00.H42', '--role', 'admin', ...at],
      { input: 'Mây trắng bay 2026\n', encoding: 'utf8' });
    assert.match(xaso(['user', 'grant', 'tinh-quantri', '--unit', '000.00.01.H42', '--role', 'leader', ...at]), /role granted/);
    assert.match(xaso(['user', 'list', ...at]), /tinh-quantri\t.*admin,leader|tinh-quantri\t.*leader,admin/);
    const again = spawnSync(bin, ['user', 'grant', 'tinh-quantri', '--unit', '000.00.01.H42', '--role', 'leader', ...at], { encoding: 'utf8' });
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /đã có vai trò này/);
    const nobody = spawnSync(bin, ['user', 'grant', 'ai-do', '--unit', '000.00.01.H42', '--role', 'leader', ...at], { encoding: 'utf8' });
    assert.match(nobody.stderr, /Không có tài khoản này/);
    assert.match(dbValue(db, "SELECT summary FROM audit_log WHERE action = 'account.grant'"), /"role":"leader"/);
    // A plan imported from the command line belongs to the unit named.
    writeFileSync(join(dir, 'nv.csv'), 'TT,Nhiệm vụ chính,Mục tiêu/chỉ tiêu/kết quả đạt được,Thời gian triển khai/hoàn thành,Đơn vị chủ trì,Đơn vị phối hợp,Kinh phí (triệu đồng),Nguồn ngân sách\n'
      + '1,Số hóa hồ sơ lưu trữ,Toàn bộ hồ sơ năm 2025,Quý II/2026,Tổ công tác số,,10,Ngân sách xã\n');
    writeFileSync(join(dir, 'dv.json'), JSON.stringify({ 'Tổ công tác số': ['external'] }));
    const plan = ['import', 'plan', join(dir, 'nv.csv'), '--units', join(dir, 'dv.json'), ...at];
    assert.match(xaso([...plan, '--unit', '000.00.01.H42']), /Đã nhập kế hoạch 1/);
    assert.deepEqual(dbRows(db, 'SELECT u.agency_code FROM plan p JOIN unit u ON u.id = p.unit_id'), [{ agency_code: '000.00.01.H42' }]);
    const nowhere = spawnSync(bin, [...plan, '--unit', '000.00.99.H42'], { encoding: 'utf8' });
    assert.equal(nowhere.status, 2);
    assert.match(nowhere.stderr, /no such unit/);
    const both = spawnSync(bin, ['init', '--empty', '--demo-logins', ...at], { encoding: 'utf8' });
    assert.equal(both.status, 2);
    assert.match(both.stderr, /exclude each other/);
  } finally { dropDbsIn(dir); execFileSync('rm', ['-rf', dir]); }
});
