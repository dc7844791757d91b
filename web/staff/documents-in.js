// Văn bản đến (Nghị định 30/2020, Điều 20–24): the list with its filters and
// overdue marks, the văn thư's registration form with the repeat warning,
// one document with its trace, the leader's assignment, the handler's notes
// and completion, the văn thư's refusal — each shown when the document's
// allowed_actions (the server's own rule) has it; an edXML package received.
// People are picked from GET /api/v1/documents/people. Uses the helpers of
// documents.js. Text only.
'use strict';

let incomingShown = null; // the incoming document on screen
let incomingBody = null;  // the registration waiting for the repeat to be confirmed

const canClerk = () => hasRole('clerk');            // document.clerk

// --- the list ----------------------------------------------------------------

function incomingQuery() {
  const q = new URLSearchParams();
  if ($('den-status').value) q.set('status', $('den-status').value);
  if ($('den-year').value) q.set('year', $('den-year').value);
  if ($('den-q').value.trim()) q.set('q', $('den-q').value.trim());
  if ($('den-overdue').checked) q.set('overdue', '1');
  if ($('den-mine').checked) q.set('mine', '1');
  return q.toString() ? `?${q}` : '';
}

function incomingOverdue(d) {
  if (d.overdue !== undefined) return Boolean(d.overdue);
  if (['done', 'refused'].includes(d.status) || !d.due_at) return false;
  return new Date(d.due_at) < new Date();
}

function incomingDue(d) {
  const due = docDay(d.due_at || d.due_date);
  if (!due) return '';
  return incomingOverdue(d) ? `${due} (quá hạn)` : d.due_soon ? `${due} (sắp đến hạn)` : due;
}

function incomingRow(d) {
  const tr = element('tr', { className: incomingOverdue(d) ? 'overdue' : d.due_soon ? 'due_soon' : '' });
  const link = element('a', { href: `#document-in/${d.id}`, textContent: d.subject });
  tr.append(element('th', { scope: 'row', textContent: String(d.arrival_number ?? d.seq ?? '') }),
    element('td', { textContent: docDay(d.arrival_date) }), element('td', { textContent: docNumber(d) }),
    element('td', { textContent: d.organ_name }), element('td', {}, link), element('td', { textContent: docMarks(d) }),
    element('td', { textContent: incomingDue(d) }), element('td', { textContent: docStatus(d) }));
  return tr;
}

async function showReminders() {
  const r = await api('GET', '/api/v1/documents/reminders');
  const items = r.status === 200 ? r.data.items || [] : [];
  const late = items.filter(incomingOverdue).length;
  $('den-reminders').textContent = items.length
    ? `Văn bản tôi cần xử lý: ${items.length - late} sắp đến hạn, ${late} quá hạn.` : '';
}

async function openIncomingList() {
  show('documents-in');
  $('den-clerk').hidden = !canClerk();
  const r = await api('GET', `/api/v1/documents/incoming${incomingQuery()}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  const items = r.data.items || [];
  $('den-table').tBodies[0].replaceChildren(...items.map(incomingRow));
  $('den-empty').hidden = items.length > 0;
  await showReminders();
}

$('den-filters').addEventListener('submit', (e) => { e.preventDefault(); say(''); openIncomingList(); });
for (const id of ['den-status', 'den-overdue', 'den-mine']) $(id).addEventListener('change', () => openIncomingList());

$('den-edxml-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = $('den-edxml').files[0];
  if (!file) return;
  const res = await fetch('/api/v1/documents/incoming/edxml', {
    method: 'POST', body: file, headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/xml', Accept: 'application/json' },
  });
  const data = await res.json().catch(() => ({}));
  if (res.status !== 201) { say(errorText({ data })); return; }
  say(`Đã nhận gói edXML và vào sổ với số đến ${data.arrival_number}.`, true);
  e.target.reset();
  location.hash = `#document-in/${data.id}`;
});

// --- registration (Điều 22) ------------------------------------------------------

async function openIncomingNew() {
  show('document-in-new');
  if (!canClerk()) { say('Chỉ văn thư được vào sổ văn bản đến.'); return; }
  docTypeSelect('denf-type', 'cong_van');
  if ($('denf-urgency').options.length === 0) docMarkSelects('denf-urgency', 'denf-secrecy');
  await docAccessChoices('denf-access-pick', 'denf-access');
}

