// Public monthly figures: received, online, on time, late; and the QĐ 766
// service index of the year and of each month. No personal data.
'use strict';

const share = (part, whole) => (whole ? `${Math.round((100 * part) / whole)}%` : '—');
const points = (n) => Number(n).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
const cell = (text) => element('td', { textContent: text });

// The year's index: its score out of 100, and the six groups.
function showIndex(year, r) {
  const box = $('index-groups-box');
  if (r.status !== 200) {
    box.hidden = true;
    $('index').textContent = r.status === 404 || r.status === 422
      ? `Chưa có Chỉ số phục vụ người dân, doanh nghiệp của năm ${year}.`
      : `Không tải được Chỉ số phục vụ người dân, doanh nghiệp: ${errorText(r)}`;
    return;
  }
  const x = r.data;
  if (x.score === null || x.score === undefined) {
    $('index').textContent = `Năm ${year} chưa có hồ sơ để tính chỉ số.`;
  } else {
    $('index').textContent = `Năm ${year}: ${points(x.score)}/100 điểm, tính trên ${x.dossiers} hồ sơ${x.complete ? '.' : ' (chưa gồm phần chấm từ Cơ sở dữ liệu quốc gia, nên điểm còn có thể thay đổi).'}`;
  }
  const groups = x.groups || [];
  box.hidden = groups.length === 0;
  $('index-groups').tBodies[0].replaceChildren(...groups.map((g) => element('tr', {},
    element('th', { scope: 'row', textContent: g.title }), cell(points(g.points)),
    cell(g.score === null || g.score === undefined ? '—' : points(g.score)))));
}

async function show(year) {
  const [r, index] = await Promise.all([getJson(`/api/v1/public/statistics?year=${year}`), getJson(`/api/v1/public/service-index?year=${year}`)]);
  if (r.status !== 200) { say(errorText(r)); return; }
  say('');
  const t = r.data.total;
  const finished = t.on_time + t.late;
  $('summary').textContent = `Năm ${year}: tiếp nhận ${t.received} hồ sơ, ${share(t.online, t.received)} nộp trực tuyến; đã giải quyết ${finished}, trong đó đúng hạn ${share(t.on_time, finished)}.`;
  const monthly = new Map(index.status === 200 ? (index.data.months || []).map((m) => [m.month, m.score]) : []);
  $('stats').tBodies[0].replaceChildren(...r.data.months.map((m) => {
    const score = monthly.get(m.month);
    return element('tr', {},
      element('th', { scope: 'row', textContent: `Tháng ${m.month}` }), cell(String(m.received)),
      cell(`${m.online} (${share(m.online, m.received)})`), cell(String(m.on_time)),
      cell(String(m.late)), cell(String(m.in_progress)), cell(score === null || score === undefined ? '—' : points(score)));
  }));
  showIndex(year, index);
}

$('year-form').addEventListener('submit', (e) => { e.preventDefault(); show(Number($('year').value)); });
$('year').value = new Date().getFullYear();
show($('year').value);
