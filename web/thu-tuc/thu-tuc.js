// One procedure, everything a citizen needs before coming or applying.
'use strict';

const PARTS = [['steps', 'Trình tự thực hiện'], ['channels', 'Cách thức thực hiện'], ['applicants', 'Đối tượng thực hiện'],
  ['agency', 'Cơ quan thực hiện'], ['result', 'Kết quả thực hiện'], ['conditions', 'Yêu cầu, điều kiện']];
const CHANNELS = { counter: 'Trực tiếp', online: 'Trực tuyến', post: 'Bưu chính công ích' };

function feeText(p) {
  if (p.fees?.length) return p.fees.map((f) => `${f.description}: ${f.amount ? money(f.amount) : 'miễn'}${f.exempt ? ` (miễn cho: ${f.exempt})` : ''}`).join('; ');
  const raw = [...new Set((p.channels || []).map((c) => c.fee_raw).filter(Boolean))];
  return raw.join('; ') || 'Không thu';
}

async function main() {
  const code = param('ma');
  const r = await getJson(`/api/v1/procedures/${encodeURIComponent(code || '')}`);
  if (r.status !== 200) { say(r.status === 404 ? 'Không có thủ tục này.' : errorText(r)); return; }
  const p = r.data;
  document.title = `${p.name} — Cổng dịch vụ công của xã`;
  $('p-name').textContent = p.name;
  $('p-meta').textContent = `Mã ${p.code} · Lĩnh vực ${p.field} · ${p.level}`;
  const online = p.online_level !== 'none' && p.accepts_dossiers;
  $('p-apply').hidden = !online;
  $('p-apply').href = `/nop-ho-so/?ma=${encodeURIComponent(p.code)}`;
  $('p-offline').hidden = online;
  const ways = [...new Set((p.channels || []).map((c) => CHANNELS[c.channel] || c.channel))].join(', ');
  const facts = [['Thời hạn giải quyết', p.time?.text], ['Phí, lệ phí', feeText(p)], ['Cách nộp', ways],
    ['Nộp trực tuyến', p.online_level === 'full' ? 'Toàn trình' : p.online_level === 'partial' ? 'Một phần' : 'Không'],
    ['Kết quả', p.result_name]];
  $('p-facts').replaceChildren(...facts.filter(([, v]) => v).flatMap(([t, v]) => [element('dt', { textContent: t }), element('dd', { textContent: v })]));
  $('p-documents').replaceChildren(...p.documents.map((d) => {
    const li = element('li', { textContent: `${d.name}${d.originals ? ` — ${d.originals} bản chính` : ''}${d.copies ? `, ${d.copies} bản sao` : ''}${d.reusable_from ? ' (không phải nộp nếu dữ liệu đã có)' : ''}` });
    if (d.form_file) li.append(' ', element('a', { href: `/api/v1/procedures/${encodeURIComponent(p.code)}/documents/${d.id}/form`, textContent: `Tải mẫu đơn${d.form_file_name ? ` (${d.form_file_name})` : ''}` }));
    return li;
  }));
  $('p-public').replaceChildren(...PARTS.filter(([k]) => p.public?.[k]).flatMap(([k, title]) => [
    element('h2', { textContent: title }), ...String(p.public[k]).split('\n').filter((l) => l.trim()).map((l) => element('p', { textContent: l.trim() }))]));
  $('p-legal').replaceChildren(...(p.legal_basis || []).map((l) => element('li', { textContent: l })));
}

main();
