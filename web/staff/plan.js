// The commune's plan: the board (late tasks first, filters), one task with
// its history and a progress update with evidence, and the indicators with
// target against actual. Uses $, api, say, show, errorText, csrf from
// staff.js and element from catalog.js. Text only.
'use strict';

const TASK_STATES = {
  not_started: 'Chưa thực hiện', on_time: 'Đang thực hiện, trong hạn', late: 'Đang thực hiện, quá hạn',
  done_on_time: 'Hoàn thành đúng hạn', done_late: 'Hoàn thành quá hạn',
};
let planId = null;

async function openPlans() {
  show('plans');
  const r = await api('GET', '/api/v1/plans');
  if (r.status !== 200) { say(errorText(r)); return; }
  $('pl-list').replaceChildren(...r.data.items.map((p) => element('li', {},
    element('a', { href: `#plan/${p.id}`, textContent: `${p.title} (${p.tasks} nhiệm vụ, ${p.indicators} chỉ tiêu)` }))));
  $('pl-empty').hidden = r.data.items.length > 0;
}

function boardQuery() {
  const q = new URLSearchParams();
  for (const [id, key] of [['pb-unit', 'unit'], ['pb-quarter', 'quarter'], ['pb-status', 'status']])
    if ($(id).value) q.set(key, $(id).value);
  return q.toString() ? `?${q}` : '';
}

async function openPlan(id) {
  planId = id;
  show('plan');
  if ($('pb-unit').options.length <= 1) {
    const units = await api('GET', '/api/v1/units');
    $('pb-unit').append(...(units.data.items || []).map((u) => element('option', { value: u.agency_code, textContent: u.name })));
  }
  const r = await api('GET', `/api/v1/plans/${id}${boardQuery()}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  const p = r.data;
  $('pb-title').textContent = p.title;
  $('pb-summary').textContent = `Năm ${p.year} · tiến độ chung ${Math.round(p.progress)}% · ${p.tasks.length} nhiệm vụ đang hiện`;
  $('pb-tasks').tBodies[0].replaceChildren(...p.tasks.map((t) => {
    const tr = element('tr', { className: t.status === 'late' ? 'overdue' : '' });
    tr.append(element('td', { textContent: t.number }),
      element('td', {}, element('a', { href: `#task/${id}/${t.id}`, textContent: t.name })),
      element('td', { textContent: t.period }), element('td', { textContent: t.lead_text }),
      element('td', { textContent: `${t.progress}%` }), element('td', { textContent: t.status_title }));
    return tr;
  }));
  $('pb-indicators').tBodies[0].replaceChildren(...p.indicators.map((i) => {
    const target = i.target === null ? '—' : `${i.comparator === '<=' ? '≤' : i.comparator === '=' ? '=' : '≥'} ${i.target}${i.unit_of_measure}`;
    const a = i.actual;
    const actual = !a ? 'Báo cáo định kỳ' : a.value === null ? `Chưa có dữ liệu (${a.formula})`
      : `${a.value.toFixed(1)}% = ${a.numerator}/${a.denominator} (${a.formula})${a.met === undefined ? '' : a.met ? ' — đạt' : ' — chưa đạt'}`;
    return element('tr', {}, element('td', { textContent: i.number }),
      element('td', {}, element('a', { href: `#indicator/${id}/${i.id}`, textContent: i.name })),
      element('td', { textContent: target }), element('td', { textContent: actual }));
  }));
  $('pb-export').href = `/api/v1/plans/${id}/export?what=tasks`;
  $('pb-export-xlsx').href = `/api/v1/plans/${id}/export?what=tasks&format=xlsx`;
}

for (const id of ['pb-unit', 'pb-quarter', 'pb-status']) $(id).addEventListener('change', () => openPlan(planId));

