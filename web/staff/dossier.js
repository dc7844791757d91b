// Dossiers for officials: the counter, the queue, one dossier and its
// actions. Uses $, api, say, show, errorText, localTime from staff.js.
'use strict';

const DOC_STATES = { original: 'bản chính', copy: 'bản sao', digitized: 'bản điện tử', reused: 'dùng dữ liệu sẵn có', missing: 'chưa có' };
const ACTION_LABELS = {
  accept: 'Tiếp nhận', not_receive: 'Không tiếp nhận', claim: 'Nhận xử lý', forward: 'Chuyển tiếp', approve: 'Phê duyệt',
  send_back: 'Trả lại bước trước', transfer: 'Chuyển liên thông', request_supplement: 'Yêu cầu bổ sung', supply: 'Đã nhận bổ sung',
  request_payment: 'Yêu cầu nộp phí', confirm_payment: 'Đã nộp phí', refuse: 'Từ chối giải quyết', withdraw: 'Rút hồ sơ theo yêu cầu',
  stop: 'Dừng xử lý', issue_result: 'Có kết quả', return: 'Trả kết quả', propose_apology: 'Xin lỗi và hẹn lại', approve_apology: 'Duyệt xin lỗi, hẹn lại',
};
let intakeProcedure = null;
let current = null; // the dossier on screen

const vnDateTime = (iso) => (iso ? new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' }) : '');

// --- the counter --------------------------------------------------------------

async function openIntake() {
  show('intake');
  const units = await api('GET', '/api/v1/units');
  const select = $('in-competent');
  select.replaceChildren(select.options[0], ...(units.data.items || []).filter((u) => !u.parent_id)
    .map((u) => element('option', { value: u.agency_code, textContent: `${u.name} (${u.agency_code})` })));
  $('in-cccd').focus();
}

$('in-cccd').addEventListener('change', async () => {
  const cccd = $('in-cccd').value.trim();
  if (!/^\d{12}$/.test(cccd)) return;
  const r = await api('GET', `/api/v1/citizens/${cccd}`);
  if (r.status === 200) {
    $('in-name').value = r.data.full_name || '';
    $('in-birth').value = r.data.birth_date || '';
    $('in-phone').value = r.data.phone || '';
    $('in-address').value = r.data.address || '';
    $('in-citizen').textContent = 'Đã có thông tin công dân: kiểm tra lại với giấy tờ.';
  } else {
    $('in-citizen').textContent = 'Công dân lần đầu nộp hồ sơ: nhập thông tin.';
  }
});

let searchTimer = null;
$('in-procedure').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(async () => {
    const q = $('in-procedure').value.trim();
    if (q.length < 2) return;
    const code = q.split(' — ')[0];
    if (/^\d+\.\d+/.test(code) && q.includes(' — ')) { await chooseProcedure(code); return; }
    const r = await api('GET', `/api/v1/procedures?limit=10&q=${encodeURIComponent(q)}`);
    $('in-procedures').replaceChildren(...(r.data.items || []).map((p) => element('option', { value: `${p.code} — ${p.name}` })));
  }, 150);
});

async function chooseProcedure(code) {
  const r = await api('GET', `/api/v1/procedures/${encodeURIComponent(code)}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  intakeProcedure = r.data;
  $('in-procedure-info').textContent = `${r.data.name} · thời hạn ${r.data.time ? r.data.time.text : 'chưa xác định'}${r.data.accepts_dossiers ? '' : ' · THỦ TỤC CHƯA NHẬN HỒ SƠ'}`;
  $('in-documents').replaceChildren(...r.data.documents.map((d) => {
    const select = element('select', { className: 'in-doc-state' }, ...Object.entries(DOC_STATES).map(([v, t]) => element('option', { value: v, textContent: t })));
    select.value = d.reusable_from ? 'reused' : 'original';
    select.dataset.id = d.id;
    return element('li', {}, ...labelled(d.name, select));
  }));
}

$('intake-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const code = $('in-procedure').value.split(' — ')[0].trim();
  if (!intakeProcedure || intakeProcedure.code !== code) await chooseProcedure(code);
  if (!intakeProcedure) return;
  const applicant = { cccd: $('in-cccd').value.trim(), full_name: $('in-name').value.trim() };
  for (const [key, id] of [['birth_date', 'in-birth'], ['phone', 'in-phone'], ['address', 'in-address']])
    if ($(id).value.trim()) applicant[key] = $(id).value.trim();
  const body = {
    procedure: code, applicant,
    documents: [...document.querySelectorAll('.in-doc-state')].map((s) => ({ id: Number(s.dataset.id), state: s.value })),
  };
  if ($('in-competent').value) body.competent_unit = $('in-competent').value;
  if ($('in-note').value.trim()) body.note = $('in-note').value.trim();
  const r = await api('POST', '/api/v1/dossiers', body);
  if (r.status !== 201) { say(errorText(r) + (r.data?.error?.field ? ` (${r.data.error.field})` : '')); return; }
  say(`Đã tiếp nhận hồ sơ ${r.data.code}.`, true);
  $('rc-code').textContent = r.data.code;
  $('rc-name').textContent = applicant.full_name;
  $('rc-procedure').textContent = `${intakeProcedure.code} — ${intakeProcedure.name}`;
  $('rc-due').textContent = vnDateTime(r.data.due_at);
  $('rc-open').href = `#dossier/${encodeURIComponent(r.data.code)}`;
  $('rc-pdf').href = paperUrl(r.data.code, 'receipt');
  $('receipt').hidden = false;
  $('rc-print').focus();
  e.target.reset();
  $('in-documents').replaceChildren();
  intakeProcedure = null;
});


