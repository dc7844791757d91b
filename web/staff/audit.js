// The audit log for administrators and leaders (audit.read): filters, newest
// entries first, "Xem thêm" for the next page, and whether the entries shown
// match their hashes. Uses $, api, say, show, errorText, localTime from
// staff.js and element from catalog.js.
'use strict';

let auditNext = null;

// A local day (yyyy-mm-dd) as the instant it starts in Việt Nam.
const dayStart = (day) => `${day}T00:00:00+07:00`;
function dayAfter(day) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function auditParams(before) {
  const p = new URLSearchParams();
  const fields = { actor: 'au-actor', action: 'au-action', object_type: 'au-type', object_id: 'au-id' };
  for (const [name, id] of Object.entries(fields)) if ($(id).value.trim()) p.set(name, $(id).value.trim());
  if ($('au-from').value) p.set('from', dayStart($('au-from').value));
  if ($('au-to').value) p.set('to', dayStart(dayAfter($('au-to').value)));
  if (before) p.set('before', String(before));
  return p;
}

function auditRow(e) {
  const object = e.object_id ? `${e.object_type} ${e.object_id}` : e.object_type;
  const summary = typeof e.summary === 'string' ? e.summary : JSON.stringify(e.summary);
  const tr = element('tr');
  tr.append(...[String(e.id), localTime(e.at), e.actor, e.action, object, summary === '{}' ? '' : summary]
    .map((text) => element('td', { textContent: text })));
  return tr;
}

function showChain(chain) {
  const p = $('au-chain');
  if (chain.intact) {
    p.className = '';
    p.textContent = chain.checked ? `Các mục đang hiện khớp với chuỗi mã băm (đã kiểm ${chain.checked} mục).` : '';
  } else {
    p.className = 'warning';
    p.textContent = `Cảnh báo: mục số ${chain.broken_id} không khớp với chuỗi mã băm — nhật ký có thể đã bị sửa hoặc xóa. Hãy báo quản trị hệ thống chạy "xaso verify".`;
  }
}

// "Xem thêm" pages through the search that was run, not the fields as they
// were edited since.
let auditShown = new URLSearchParams();
async function loadAudit(more) {
  const params = more ? new URLSearchParams(auditShown) : auditParams(null);
  if (!more) auditShown = new URLSearchParams(params);
  if (more) params.set('before', String(auditNext));
  const r = await api('GET', `/api/v1/audit?${params}`);
  if (r.status !== 200) { say(r.status === 403 ? 'Bạn không có quyền xem nhật ký kiểm toán.' : errorText(r)); return; }
  const body = $('au-table').tBodies[0];
  const rows = r.data.items.map(auditRow);
  if (more) body.append(...rows); else body.replaceChildren(...rows);
  auditNext = r.data.next_before;
  $('au-more').hidden = auditNext === null;
  $('au-empty').hidden = body.rows.length > 0;
  if (!more || !r.data.chain.intact) showChain(r.data.chain);
}

async function openAudit() {
  show('audit');
  say('');
  await loadAudit(false);
}

$('audit-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  if ($('au-from').value && $('au-to').value && $('au-to').value < $('au-from').value) {
    say('Ngày kết thúc phải từ ngày bắt đầu trở đi.');
    return;
  }
  say('');
  await loadAudit(false);
});

$('au-more').addEventListener('click', () => loadAudit(true));