function incomingForm() {
  const body = {
    type_code: $('denf-type').value, code_number: $('denf-number').value.trim(), code_notation: $('denf-notation').value.trim(),
    issued_date: $('denf-date').value, organ_name: $('denf-organ').value.trim(), subject: $('denf-subject').value.trim(),
    urgency: $('denf-urgency').value, secrecy: $('denf-secrecy').value, access: docAccess('denf-access', 'denf-access-more'),
  };
  const optional = [['organ_id', 'denf-organ-id'], ['signer_position', 'denf-signer-position'], ['signer_full_name', 'denf-signer-name'],
    ['language', 'denf-language'], ['to_places', 'denf-to'], ['due_date', 'denf-due'], ['description', 'denf-description']];
  for (const [key, id] of optional) if ($(id).value.trim()) body[key] = $(id).value.trim();
  if ($('denf-pages').value) body.page_amount = Number($('denf-pages').value);
  return body;
}

function duplicateItem(d) {
  const when = docDay(d.arrival_date);
  return element('li', {}, element('a', { href: `#document-in/${d.id}`, textContent: `Số đến ${d.arrival_number}/${d.year}` }),
    when ? `, vào sổ ngày ${when}` : '');
}

async function registerIncoming(body) {
  const r = await api('POST', '/api/v1/documents/incoming', body);
  if (r.status === 409 && r.data.error?.code === 'duplicate_document') {
    incomingBody = body;
    $('dup-list').replaceChildren(...(r.data.error.duplicates || r.data.duplicates || []).map(duplicateItem));
    $('denf-duplicate').showModal();
    $('dup-cancel').focus();
    return;
  }
  if (r.status !== 201) { say(errorText(r) + (r.data?.error?.field ? ` (${r.data.error.field})` : '')); return; }
  const file = $('denf-file').files[0];
  if (file && !(await docUploadAll(r.data.id, [file], 'content'))) { location.hash = `#document-in/${r.data.id}`; return; }
  say(`Đã vào sổ văn bản đến, số đến ${r.data.arrival_number}.`, true);
  $('denf-form').reset();
  location.hash = `#document-in/${r.data.id}`;
}

$('denf-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  await registerIncoming(incomingForm());
});

$('dup-confirm').addEventListener('click', async () => {
  $('denf-duplicate').close();
  await registerIncoming({ ...incomingBody, confirm_duplicate: true });
});

$('dup-cancel').addEventListener('click', () => {
  $('denf-duplicate').close();
  incomingBody = null;
  say('Chưa vào sổ: văn bản trùng với văn bản đã có.');
});

// --- one incoming document -------------------------------------------------------

function incomingFacts(d) {
  const support = (d.support_units || []).map((u) => u.name || u.unit || u).join(', ');
  return docFacts([
    ['Số đến', d.arrival_number !== undefined ? `${d.arrival_number}${d.register === 'in_secret' ? ' (sổ văn bản mật đến)' : ''}` : ''],
    ['Ngày đến', docClock(d.arrival_date)], ['Cách nhận', DOC_ARRIVAL_WAYS[d.received_via] || ''], ['Tên loại văn bản', d.type_name], ['Số, ký hiệu', docNumber(d)],
    ['Ngày văn bản', docDay(d.issued_date)], ['Cơ quan ban hành', d.organ_id ? `${d.organ_name} (${d.organ_id})` : d.organ_name],
    ['Trích yếu', d.subject], ['Người ký', [d.signer_position, d.signer_full_name].filter(Boolean).join(' ')],
    ['Độ khẩn, độ mật', docMarks(d)], ['Số trang', d.page_amount], ['Ngôn ngữ', d.language], ['Đơn vị hoặc người nhận', d.to_places],
    ['Ghi chú', d.description], ['Đơn vị chủ trì', d.handling_unit?.name || d.handling_unit_name],
    ['Đơn vị phối hợp', support], ['Người xử lý', d.handler?.full_name || d.handler_name || d.handler?.username || d.handler],
    ['Ý kiến chỉ đạo', d.instruction], ['Thời hạn giải quyết', incomingDue(d)],
    ['Hồ sơ', d.record ? `${d.record.file_notation} — ${d.record.title}` : ''],
  ]);
}

async function fillAssignForm(d) {
  await docUnitSelect($('dend-unit'), d.handling_unit?.agency_code || d.handling_unit || undefined);
  const units = await docCommuneUnits();
  $('dend-support').replaceChildren(...units.map((u) => element('label', {},
    element('input', { type: 'checkbox', value: u.agency_code, className: 'dend-support-unit' }), ` ${u.name}`)));
  await fillHandlers(d.handler?.username || d.handler || '');
}

