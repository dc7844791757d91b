// Văn bản đi (Nghị định 30/2020, Điều 13–19): the list, the unit's
// numbering settings, the draft form (recipients inside the deployment and
// outside organs, the signer and who may see a confidential one picked from
// GET /api/v1/documents/people, files), and one document with the buttons of
// the steps its allowed_actions (the server's own rule) lists: submit,
// return, sign (which numbers it), issue, send, withdraw, and the upload
// form for attach; the signed PDF, its verification and the recipients with
// their edXML status. Uses the helpers of documents.js.
'use strict';

let outgoingShown = null; // the outgoing document on screen
let outgoingReplyTo = null; // the incoming one a new draft answers

const canDraft = () => hasRole('leader', 'specialist', 'clerk'); // document.draft
const canSettings = () => hasRole('leader', 'admin');            // document.settings

// --- the list and the settings ----------------------------------------------

function outgoingQuery() {
  const q = new URLSearchParams();
  if ($('di-status').value) q.set('status', $('di-status').value);
  if ($('di-year').value) q.set('year', $('di-year').value);
  if ($('di-q').value.trim()) q.set('q', $('di-q').value.trim());
  return q.toString() ? `?${q}` : '';
}

function outgoingRow(d) {
  return element('tr', {}, element('th', { scope: 'row', textContent: docNumber(d) || 'chưa cấp số' }),
    element('td', { textContent: docDay(d.issued_date || d.created_at) }), element('td', { textContent: d.type_name }),
    element('td', {}, element('a', { href: `#document-out/${d.id}`, textContent: d.subject })),
    element('td', { textContent: docMarks(d) }), element('td', { textContent: docStatus(d) }));
}

async function showSettings() {
  const r = await api('GET', `/api/v1/documents/settings?unit=${encodeURIComponent($('di-set-unit').value)}`);
  if (r.status !== 200) return;
  $('di-set-abbr').value = r.data.abbreviation || '';
  $('di-set-per-type').checked = Boolean(r.data.per_type);
}

async function openOutgoingList() {
  show('documents-out');
  $('di-new-box').hidden = !canDraft();
  $('di-settings-box').hidden = !canSettings();
  $('di-status-box').hidden = !canClerk();
  const r = await api('GET', `/api/v1/documents/outgoing${outgoingQuery()}`);
  if (r.status !== 200) { say(errorText(r)); return; }
  const items = r.data.items || [];
  $('di-table').tBodies[0].replaceChildren(...items.map(outgoingRow));
  $('di-empty').hidden = items.length > 0;
  if (canSettings() && $('di-set-unit').options.length === 0) {
    await docUnitSelect($('di-set-unit'));
    await showSettings();
  }
}

$('di-filters').addEventListener('submit', (e) => { e.preventDefault(); say(''); openOutgoingList(); });
$('di-status').addEventListener('change', () => openOutgoingList());
$('di-set-unit').addEventListener('change', showSettings);

$('di-settings').addEventListener('submit', async (e) => {
  e.preventDefault();
  const unit = $('di-set-unit').value;
  const r = await api('PUT', `/api/v1/documents/settings?unit=${encodeURIComponent(unit)}`,
    { abbreviation: $('di-set-abbr').value.trim(), per_type: $('di-set-per-type').checked });
  if (r.status !== 200) { say(errorText(r)); return; }
  say(`Đã lưu cách đánh số văn bản của ${$('di-set-unit').selectedOptions[0].textContent}.`, true);
});

// A status package from an outside recipient (POST /api/v1/documents/edxml-status): its row shows the code.
$('di-edxml-status').addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = $('di-status-file').files[0];
  if (!file) return;
  const res = await fetch('/api/v1/documents/edxml-status', {
    method: 'POST', body: file, headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/xml', Accept: 'application/json' },
  });
  const data = await res.json().catch(() => ({}));
  if (res.status !== 200) { say(errorText({ data })); return; }
  say(`Đã nhận trạng thái ${data.status}: ${data.status_name || DOC_EXCHANGE_STATUS[data.status] || ''}.`, true);
  e.target.reset();
  location.hash = `#document-out/${data.document_id}`;
});

// --- the draft form -------------------------------------------------------------

