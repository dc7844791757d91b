// The administrator's catalog: search, the review list, one procedure's
// editor and its workflow versions. Uses $, api, say, show, errorText from
// staff.js. Text only: nothing is inserted as HTML.
'use strict';

const TIME_UNITS = { working_days: 'ngày làm việc', working_hours: 'giờ làm việc', calendar_days: 'ngày', same_day: 'trong ngày' };
const ACTIONS = {
  forward: 'Chuyển tiếp', send_back: 'Trả lại bước trước', request_supplement: 'Yêu cầu bổ sung',
  refuse: 'Từ chối', transfer: 'Chuyển đơn vị/cấp khác', approve: 'Phê duyệt', issue_result: 'Trả kết quả',
};
const STEP_ROLES = { reception: 'Một cửa', specialist: 'Chuyên viên', leader: 'Lãnh đạo', clerk: 'Văn thư', admin: 'Quản trị' };
let procedure = null; // the procedure being edited, as the API returned it

function element(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children);
  return e;
}

function labelled(labelText, input) {
  const id = `f${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  return [element('label', { htmlFor: id, textContent: labelText }), input];
}

// --- search and the review list ------------------------------------------

async function openCatalog() {
  show('catalog');
  const q = $('cat-q').value.trim();
  const params = new URLSearchParams({ limit: '50' });
  if (q) params.set('q', q);
  if ($('cat-pending').checked) params.set('review', 'pending');
  const r = await api('GET', `/api/v1/catalog/procedures?${params}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  $('cat-summary').textContent = `${r.data.total} thủ tục${$('cat-pending').checked ? ' chờ rà soát' : ''}${r.data.total > 50 ? ' (hiện 50 thủ tục đầu)' : ''}.`;
  $('cat-results').replaceChildren(...r.data.items.map((p) => {
    const state = p.status === 'inactive' ? 'ngừng áp dụng' : p.review_status === 'pending' ? 'chờ rà soát' : 'đang áp dụng';
    return element('li', {},
      element('a', { href: `#procedure/${encodeURIComponent(p.code)}`, textContent: `${p.code} — ${p.name}` }),
      element('span', { textContent: ` · ${p.field} · ${p.time_text || 'chưa rõ thời hạn'} · ${state}` }));
  }));
}

$('catalog-search').addEventListener('submit', (e) => { e.preventDefault(); say(''); openCatalog(); });

$('cat-new').addEventListener('submit', async (e) => {
  e.preventDefault();
  const code = $('new-code').value.trim();
  const r = await api('POST', '/api/v1/catalog/procedures', {
    code, name: $('new-name').value.trim(), field: $('new-field').value.trim(),
    time: { unit: 'working_days', amount: Number($('new-days').value) },
  });
  if (r.status !== 201) { say(errorText(r)); return; }
  say(`Đã thêm thủ tục ${code}.`, true);
  e.target.reset();
  location.hash = `#procedure/${encodeURIComponent(code)}`;
});

// --- one procedure ----------------------------------------------------------

