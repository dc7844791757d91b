// Sổ đăng ký văn bản đi, đến (Nghị định 30/2020, Điều 15 and 22; Phụ lục
// IV) with their PDF and Excel, and hồ sơ công việc (Điều 28–29): the
// year's catalog of a unit, a new record, one record with its documents,
// closing it. Uses the helpers of documents.js. Text only.
'use strict';

// --- the registers -------------------------------------------------------------

function registerPath(format) {
  const q = new URLSearchParams({ year: $('sdk-year').value, format });
  if ($('sdk-unit').value) q.set('unit', $('sdk-unit').value);
  if ($('sdk-secret').checked) q.set('secret', '1');
  return `/api/v1/documents/registers/${$('sdk-book').value}?${q}`;
}

function docRegisterLinks() {
  $('sdk-pdf').href = registerPath('pdf');
  $('sdk-xlsx').href = registerPath('xlsx');
}

// The register's columns are the API's (Phụ lục IV's layout), its cells text as printed.
async function showDocRegister() {
  docRegisterLinks();
  const book = $('sdk-book').value;
  const name = `${book === 'in' ? 'Sổ đăng ký văn bản đến' : 'Sổ đăng ký văn bản đi'}${$('sdk-secret').checked ? ' (văn bản mật)' : ''} năm ${$('sdk-year').value}`;
  const r = await api('GET', registerPath('json'));
  if (r.status !== 200) {
    $('sdk-table').tHead.replaceChildren();
    $('sdk-table').tBodies[0].replaceChildren();
    $('sdk-count').textContent = '';
    say(errorText(r));
    return;
  }
  const columns = r.data.columns || [];
  const items = r.data.items || [];
  $('sdk-caption').textContent = r.data.unit_name ? `${name} — ${r.data.unit_name}` : name;
  $('sdk-table').tHead.replaceChildren(element('tr', {}, ...columns.map((c) => element('th', { scope: 'col', textContent: c.title }))));
  // Each row opens its document from the column of its name and subject.
  const link = (i, text) => (i.id ? element('a', { href: `#document-${book}/${i.id}`, textContent: text }) : text);
  $('sdk-table').tBodies[0].replaceChildren(...items.map((i) => element('tr', {},
    ...columns.map((c) => element('td', {}, c.key === 'type_subject' ? link(i, i[c.key] ?? '') : i[c.key] ?? '')))));
  $('sdk-count').textContent = `${name}: ${items.length} văn bản.`;
}

async function openDocRegisters() {
  show('document-registers');
  if (!$('sdk-year').value) $('sdk-year').value = docYear();
  if ($('sdk-unit').options.length === 0) {
    const commune = await docMyCommune();
    await docUnitSelect($('sdk-unit'), commune?.agency_code);
  }
  await showDocRegister();
}

for (const id of ['sdk-book', 'sdk-year', 'sdk-unit', 'sdk-secret']) $(id).addEventListener('change', docRegisterLinks);
$('sdk-form').addEventListener('submit', (e) => { e.preventDefault(); say(''); showDocRegister(); });

// --- work records ---------------------------------------------------------------

const RECORD_STATES = { open: 'Đang mở', closed: 'Đã kết thúc', archived: 'Đã nộp lưu' };

function recordsQuery() {
  const q = new URLSearchParams({ year: $('hs-year').value });
  if ($('hs-unit').value) q.set('unit', $('hs-unit').value);
  return q.toString();
}

function recordRow(w) {
  return element('tr', {}, element('th', { scope: 'row' }, element('a', { href: `#work-record/${w.id}`, textContent: w.file_notation })),
    element('td', { textContent: w.title }), element('td', { textContent: w.maintenance }),
    element('td', { textContent: String(w.doc_total ?? w.documents?.length ?? 0) }), element('td', { textContent: RECORD_STATES[w.status] || w.status }));
}