// --- papers: one click prints ---------------------------------------------------

const paperUrl = (code, paper) => `/api/v1/dossiers/${encodeURIComponent(code)}/papers/${paper}`;

// Loads the PDF into a hidden frame and opens the print dialog on it.
function printPaper(url) {
  document.getElementById('print-frame')?.remove();
  const frame = element('iframe', { id: 'print-frame', title: 'In giấy tờ', src: url });
  frame.hidden = true;
  frame.addEventListener('load', () => {
    try { frame.contentWindow.focus(); frame.contentWindow.print(); } catch { window.open(url, '_blank', 'noopener'); }
  });
  document.body.append(frame);
}

$('rc-print').addEventListener('click', () => printPaper($('rc-pdf').href));

function paperItem(code, p) {
  const open = element('a', { href: paperUrl(code, p.paper), target: '_blank', rel: 'noopener', textContent: `${p.name} (PDF)` });
  const print = element('button', { type: 'button', textContent: 'In' });
  print.setAttribute('aria-label', `In ${p.name}`);
  print.addEventListener('click', () => printPaper(paperUrl(code, p.paper)));
  return element('li', {}, open, ' ', print);
}

// --- the queue ----------------------------------------------------------------

async function openQueue() {
  show('queue');
  const r = await api('GET', `/api/v1/dossiers/queue${$('q-overdue').checked ? '?overdue=1' : ''}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  const rows = r.data.items.map((d) => {
    const tr = element('tr', { className: d.flag || '' });
    const link = element('a', { href: `#dossier/${encodeURIComponent(d.code)}`, textContent: d.code });
    const due = d.due_at ? `${vnDateTime(d.due_at)}${d.flag === 'overdue' ? ' (quá hạn)' : d.flag === 'due_soon' ? ' (sắp đến hạn)' : ''}` : '';
    tr.append(element('td', {}, link), element('td', { textContent: d.procedure }), element('td', { textContent: d.applicant || '' }),
      element('td', { textContent: d.status_title }), element('td', { textContent: due }));
    return tr;
  });
  $('q-table').tBodies[0].replaceChildren(...rows);
  $('q-empty').hidden = rows.length > 0;
}

$('q-overdue').addEventListener('change', openQueue);

// --- one dossier ----------------------------------------------------------------

function fact(term, value) {
  return value ? [element('dt', { textContent: term }), element('dd', { textContent: value })] : [];
}