async function openTask(plan, task) {
  planId = plan;
  show('task');
  const r = await api('GET', `/api/v1/plans/${plan}/tasks/${task}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  const t = r.data;
  $('tk-title').textContent = `Nhiệm vụ ${t.number}: ${t.name}`;
  $('tk-status').textContent = `${t.status_title} · ${t.progress}%`;
  $('tk-facts').replaceChildren(...[['Kết quả cần đạt', t.expected_result], ['Thời gian', `${t.period} (đến ${t.due_day.split('-').reverse().join('/')})`],
    ['Chủ trì', t.lead_text], ['Phối hợp', t.coordinating_text], ['Kinh phí', t.budget_million === null ? '' : `${t.budget_million} triệu đồng`],
    ['Nguồn', t.funding_source]].filter(([, v]) => v).flatMap(([k, v]) => [element('dt', { textContent: k }), element('dd', { textContent: v })]));
  $('tk-history').replaceChildren(...t.history.map((h) => element('li', {
    textContent: `${h.day.split('-').reverse().join('/')} · ${h.progress}% · ${h.actor}: ${h.note}${h.files.length ? ` (minh chứng: ${h.files.map((f) => f.name).join(', ')})` : ''}`,
  })));
  $('tk-empty').hidden = t.history.length > 0;
  $('tk-progress').value = t.progress;
  $('tk-back').href = `#plan/${plan}`;
  $('task-form').dataset.task = task;
}

$('task-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = new FormData();
  const data = { progress: Number($('tk-progress').value), note: $('tk-note').value.trim() };
  if ($('tk-day').value) data.day = $('tk-day').value;
  form.append('data', JSON.stringify(data));
  for (const f of $('tk-files').files) form.append('file', f, f.name);
  const res = await fetch(`/api/v1/plans/${planId}/tasks/${e.target.dataset.task}/progress`, { method: 'POST', body: form, headers: { 'X-CSRF-Token': csrf } });
  const body = await res.json().catch(() => ({}));
  if (res.status !== 200) { say(errorText({ data: body })); return; }
  say(`Đã cập nhật tiến độ: ${body.status_title}.`, true);
  e.target.reset();
  await openTask(planId, e.target.dataset.task);
});

// --- the service-quality index (QĐ 766) ------------------------------------------

async function openIndex() {
  show('index');
  if (!$('si-period').value) $('si-period').value = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 7);
  const period = encodeURIComponent($('si-period').value.trim());
  const r = await api('GET', `/api/v1/service-index?period=${period}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  const idx = r.data;
  $('si-total').textContent = `${idx.score.toFixed(2)} / 100 điểm · ${idx.dossiers} hồ sơ${idx.complete ? '' : ' · chưa nhập đủ phần chấm từ Cơ sở dữ liệu quốc gia'}`;
  $('si-groups').replaceChildren(...idx.groups.map((g) => {
    const rows = g.metrics.map((m) => {
      const drill = element('button', { type: 'button', className: 'secondary', textContent: `${m.numerator}/${m.denominator}` });
      drill.setAttribute('aria-label', `Xem hồ sơ của chỉ số ${m.title}`);
      drill.addEventListener('click', () => showDrill(m, period));
      return element('tr', {}, element('td', { textContent: m.title }), element('td', {}, drill),
        element('td', { textContent: `${m.score.toFixed(2)} / ${m.points}` }), element('td', { textContent: m.formula }));
    });
    if (g.input) rows.push(element('tr', {}, element('td', { textContent: g.input.title }), element('td', { textContent: g.input.source || '' }),
      element('td', { textContent: `${g.input.score === null ? 'chưa nhập' : g.input.score.toFixed(2)} / ${g.input.points}` }), element('td', { textContent: '' })));
    return element('section', {}, element('h3', { textContent: `${g.title}: ${g.score.toFixed(2)} / ${g.points}` }),
      element('table', {}, element('thead', {}, element('tr', {}, ...['Chỉ số', 'Tử số / mẫu số', 'Điểm', 'Công thức'].map((h) => element('th', { scope: 'col', textContent: h })))),
        element('tbody', {}, ...rows)));
  }));
  $('si-drill').replaceChildren();
}

async function showDrill(m, period) {
  const r = await api('GET', `/api/v1/service-index/dossiers?period=${period}&metric=${m.code}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  $('si-drill').replaceChildren(element('h3', { textContent: `Hồ sơ đạt chỉ số „${m.title}“ (${r.data.codes.length})` }),
    element('ul', {}, ...r.data.codes.map((c) => element('li', {}, element('a', { href: `#dossier/${encodeURIComponent(c)}`, textContent: c })))));
}

$('si-form').addEventListener('submit', (e) => { e.preventDefault(); openIndex(); });

// --- importing a plan: files, then the unit names to confirm ------------------------

let importBody = null;

async function readFile(input) {
  return input.files[0] ? input.files[0].text() : undefined;
}

