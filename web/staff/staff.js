// The staff pages: sign-in, the second factor, my account, administration,
// the working calendar.
// Text only: nothing is ever inserted as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
let csrf = sessionStorage.getItem('csrf') || '';
let me = null;

const SECTIONS = ['sign-in', 'enrol', 'recovery', 'verify', 'home', 'admin', 'calendar', 'catalog', 'procedure', 'intake', 'queue', 'register', 'notifications', 'audit', 'plans', 'plan', 'task', 'indicator', 'index', 'dossier',
  'documents-in', 'document-in-new', 'document-in', 'documents-out', 'document-out-new', 'document-out', 'document-registers', 'work-records', 'work-record'];
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
  $('catalog-link').hidden = $('admin-link').hidden;
  $('intake-link').hidden = !me.roles.some((g) => g.role === 'reception');
  $('queue-link').hidden = !me.roles.some((g) => ['reception', 'specialist', 'leader', 'clerk'].includes(g.role));
  $('register-link').hidden = !me.roles.some((g) => ['reception', 'leader', 'admin'].includes(g.role));
  $('index-link').hidden = !me.roles.some((g) => ['admin', 'leader', 'specialist', 'reception'].includes(g.role));
  $('notifications-link').hidden = !me.roles.some((g) => ['leader', 'admin'].includes(g.role));
  $('audit-link').hidden = !me.roles.some((g) => ['leader', 'admin'].includes(g.role));
  if (me.roles.some((g) => g.role === 'leader')) await loadDocumentFigures(); // docstats.js
  // Documents (NĐ 30/2020): document.read, document.records; the registers for the clerk and leaders.
  $('docs-in-link').hidden = !me.roles.some((g) => ['admin', 'leader', 'specialist', 'clerk'].includes(g.role));
  $('docs-out-link').hidden = $('docs-in-link').hidden;
  $('doc-registers-link').hidden = !me.roles.some((g) => ['admin', 'leader', 'clerk'].includes(g.role));
  $('work-records-link').hidden = !me.roles.some((g) => ['leader', 'specialist', 'clerk'].includes(g.role));
  await listSessions();
  await openHash();
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

// Drops another account's authenticator and ends its sessions: it enrols again at the next sign-in.
function resetTwoFactorButton(username) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = `Đặt lại xác thực hai lớp của ${username}`;
  b.addEventListener('click', async () => {
    if (!window.confirm(`Đặt lại xác thực hai lớp của ${username}? Mọi phiên đăng nhập của tài khoản này sẽ đóng và người dùng phải đăng ký lại ứng dụng xác thực.`)) return;
    const r = await api('POST', `/api/v1/accounts/${encodeURIComponent(username)}/two-factor/reset`);
    if (r.status !== 200) { say(errorText(r)); return; }
    say(`Đã đặt lại xác thực hai lớp của ${username}; các phiên đăng nhập của tài khoản này đã đóng. Lần đăng nhập tới, người dùng sẽ đăng ký lại ứng dụng xác thực.`, true);
    await openAdmin();
  });
  return b;
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
      if (a.two_factor) li.append(' ', resetTwoFactorButton(a.username));
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

// --- the working calendar -------------------------------------------------

const isAdmin = () => me?.roles.some((g) => g.role === 'admin');
const vnDate = (iso) => iso.split('-').reverse().join('/');
const unitQuery = (code) => (code ? `unit=${encodeURIComponent(code)}` : '');

const DAY_COLUMNS = ['Ngày', 'Thứ', 'Âm lịch', 'Loại', 'Dịp', 'Nguồn'];

function cell(text, column) {
  const td = document.createElement('td');
  td.textContent = text;
  td.dataset.label = DAY_COLUMNS[column];
  return td;
}

