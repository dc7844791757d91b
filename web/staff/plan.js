// The commune's plan: the board (late tasks first, filters, the periodic
// reports), one task with its history, a progress update with evidence and
// its report for a period, the indicators with target against actual and the
// reported values a leader reviews, and the QĐ 766 index. Uses $, api, say,
// show, errorText, csrf, me, vnDate from staff.js and element from
// catalog.js. Text only.
'use strict';

let planId = null;

// --- shared helpers -------------------------------------------------------------------

const hasRole = (...roles) => Boolean(me?.roles.some((g) => roles.includes(g.role)));
const canManagePlan = () => hasRole('leader', 'admin'); // plan.manage and report.input
const canUpdatePlan = () => hasRole('leader', 'admin', 'specialist'); // plan.update

const VN_CLOCK = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric',
});
const vnClock = (iso) => VN_CLOCK.format(new Date(iso));
const vnDayOf = (date) => date.toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
const thisMonth = () => vnDayOf(new Date()).slice(0, 7);
const number = (n, digits = 2) => Number(n).toLocaleString('vi-VN', { maximumFractionDigits: digits });
const points = (n) => Number(n).toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function named(e, label) {
  e.setAttribute('aria-label', label);
  return e;
}

// "2026-11" → "tháng 11/2026", "2026-Q4" → "quý IV/2026", "2026" → "năm 2026".
function periodName(p) {
  if (!p) return '';
  if (p.length === 4) return `năm ${p}`;
  if (p[5] === 'Q') return `quý ${['I', 'II', 'III', 'IV'][Number(p[6]) - 1]}/${p.slice(0, 4)}`;
  return `tháng ${p.slice(5)}/${p.slice(0, 4)}`;
}

const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

// A report period: "2026-W48" → "Tuần 48/2026", "2026-11" → "Tháng 11/2026".
const reportName = (kind, p) => (kind === 'weekly' ? `Tuần ${Number(p.slice(6))}/${p.slice(0, 4)}` : `Tháng ${p.slice(5)}/${p.slice(0, 4)}`);

function evidenceLinks(plan, files) {
  return files.flatMap((f, k) => {
    const a = element('a', { href: `/api/v1/plans/${plan}/evidence/${encodeURIComponent(f.hash)}`, download: f.name, textContent: f.name });
    return k ? [', ', a] : [a];
  });
}

