// Applying online, step by step: the applicant, the form's own fields, the
// papers, a review; then one submission under an idempotency key, so a flaky
// connection can send it again without making a second dossier.
'use strict';

let procedure = null;
let step = 1;

// Checks of the applicant's fields, on leaving a field and on each step;
// the server checks again and has the last word.
const CHECKS = {
  'a-cccd': (v) => (/^\d{12}$/.test(v) ? '' : 'Số định danh gồm đúng 12 chữ số.'),
  'a-name': (v) => (v.trim().length >= 2 ? '' : 'Cần họ và tên.'),
  'a-phone': (v) => (/^(0\d{9}|\+84\d{9})$/.test(v.replace(/\s/g, '')) ? '' : 'Số điện thoại gồm 10 chữ số, bắt đầu bằng 0.'),
  'a-email': (v) => (!v || /^[^\s@<>,;:"]+@[^\s@<>,;:"]+\.[^\s@<>,;:".]+$/.test(v) ? '' : 'Địa chỉ thư điện tử chưa đúng.'),
};

// Checked as typed: a character that can never belong there. A number not
// yet long enough waits for leaving the field, not to scold mid-typing.
const TYPING = {
  'a-cccd': (v) => (/\D/.test(v) ? 'Số định danh chỉ gồm chữ số, không có chữ cái, dấu cách hay ký hiệu.' : ''),
  'a-phone': (v) => (/[^\d\s+]/.test(v) ? 'Số điện thoại chỉ gồm chữ số (có thể có dấu cách, hoặc +84 ở đầu).' : ''),
};
const shown = {}; // which check put the error shown beside a field: 'typing' or 'full'

function mark(id, problem, kind = 'full') {
  fieldError($(id), $(`${id}-error`), problem);
  shown[id] = problem ? kind : '';
  return !problem;
}

const check = (id) => mark(id, CHECKS[id]($(id).value.trim()));

function typed(id) {
  const wrong = TYPING[id]?.($(id).value) || '';
  if (wrong) mark(id, wrong, 'typing');
  else if (shown[id] === 'typing') mark(id, '');
  else if (shown[id]) check(id); // after leaving the field: cleared as soon as it is right
}

for (const id of Object.keys(CHECKS)) {
  $(id).addEventListener('input', () => typed(id));
  $(id).addEventListener('blur', () => { if ($(id).value) check(id); });
}

function ownFields() {
  return (procedure.form || []).filter((f) => !f.prefill && f.type !== 'file');
}

function fieldInput(f) {
  const type = { date: 'date', number: 'number', phone: 'tel' }[f.type] || 'text';
  const input = element('input', { id: `ff-${f.key}`, type, required: !!f.required });
  input.dataset.key = f.key;
  input.setAttribute('aria-describedby', `ff-${f.key}-error`);
  if (f.type === 'choice' && Array.isArray(f.choices)) {
    const select = element('select', { id: input.id, required: !!f.required },
      element('option', { value: '', textContent: '— chọn —' }), ...f.choices.map((o) => element('option', { value: o, textContent: o })));
    select.dataset.key = f.key;
    select.setAttribute('aria-describedby', `${input.id}-error`);
    return select;
  }
  return input;
}

function errorNote(id) {
  const p = element('p', { id, className: 'error' });
  p.setAttribute('aria-live', 'polite');
  return p;
}

function documentItem(d) {
  const [label, input, note] = fileField(`doc-${d.id}`, d.name, d.reusable_from ? 'Không bắt buộc: cơ quan dùng dữ liệu đã có.' : '');
  input.dataset.id = d.id;
  return element('li', {}, label, input, note);
}

function show(n) {
  step = n;
  for (const s of document.querySelectorAll('#apply section')) s.hidden = Number(s.dataset.step) !== n;
  $('a-back').hidden = n === 1;
  $('a-next').textContent = n === 4 ? 'Gửi hồ sơ' : 'Tiếp tục';
  $('a-progress').textContent = `Bước ${n} trên 4`;
  document.querySelector(`#step-${n} h2`).focus();
}

function stepValid(n) {
  if (n === 1) {
    for (const id of ['a-commune', 'a-address']) fieldError($(id), $(`${id}-error`), ''); // the server checks these again
    return Object.keys(CHECKS).map(check).every(Boolean);
  }
  if (n === 2) {
    let ok = true;
    for (const input of document.querySelectorAll('#a-fields [data-key]')) {
      const missing = input.required && !input.value.trim();
      fieldError(input, $(`${input.id}-error`), missing ? 'Cần điền mục này.' : '');
      ok = ok && !missing;
    }
    return ok;
  }
  return true;
}

function review() {
  const files = [...document.querySelectorAll('#a-documents input')].filter((i) => i.files[0]).map((i) => i.files[0].name);
  const facts = [['Thủ tục', procedure.name], ['Nộp cho', $('a-commune').selectedOptions[0]?.textContent],
    ['Người nộp', `${$('a-name').value.trim()} · ${$('a-cccd').value.trim()}`], ['Điện thoại', $('a-phone').value.trim()],
    ...[...document.querySelectorAll('#a-fields [data-key]')].filter((i) => i.value).map((i) => [document.querySelector(`label[for="${i.id}"]`).textContent, i.value]),
    ['Giấy tờ gửi kèm', files.length ? files.join(', ') : 'không có'], ['Thời hạn giải quyết', procedure.time?.text]];
  $('a-review').replaceChildren(...facts.filter(([, v]) => v).flatMap(([t, v]) => [element('dt', { textContent: t }), element('dd', { textContent: v })]));
}

function submission() {
  const applicant = { cccd: $('a-cccd').value.trim(), full_name: $('a-name').value.trim(), phone: $('a-phone').value.replace(/\s/g, '') };
  if ($('a-email').value.trim()) applicant.email = $('a-email').value.trim();
  if ($('a-address').value.trim()) applicant.address = $('a-address').value.trim();
  const form = Object.fromEntries([...document.querySelectorAll('#a-fields [data-key]')].filter((i) => i.value !== '')
    .map((i) => [i.dataset.key, i.type === 'number' ? Number(i.value) : i.value]));
  const body = new FormData();
  body.append('data', JSON.stringify({ procedure: procedure.code, competent_unit: $('a-commune').value, applicant, form }));
  for (const input of document.querySelectorAll('#a-documents input'))
    if (input.files[0]) body.append(`file:${input.dataset.id}`, input.files[0], input.files[0].name);
  return body;
}

// Where a field the server names is on this form: the input and its step.
function placeOf(field = '') {
  const applicant = { 'applicant.cccd': 'a-cccd', 'applicant.full_name': 'a-name', 'applicant.phone': 'a-phone',
    'applicant.email': 'a-email', 'applicant.address': 'a-address', competent_unit: 'a-commune' }[field];
  if (applicant) return { input: $(applicant), step: 1 };
  const own = /^form\.(.+)$/.exec(field);
  const input = own && [...document.querySelectorAll('#a-fields [data-key]')].find((i) => i.dataset.key === own[1]);
  if (input) return { input, step: 2 };
  const paper = /^file:(\d+)$/.exec(field);
  if (paper && $(`doc-${paper[1]}`)) return { input: $(`doc-${paper[1]}`), step: 3, file: true };
  return null;
}

// The server refused a field: the problem beside it, and its step shown.
function showRefusal(error) {
  const place = placeOf(error.field);
  if (!place) return false;
  if (place.file) fileFieldError(place.input, error.message);
  else if (place.step === 1 && CHECKS[place.input.id]) mark(place.input.id, error.message);
  else fieldError(place.input, $(`${place.input.id}-error`), error.message);
  show(place.step);
  place.input.focus();
  return true;
}

async function submit() {
  const storeKey = `submission-key:${procedure.code}`;
  const key = sessionStorage.getItem(storeKey) || crypto.randomUUID();
  sessionStorage.setItem(storeKey, key);
  $('a-next').disabled = true;
  say('Đang gửi hồ sơ…', true);
  const r = await sendForm('/api/v1/public/dossiers', submission(), $('a-upload'), { 'Idempotency-Key': key });
  $('a-next').disabled = false;
  if (r.status === 0) { say('Mất kết nối khi gửi. Bấm „Gửi hồ sơ“ lần nữa: hồ sơ sẽ không bị gửi trùng.'); return; }
  if (r.status !== 201 && r.status !== 200) {
    $('a-upload').hidden = true;
    const refused = r.data?.error?.field && showRefusal(r.data.error);
    say(refused ? `Hồ sơ chưa gửi được: ${errorText(r)} Sửa mục được đánh dấu rồi gửi lại.` : errorText(r));
    return;
  }
  sessionStorage.removeItem(storeKey);
  await confirmation(r.data);
}

async function confirmation(d) {
  say('');
  $('apply').hidden = true;
  $('a-progress').textContent = '';
  $('sent').hidden = false;
  $('sent-code').textContent = d.code;
  $('sent-qr').src = `/api/v1/public/dossiers/${encodeURIComponent(d.code)}/qr.svg`;
  $('sent-lookup').href = `/dich-vu/?ma=${encodeURIComponent(d.code)}`;
  let due = d.due_at ? vnDateTime(d.due_at) : '';
  if (!due && procedure.time?.unit === 'working_days') {
    const r = await getJson(`/api/v1/calendar/deadline?from=${encodeURIComponent(new Date().toISOString())}&days=${procedure.time.amount}`);
    if (r.status === 200 && r.data.due) due = `${vnDateTime(r.data.due)} (dự kiến, tính từ khi hồ sơ được tiếp nhận)`;
  }
  const pay = await getJson(`/api/v1/public/dossiers/${encodeURIComponent(d.code)}/payment`);
  const facts = [['Thủ tục', procedure.name], ['Trạng thái', d.status_title], ['Hẹn trả kết quả', due || `${procedure.time?.text || ''} kể từ khi hồ sơ được tiếp nhận`],
    ['Phí, lệ phí', pay.status === 200 ? (pay.data.fee ? money(pay.data.fee) : 'Không thu') : '']];
  $('sent-facts').replaceChildren(...facts.filter(([, v]) => v).flatMap(([t, v]) => [element('dt', { textContent: t }), element('dd', { textContent: v })]));
  if (pay.status === 200 && pay.data.vietqr) {
    $('sent-pay').hidden = false;
    $('sent-pay-text').textContent = `Nộp ${money(pay.data.due)} bằng chuyển khoản: quét mã bằng ứng dụng ngân hàng; nội dung chuyển khoản là mã hồ sơ.`;
    $('sent-pay-qr').src = `/api/v1/public/dossiers/${encodeURIComponent(d.code)}/vietqr.svg`;
  }
  $('sent-title').focus();
}

$('apply').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!stepValid(step)) { say('Kiểm tra lại các mục được đánh dấu.'); return; }
  say('');
  if (step === 4) { await submit(); return; }
  let next = step + 1;
  if (next === 2 && !ownFields().length) next = 3;
  if (next === 4) review();
  show(next);
});