function organRow() {
  const name = element('input', { className: 'dif-organ-name', maxLength: 200, autocomplete: 'off' });
  const code = element('input', { className: 'dif-organ-id', maxLength: 13, autocomplete: 'off', placeholder: '000.00.00.H42' });
  const drop = element('button', { type: 'button', className: 'secondary', textContent: 'Bỏ cơ quan này' });
  drop.addEventListener('click', () => li.remove());
  const li = element('li', { className: 'row' }, ...labelled('Tên cơ quan, tổ chức nhận', name),
    ...labelled('Mã định danh (nếu có)', code), drop);
  return li;
}

$('dif-add-organ').addEventListener('click', () => {
  const li = organRow();
  $('dif-organs').append(li);
  li.querySelector('input').focus();
});

async function fillRecipientUnits() {
  const units = await docUnits();
  const mine = await docMyCommune();
  // Another commune's organ, or an office of this one: each gets an incoming document at once.
  const choices = units.filter((u) => u !== mine && (u.parent_id === null || docCommuneOf(units, u.agency_code) === mine));
  $('dif-units').replaceChildren(...choices.map((u) => element('label', {},
    element('input', { type: 'checkbox', value: u.agency_code, className: 'dif-unit' }), ` ${u.name} (${u.agency_code})`)));
}

async function openOutgoingNew(replyTo) {
  show('document-out-new');
  if (!canDraft()) { say('Bạn không có quyền soạn văn bản đi.'); return; }
  docTypeSelect('dif-type', 'cong_van');
  if ($('dif-urgency').options.length === 0) docMarkSelects('dif-urgency', 'dif-secrecy');
  await fillRecipientUnits();
  // The leaders who may sign for the commune, the organ a draft is issued by.
  docPersonOptions($('dif-signer'), await docPeople('sign'), 'Chưa chỉ định (lãnh đạo có thẩm quyền nào cũng ký được)');
  await docAccessChoices('dif-access-pick', 'dif-access');
  outgoingReplyTo = null;
  $('dif-reply').hidden = true;
  if (replyTo) {
    const r = await api('GET', `/api/v1/documents/incoming/${replyTo}`);
    if (r.status === 200) {
      outgoingReplyTo = r.data;
      $('dif-reply').textContent = `Trả lời văn bản đến số ${r.data.arrival_number}: ${docNumber(r.data)} của ${r.data.organ_name} — ${r.data.subject}`;
      $('dif-reply').hidden = false;
      if (!$('dif-subject').value) $('dif-subject').value = `V/v trả lời ${r.data.subject.charAt(0).toLowerCase()}${r.data.subject.slice(1)}`;
      const sender = (await docUnits()).find((u) => u.agency_code === r.data.organ_id);
      const box = sender && [...document.querySelectorAll('.dif-unit')].find((i) => i.value === sender.agency_code);
      if (box) box.checked = true;
    }
  }
}

function outgoingForm() {
  const recipients = [...document.querySelectorAll('.dif-unit:checked')].map((i) => ({ unit: i.value }));
  for (const li of document.querySelectorAll('#dif-organs li')) {
    const name = li.querySelector('.dif-organ-name').value.trim();
    const code = li.querySelector('.dif-organ-id').value.trim();
    if (name) recipients.push(code ? { organ_name: name, organ_id: code } : { organ_name: name });
  }
  const body = {
    type_code: $('dif-type').value, subject: $('dif-subject').value.trim(), urgency: $('dif-urgency').value,
    secrecy: $('dif-secrecy').value, recipients, access: docAccess('dif-access', 'dif-access-more'),
  };
  if ($('dif-content').value.trim()) body.content = $('dif-content').value;
  if ($('dif-signer').value) body.signer = $('dif-signer').value;
  if ($('dif-due').value) body.due_date = $('dif-due').value;
  if ($('dif-amount').value) body.issued_amount = Number($('dif-amount').value);
  if (outgoingReplyTo) body.reply_to = outgoingReplyTo.id;
  return body;
}

$('dif-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = await api('POST', '/api/v1/documents/outgoing', outgoingForm());
  if (r.status !== 201) { say(errorText(r) + (r.data?.error?.field ? ` (${r.data.error.field})` : '')); return; }
  const id = r.data.id;
  const ok = (!$('dif-file').files[0] || await docUploadAll(id, [$('dif-file').files[0]], 'content'))
    && await docUploadAll(id, $('dif-attachments').files, 'attachment');
  if (ok) say('Đã lưu dự thảo văn bản đi.', true);
  e.target.reset();
  $('dif-organs').replaceChildren();
  location.hash = `#document-out/${id}`;
});

// --- one outgoing document --------------------------------------------------------