// A multipart body: the JSON as part "data", then the files; as api() answers.
async function postWithFiles(path, data, files) {
  const form = new FormData();
  form.append('data', JSON.stringify(data));
  for (const f of files) form.append('file', f, f.name);
  const res = await fetch(path, { method: 'POST', body: form, headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' } });
  return { status: res.status, data: await res.json().catch(() => ({})) };
}

const targetText = (i) => (i.target === null ? null : `${i.comparator === '<=' ? '≤' : i.comparator === '=' ? '=' : '≥'} ${number(i.target)}${i.unit_of_measure}`);
const metText = (a) => (a.met === undefined ? '' : a.met ? 'đạt' : 'chưa đạt');

// The actual against the target, in one line.
function actualText(i) {
  const a = i.actual;
  if (!a) return i.kind === 'reported' ? 'Chưa có giá trị đã duyệt' : 'Chưa có dữ liệu';
  if (a.value === null) return `Chưa có dữ liệu (${a.formula})`;
  const unit = i.kind === 'computed' ? '%' : i.unit_of_measure;
  const how = i.kind === 'computed' ? `${a.numerator}/${a.denominator}` : `nguồn: ${a.source}`;
  const when = a.period ? `, ${periodName(a.period)}` : '';
  const met = metText(a);
  return `${number(a.value, 1)}${unit} (${how}${when})${met ? ` — ${met}` : ''}`;
}

// --- the plans ------------------------------------------------------------------------

async function openPlans() {
  show('plans');
  const r = await api('GET', '/api/v1/plans');
  if (r.status !== 200) { say(errorText(r)); return; }
  $('pl-list').replaceChildren(...r.data.items.map((p) => element('li', {},
    element('a', { href: `#plan/${p.id}`, textContent: `${p.title} (${p.tasks} nhiệm vụ, ${p.indicators} chỉ tiêu)` }))));
  $('pl-empty').hidden = r.data.items.length > 0;
}

// --- the board ------------------------------------------------------------------------

function boardQuery() {
  const q = new URLSearchParams();
  for (const [id, key] of [['pb-unit', 'unit'], ['pb-quarter', 'quarter'], ['pb-status', 'status']])
    if ($(id).value) q.set(key, $(id).value);
  return q.toString() ? `?${q}` : '';
}

async function fillUnits(select) {
  if (select.options.length > 1) return;
  const units = await api('GET', '/api/v1/units');
  select.append(...(units.data.items || []).map((u) => element('option', { value: u.agency_code, textContent: u.name })));
}

function documentText(p) {
  const parts = [p.document_no && `số ${p.document_no}`, p.document_date && `ngày ${vnDate(p.document_date)}`].filter(Boolean);
  return parts.length ? `Văn bản ban hành: ${parts.join(', ')}` : '';
}

function taskRow(plan, t) {
  return element('tr', { className: t.status === 'late' ? 'overdue' : '' }, element('td', { textContent: t.number }),
    element('td', {}, element('a', { href: `#task/${plan}/${t.id}`, textContent: t.name })),
    element('td', { textContent: t.period }), element('td', { textContent: t.lead_text }),
    element('td', { textContent: `${t.progress}%` }), element('td', { textContent: t.status_title }));
}

function indicatorRow(plan, i) {
  return element('tr', {}, element('td', { textContent: i.number }),
    element('td', {}, element('a', { href: `#indicator/${plan}/${i.id}`, textContent: i.name })),
    element('td', { textContent: targetText(i) ?? '—' }),
    element('td', { textContent: i.kind === 'reported' && !i.actual ? 'Báo cáo định kỳ, chưa có giá trị đã duyệt' : actualText(i) }));
}

async function openPlan(id) {
  planId = id;
  show('plan');
  await fillUnits($('pb-unit'));
  const r = await api('GET', `/api/v1/plans/${id}${boardQuery()}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  const p = r.data;
  $('pb-title').textContent = p.title;
  $('pb-document').textContent = documentText(p);
  $('pb-document').hidden = !$('pb-document').textContent;
  $('pb-summary').textContent = `Năm ${p.year} · tiến độ chung ${Math.round(p.progress)}% · ${p.tasks.length} nhiệm vụ đang hiện`;
  $('pb-tasks').tBodies[0].replaceChildren(...p.tasks.map((t) => taskRow(id, t)));
  $('pb-indicators').tBodies[0].replaceChildren(...p.indicators.map((i) => indicatorRow(id, i)));
  $('pb-export').href = `/api/v1/plans/${id}/export?what=tasks`;
  $('pb-export-xlsx').href = `/api/v1/plans/${id}/export?what=tasks&format=xlsx`;
  await Promise.all([showReports('monthly'), showReports('weekly')]);
}

for (const id of ['pb-unit', 'pb-quarter', 'pb-status']) $(id).addEventListener('change', () => openPlan(planId));

// --- the periodic reports on the board -------------------------------------------------

const REPORT_STATES = { sent: 'Đã gửi', sent_late: 'Gửi muộn', late: 'Quá hạn' };

// 'due' is not yet past its deadline: "Đến hạn" on the day it is due.
function reportState(r) {
  if (r.status !== 'due') return REPORT_STATES[r.status] || r.status;
  return vnDayOf(new Date(r.due_at)) === vnDayOf(new Date()) ? 'Đến hạn' : 'Chưa đến hạn';
}

async function reportPeriods(plan, kind) {
  const r = await api('GET', `/api/v1/plans/${plan}/reports?kind=${kind}`);
  if (r.status !== 200) { say(errorText(r)); return []; }
  return [...r.data.items].reverse();
}

function reportLinks(kind, period, name) {
  const base = `/api/v1/plans/${planId}/reports/${kind}/${encodeURIComponent(period)}`;
  return element('td', {}, named(element('a', { href: `${base}?format=pdf`, textContent: 'PDF' }), `PDF: ${name}`), ' · ',
    named(element('a', { href: `${base}?format=xlsx`, textContent: 'Excel' }), `Excel: ${name}`));
}

function sendButton(kind, period, name) {
  const b = named(element('button', { type: 'button', textContent: 'Gửi báo cáo' }), `Gửi báo cáo ${name.toLowerCase()}`);
  b.addEventListener('click', () => sendReport(kind, period, name));
  return b;
}

function reportRow(kind, r) {
  const name = reportName(kind, r.period);
  const sent = r.submitted_at ? ` lúc ${vnClock(r.submitted_at)}` : '';
  const action = element('td', {});
  if (canManagePlan() && (r.status === 'due' || r.status === 'late')) action.append(sendButton(kind, r.period, name));
  return element('tr', { className: r.status === 'late' ? 'overdue' : '' }, element('th', { scope: 'row', textContent: name }),
    element('td', { textContent: vnClock(r.due_at) }), element('td', { textContent: reportState(r) + sent }),
    reportLinks(kind, r.period, name), action);
}

async function showReports(kind) {
  const items = await reportPeriods(planId, kind);
  $(kind === 'weekly' ? 'pb-weekly' : 'pb-monthly').tBodies[0].replaceChildren(...items.map((r) => reportRow(kind, r)));
}

async function sendReport(kind, period, name) {
  const r = await api('POST', `/api/v1/plans/${planId}/reports`, { kind, period });
  if (r.status === 409) say(`Báo cáo ${name.toLowerCase()} đã gửi trước đó và đã khóa.`);
  else if (r.status !== 201) say(errorText(r));
  else say(`Đã gửi báo cáo ${name.toLowerCase()}; báo cáo đã khóa.`, true);
  await showReports(kind);
}

// --- one task -------------------------------------------------------------------------

function historyItem(plan, h) {
  const li = element('li', { textContent: `${vnDate(h.day)} · ${h.progress}% · ${h.actor}: ${h.note}` });
  if (h.files.length) li.append(' (minh chứng: ', ...evidenceLinks(plan, h.files), ')');
  return li;
}

function taskFacts(t) {
  return [['Kết quả cần đạt', t.expected_result], ['Thời gian', `${t.period} (đến ${vnDate(t.due_day)})`],
    ['Chủ trì', t.lead_text], ['Phối hợp', t.coordinating_text], ['Kinh phí', t.budget_million === null ? '' : `${t.budget_million} triệu đồng`],
    ['Nguồn', t.funding_source]].filter(([, v]) => v).flatMap(([k, v]) => [element('dt', { textContent: k }), element('dd', { textContent: v })]);
}

async function openTask(plan, task) {
  planId = plan;
  show('task');
  const r = await api('GET', `/api/v1/plans/${plan}/tasks/${task}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  const t = r.data;
  $('tk-title').textContent = `Nhiệm vụ ${t.number}: ${t.name}`;
  $('tk-status').textContent = `${t.status_title} · ${t.progress}%`;
  $('tk-facts').replaceChildren(...taskFacts(t));
  $('tk-history').replaceChildren(...t.history.map((h) => historyItem(plan, h)));
  $('tk-empty').hidden = t.history.length > 0;
  $('tk-progress').value = t.progress;
  $('tk-back').href = `#plan/${plan}`;
  $('task-form').dataset.task = task;
  $('task-report-form').dataset.task = task;
  $('tk-update').hidden = !canUpdatePlan();
  $('tr-result').textContent = '';
  await fillReportPeriods();
}

$('task-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = { progress: Number($('tk-progress').value), note: $('tk-note').value.trim() };
  if ($('tk-day').value) data.day = $('tk-day').value;
  const r = await postWithFiles(`/api/v1/plans/${planId}/tasks/${e.target.dataset.task}/progress`, data, $('tk-files').files);
  if (r.status !== 200) { say(errorText(r)); return; }
  say(`Đã cập nhật tiến độ: ${r.data.status_title}.`, true);
  e.target.reset();
  await openTask(planId, e.target.dataset.task);
});

async function fillReportPeriods() {
  const kind = $('tr-kind').value;
  const items = await reportPeriods(planId, kind);
  $('tr-period').replaceChildren(...items.map((r) => element('option', { value: r.period, textContent: reportName(kind, r.period) })));
}

$('tr-kind').addEventListener('change', fillReportPeriods);

$('task-report-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const kind = $('tr-kind').value, period = $('tr-period').value;
  const name = reportName(kind, period).toLowerCase();
  const r = await api('POST', `/api/v1/plans/${planId}/tasks/${e.target.dataset.task}/reports`, { kind, period, note: $('tr-note').value.trim() });
  const text = r.status === 201 ? `Đã gửi báo cáo ${name} của nhiệm vụ; báo cáo đã khóa.`
    : r.status === 409 ? `Nhiệm vụ đã gửi báo cáo ${name}; báo cáo đã khóa, không gửi lại được.` : errorText(r);
  $('tr-result').textContent = text;
  say(text, r.status === 201);
  if (r.status === 201) $('tr-note').value = '';
});

// --- the service-quality index (QĐ 766) ------------------------------------------

// The groups in the order the API lists them; the keys the inputs are saved under.
const INDEX_GROUPS = ['transparency', 'progress', 'online', 'payment', 'digitization', 'satisfaction'];
let indexData = null;

function indexQuery() {
  return new URLSearchParams({ period: $('si-period').value.trim(), unit: $('si-unit').value }).toString();
}

// The period and unit of the index on the screen, for what is done on it.
const shownQuery = () => new URLSearchParams({ period: indexData.period, unit: indexData.unit }).toString();

async function fillIndexUnits() {
  if ($('si-unit').options.length) return;
  const units = (await api('GET', '/api/v1/units')).data.items || [];
  $('si-unit').append(...units.map((u) => element('option', { value: u.agency_code, textContent: u.name })));
  const commune = units.find((u) => u.parent_id === null);
  if (commune) $('si-unit').value = commune.agency_code;
}

function drillButton(m, part) {
  const b = element('button', { type: 'button', className: 'secondary', textContent: number(m[part]) });
  named(b, `${part === 'numerator' ? 'Tử số' : 'Mẫu số'} ${number(m[part])}: xem hồ sơ của chỉ số ${m.title}`);
  b.addEventListener('click', () => showDrill(m, part));
  return b;
}

function metricRow(m) {
  // Feedback is counted from petitions, not dossiers: nothing to drill into.
  const counts = m.code === 'feedback' ? element('td', { textContent: `${number(m.numerator)} / ${number(m.denominator)}` })
    : element('td', { className: 'drill' }, drillButton(m, 'numerator'), ' / ', drillButton(m, 'denominator'));
  return element('tr', {}, element('td', { textContent: m.title }), counts,
    element('td', { textContent: `${points(m.score)} / ${number(m.points)}` }), element('td', { textContent: m.formula }));
}

function inputRow(input) {
  return element('tr', {}, element('td', { textContent: input.title }), element('td', { textContent: input.source || '' }),
    element('td', { textContent: `${input.score === null ? 'chưa nhập' : points(input.score)} / ${number(input.points)}` }), element('td', { textContent: '' }));
}

function groupSection(g) {
  const rows = g.metrics.map(metricRow);
  if (g.input) rows.push(inputRow(g.input));
  const head = element('tr', {}, ...['Chỉ số', 'Tử số / mẫu số', 'Điểm', 'Công thức'].map((h) => element('th', { scope: 'col', textContent: h })));
  return element('section', {}, element('h3', { textContent: `${g.title}: ${points(g.score)} / ${number(g.points)}` }),
    element('div', { className: 'scroll' }, element('table', {}, element('thead', {}, head), element('tbody', {}, ...rows))));
}

async function openIndex() {
  show('index');
  await fillIndexUnits();
  if (!$('si-period').value) $('si-period').value = thisMonth();
  const r = await api('GET', `/api/v1/service-index?${indexQuery()}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  indexData = r.data;
  const idx = r.data;
  $('si-total').textContent = `${points(idx.score)} / 100 điểm · ${idx.dossiers} hồ sơ${idx.complete ? '' : ' · chưa nhập đủ phần chấm từ Cơ sở dữ liệu quốc gia'}`;
  $('si-groups').replaceChildren(...idx.groups.map(groupSection));
  $('si-drill').replaceChildren();
  $('si-manage').hidden = !canManagePlan();
  if (canManagePlan()) showIndexForms(idx);
}

// The dossiers behind a metric, a page at a time ("Xem thêm" for the next).
async function showDrill(m, part, offset = 0) {
  const r = await api('GET', `/api/v1/service-index/dossiers?${shownQuery()}&metric=${encodeURIComponent(m.code)}&part=${part}&offset=${offset}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  const items = r.data.codes.map((c) => element('li', {}, element('a', { href: `#dossier/${encodeURIComponent(c)}`, textContent: c })));
  const more = r.data.next_offset === null ? []
    : [element('button', { type: 'button', textContent: 'Xem thêm', onclick: () => showDrill(m, part, r.data.next_offset) })];
  if (offset > 0) {
    $('si-drill').querySelector('ul').append(...items);
    $('si-drill').querySelector('button')?.remove();
    $('si-drill').append(...more);
    return;
  }
  const what = part === 'numerator' ? `Hồ sơ đạt chỉ số “${m.title}”` : `Hồ sơ thuộc mẫu số của chỉ số “${m.title}”`;
  $('si-drill').replaceChildren(element('h3', { textContent: `${what} (${r.data.total})` }),
    r.data.total ? element('ul', {}, ...items) : element('p', { textContent: 'Không có hồ sơ nào trong kỳ này.' }), ...more);
}

$('si-form').addEventListener('submit', (e) => { e.preventDefault(); openIndex(); });
$('si-unit').addEventListener('change', () => openIndex());

// The groups holding a part entered by hand, and the unit's feedback rule.
function showIndexForms(idx) {
  const choice = $('si-group').value;
  $('si-group').replaceChildren(...idx.groups.flatMap((g, k) => (g.input
    ? [element('option', { value: INDEX_GROUPS[k], textContent: `${g.title} (tối đa ${number(g.input.points)} điểm)` })] : [])));
  if (choice) $('si-group').value = choice;
  fillIndexInput();
  $('si-feedback').value = idx.feedback_none;
}

function fillIndexInput() {
  const g = indexData?.groups[INDEX_GROUPS.indexOf($('si-group').value)];
  if (!g?.input) return;
  $('si-score').max = g.input.points;
  $('si-score').value = g.input.score ?? '';
  $('si-source').value = g.input.source || '';
}

$('si-group').addEventListener('change', fillIndexInput);

$('si-input-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const group = $('si-group').value;
  const r = await api('PUT', `/api/v1/service-index/inputs?${shownQuery()}`, { group, score: Number($('si-score').value), source: $('si-source').value.trim() });
  if (r.status !== 200) { say(errorText(r)); return; }
  const title = indexData.groups[INDEX_GROUPS.indexOf(group)].title;
  say(`Đã lưu điểm nhóm “${title}” của ${$('si-unit').selectedOptions[0].textContent}, ${periodName(r.data.period)}.`, true);
  await openIndex();
});

$('si-settings-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const none = $('si-feedback').value;
  const r = await api('PUT', `/api/v1/service-index/settings?${new URLSearchParams({ unit: indexData.unit })}`, { feedback_none: none });
  if (r.status !== 200) { say(errorText(r)); return; }
  say(`Đã lưu: kỳ không có phản ánh, kiến nghị được tính ${none === 'full' ? 'đủ 6 điểm' : '0 điểm'}.`, true);
  await openIndex();
});

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