$('a-back').addEventListener('click', () => show(step === 3 && !ownFields().length ? 1 : step - 1));

async function main() {
  const r = await getJson(`/api/v1/procedures/${encodeURIComponent(param('ma') || '')}`);
  if (r.status !== 200) { say(r.status === 404 ? 'Không có thủ tục này.' : errorText(r)); $('apply').hidden = true; return; }
  procedure = r.data;
  document.title = `Nộp hồ sơ: ${procedure.name} — Cổng dịch vụ công của xã`;
  $('a-title').textContent = `Nộp hồ sơ: ${procedure.name}`;
  if (!procedure.accepts_dossiers || procedure.online_level === 'none') {
    say('Thủ tục này hiện chưa nhận hồ sơ trực tuyến; mời nộp tại nơi tiếp nhận hồ sơ của xã.');
    $('apply').hidden = true;
    return;
  }
  const units = await getJson('/api/v1/units');
  $('a-commune').replaceChildren(...(units.data.items || []).filter((u) => !u.parent_id)
    .map((u) => element('option', { value: u.agency_code, textContent: u.name })));
  $('a-fields').replaceChildren(...ownFields().flatMap((f) => {
    const input = fieldInput(f);
    return [element('label', { htmlFor: input.id, textContent: `${f.label}${f.required ? '' : ' (không bắt buộc)'}` }), input,
      errorNote(`${input.id}-error`)];
  }));
  $('a-documents').replaceChildren(...procedure.documents.filter((d) => d.kind !== 'present' || !d.reusable_from).map(documentItem));
  $('a-progress').textContent = 'Bước 1 trên 4';
}

main();
