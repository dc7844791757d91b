// Checks a signed result: who signed, when, which file; and, when a file is
// chosen, whether the signature holds for it. Text only.
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

$('verify-form').addEventListener('submit', (e) => { e.preventDefault(); check(); });
const code = new URLSearchParams(location.search).get('ma');
if (code) { $('v-code').value = code; check(); }
