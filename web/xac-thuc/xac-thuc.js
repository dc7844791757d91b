// Checks a signed result: who signed, when, which file; and, when a file is
// chosen, whether the signature holds for it. Text only. Opened from the QR
// code of a signed văn bản đi (?vb=ID&so=NUMBER&ngay=DATE) it checks that
// document instead.
'use strict';

const $ = (id) => document.getElementById(id);

function row(term, value) {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = value;
  return [dt, dd];
}

async function check() {
  const code = $('v-code').value.trim();
  const file = $('v-file').files[0];
  const res = await fetch(`/verify/${encodeURIComponent(code)}`, file
    ? { method: 'POST', body: file }
    : { headers: { Accept: 'application/json' } });
  const v = await res.json().catch(() => ({}));
  if (!res.ok) { $('message').textContent = v.error?.message || 'Không kiểm tra được.'; $('v-result').hidden = true; return; }
  $('message').textContent = '';
  const valid = file ? v.valid_for_presented : v.valid_for_stored;
  $('v-result').replaceChildren(
    ...row('Kết luận', valid ? 'Chữ ký hợp lệ với tệp kết quả.' : 'CHỮ KÝ KHÔNG KHỚP với tệp này.'),
    ...row('Người ký', `${v.signer.name}${v.signer.position ? `, ${v.signer.position}` : ''} — ${v.signer.unit}`),
    ...row('Thời điểm ký', new Date(v.signed_at).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })),
    ...row('Mã băm SHA-256 của tệp', v.file_sha256),
    ...row('Khóa ký', v.key.revoked_at ? `Đã thu hồi lúc ${new Date(v.key.revoked_at).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}: ${v.key.revoked_reason}` : 'Đang hiệu lực'));
  $('v-result').hidden = false;
}

const params = new URLSearchParams(location.search);
const local = (t) => new Date(t).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });

async function checkDocument() {
  const file = $('v-file').files[0];
  const q = new URLSearchParams({ vb: params.get('vb'), so: params.get('so') || '', ngay: params.get('ngay') || '' });
  const res = await fetch(`/api/v1/public/documents/verify?${q}`, file ? { method: 'POST', body: file } : {});
  const v = await res.json().catch(() => ({}));
  if (!res.ok) { $('message').textContent = v.error?.message || 'Không kiểm tra được.'; $('v-result').hidden = true; return; }
  $('message').textContent = '';
  const valid = file ? v.valid_for_presented : v.valid_for_stored;
  const d = v.document;
  $('v-result').replaceChildren(
    ...row('Kết luận', valid ? 'Chữ ký số hợp lệ với tệp văn bản.' : 'CHỮ KÝ KHÔNG KHỚP với tệp này.'),
    ...row('Số, ký hiệu', d.number),
    ...row('Ngày ban hành', d.issued_date.split('-').reverse().join('/')),
    ...row('Cơ quan ban hành', d.organ_name),
    ...row('Loại, trích yếu', `${d.type_name}: ${d.subject}`),
    ...row('Người ký', `${v.signer.name}${v.signer.position ? `, ${v.signer.position}` : ''}`),
    ...row('Thời điểm ký', local(v.signed_at)),
    ...row('Khóa ký', v.key.revoked_at ? `Đã thu hồi lúc ${local(v.key.revoked_at)}: ${v.key.revoked_reason}` : `Số ${v.key.id}, đang hiệu lực`));
  $('v-result').hidden = false;
}

if (params.get('vb')) {
  document.querySelector('header h1').textContent = 'Xác thực văn bản đã ký số';
  $('v-code').closest('form').querySelector('label[for="v-code"]').textContent = 'Số, ký hiệu văn bản';
  $('v-code').value = params.get('so') || '';
  $('v-code').readOnly = true;
  $('verify-form').addEventListener('submit', (e) => { e.preventDefault(); checkDocument(); });
  checkDocument();
} else {
  $('verify-form').addEventListener('submit', (e) => { e.preventDefault(); check(); });
  const code = params.get('ma');
  if (code) { $('v-code').value = code; check(); }
}