function unitChoices(u, units) {
  // Each unmatched text: the suggested units ticked, and "outside the tree".
  const box = element('fieldset', {}, element('legend', { textContent: `„${u.text}“ nghĩa là` }));
  for (const unit of units) {
    const input = element('input', { type: 'checkbox', value: unit.agency_code, checked: u.suggestions.includes(unit.agency_code) });
    box.append(element('label', {}, input, ` ${unit.name}`));
  }
  const outside = element('input', { type: 'checkbox', value: 'external', checked: u.suggestions.length === 0 });
  box.append(element('label', {}, outside, ' Đơn vị, tổ chức ngoài cây đơn vị (giữ nguyên tên)'));
  box.dataset.text = u.text;
  return box;
}

async function tryImport(dryRun) {
  const units = {};
  for (const box of document.querySelectorAll('#pi-units fieldset'))
    units[box.dataset.text] = [...box.querySelectorAll('input:checked')].map((i) => i.value);
  const r = await api('POST', '/api/v1/plans/import', { ...importBody, units, dry_run: dryRun });
  return r;
}

$('import-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  importBody = { tasks_csv: await readFile($('pi-tasks')), indicators_csv: await readFile($('pi-indicators')), title: $('pi-title').value.trim() || undefined };
  $('pi-units').replaceChildren();
  const r = await tryImport(true);
  if (r.status === 200) { $('pi-confirm').hidden = false; $('pi-report').textContent = `Đọc được ${r.data.tasks} nhiệm vụ, ${r.data.indicators} chỉ tiêu; mọi tên đơn vị đã khớp.`; return; }
  const err = r.data.error || {};
  if (err.code === 'invalid_rows') {
    $('pi-report').textContent = 'Chưa nhập: ' + err.problems.map((p) => `${p.file === 'tasks' ? 'nhiệm vụ' : 'chỉ tiêu'} dòng ${p.line}, ${p.field}: ${p.message}`).join(' · ');
    return;
  }
  if (err.code === 'units_unconfirmed') {
    const units = (await api('GET', '/api/v1/units')).data.items || [];
    $('pi-report').textContent = `Đọc được ${err.tasks} nhiệm vụ, ${err.indicators} chỉ tiêu. ${err.unmatched.length} tên đơn vị chưa khớp: xác nhận từng tên rồi bấm „Nhập kế hoạch“.`;
    $('pi-units').replaceChildren(...err.unmatched.map((u) => unitChoices(u, units)));
    $('pi-confirm').hidden = false;
    return;
  }
  say(errorText(r));
});

$('pi-confirm').addEventListener('click', async () => {
  const r = await tryImport(false);
  if (r.status !== 201) { say(errorText(r)); return; }
  say(`Đã nhập kế hoạch: ${r.data.tasks} nhiệm vụ, ${r.data.indicators} chỉ tiêu.`, true);
  location.hash = `#plan/${r.data.plan_id}`;
});

// --- one indicator: target against actual, and its trend ---------------------------

async function openIndicator(plan, id) {
  planId = plan;
  show('indicator');
  const r = await api('GET', `/api/v1/plans/${plan}/indicators/${id}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  const i = r.data;
  $('in-title').textContent = `Chỉ tiêu ${i.number}: ${i.name}`;
  const sign = i.comparator === '<=' ? '≤' : i.comparator === '=' ? '=' : '≥';
  $('in-target').textContent = `Mục tiêu: ${i.target === null ? 'không ghi số' : `${sign} ${i.target}${i.unit_of_measure}`} · ${i.kind === 'computed' ? `tính từ dữ liệu: ${i.actual?.formula || ''}` : 'báo cáo định kỳ, lãnh đạo duyệt'}`;
  $('in-trend').tBodies[0].replaceChildren(...i.trend.map((t) => element('tr', {},
    element('td', { textContent: t.period }),
    element('td', { textContent: t.value === null ? 'chưa có dữ liệu' : `${Number(t.value).toFixed(1)}${i.kind === 'computed' ? `% (${t.numerator}/${t.denominator})` : ''}` }),
    element('td', { textContent: i.kind === 'computed' ? '' : `${t.source}${t.reviewed_by ? ' · đã duyệt' : ' · chờ duyệt'}` }))));
  $('in-back').href = `#plan/${plan}`;
}