function documentRow(d = { name: '', kind: 'submit', originals: 1, copies: 0, reusable_from: null }) {
  const li = element('li', { className: 'row' });
  li.dataset.id = d.id || '';
  const name = element('input', { value: d.name, required: true, className: 'doc-name' });
  const kind = element('select', { className: 'doc-kind' },
    element('option', { value: 'submit', textContent: 'nộp' }), element('option', { value: 'present', textContent: 'xuất trình' }));
  kind.value = d.kind;
  const originals = element('input', { type: 'number', min: 0, max: 20, value: d.originals, className: 'doc-originals' });
  const copies = element('input', { type: 'number', min: 0, max: 20, value: d.copies, className: 'doc-copies' });
  const reuse = element('select', { className: 'doc-reuse' },
    element('option', { value: '', textContent: 'không' }), element('option', { value: 'cccd', textContent: 'dữ liệu căn cước' }),
    element('option', { value: 'residence', textContent: 'dữ liệu cư trú' }), element('option', { value: 'profile', textContent: 'hồ sơ công dân' }));
  reuse.value = d.reusable_from || '';
  const remove = element('button', { type: 'button', textContent: 'Bỏ giấy tờ này' });
  remove.addEventListener('click', () => li.remove());
  li.append(...labelled('Tên giấy tờ', name), ...labelled('Hình thức', kind), ...labelled('Bản chính', originals),
    ...labelled('Bản sao', copies), ...labelled('Thay bằng dữ liệu sẵn có', reuse));
  if (d.id) {
    const url = `/api/v1/procedures/${encodeURIComponent(procedure.code)}/documents/${d.id}/form`;
    if (d.form_file_name) li.append(element('a', { href: url, textContent: `Mẫu đơn: ${d.form_file_name}` }));
    const file = element('input', { type: 'file', accept: '.pdf,.doc,.docx,.odt,.xls,.xlsx', className: 'doc-form' });
    file.addEventListener('change', () => uploadForm(d.id, file.files[0]));
    li.append(...labelled('Tải mẫu đơn lên (PDF, DOC, DOCX, ODT, XLS, XLSX)', file));
  }
  li.append(remove);
  return li;
}

async function uploadForm(documentId, file) {
  if (!file) return;
  const res = await fetch(`/api/v1/catalog/procedures/${encodeURIComponent(procedure.code)}/documents/${documentId}/form?name=${encodeURIComponent(file.name)}`, {
    method: 'PUT', headers: { 'X-CSRF-Token': csrf, 'Content-Type': file.type || 'application/octet-stream' }, body: file,
  });
  const data = await res.json().catch(() => ({}));
  if (res.status !== 200) { say(errorText({ data })); return; }
  say(`Đã lưu mẫu đơn ${file.name}.`, true);
  await openProcedure(procedure.code);
}

const FIELD_TYPES = { text: 'chữ', number: 'số', date: 'ngày', choice: 'lựa chọn', cccd: 'số định danh', phone: 'điện thoại', address: 'địa chỉ', file: 'tệp' };
const PREFILLS = { '': 'không', full_name: 'họ tên', cccd: 'số định danh', phone: 'điện thoại', email: 'thư điện tử', address: 'địa chỉ', birth_date: 'ngày sinh' };

function options(map) {
  return Object.entries(map).map(([v, t]) => element('option', { value: v, textContent: t }));
}

function formFieldRow(f = { key: '', label: '', type: 'text', required: false, prefill: null }) {
  const li = element('li', { className: 'row' });
  li.dataset.extra = JSON.stringify(Object.fromEntries(Object.entries(f).filter(([k]) => ['min', 'max', 'choices'].includes(k))));
  const key = element('input', { value: f.key, required: true, className: 'ff-key' });
  const label = element('input', { value: f.label, required: true, className: 'ff-label' });
  const type = element('select', { className: 'ff-type' }, ...options(FIELD_TYPES));
  type.value = f.type;
  const prefill = element('select', { className: 'ff-prefill' }, ...options(PREFILLS));
  prefill.value = f.prefill || '';
  const required = element('input', { type: 'checkbox', checked: !!f.required, className: 'ff-required' });
  const remove = element('button', { type: 'button', textContent: 'Bỏ trường này' });
  remove.addEventListener('click', () => li.remove());
  li.append(...labelled('Mã trường', key), ...labelled('Nhãn', label), ...labelled('Kiểu', type),
    ...labelled('Điền sẵn từ', prefill), ...labelled('Bắt buộc', required), remove);
  return li;
}

function feeRow(f = { kind: 'charge', amount: 0, description: '', exempt: '' }) {
  const li = element('li', { className: 'row' });
  const kind = element('select', { className: 'fee-kind' },
    element('option', { value: 'charge', textContent: 'lệ phí' }), element('option', { value: 'fee', textContent: 'phí' }));
  kind.value = f.kind;
  const amount = element('input', { type: 'number', min: 0, step: 1000, value: f.amount, className: 'fee-amount' });
  const description = element('input', { value: f.description, required: true, className: 'fee-description' });
  const exempt = element('input', { value: f.exempt || '', className: 'fee-exempt' });
  const remove = element('button', { type: 'button', textContent: 'Bỏ khoản thu này' });
  remove.addEventListener('click', () => li.remove());
  li.append(...labelled('Loại', kind), ...labelled('Số tiền', amount), ...labelled('Nội dung', description),
    ...labelled('Đối tượng miễn', exempt), remove);
  return li;
}