// Who may handle it in the lead unit chosen (can=handle): the assignment accepts exactly these.
async function fillHandlers(current) {
  const unit = $('dend-unit').value;
  const people = await docPeople('handle', unit);
  if (unit !== $('dend-unit').value) return; // another unit was chosen meanwhile
  docPersonOptions($('dend-handler'), people, 'Không chỉ định (đơn vị chủ trì tự phân công)');
  if (current !== undefined) $('dend-handler').value = people.some((p) => p.username === current) ? current : '';
}

$('dend-unit').addEventListener('change', () => fillHandlers());

async function openIncoming(id) {
  show('document-in');
  const r = await api('GET', `/api/v1/documents/incoming/${id}`);
  if (r.status !== 200) { say(r.status === 404 ? 'Không có văn bản đến này, hoặc bạn không được xem.' : errorText(r)); return; }
  const d = r.data;
  incomingShown = d;
  $('dend-title').textContent = `Văn bản đến số ${d.arrival_number}: ${d.subject}`;
  $('dend-status').textContent = `${docStatus(d)}${incomingOverdue(d) ? ' · quá hạn' : ''}`;
  $('dend-facts').replaceChildren(...incomingFacts(d));
  const files = d.files || [];
  $('dend-files').replaceChildren(...docFileItems(d.id, files));
  $('dend-files-box').hidden = files.length === 0;
  $('dend-events').replaceChildren(...(d.events || []).map(docEventItem));
  // The steps the server lets the caller take now; none when it says none.
  const allowed = d.allowed_actions || [];
  $('dend-assign-box').hidden = !allowed.includes('assign');
  $('dend-handle-box').hidden = !allowed.includes('note') && !allowed.includes('complete');
  $('dend-note-button').hidden = !allowed.includes('note');
  $('dend-complete').hidden = !allowed.includes('complete');
  $('dend-refuse-box').hidden = !allowed.includes('refuse');
  $('dend-reply').href = `#document-out-new/${d.id}`;
  // A document that came from outside by edXML: its sender is told of each step by a status package.
  $('dend-status-pack').hidden = !(canClerk() && d.received_via === 'edxml' && !d.source_document_id);
  $('dend-status-link').href = `/api/v1/documents/incoming/${d.id}/edxml-status`;
  if (!$('dend-assign-box').hidden) await fillAssignForm(d);
  await docRecordChoices('dend-record-box', 'dend-record-id');
}

async function incomingAction(action, body, done) {
  const r = await api('POST', `/api/v1/documents/incoming/${incomingShown.id}/${action}`, body);
  if (r.status !== 200 && r.status !== 201) { say(errorText(r)); return false; }
  say(done, true);
  await openIncoming(incomingShown.id);
  return true;
}

$('dend-assign').addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = {
    handling_unit: $('dend-unit').value, instruction: $('dend-instruction').value.trim(),
    support_units: [...document.querySelectorAll('.dend-support-unit:checked')].map((i) => i.value).filter((c) => c !== $('dend-unit').value),
  };
  if ($('dend-handler').value) body.handler = $('dend-handler').value;
  if ($('dend-days').value) body.due_days = Number($('dend-days').value);
  // The form is drawn again with the document; only what was typed is cleared.
  if (await incomingAction('assign', body, `Đã phân công cho ${$('dend-unit').selectedOptions[0].textContent}.`)) {
    $('dend-instruction').value = '';
    $('dend-days').value = '';
  }
});

$('dend-handle').addEventListener('submit', async (e) => {
  e.preventDefault();
  const note = $('dend-note').value.trim();
  if (!note) { say('Nhập ý kiến xử lý trước khi ghi.'); return; }
  if (await incomingAction('note', { note }, 'Đã ghi ý kiến xử lý.')) $('dend-note').value = '';
});

$('dend-complete').addEventListener('click', async () => {
  const note = $('dend-note').value.trim();
  if (await incomingAction('complete', note ? { note } : {}, 'Đã hoàn thành xử lý văn bản.')) $('dend-note').value = '';
});

$('dend-refuse').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (await incomingAction('refuse', { reason: $('dend-reason').value.trim() }, 'Đã trả lại văn bản cho nơi gửi.')) e.target.reset();
});

$('dend-record').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (await docFileInto('dend-record-id', incomingShown.id)) await openIncoming(incomingShown.id);
});