function dayRow(d) {
  const tr = document.createElement('tr');
  if (d.working) tr.className = 'work';
  if (d.source === 'decision') tr.classList.add('decision');
  const source = d.source === 'decision' ? `Quyết định: ${d.reference}` : 'Mặc định theo Bộ luật Lao động 2019';
  const reason = d.source === 'decision' ? d.occasion_title : d.label;
  tr.append(...[vnDate(d.date), d.weekday, d.lunar, d.kind_title, reason, source].map(cell));
  return tr;
}

function decisionItem(d, year) {
  const li = document.createElement('li');
  const scope = d.unit ? `${d.unit_name} (${d.unit})` : 'toàn hệ thống';
  const worked = d.days_worked.length ? `; làm bù ${d.days_worked.map(vnDate).join(', ')}` : '';
  li.append(`${d.occasion_title} — ${scope} — nghỉ ${d.days_off.map(vnDate).join(', ')}${worked} — ${d.reference}`);
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = `Xóa quyết định ${d.occasion_title}`;
  b.addEventListener('click', async () => {
    const r = await api('DELETE', `/api/v1/calendar/decisions/${d.id}`);
    if (r.status !== 200) { say(errorText(r)); return; }
    say(`Đã xóa quyết định ${d.occasion_title}; dịp này trở về mặc định theo luật.`, true);
    await openCalendar(year);
  });
  li.append(b);
  return li;
}

async function openCalendar(year) {
  const y = year || Number($('cal-year').value) || Number(new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).slice(0, 4));
  $('cal-year').value = y;
  const query = unitQuery($('cal-unit').value.trim());
  const r = await api('GET', `/api/v1/calendar/${y}${query ? '?' + query : ''}`);
  show('calendar');
  if (r.status !== 200) { say(errorText(r)); return; }
  const h = r.data.office_hours;
  $('cal-summary').textContent = `Năm ${y}: ${r.data.working_days} ngày làm việc. Giờ làm việc ${h.morning_open}–${h.morning_close} và ${h.afternoon_open}–${h.afternoon_close}; hồ sơ nhận sau ${h.cutoff} được tính từ ngày làm việc tiếp theo.`;
  $('cal-days').tBodies[0].replaceChildren(...r.data.days.map(dayRow));
  $('cal-admin').hidden = !isAdmin();
  $('cal-decisions').replaceChildren(...r.data.decisions.map((d) => decisionItem(d, y)));
  if (!r.data.decisions.length) {
    const li = document.createElement('li');
    li.textContent = 'Chưa có quyết định nào cho năm này: các ngày nghỉ theo mặc định của Bộ luật Lao động.';
    $('cal-decisions').append(li);
  }
}

$('cal-view-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  say('');
  await openCalendar(Number($('cal-year').value));
});

$('deadline-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const unit = $('dl-unit').value;
  const params = new URLSearchParams({ from: `${$('dl-from').value}:00+07:00` });
  params.set(unit, unit === 'same_day' ? '1' : $('dl-amount').value);
  const code = $('cal-unit').value.trim();
  if (code) params.set('unit', code);
  const r = await api('GET', `/api/v1/calendar/deadline?${params}`);
  if (r.status !== 200) { $('dl-result').textContent = ''; say(errorText(r)); return; }
  say('');
  const start = r.data.start_local.slice(0, 16).split('T');
  $('dl-result').textContent = `Hẹn trả kết quả: ${r.data.due_text} (thời hạn bắt đầu tính từ ${start[1]} ngày ${vnDate(start[0])}).`;
});

// "22/08/2026, 23/08/2026" -> ["2026-08-22", "2026-08-23"], or null.
function parseVnDates(text) {
  const parts = text.split(/[,;\s]+/).filter(Boolean);
  const out = [];
  for (const p of parts) {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(p);
    if (!m) return null;
    out.push(`${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`);
  }
  return out;
}

function daysBetween(from, to) {
  const out = [];
  for (let d = new Date(from + 'T00:00:00Z'); d <= new Date(to + 'T00:00:00Z') && out.length <= 31; d.setUTCDate(d.getUTCDate() + 1))
    out.push(d.toISOString().slice(0, 10));
  return out;
}