function stepRow(s = { key: '', name: '', role: 'specialist', unit: null, share: 0, actions: ['forward'] }) {
  const tr = element('tr');
  const roleSelect = element('select', { className: 'st-role' },
    ...Object.entries(STEP_ROLES).map(([v, t]) => element('option', { value: v, textContent: t })));
  roleSelect.value = s.role;
  const actions = element('div', { className: 'st-actions' }, ...Object.entries(ACTIONS).map(([v, t]) => {
    const box = element('input', { type: 'checkbox', value: v, checked: s.actions.includes(v) });
    return element('label', {}, box, ` ${t}`);
  }));
  const remove = element('button', { type: 'button', textContent: 'Bỏ bước' });
  remove.addEventListener('click', () => tr.remove());
  const cells = [
    element('input', { value: s.key, className: 'st-key', required: true }),
    element('input', { value: s.name, className: 'st-name', required: true }),
    roleSelect,
    element('input', { value: s.unit || '', className: 'st-unit', placeholder: 'đơn vị có thẩm quyền' }),
    element('input', { type: 'number', min: 0, max: 100, value: s.share, className: 'st-share' }),
    actions, remove];
  const names = ['Mã bước', 'Tên bước', 'Vai trò', 'Đơn vị', 'Phần trăm thời gian'];
  cells.forEach((c, i) => {
    if (names[i]) c.setAttribute('aria-label', names[i]);
    tr.append(element('td', {}, c));
  });
  return tr;
}

function showWorkflow(wf) {
  $('wf-version').textContent = wf
    ? `Phiên bản ${wf.version}${wf.template ? ` (mẫu ${wf.template})` : ''}, lưu bởi ${wf.created_by} lúc ${localTime(wf.created_at)}. Hồ sơ đã tiếp nhận giữ phiên bản quy trình lúc tiếp nhận.`
    : 'Chưa có quy trình.';
  $('wf-steps').tBodies[0].replaceChildren(...(wf ? wf.steps : []).map(stepRow));
  $('wf-template').value = '';
}