async function openWorkRecords() {
  show('work-records');
  if (!$('hs-year').value) $('hs-year').value = docYear();
  if ($('hs-unit').options.length === 0) await docUnitSelect($('hs-unit'), me.unit.agency_code);
  const r = await api('GET', `/api/v1/work-records?${recordsQuery()}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  const items = r.data.items || [];
  $('hs-table').tBodies[0].replaceChildren(...items.map(recordRow));
  $('hs-empty').hidden = items.length > 0;
}

$('hs-filters').addEventListener('submit', (e) => { e.preventDefault(); say(''); openWorkRecords(); });
$('hs-unit').addEventListener('change', () => openWorkRecords());

$('hs-new').addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = {
    unit: $('hs-unit').value, year: Number($('hs-year').value), file_notation: $('hs-notation').value.trim(),
    title: $('hs-title-input').value.trim(), maintenance: $('hs-maintenance').value.trim(), rights: $('hs-rights').value,
    language: $('hs-language').value.trim() || 'Tiếng Việt',
  };
  if ($('hs-start').value) body.start_date = $('hs-start').value;
  if ($('hs-description').value.trim()) body.description = $('hs-description').value.trim();
  const r = await api('POST', '/api/v1/work-records', body);
  if (r.status !== 201) { say(errorText(r) + (r.data?.error?.field ? ` (${r.data.error.field})` : '')); return; }
  say(`Đã mở hồ sơ ${body.file_notation}.`, true);
  e.target.reset();
  await openWorkRecords();
});

let recordShown = null;

function recordDocument(d) {
  const link = element('a', { href: `#document-${d.direction === 'in' ? 'in' : 'out'}/${d.id}`, textContent: d.subject });
  const what = d.direction === 'in' ? `Văn bản đến${d.arrival_number ? ` số đến ${d.arrival_number}` : ''}` : 'Văn bản đi';
  const number = docNumber(d);
  const from = d.direction === 'in' && d.organ_name ? ` của ${d.organ_name}` : '';
  return element('li', {}, `${what}${number ? ` ${number}` : ''}${d.issued_date ? ` ngày ${docDay(d.issued_date)}` : ''}${from}: `, link);
}

async function openWorkRecord(id) {
  show('work-record');
  const r = await api('GET', `/api/v1/work-records/${id}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  const w = r.data;
  recordShown = w;
  $('hsd-title').textContent = `Hồ sơ ${w.file_notation}: ${w.title}`;
  $('hsd-status').textContent = RECORD_STATES[w.status] || w.status;
  $('hsd-facts').replaceChildren(...docFacts([
    ['Mã hồ sơ', w.file_code || `${w.organ_id || ''}.${w.year}.${w.file_notation}`], ['Tiêu đề hồ sơ', w.title],
    ['Thời hạn bảo quản', w.maintenance], ['Chế độ sử dụng', w.rights], ['Người lập hồ sơ', w.creator_name || w.creator || w.created_by],
    ['Ngôn ngữ', w.language], ['Thời gian bắt đầu', docDay(w.start_date)], ['Thời gian kết thúc', docDay(w.end_date)],
    ['Tổng số văn bản', w.doc_total ?? (w.documents || []).length], ['Tổng số trang', w.page_total], ['Ghi chú', w.description],
  ]));
  const docs = w.documents || [];
  $('hsd-documents').replaceChildren(...docs.map(recordDocument));
  $('hsd-empty').hidden = docs.length > 0;
  if (w.hidden_documents) $('hsd-empty').after(element('p', { textContent: `${w.hidden_documents} văn bản mật trong hồ sơ bạn không được xem.` }));
  $('hsd-pdf').href = `/api/v1/work-records/${w.id}/export?format=pdf`;
  $('hsd-xlsx').href = `/api/v1/work-records/${w.id}/export?format=xlsx`;
  $('hsd-close').hidden = w.status !== 'open' || !hasRole('leader', 'specialist', 'clerk');
}

$('hsd-close').addEventListener('click', async () => {
  if (!window.confirm(`Kết thúc hồ sơ ${recordShown.file_notation}? Sau khi kết thúc, không đưa thêm văn bản vào hồ sơ được.`)) return;
  const r = await api('POST', `/api/v1/work-records/${recordShown.id}/close`, {});
  if (r.status !== 200) { say(errorText(r)); return; }
  say(`Đã kết thúc hồ sơ ${recordShown.file_notation}.`, true);
  await openWorkRecord(recordShown.id);
});
