// Public monthly figures: received, online, on time, late. No personal data.
'use strict';

const share = (part, whole) => (whole ? `${Math.round((100 * part) / whole)}%` : '—');

async function show(year) {
  const r = await getJson(`/api/v1/public/statistics?year=${year}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  say('');
  const t = r.data.total;
  const finished = t.on_time + t.late;
  $('summary').textContent = `Năm ${year}: tiếp nhận ${t.received} hồ sơ, ${share(t.online, t.received)} nộp trực tuyến; đã giải quyết ${finished}, trong đó đúng hạn ${share(t.on_time, finished)}.`;
  $('stats').tBodies[0].replaceChildren(...r.data.months.map((m) => element('tr', {},
    element('th', { scope: 'row', textContent: `Tháng ${m.month}` }), element('td', { textContent: String(m.received) }),
    element('td', { textContent: `${m.online} (${share(m.online, m.received)})` }), element('td', { textContent: String(m.on_time) }),
    element('td', { textContent: String(m.late) }), element('td', { textContent: String(m.in_progress) }))));
  $('index').textContent = r.data.service_index === null
    ? 'Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766) sẽ được công bố khi hệ thống tính từ dữ liệu.'
    : `Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766): ${r.data.service_index} điểm.`;
}

$('year-form').addEventListener('submit', (e) => { e.preventDefault(); show(Number($('year').value)); });
$('year').value = new Date().getFullYear();
show($('year').value);