async function readImportForm() {
  return {
    tasks_csv: await readFile($('pi-tasks')), indicators_csv: await readFile($('pi-indicators')),
    title: $('pi-title').value.trim() || undefined, document_no: $('pi-document-no').value.trim() || undefined,
    document_date: $('pi-document-date').value || undefined,
  };
}

$('import-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  importBody = await readImportForm();
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

// --- one indicator: target against actual, its trend or its reported values ----------

function modeText(i) {
  const mode = i.cumulative ? 'Lũy kế' : 'Theo từng kỳ';
  if (i.kind === 'computed') return `${mode}: ${i.cumulative ? 'hồ sơ từ đầu năm đến nay' : 'hồ sơ của tháng gần nhất'}`;
  if (i.unit_of_measure === '%') return `${mode}: tỷ lệ không cộng dồn, lấy giá trị đã duyệt của kỳ gần nhất`;
  return `${mode}: ${i.cumulative ? 'cộng các giá trị đã duyệt của các kỳ' : 'giá trị đã duyệt của kỳ gần nhất'}`;
}

function actualFacts(i) {
  const a = i.actual;
  const rows = [['Thực hiện', actualText(i)], ['Cách tính', modeText(i)]];
  if (a?.value !== null && a?.value !== undefined && a.met !== undefined) rows.push(['Đánh giá', a.met ? 'Đạt mục tiêu' : 'Chưa đạt mục tiêu']);
  if (a?.reviewed_by) rows.push(['Người duyệt', `${a.reviewed_by}, ${vnClock(a.reviewed_at)}`]);
  const facts = rows.flatMap(([k, v]) => [element('dt', { textContent: k }), element('dd', { textContent: v })]);
  if (a?.evidence?.length) facts.push(element('dt', { textContent: 'Minh chứng' }), element('dd', {}, ...evidenceLinks(planId, a.evidence)));
  return facts;
}

function trendRow(t) {
  return element('tr', {}, element('th', { scope: 'row', textContent: capital(periodName(t.period)) }),
    element('td', { textContent: t.value === null ? 'chưa có dữ liệu' : `${number(t.value, 1)}%` }),
    element('td', { textContent: `${t.numerator}/${t.denominator}` }));
}

function reviewCell(plan, i, v) {
  if (v.reviewed_at) return element('td', { textContent: `Đã duyệt (${v.reviewed_by}, ${vnClock(v.reviewed_at)})` });
  if (!canManagePlan()) return element('td', { textContent: 'Chờ duyệt' });
  const b = named(element('button', { type: 'button', textContent: 'Duyệt' }), `Duyệt giá trị ${periodName(v.period)}`);
  b.addEventListener('click', () => reviewValue(plan, i.id, v));
  return element('td', {}, b);
}

function valueRow(plan, i, v) {
  return element('tr', {}, element('th', { scope: 'row', textContent: capital(periodName(v.period)) }),
    element('td', { textContent: `${number(v.value)}${i.unit_of_measure}` }), element('td', { textContent: v.source }),
    element('td', {}, ...(v.evidence.length ? evidenceLinks(plan, v.evidence) : ['—'])),
    element('td', { textContent: `${v.entered_by}, ${vnClock(v.entered_at)}` }), reviewCell(plan, i, v));
}

function showTrend(plan, i) {
  const reported = i.kind === 'reported';
  $('in-computed').hidden = reported;
  $('in-reported').hidden = !reported;
  if (!reported) { $('in-trend').tBodies[0].replaceChildren(...i.trend.map(trendRow)); return; }
  $('in-values').tBodies[0].replaceChildren(...i.trend.map((v) => valueRow(plan, i, v)));
  $('in-values-empty').hidden = i.trend.length > 0;
  $('in-entry').hidden = !canUpdatePlan();
  if (!$('in-period').value) $('in-period').value = thisMonth();
}

async function openIndicator(plan, id) {
  planId = plan;
  show('indicator');
  const r = await api('GET', `/api/v1/plans/${plan}/indicators/${id}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  const i = r.data;
  $('in-title').textContent = `Chỉ tiêu ${i.number}: ${i.name}`;
  $('in-target').textContent = `Mục tiêu: ${targetText(i) ?? 'không ghi số'} · ${i.kind === 'computed' ? `tính từ dữ liệu: ${i.actual?.formula || ''}` : 'báo cáo định kỳ, lãnh đạo duyệt'}`;
  $('in-actual').replaceChildren(...actualFacts(i));
  $('in-mode-form').hidden = !canManagePlan();
  $('in-mode').value = String(i.cumulative);
  $('in-mode-form').dataset.indicator = id;
  $('in-value-form').dataset.indicator = id;
  showTrend(plan, i);
  $('in-back').href = `#plan/${plan}`;
}

async function reviewValue(plan, indicator, v) {
  const r = await api('POST', `/api/v1/plans/${plan}/indicators/${indicator}/values/${v.id}/review`, {});
  if (r.status === 409) say(`Giá trị ${periodName(v.period)} đã được duyệt trước đó.`);
  else if (r.status !== 200) say(errorText(r));
  else say(`Đã duyệt giá trị ${periodName(v.period)}; giá trị được tính vào kết quả thực hiện.`, true);
  await openIndicator(plan, indicator);
}

$('in-mode-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const cumulative = $('in-mode').value === 'true';
  const r = await api('PUT', `/api/v1/plans/${planId}/indicators/${e.target.dataset.indicator}`, { cumulative });
  if (r.status !== 200) { say(errorText(r)); return; }
  say(`Đã lưu cách tính: ${cumulative ? 'lũy kế' : 'theo từng kỳ'}.`, true);
  await openIndicator(planId, e.target.dataset.indicator);
});

$('in-value-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = { period: $('in-period').value.trim(), value: Number($('in-value').value), source: $('in-source').value.trim() };
  const r = await postWithFiles(`/api/v1/plans/${planId}/indicators/${e.target.dataset.indicator}/values`, data, $('in-files').files);
  if (r.status !== 201) { say(errorText(r)); return; }
  say(`Đã ghi giá trị ${periodName(data.period)}; giá trị chờ lãnh đạo duyệt.`, true);
  e.target.reset();
  await openIndicator(planId, e.target.dataset.indicator);
});