const OUT_ACTIONS = {
  submit: 'Trình ký', return: 'Trả lại dự thảo', sign: 'Ký số và cấp số', issue: 'Phát hành', send: 'Gửi văn bản', withdraw: 'Thu hồi',
};
const OUT_DONE = {
  submit: 'Đã trình lãnh đạo ký.', return: 'Đã trả lại dự thảo cho người soạn.', sign: 'Đã ký số và cấp số', issue: 'Đã phát hành văn bản.',
  send: 'Đã gửi văn bản đến các nơi nhận.', withdraw: 'Đã thu hồi văn bản.',
};

// The steps the server lets the caller take now, as buttons (attach is the upload form).
const outgoingActions = (d) => (d.allowed_actions || []).filter((a) => OUT_ACTIONS[a]);

function outgoingFacts(d) {
  return docFacts([
    ['Số, ký hiệu', docNumber(d) || 'chưa cấp số (cấp khi lãnh đạo ký)'], ['Ngày văn bản', docDay(d.issued_date)],
    ['Loại văn bản', d.type_name], ['Cơ quan ban hành', d.organ_name], ['Đơn vị soạn thảo', d.drafting_unit?.name || d.drafting_unit_name],
    ['Người soạn', d.drafter_name || d.drafter],
    // Once signed, as the signed file prints it; before, the leader it is submitted to.
    ['Người ký', d.signer_full_name ? [d.signer_position, d.signer_full_name].filter(Boolean).join(' ') : d.signer_name || d.signer],
    ['Độ khẩn, độ mật', docMarks(d)], ['Hạn trả lời', docDay(d.due_date)], ['Số lượng bản phát hành', d.issued_amount],
    ['Trích yếu', d.subject], ['Nội dung', d.content],
    ['Người được xem', (d.access || []).map((a) => a.username || a).join(', ')],
    ['Hồ sơ', d.record ? `${d.record.file_notation} — ${d.record.title}` : ''],
  ]);
}

function recipientStatus(rc) {
  if (rc.status) return `${rc.status}: ${DOC_EXCHANGE_STATUS[rc.status] || ''}${rc.status_at ? `, ${docClock(rc.status_at)}` : ''}${rc.status_note ? ` (${rc.status_note})` : ''}`;
  return outgoingShown.status === 'sent' ? 'Đã gửi, chưa có phản hồi' : 'Chưa gửi';
}

function recipientRow(d, rc) {
  const inside = rc.kind ? rc.kind === 'internal' : Boolean(rc.unit || rc.unit_id || rc.delivered_id);
  const pack = element('td', {});
  // A confidential document never goes over the edXML exchange (the server refuses it too).
  if (!inside && ['issued', 'sent'].includes(d.status) && d.secrecy) {
    pack.textContent = 'Văn bản mật: không gửi qua edXML, chuyển theo quy định bảo vệ bí mật nhà nước';
  } else if (!inside && ['issued', 'sent'].includes(d.status)) {
    pack.append(element('a', {
      href: `/api/v1/documents/outgoing/${d.id}/edxml?recipient=${rc.id}`, download: `${docNumber(d).replace(/\//g, '-') || d.id}-${rc.id}.edxml`,
      textContent: `Tải gói edXML cho ${rc.organ_name}`,
    }));
  }
  return element('tr', {}, element('th', { scope: 'row', textContent: rc.organ_name || rc.unit?.name || '' }),
    element('td', { textContent: rc.organ_id || rc.unit?.agency_code || rc.unit || '' }),
    element('td', { textContent: inside ? 'Trực tiếp trong hệ thống' : 'Gói edXML' }),
    element('td', { textContent: recipientStatus(rc) }), pack);
}

// GET /verify: the signature over the stored signed PDF, read again now.
function verificationText(v) {
  const who = [v.signer?.position, v.signer?.name].filter(Boolean).join(' ');
  const when = v.signed_at ? `, ký lúc ${docClock(v.signed_at)}` : '';
  const revoked = v.key?.revoked_at ? ` Khóa ký đã bị thu hồi ngày ${docDay(v.key.revoked_at)}${v.key.revoked_reason ? ` (${v.key.revoked_reason})` : ''}; chữ ký trước đó vẫn kiểm tra được.` : '';
  if (v.signature_valid && v.valid_for_stored) return `Chữ ký số hợp lệ${who ? ` của ${who}` : ''}${when}: tệp lưu trên hệ thống không bị thay đổi từ khi ký.${revoked}`;
  if (v.signature_valid) return `Chữ ký số hợp lệ${who ? ` của ${who}` : ''}${when}, nhưng tệp lưu trên hệ thống không còn khớp với chữ ký: báo quản trị hệ thống.${revoked}`;
  return 'Chữ ký số KHÔNG hợp lệ: báo quản trị hệ thống.';
}

