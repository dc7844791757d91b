// The applicant's pages: find a procedure, submit online with files, look a
// dossier up, rate the service. Text only: nothing is inserted as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
let procedure = null;
let looked = null; // the dossier looked up
const vnDateTime = (iso) => (iso ? new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' }) : '');

function say(text, ok = false) {
  $('message').textContent = text;
  $('message').className = ok ? 'ok' : '';
}

function element(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children);
  return e;
}

async function getJson(path) {
  const res = await fetch(path, { headers: { Accept: 'application/json' } });
  return { status: res.status, data: await res.json().catch(() => ({})) };
}

const errorText = (r) => r.data?.error?.message || 'Có lỗi xảy ra; vui lòng thử lại.';

$('find-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = await getJson(`/api/v1/procedures?limit=20&q=${encodeURIComponent($('find-q').value.trim())}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  $('find-results').replaceChildren(...r.data.items.map((p) => {
    const b = element('button', { type: 'button', textContent: `${p.name} (${p.code})${p.time_text ? ` · ${p.time_text}` : ''}` });
    b.addEventListener('click', () => openApply(p.code));
    return element('li', {}, b);
  }));
  if (!r.data.items.length) say('Không tìm thấy thủ tục phù hợp.');
});

async function openApply(code) {
  const r = await getJson(`/api/v1/procedures/${encodeURIComponent(code)}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  procedure = r.data;
  say('');
  $('apply-title').textContent = `Nộp hồ sơ: ${procedure.name}`;
  $('apply-info').textContent = procedure.accepts_dossiers
    ? `Thời hạn giải quyết: ${procedure.time.text}. Kết quả: ${procedure.result_name || 'theo quy định'}.`
    : 'Thủ tục này hiện chưa nhận hồ sơ trực tuyến.';
  const units = await getJson('/api/v1/units');
  $('ap-commune').replaceChildren(...(units.data.items || []).filter((u) => !u.parent_id)
    .map((u) => element('option', { value: u.agency_code, textContent: u.name })));
  const own = (procedure.form || []).filter((f) => !f.prefill && f.type !== 'file');
  $('ap-fields').replaceChildren(...own.flatMap((f) => {
    const input = element('input', { id: `ff-${f.key}`, required: !!f.required, className: 'ff', type: f.type === 'date' ? 'date' : f.type === 'number' ? 'number' : 'text' });
    input.dataset.key = f.key;
    return [element('label', { htmlFor: input.id, textContent: f.label }), input];
  }));
  $('ap-documents').replaceChildren(...procedure.documents.map((d) => {
    const input = element('input', { type: 'file', accept: '.pdf,.jpg,.jpeg,.png', id: `doc-${d.id}` });
    input.dataset.id = d.id;
    return element('li', {}, element('label', { htmlFor: input.id, textContent: d.name }), input);
  }));
  $('find').hidden = true;
  $('apply').hidden = false;
  $('sent').hidden = true;
  $('apply-title').focus();
}

$('apply-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  // One key per submission: a retry after a lost answer never makes a second dossier.
  const key = sessionStorage.getItem('submission-key') || crypto.randomUUID();
  sessionStorage.setItem('submission-key', key);
  const data = {
    procedure: procedure.code, competent_unit: $('ap-commune').value,
    applicant: { cccd: $('ap-cccd').value.trim(), full_name: $('ap-name').value.trim(), phone: $('ap-phone').value.trim() },
    form: Object.fromEntries([...document.querySelectorAll('.ff')].filter((i) => i.value !== '').map((i) => [i.dataset.key, i.type === 'number' ? Number(i.value) : i.value])),
  };
  if ($('ap-address').value.trim()) data.applicant.address = $('ap-address').value.trim();
  const form = new FormData();
  form.append('data', JSON.stringify(data));
  for (const input of document.querySelectorAll('#ap-documents input[type=file]'))
    if (input.files[0]) form.append(`file:${input.dataset.id}`, input.files[0], input.files[0].name);
  let res;
  try {
    res = await fetch('/api/v1/public/dossiers', { method: 'POST', body: form, headers: { 'Idempotency-Key': key } });
  } catch {
    say('Mất kết nối khi gửi. Bấm "Gửi hồ sơ" lần nữa: hồ sơ sẽ không bị gửi trùng.');
    return;
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) { say(errorText({ data: body })); return; }
  sessionStorage.removeItem('submission-key');
  say('Đã gửi hồ sơ.', true);
  $('sent-code').textContent = body.code;
  $('lk-code').value = body.code;
  $('apply').hidden = true;
  $('sent').hidden = false;
});

// --- lookup and rating --------------------------------------------------------------

async function lookup() {
  const code = $('lk-code').value.trim();
  const phone = $('lk-phone').value.trim();
  const r = await getJson(`/api/v1/public/dossiers/${encodeURIComponent(code)}${phone ? `?phone=${encodeURIComponent(phone)}` : ''}`);
  if (r.status !== 200) { say(errorText(r)); $('lk-result').hidden = true; return; }
  looked = r.data;
  say('');
  const ended = [3, 7, 8, 10].includes(looked.status);
  $('lk-status').textContent = `${looked.status_title}${looked.current_step && !ended ? ` · ${looked.current_step}` : ''}`;
  const facts = [['Thủ tục', looked.procedure.name], ['Người nộp', looked.applicant ? looked.applicant.full_name : looked.applicant_name],
    ['Ngày tiếp nhận', vnDateTime(looked.received_at) || 'chưa tiếp nhận'], ['Hẹn trả kết quả', vnDateTime(looked.due_at)],
    ['Nơi tiếp nhận', looked.receiving_unit.name]];
  $('lk-facts').replaceChildren(...facts.filter(([, v]) => v).flatMap(([t, v]) => [element('dt', { textContent: t }), element('dd', { textContent: v })]));
  $('lk-events').replaceChildren(...(looked.events || []).map((ev) => element('li', { textContent: `${vnDateTime(ev.at)} · ${ev.status_title}${ev.unit ? ` · ${ev.unit}` : ''}` })));
  $('lk-result').hidden = false;
  const pay = looked.payment;
  $('lk-pay').hidden = !(pay && pay.vietqr);
  if (pay && pay.vietqr) {
    $('lk-pay-text').textContent = `Phí, lệ phí còn phải nộp: ${pay.due.toLocaleString('vi-VN')} đồng. Quét mã bằng ứng dụng ngân hàng; nội dung chuyển khoản là mã hồ sơ.`;
    $('lk-pay-qr').src = `/api/v1/public/dossiers/${encodeURIComponent(looked.code)}/vietqr.svg`;
  }
  const file = $('lk-result-file');
  file.hidden = !(looked.verified && looked.result_electronic && looked.status >= 9);
  file.href = `/api/v1/public/dossiers/${encodeURIComponent(looked.code)}/result?phone=${encodeURIComponent(phone)}`;
  $('rate-form').hidden = !(looked.verified && looked.status === 10);
  if (!$('rate-form').hidden) {
    const criteria = await getJson('/api/v1/public/rating-criteria');
    $('rate-criteria').replaceChildren(...criteria.data.items.map((c) => element('fieldset', {}, element('legend', { textContent: c.text }),
      ...[[2, 'Tốt'], [1, 'Bình thường'], [0, 'Chưa tốt']].map(([v, t]) => element('label', {},
        element('input', { type: 'radio', name: `c-${c.code}`, value: v, required: true }), ` ${t}`)))));
  }
}

$('lookup-form').addEventListener('submit', (e) => { e.preventDefault(); lookup(); });

$('rate-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const scores = {};
  for (const input of document.querySelectorAll('#rate-criteria input:checked')) scores[input.name.slice(2)] = Number(input.value);
  const overall = document.querySelector('input[name=overall]:checked')?.value;
  const res = await fetch(`/api/v1/public/dossiers/${encodeURIComponent(looked.code)}/rating`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ phone_last4: $('lk-phone').value.trim(), overall, scores, comment: $('rate-comment').value.trim() }),
  });
  const body = await res.json().catch(() => ({}));
  if (res.status !== 201) { say(errorText({ data: body })); return; }
  say('Cảm ơn bạn đã đánh giá.', true);
  $('rate-form').hidden = true;
});

window.addEventListener('hashchange', () => {
  if (!location.hash) { $('find').hidden = false; $('apply').hidden = true; }
});

// A receipt's QR code links here with ?ma=CODE: the lookup is filled in.
const fromReceipt = new URLSearchParams(location.search).get('ma');
if (fromReceipt) {
  $('lk-code').value = fromReceipt;
  $('lk-phone').focus();
  lookup();
}
