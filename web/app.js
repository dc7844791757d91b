// The home page: search, the most used procedures, lookup, contact.
'use strict';

function showResults(list, items) {
  list.replaceChildren(...items.map((p) => element('li', {}, procedureLink(p),
    element('span', { className: 'meta', textContent: ` · ${p.field}${p.time_text ? ` · ${p.time_text}` : ''}${p.online_level !== 'none' ? ' · nộp trực tuyến' : ''}` }))));
}

$('find-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = await getJson(`/api/v1/procedures?limit=20&q=${encodeURIComponent($('find-q').value.trim())}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  say('');
  $('find-count').textContent = r.data.total ? `Tìm thấy ${r.data.total} thủ tục${r.data.total > 20 ? ' (hiện 20 thủ tục đầu)' : ''}.` : 'Không tìm thấy thủ tục phù hợp; thử từ khóa khác.';
  showResults($('find-results'), r.data.items);
});

function showCommune(c) {
  $('commune').textContent = c.name;
  document.title = `${c.name} — Cổng dịch vụ công`;
  const h = c.office_hours;
  const facts = [
    ['Nơi tiếp nhận hồ sơ', c.contact?.place], ['Địa chỉ', c.contact?.address], ['Điện thoại', c.contact?.phone],
    ['Thư điện tử', c.contact?.email],
    ['Giờ làm việc', h ? `Sáng ${h.morning_open}–${h.morning_close}, chiều ${h.afternoon_open}–${h.afternoon_close}, thứ Hai đến thứ Sáu (trừ ngày nghỉ lễ). Hồ sơ nhận sau ${h.cutoff} được tính từ ngày làm việc tiếp theo.` : ''],
    ['Ghi chú', c.contact?.note],
  ];
  $('contact').replaceChildren(...facts.filter(([, v]) => v).flatMap(([t, v]) => [element('dt', { textContent: t }), element('dd', { textContent: v })]));
}

async function main() {
  const [commune, popular] = await Promise.all([getJson('/api/v1/public/commune'), getJson('/api/v1/public/popular-procedures')]);
  if (commune.status === 200 && commune.data.items.length) showCommune(commune.data.items[0]);
  else $('health').textContent = 'Không tải được thông tin của xã; vui lòng thử lại sau.';
  if (popular.status === 200) showResults($('popular'), popular.data.items.map((p) => ({ ...p, time_text: '' })));
}

main();