$('decision-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const from = $('dc-from').value, to = $('dc-to').value;
  if (to < from) { say('Ngày kết thúc phải sau ngày bắt đầu.'); return; }
  const worked = parseVnDates($('dc-worked').value);
  if (!worked) { say('Ngày làm bù phải có dạng dd/mm/yyyy, cách nhau bởi dấu phẩy.'); return; }
  const body = {
    year: Number(to.slice(0, 4)), occasion: $('dc-occasion').value, reference: $('dc-reference').value.trim(),
    days_off: daysBetween(from, to), days_worked: worked,
  };
  if ($('dc-note').value.trim()) body.note = $('dc-note').value.trim();
  if ($('dc-unit').value.trim()) body.unit = $('dc-unit').value.trim();
  const r = await api('POST', '/api/v1/calendar/decisions', body);
  if (r.status !== 200 && r.status !== 201) { say(errorText(r)); return; }
  say(r.data.replaced ? 'Đã ghi quyết định, thay quyết định cũ của dịp này.' : 'Đã ghi quyết định lịch nghỉ.', true);
  e.target.reset();
  await openCalendar(body.year);
});

$('hours-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = {
    morning_open: $('hr-mo').value, morning_close: $('hr-mc').value, afternoon_open: $('hr-ao').value,
    afternoon_close: $('hr-ac').value, cutoff: $('hr-cut').value,
  };
  if ($('hr-unit').value.trim()) body.unit = $('hr-unit').value.trim();
  const r = await api('PUT', '/api/v1/calendar/office-hours', body);
  if (r.status !== 200) { say(errorText(r)); return; }
  say('Đã lưu giờ làm việc.', true);
  await openCalendar(Number($('cal-year').value));
});

async function openHash() {
  if (location.hash === '#admin') await openAdmin();
  else if (location.hash === '#calendar') await openCalendar();
  else if (location.hash === '#catalog') await openCatalog();
  else if (location.hash === '#intake') await openIntake();
  else if (location.hash === '#queue') await openQueue();
  else if (location.hash === '#register') await openRegister();
  else if (location.hash === '#notifications') await openNotifications();
  else if (location.hash === '#audit') await openAudit();
  else if (location.hash === '#plans') await openPlans();
  else if (location.hash === '#index') await openIndex();
  else if (location.hash === '#documents-in') await openIncomingList();
  else if (location.hash === '#document-in-new') await openIncomingNew();
  else if (location.hash.startsWith('#document-in/')) await openIncoming(location.hash.slice(13));
  else if (location.hash === '#documents-out') await openOutgoingList();
  else if (location.hash.startsWith('#document-out-new')) await openOutgoingNew(location.hash.slice(18));
  else if (location.hash.startsWith('#document-out/')) await openOutgoing(location.hash.slice(14));
  else if (location.hash === '#document-registers') await openDocRegisters();
  else if (location.hash === '#work-records') await openWorkRecords();
  else if (location.hash.startsWith('#work-record/')) await openWorkRecord(location.hash.slice(13));
  else if (location.hash.startsWith('#plan/')) await openPlan(location.hash.slice(6));
  else if (location.hash.startsWith('#task/')) await openTask(...location.hash.slice(6).split('/'));
  else if (location.hash.startsWith('#indicator/')) await openIndicator(...location.hash.slice(11).split('/'));
  else if (location.hash.startsWith('#dossier/')) await openDossier(decodeURIComponent(location.hash.slice(9)));
  else if (location.hash.startsWith('#procedure/')) await openProcedure(decodeURIComponent(location.hash.slice(11)));
  else show('home');
}

window.addEventListener('hashchange', () => { if (me) openHash(); });

// The views live in the modules loaded after this one (all deferred): start
// once every one has run, or an answer arriving between two of them finds a
// view not yet defined ("loadDocumentFigures is not defined").
document.addEventListener('DOMContentLoaded', loadHome);