async function openProcedure(code) {
  show('procedure');
  const r = await api('GET', `/api/v1/catalog/procedures/${encodeURIComponent(code)}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  procedure = r.data;
  const p = procedure;
  $('proc-title').textContent = `${p.code} — ${p.name}`;
  $('proc-meta').textContent = `${p.field} · ${p.level} · ${p.accepts_dossiers ? 'đang nhận hồ sơ' : 'chưa nhận hồ sơ'}${p.source.url ? ' · nguồn: Cổng Dịch vụ công quốc gia' : ''}`;
  $('proc-review').hidden = p.review.status !== 'pending';
  $('proc-reasons').replaceChildren(...p.review.reasons.map((t) => element('li', { textContent: t })));
  $('proc-raw-channels').textContent = p.public.channels || '';
  $('pf-name').value = p.name;
  $('pf-field').value = p.field;
  $('pf-time-unit').value = p.time ? p.time.unit : '';
  $('pf-time-amount').value = p.time ? p.time.amount : '';
  $('pf-online').value = p.online_level;
  $('pf-result').value = p.result_name;
  $('pf-status').value = p.status;
  $('pf-documents').replaceChildren(...p.documents.map(documentRow));
  $('pf-fees').replaceChildren(...p.fees.map(feeRow));
  $('pf-form').replaceChildren(...(p.form || []).map(formFieldRow));
  showWorkflow(p.workflow);
}

function procedureBody() {
  const p = procedure;
  const unit = $('pf-time-unit').value;
  const documents = [...$('pf-documents').children].map((li) => {
    const d = {
      name: li.querySelector('.doc-name').value.trim(), kind: li.querySelector('.doc-kind').value,
      originals: Number(li.querySelector('.doc-originals').value), copies: Number(li.querySelector('.doc-copies').value),
      reusable_from: li.querySelector('.doc-reuse').value || null,
    };
    if (li.dataset.id) d.id = Number(li.dataset.id);
    return d;
  });
  const fees = [...$('pf-fees').children].map((li) => ({
    kind: li.querySelector('.fee-kind').value, amount: Number(li.querySelector('.fee-amount').value),
    description: li.querySelector('.fee-description').value.trim(), exempt: li.querySelector('.fee-exempt').value.trim(),
  }));
  const form = [...$('pf-form').children].map((li) => {
    const f = {
      ...JSON.parse(li.dataset.extra || '{}'),
      key: li.querySelector('.ff-key').value.trim(), label: li.querySelector('.ff-label').value.trim(),
      type: li.querySelector('.ff-type').value, required: li.querySelector('.ff-required').checked,
    };
    if (li.querySelector('.ff-prefill').value) f.prefill = li.querySelector('.ff-prefill').value;
    return f;
  });
  return {
    code: p.code, name: $('pf-name').value.trim(), field: $('pf-field').value.trim(), level: p.level,
    competent_unit: p.competent_unit ? p.competent_unit.agency_code : null, legal_basis: p.legal_basis,
    time: unit ? { unit, amount: unit === 'same_day' ? 1 : Number($('pf-time-amount').value) } : null,
    channels: p.channels, fees, online_level: $('pf-online').value, result_type: p.result_type,
    result_name: $('pf-result').value.trim(), public: p.public, documents, form, status: $('pf-status').value,
    effective_from: p.effective_from, effective_to: p.effective_to,
    review: { status: p.review.status, reasons: p.review.reasons },
  };
}

$('proc-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = await api('PUT', `/api/v1/catalog/procedures/${encodeURIComponent(procedure.code)}`, procedureBody());
  if (r.status !== 200) { say(errorText(r) + (r.data?.error?.field ? ` (${r.data.error.field})` : '')); return; }
  say('Đã lưu thủ tục.', true);
  await openProcedure(procedure.code);
});

$('proc-confirm').addEventListener('click', async () => {
  const r = await api('POST', `/api/v1/catalog/procedures/${encodeURIComponent(procedure.code)}/review`);
  if (r.status !== 200) { say(errorText(r)); return; }
  say('Đã xác nhận: thủ tục được nhận hồ sơ.', true);
  await openProcedure(procedure.code);
});

$('pf-add-doc').addEventListener('click', () => $('pf-documents').append(documentRow()));
$('pf-add-fee').addEventListener('click', () => $('pf-fees').append(feeRow()));
$('pf-add-field').addEventListener('click', () => $('pf-form').append(formFieldRow()));
$('wf-add').addEventListener('click', () => $('wf-steps').tBodies[0].append(stepRow()));

$('wf-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const template = $('wf-template').value;
  const body = template ? { template } : {
    steps: [...$('wf-steps').tBodies[0].rows].map((tr) => {
      const step = {
        key: tr.querySelector('.st-key').value.trim(), name: tr.querySelector('.st-name').value.trim(),
        role: tr.querySelector('.st-role').value, share: Number(tr.querySelector('.st-share').value),
        actions: [...tr.querySelectorAll('.st-actions input:checked')].map((b) => b.value),
      };
      const unit = tr.querySelector('.st-unit').value.trim();
      if (unit) step.unit = unit;
      return step;
    }),
  };
  const r = await api('PUT', `/api/v1/catalog/procedures/${encodeURIComponent(procedure.code)}/workflow`, body);
  if (r.status !== 201) { say(errorText(r) + (r.data?.error?.field ? ` (${r.data.error.field})` : '')); return; }
  say(`Đã lưu quy trình, phiên bản ${r.data.version}.`, true);
  await openProcedure(procedure.code);
});
