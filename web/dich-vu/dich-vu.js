// Following a dossier: its status and history in plain words, supplying
// missing papers when asked, the electronic result and its verification,
// the fee, and the rating after return.
'use strict';

let looked = null; // the dossier looked up

// What happened, as the applicant would say it.
const PLAIN = {
  submit: 'Bạn đã nộp hồ sơ trực tuyến', receive: 'Đã tiếp nhận hồ sơ', accept: 'Đã tiếp nhận hồ sơ',
  not_receive: 'Không tiếp nhận hồ sơ', claim: 'Cán bộ bắt đầu giải quyết', forward: 'Chuyển bước giải quyết tiếp theo',
  approve: 'Lãnh đạo đã phê duyệt', send_back: 'Đang giải quyết lại', transfer: 'Chuyển cơ quan khác giải quyết',
  request_supplement: 'Cần bổ sung giấy tờ', supply: 'Đã nhận giấy tờ bổ sung', request_payment: 'Cần nộp phí, lệ phí',
  confirm_payment: 'Đã nhận phí, lệ phí', refuse: 'Từ chối giải quyết', withdraw: 'Đã rút hồ sơ', stop: 'Dừng giải quyết',
  issue_result: 'Đã có kết quả', return: 'Đã trả kết quả', propose_apology: 'Đang xem xét hẹn lại ngày trả kết quả',
  approve_apology: 'Xin lỗi và hẹn lại ngày trả kết quả',
};

function eventText(ev) {
  const what = PLAIN[ev.action] || ev.status_title;
  const where = ev.unit && ['forward', 'claim', 'transfer', 'receive', 'accept'].includes(ev.action) ? ` tại ${ev.unit}` : '';
  return `${vnDateTime(ev.at)} — ${what}${where}${ev.note ? `: ${ev.note}` : ''}`;
}

function facts(list) {
  return list.filter(([, v]) => v).flatMap(([t, v]) => [element('dt', { textContent: t }), element('dd', { textContent: v })]);
}

function showSupply() {
  const asked = [...(looked.events || [])].reverse().find((e) => e.action === 'request_supplement');
  $('supply-form').hidden = !(looked.verified && looked.status === 5);
  if ($('supply-form').hidden) return;
  $('supply-note').textContent = asked?.note ? `Cán bộ yêu cầu: ${asked.note}` : 'Cán bộ yêu cầu bổ sung giấy tờ.';
  $('supply-documents').replaceChildren(...(looked.documents || []).map((d) => {
    const [label, input, note] = fileField(`sd-${d.id}`, `${d.name}${d.state === 'missing' ? ' (chưa có)' : ''}`);
    input.dataset.id = d.id;
    return element('li', {}, label, input, note);
  }));
  $('supply-upload').hidden = true;
}

async function showRating() {
  $('rate-form').hidden = !(looked.verified && looked.status === 10 && !looked.rated);
  if ($('rate-form').hidden) return;
  const criteria = await getJson('/api/v1/public/rating-criteria');
  $('rate-criteria').replaceChildren(...(criteria.data.items || []).map((c) => element('fieldset', {}, element('legend', { textContent: c.text }),
    ...[[2, 'Tốt'], [1, 'Bình thường'], [0, 'Chưa tốt']].map(([v, t]) => element('label', {},
      element('input', { type: 'radio', name: `c-${c.code}`, value: v, required: true }), ` ${t}`)))));
}