async function openDossier(code) {
  show('dossier');
  const r = await api('GET', `/api/v1/dossiers/${encodeURIComponent(code)}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  current = r.data;
  const d = current;
  $('d-title').textContent = `Hồ sơ ${d.code}`;
  $('d-status').textContent = `${d.status_title}${d.current_step ? ` · bước: ${d.current_step}` : ''}${d.waiting_at ? ` · tại ${d.waiting_at}` : ''}`;
  $('d-facts').replaceChildren(
    ...fact('Thủ tục', `${d.procedure.code} — ${d.procedure.name}`),
    ...fact('Người nộp', d.applicant ? `${d.applicant.full_name}${d.applicant.phone ? ` · ${d.applicant.phone}` : ''}` : 'Chỉ cán bộ xử lý hồ sơ được xem'),
    ...fact('Nơi tiếp nhận', d.receiving_unit.name),
    ...fact('Đơn vị có thẩm quyền', d.competent_unit.name),
    ...fact('Ngày tiếp nhận', vnDateTime(d.received_at) || 'chưa tiếp nhận'),
    ...fact('Hẹn trả kết quả', vnDateTime(d.due_at)),
    ...fact('Kết thúc', d.end_kind ? `${vnDateTime(d.ended_at || d.returned_at || d.finished_at)} ${d.end_reason || ''}` : ''));
  const papers = (d.papers || []).sort((a, b) => a.order - b.order);
  $('d-papers').replaceChildren(...papers.map((p) => paperItem(d.code, p)));
  $('d-papers-box').hidden = papers.length === 0;
  $('d-documents').replaceChildren(...d.documents.map((doc) => element('li', { textContent: `${doc.name} — ${DOC_STATES[doc.state] || doc.state}${doc.file_name ? ` (${doc.file_name})` : ''}` })));
  $('d-events').replaceChildren(...d.events.map((ev) => element('li', { textContent: `${vnDateTime(ev.at)} · ${ACTION_LABELS[ev.action] || ev.action} · ${ev.actor} · ${ev.status_title}${ev.note ? ` · ${ev.note}` : ''}` })));
  $('d-buttons').replaceChildren(...d.allowed_actions.map((action) => {
    const b = element('button', { type: 'button', textContent: ACTION_LABELS[action] || action });
    b.addEventListener('click', () => runAction(action));
    return b;
  }));
  $('d-act').hidden = d.allowed_actions.length === 0;
}

async function runAction(action) {
  const body = { action, version: current.version };
  const note = $('d-note').value.trim();
  if (note) { body.note = note; body.reason = note; }
  if (action === 'transfer') body.unit = $('d-unit').value.trim();
  if (action === 'propose_apology' && $('d-new-due').value) body.new_due = `${$('d-new-due').value}:00+07:00`;
  const r = await api('POST', `/api/v1/dossiers/${encodeURIComponent(current.code)}/actions`, body);
  if (r.status === 409) { say('Hồ sơ vừa được người khác xử lý; đã tải lại trạng thái mới.'); await openDossier(current.code); return; }
  if (r.status !== 200) { say(errorText(r)); return; }
  say(`Đã ${(ACTION_LABELS[action] || action).toLowerCase()}: ${r.data.status_title}.`, true);
  $('d-note').value = '';
  await openDossier(current.code);
}

$('d-result').addEventListener('change', async () => {
  const file = $('d-result').files[0];
  if (!file || !current) return;
  const res = await fetch(`/api/v1/dossiers/${encodeURIComponent(current.code)}/result?name=${encodeURIComponent(file.name)}`, {
    method: 'PUT', headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/pdf' }, body: file,
  });
  const data = await res.json().catch(() => ({}));
  $('d-result').value = '';
  if (res.status !== 200) { say(errorText({ data })); return; }
  say(`Đã đính kèm kết quả ${file.name}.`, true);
  await openDossier(current.code);
});

// --- the register (Sổ theo dõi hồ sơ) --------------------------------------------

function registerQuery(format) {
  const q = new URLSearchParams({ from: $('rg-from').value, to: $('rg-to').value, format });
  if ($('rg-unit').value.trim()) q.set('unit', $('rg-unit').value.trim());
  return `/api/v1/dossiers/register?${q}`;
}

function registerLinks() {
  $('rg-pdf').href = registerQuery('pdf');
  $('rg-xlsx').href = registerQuery('xlsx');
}

async function openRegister() {
  show('register');
  if (!$('rg-from').value) {
    const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
    $('rg-from').value = `${today.slice(0, 8)}01`;
    $('rg-to').value = today;
  }
  registerLinks();
  await showRegister();
}

async function showRegister() {
  const r = await api('GET', registerQuery('json'));
  if (r.status !== 200) { say(errorText(r)); return; }
  $('rg-count').textContent = `${r.data.period}: ${r.data.count} hồ sơ.`;
  $('rg-table').tBodies[0].replaceChildren(...r.data.items.map((i) => {
    const tr = element('tr');
    const link = element('a', { href: `#dossier/${encodeURIComponent(i.code)}`, textContent: i.code });
    tr.append(element('td', { textContent: i.no }), element('td', {}, link), element('td', { textContent: i.procedure }),
      element('td', { textContent: i.applicant.split('\n')[0] }), element('td', { textContent: i.received }),
      element('td', { textContent: i.due }), element('td', { textContent: i.returned }), element('td', { textContent: i.note }));
    return tr;
  }));
}

for (const id of ['rg-from', 'rg-to', 'rg-unit']) $(id).addEventListener('change', registerLinks);
$('register-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  registerLinks();
  await showRegister();
});
