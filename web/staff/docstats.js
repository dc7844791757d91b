// The document figures on a leader's home page: this year's incoming and
// outgoing documents of the leader's unit, as GET /api/v1/documents/stats
// gives them (confidential ones counted, never named). Uses $, api from
// staff.js and element from catalog.js.
'use strict';

const percent = (v) => (v === null ? 'chưa có' : `${v.toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`);

function figureRow(label, value) {
  return element('tr', {}, element('th', { scope: 'row', textContent: label }), element('td', { textContent: String(value) }));
}

async function loadDocumentFigures() {
  const box = $('doc-figures');
  const r = await api('GET', '/api/v1/documents/stats');
  if (r.status !== 200) { box.hidden = true; return; }
  const { incoming: i, outgoing: o, year } = r.data;
  $('doc-figures-title').textContent = `Văn bản đi, đến năm ${year}`;
  const rows = [
    figureRow('Văn bản đến đã vào sổ', i.received),
    figureRow('— nhận điện tử (trực tiếp hoặc qua trục liên thông)', `${i.electronic} (${percent(i.electronic_rate)})`),
    figureRow('— đã giải quyết đúng hạn', i.done_on_time),
    figureRow('— đã giải quyết trễ hạn', i.done_late),
    figureRow('— đang giải quyết, quá hạn', i.open_overdue),
    figureRow('— đang giải quyết, trong hạn', i.open_in_time),
    figureRow('Văn bản đi đã phát hành', o.issued),
    figureRow('— ký số và gửi điện tử', `${o.electronic} (${percent(o.electronic_rate)})`),
    figureRow('— đã ký, chờ phát hành', o.awaiting_issue),
  ];
  $('doc-figures-table').replaceChildren(element('tbody', {}, ...rows));
  const months = r.data.by_month.filter((m) => m.incoming || m.outgoing)
    .map((m) => `tháng ${m.month}: ${m.incoming} đến, ${m.outgoing} đi`);
  $('doc-figures-months').textContent = months.length ? `Theo tháng — ${months.join('; ')}.` : 'Chưa có văn bản nào trong năm.';
  $('doc-figures-secret').textContent = i.confidential + o.confidential
    ? `Đã tính cả ${i.confidential + o.confidential} văn bản mật (không liệt kê).` : '';
  box.hidden = false;
}