async function lookup() {
  const code = $('lk-code').value.trim();
  const phone = $('lk-phone').value.trim();
  const r = await getJson(`/api/v1/public/dossiers/${encodeURIComponent(code)}${phone ? `?phone=${encodeURIComponent(phone)}` : ''}`);
  if (r.status !== 200) {
    say(errorText(r));
    looked = null;
    for (const id of ['lk-result', 'supply-form', 'rate-form']) $(id).hidden = true;
    return;
  }
  looked = r.data;
  say(phone && !looked.verified ? 'Bốn số cuối điện thoại không khớp; chỉ hiện thông tin chung.' : '');
  document.title = `Hồ sơ ${looked.code} — Cổng dịch vụ công của xã`;
  const ended = [3, 7, 8, 10].includes(looked.status);
  $('lk-status').textContent = `${looked.status_title}${looked.current_step && !ended ? ` · ${looked.current_step}` : ''}${looked.waiting_at && !ended ? ` tại ${looked.waiting_at}` : ''}`;
  $('lk-facts').replaceChildren(...facts([['Mã hồ sơ', looked.code], ['Thủ tục', looked.procedure.name],
    ['Người nộp', looked.applicant ? looked.applicant.full_name : looked.applicant_name],
    ['Ngày tiếp nhận', vnDateTime(looked.received_at) || 'chưa tiếp nhận'], ['Hẹn trả kết quả', vnDateTime(looked.due_at)],
    ['Nơi tiếp nhận', looked.receiving_unit.name]]));
  $('lk-events').replaceChildren(...(looked.events || []).map((ev) => element('li', { textContent: eventText(ev) })));
  if (!looked.events) $('lk-events').replaceChildren(element('li', { textContent: 'Nhập bốn số cuối điện thoại để xem quá trình giải quyết.' }));
  const pay = looked.payment;
  $('lk-pay').hidden = !(pay && pay.vietqr);
  if (pay && pay.vietqr) {
    $('lk-pay-text').textContent = `Còn phải nộp: ${money(pay.due)}. Quét mã bằng ứng dụng ngân hàng; nội dung chuyển khoản là mã hồ sơ.`;
    $('lk-pay-qr').src = `/api/v1/public/dossiers/${encodeURIComponent(looked.code)}/vietqr.svg`;
  }
  $('lk-result-links').hidden = !(looked.verified && looked.result_electronic && looked.status >= 9);
  $('lk-result-file').href = `/api/v1/public/dossiers/${encodeURIComponent(looked.code)}/result?phone=${encodeURIComponent(phone)}`;
  $('lk-verify').href = `/xac-thuc/?ma=${encodeURIComponent(looked.code)}`;
  $('lk-result').hidden = false;
  showSupply();
  await showRating();
  $('lk-status').focus();
}

$('lookup-form').addEventListener('submit', (e) => { e.preventDefault(); lookup(); });

$('supply-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!looked) { say('Tra cứu hồ sơ trước khi bổ sung giấy tờ.'); return; }
  const form = new FormData();
  form.append('data', JSON.stringify({ action: 'supply', version: looked.version, phone_last4: $('lk-phone').value.trim(), note: $('supply-text').value.trim() || undefined }));
  let count = 0;
  for (const input of document.querySelectorAll('#supply-documents input'))
    if (input.files[0]) { form.append(`file:${input.dataset.id}`, input.files[0], input.files[0].name); count++; }
  if (!count) { say('Chọn ít nhất một giấy tờ để bổ sung.'); return; }
  const button = e.submitter || $('supply-form').querySelector('button[type=submit]');
  button.disabled = true;
  say('Đang gửi giấy tờ bổ sung…', true);
  const r = await sendForm(`/api/v1/public/dossiers/${encodeURIComponent(looked.code)}/actions`, form, $('supply-upload'));
  button.disabled = false;
  if (r.status === 0) { $('supply-upload').hidden = true; say('Mất kết nối khi gửi; vui lòng thử lại.'); return; }
  if (r.status < 200 || r.status >= 300) {
    $('supply-upload').hidden = true;
    const paper = /^file:(\d+)$/.exec(r.data?.error?.field || '');
    if (paper && $(`sd-${paper[1]}`)) { fileFieldError($(`sd-${paper[1]}`), errorText(r)); $(`sd-${paper[1]}`).focus(); }
    say(errorText(r));
    return;
  }
  await lookup();
  say('Đã gửi giấy tờ bổ sung. Thời hạn giải quyết được tính tiếp.', true);
});

$('rate-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!looked) { say('Tra cứu hồ sơ trước khi đánh giá.'); return; }
  const scores = {};
  for (const input of document.querySelectorAll('#rate-criteria input:checked')) scores[input.name.slice(2)] = Number(input.value);
  const overall = document.querySelector('input[name=overall]:checked')?.value;
  let r;
  try {
    const res = await fetch(`/api/v1/public/dossiers/${encodeURIComponent(looked.code)}/rating`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ phone_last4: $('lk-phone').value.trim(), overall, scores, comment: $('rate-comment').value.trim() }),
    });
    r = { status: res.status, data: await res.json().catch(() => ({})) };
  } catch {
    r = { status: 0, data: {} };
  }
  if (r.status !== 201) { say(errorText(r)); return; }
  say('Cảm ơn bạn đã đánh giá.', true);
  $('rate-form').hidden = true;
});

// A receipt's QR code links here with ?ma=CODE: the lookup is filled in.
if (param('ma')) {
  $('lk-code').value = param('ma');
  $('lk-phone').focus();
  lookup();
}
