// The staff pages: sign-in, the second factor, my account, administration.
// Text only: nothing is ever inserted as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
let csrf = sessionStorage.getItem('csrf') || '';
let me = null;

const SECTIONS = ['sign-in', 'enrol', 'recovery', 'verify', 'home', 'admin'];
const ROLE_NAMES = { admin: 'Quản trị', leader: 'Lãnh đạo', specialist: 'Chuyên viên', reception: 'Một cửa', clerk: 'Văn thư' };

function show(id) {
  for (const s of SECTIONS) $(s).hidden = s !== id;
  const heading = $(id).querySelector('h2');
  if (heading) { heading.tabIndex = -1; heading.focus(); }
}

function say(text, ok = false) {
  $('message').textContent = text;
  $('message').className = ok ? 'ok' : '';
}

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = res.headers.get('content-type')?.startsWith('application/json') ? await res.json() : {};
  return { status: res.status, data };
}

function errorText(r) {
  return r.data?.error?.message || 'Có lỗi xảy ra; vui lòng thử lại.';
}

async function enterSecondFactor(kind) {
  if (kind === 'required') { show('verify'); return; }
  const r = await api('POST', '/api/v1/auth/two-factor/enrol', {});
  if (r.status !== 200) { say(errorText(r)); return; }
  $('enrol-qr').src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(r.data.qr_svg);
  $('enrol-secret').textContent = r.data.secret;
  show('enrol');
}

async function loadHome() {
  const r = await api('GET', '/api/v1/auth/me');
  if (r.status === 401) { $('who').textContent = 'Chưa đăng nhập'; show('sign-in'); return; }
  if (r.status === 403 && r.data.error?.code === 'second_factor_required') {
    show('verify');
    return;
  }
  if (r.status !== 200) { say(errorText(r)); return; }
  me = r.data;
  csrf = me.csrf_token;
  sessionStorage.setItem('csrf', csrf);
  $('who').textContent = me.full_name + ' — ' + me.unit.name;
  $('me-name').textContent = me.full_name;
  $('me-unit').textContent = me.unit.name + ' (' + me.unit.agency_code + ')';
  $('me-roles').textContent = me.roles.map((g) => ROLE_NAMES[g.role] || g.role).join(', ');
  $('admin-link').hidden = !me.roles.some((g) => g.role === 'admin');
  await listSessions();
  if (location.hash === '#admin') await openAdmin(); else show('home');
}

const localTime = (iso) => new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });

async function listSessions() {
  const r = await api('GET', '/api/v1/auth/sessions');
  if (r.status !== 200) return;
  $('sessions').replaceChildren(...r.data.items.map((s) => {
    const li = document.createElement('li');
    li.textContent = `Đăng nhập ${localTime(s.created_at)}, hoạt động gần nhất ${localTime(s.last_seen_at)}${s.current ? ' (phiên này)' : ''}`;
    return li;
  }));
}

async function openAdmin() {
  const r = await api('GET', '/api/v1/accounts');
  if (r.status !== 200) {
    say(r.status === 403 ? 'Bạn không có quyền vào trang quản trị.' : errorText(r));
    show('home');
    return;
  }
  const list = $('accounts');
  list.replaceChildren();
  for (const a of r.data.items) {
    const li = document.createElement('li');
    const active = a.status === 'active';
    li.append(`${a.username} — ${a.full_name} — ${a.unit.name} — ${(a.roles || '').split(',').map((x) => ROLE_NAMES[x] || x).join(', ')} — ${active ? 'hoạt động' : 'đã khóa'} `);
    if (a.username !== me.username) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = active ? `Khóa ${a.username}` : `Mở khóa ${a.username}`;
      b.addEventListener('click', async () => {
        const s = await api('POST', `/api/v1/accounts/${encodeURIComponent(a.username)}/status`, { status: active ? 'locked' : 'active' });
        if (s.status !== 200) { say(errorText(s)); return; }
        say(active ? `Đã khóa tài khoản ${a.username}.` : `Đã mở khóa tài khoản ${a.username}.`, true);
        await openAdmin();
      });
      li.append(b);
    }
    list.append(li);
  }
  const units = await api('GET', '/api/v1/units');
  $('units').replaceChildren(...(units.data.items || []).map((u) => {
    const li = document.createElement('li');
    li.textContent = `${u.agency_code} — ${u.name}`;
    return li;
  }));
  show('admin');
}

$('sign-in-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = await api('POST', '/api/v1/auth/sign-in', { username: $('username').value.trim(), password: $('password').value });
  $('password').value = '';
  if (r.status !== 200) { say(errorText(r)); return; }
  say('');
  csrf = r.data.csrf_token;
  sessionStorage.setItem('csrf', csrf);
  if (r.data.second_factor === 'none') await loadHome(); else await enterSecondFactor(r.data.second_factor);
});

$('enrol-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = await api('POST', '/api/v1/auth/two-factor/confirm', { code: $('enrol-code').value.trim() });
  if (r.status !== 200) { say(errorText(r)); return; }
  say('Đã bật xác thực hai lớp.', true);
  const list = $('recovery-codes');
  list.replaceChildren(...r.data.recovery_codes.map((c) => { const li = document.createElement('li'); li.textContent = c; return li; }));
  show('recovery');
});

$('recovery-done').addEventListener('click', () => { say(''); loadHome(); });

$('verify-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const code = $('verify-code').value.trim();
  const recovery = $('verify-recovery').value.trim();
  const r = await api('POST', '/api/v1/auth/two-factor/verify', code ? { code } : { recovery_code: recovery });
  $('verify-code').value = '';
  $('verify-recovery').value = '';
  if (r.status !== 200) { say(errorText(r)); return; }
  say('');
  await loadHome();
});

async function signOut(everywhere) {
  await api('POST', everywhere ? '/api/v1/auth/sign-out-everywhere' : '/api/v1/auth/sign-out');
  csrf = '';
  sessionStorage.removeItem('csrf');
  me = null;
  $('who').textContent = 'Chưa đăng nhập';
  say('Đã đăng xuất.', true);
  show('sign-in');
}
$('sign-out').addEventListener('click', () => signOut(false));
$('sign-out-everywhere').addEventListener('click', () => signOut(true));

$('password-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = await api('POST', '/api/v1/auth/password', { current_password: $('pw-current').value, new_password: $('pw-new').value });
  e.target.reset();
  if (r.status !== 200) { say(errorText(r)); return; }
  say('Đã đổi mật khẩu. Các phiên đăng nhập khác đã được đóng.', true);
  await listSessions();
});

$('unit-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = { agency_code: $('unit-code').value.trim(), kind: $('unit-kind').value, name: $('unit-name').value.trim() };
  if ($('unit-parent').value.trim()) body.parent_code = $('unit-parent').value.trim();
  const r = await api('POST', '/api/v1/units', body);
  if (r.status !== 201) { say(errorText(r)); return; }
  say(`Đã thêm đơn vị ${body.name}.`, true);
  e.target.reset();
  await openAdmin();
});

$('account-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = await api('POST', '/api/v1/accounts', {
    username: $('acc-username').value.trim(), full_name: $('acc-name').value.trim(), unit: $('acc-unit').value.trim(),
    role: $('acc-role').value, password: $('acc-password').value,
  });
  $('acc-password').value = '';
  if (r.status !== 201) { say(errorText(r)); return; }
  say(`Đã thêm tài khoản ${r.data.username}.`, true);
  e.target.reset();
  await openAdmin();
});

window.addEventListener('hashchange', () => { if (me) { if (location.hash === '#admin') openAdmin(); else show('home'); } });

loadHome();