async function showVerification(d) {
  $('did-signed-box').hidden = !['signed', 'issued', 'sent'].includes(d.status);
  $('did-check-result').textContent = '';
  if ($('did-signed-box').hidden) return;
  $('did-pdf').href = `/api/v1/documents/${d.id}/pdf`;
  const r = await api('GET', `/api/v1/documents/${d.id}/verify`);
  $('did-verify').textContent = r.status === 200 ? verificationText(r.data) : `Không kiểm tra được chữ ký: ${errorText(r)}`;
}

// POST /verify with a file: is this copy (received by mail, say) the signed one, unchanged?
$('did-check').addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = $('did-check-file').files[0];
  if (!file) return;
  const res = await fetch(`/api/v1/documents/${outgoingShown.id}/verify`, {
    method: 'POST', body: file, headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/pdf', Accept: 'application/json' },
  });
  const data = await res.json().catch(() => ({}));
  if (res.status !== 200) { $('did-check-result').textContent = ''; say(errorText({ data })); return; }
  $('did-check-result').textContent = data.valid_for_presented
    ? `Tệp ${file.name} đúng là văn bản đã ký số, không bị thay đổi.`
    : `Tệp ${file.name} KHÔNG khớp với văn bản đã ký số: có thể đã bị sửa hoặc là tệp khác.`;
});

async function openOutgoing(id) {
  show('document-out');
  const r = await api('GET', `/api/v1/documents/outgoing/${id}`);
  if (r.status !== 200) { say(r.status === 404 ? 'Không có văn bản đi này, hoặc bạn không được xem.' : errorText(r)); return; }
  const d = r.data;
  outgoingShown = d;
  $('did-title').textContent = `Văn bản đi ${docNumber(d) || '(chưa cấp số)'}: ${d.subject}`;
  $('did-status').textContent = docStatus(d);
  $('did-facts').replaceChildren(...outgoingFacts(d));
  if (d.reply_to) {
    $('did-facts').append(element('dt', { textContent: 'Trả lời văn bản đến' }),
      element('dd', {}, element('a', { href: `#document-in/${d.reply_to}`, textContent: 'Mở văn bản đến được trả lời' })));
  }
  $('did-recipients').tBodies[0].replaceChildren(...(d.recipients || []).map((rc) => recipientRow(d, rc)));
  const files = d.files || [];
  $('did-files').replaceChildren(...docFileItems(d.id, files));
  $('did-files-box').hidden = files.length === 0;
  $('did-upload').hidden = !(d.allowed_actions || []).includes('attach');
  const actions = outgoingActions(d);
  $('did-buttons').replaceChildren(...actions.map((action) => {
    const b = element('button', { type: 'button', textContent: OUT_ACTIONS[action] || action });
    b.addEventListener('click', () => outgoingAction(action));
    return b;
  }));
  $('did-act').hidden = actions.length === 0;
  $('did-events').replaceChildren(...(d.events || []).map(docEventItem));
  await showVerification(d);
  await docRecordChoices('did-record-box', 'did-record-id');
}

async function outgoingAction(action) {
  const note = $('did-note').value.trim();
  if ((action === 'return' || action === 'withdraw') && !note) { say('Nhập ý kiến (lý do) trước khi trả lại hoặc thu hồi.'); $('did-note').focus(); return; }
  const r = await api('POST', `/api/v1/documents/outgoing/${outgoingShown.id}/${action}`, note ? { note } : {});
  if (r.status !== 200 && r.status !== 201) { say(errorText(r)); return; }
  const number = action === 'sign' && r.data.code_number ? ` số ${docNumber(r.data)}.` : action === 'sign' ? '.' : '';
  say(OUT_DONE[action] + number, true);
  $('did-note').value = '';
  await openOutgoing(outgoingShown.id);
}

$('did-upload').addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = $('did-upload-file').files[0];
  if (!file || !(await docUploadAll(outgoingShown.id, [file], 'attachment'))) return;
  say(`Đã tải lên ${file.name}.`, true);
  e.target.reset();
  await openOutgoing(outgoingShown.id);
});

$('did-record').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (await docFileInto('did-record-id', outgoingShown.id)) await openOutgoing(outgoingShown.id);
});
