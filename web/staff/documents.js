// What the document pages share (văn bản đến, văn bản đi, sổ đăng ký, hồ sơ
// công việc under Nghị định 30/2020): the Vietnamese names of the marks and
// statuses, dates as dd/mm/yyyy in Vietnam's time, the document types, the
// units, file uploads. Uses $, api, say, errorText, csrf, me from staff.js,
// element from catalog.js and hasRole from plan.js. Text only.
'use strict';

// Mức độ khẩn and độ mật (Điều 15, Phụ lục I): the codes the API keeps.
const DOC_URGENCY = { thuong: 'Thường', khan: 'Khẩn', thuong_khan: 'Thượng khẩn', hoa_toc: 'Hỏa tốc' };
const DOC_SECRECY = { '': 'Không mật', mat: 'Mật', toi_mat: 'Tối mật', tuyet_mat: 'Tuyệt mật' };
const DOC_STATUS_NAMES = {
  draft: 'Dự thảo', review: 'Chờ lãnh đạo ký', signed: 'Đã ký số', issued: 'Đã phát hành', sent: 'Đã gửi', withdrawn: 'Đã thu hồi',
  registered: 'Đã vào sổ, chờ phân công', assigned: 'Đã phân công', in_progress: 'Đang xử lý', done: 'Đã giải quyết xong',
  refused: 'Đã trả lại nơi gửi',
};
// The edXML status codes (QCVN 102:2016) a recipient answers with.
const DOC_EXCHANGE_STATUS = {
  '01': 'Đã đến', '02': 'Bị từ chối', '03': 'Đã tiếp nhận, vào sổ', '04': 'Đã phân công', '05': 'Đang xử lý', '06': 'Đã hoàn thành',
};
const DOC_EVENT_NAMES = {
  create: 'Tạo dự thảo', edit: 'Sửa dự thảo', submit: 'Trình ký', return: 'Trả lại dự thảo', sign: 'Ký số, cấp số',
  issue: 'Phát hành', send: 'Gửi', withdraw: 'Thu hồi', register: 'Vào sổ văn bản đến', assign: 'Phân công xử lý',
  start: 'Bắt đầu xử lý', note: 'Ý kiến xử lý', complete: 'Hoàn thành xử lý', refuse: 'Trả lại nơi gửi',
  delivered: 'Đã chuyển đến nơi nhận', accepted: 'Nơi nhận đã vào sổ', recipient_status: 'Nơi nhận báo tình trạng xử lý',
  attach: 'Tải tệp lên', file: 'Lập hồ sơ', unfile: 'Rút khỏi hồ sơ', edxml_export: 'Tạo gói edXML', edxml_import: 'Nhận gói edXML',
  edxml_status: 'Nhận trạng thái edXML', edxml_status_out: 'Gửi trạng thái edXML',
};
// How an incoming one arrived (received_via).
const DOC_ARRIVAL_WAYS = { paper: 'văn bản giấy', direct: 'nhận trực tiếp trong hệ thống', edxml: 'gói edXML' };

// The 29 kinds of Điều 7 in the decree's order (core/doc_type.c).
const DOC_TYPES = [
  ['nghi_quyet', 'Nghị quyết (cá biệt)'], ['quyet_dinh', 'Quyết định (cá biệt)'], ['chi_thi', 'Chỉ thị'], ['quy_che', 'Quy chế'],
  ['quy_dinh', 'Quy định'], ['thong_cao', 'Thông cáo'], ['thong_bao', 'Thông báo'], ['huong_dan', 'Hướng dẫn'],
  ['chuong_trinh', 'Chương trình'], ['ke_hoach', 'Kế hoạch'], ['phuong_an', 'Phương án'], ['de_an', 'Đề án'], ['du_an', 'Dự án'],
  ['bao_cao', 'Báo cáo'], ['bien_ban', 'Biên bản'], ['to_trinh', 'Tờ trình'], ['hop_dong', 'Hợp đồng'], ['cong_van', 'Công văn'],
  ['cong_dien', 'Công điện'], ['ban_ghi_nho', 'Bản ghi nhớ'], ['ban_thoa_thuan', 'Bản thỏa thuận'], ['giay_uy_quyen', 'Giấy ủy quyền'],
  ['giay_moi', 'Giấy mời'], ['giay_gioi_thieu', 'Giấy giới thiệu'], ['giay_nghi_phep', 'Giấy nghỉ phép'], ['phieu_gui', 'Phiếu gửi'],
  ['phieu_chuyen', 'Phiếu chuyển'], ['phieu_bao', 'Phiếu báo'], ['thu_cong', 'Thư công'],
];

const DOC_DAY = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' });
const DOC_CLOCK = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric',
});

// "2026-12-05" → "05/12/2026"; an instant → its day in Vietnam.
function docDay(value) {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value.split('-').reverse().join('/');
  return DOC_DAY.format(new Date(value));
}

const docClock = (iso) => (iso ? DOC_CLOCK.format(new Date(iso)) : '');
const docYear = () => Number(new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).slice(0, 4));
const docToday = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });

// "05/QĐ-UBND", or what is known of it: every document carries it whole as
// "number" and in its two parts.
function docNumber(d) {
  return d.number || d.code_notation || '';
}

function docMarks(d) {
  const marks = [DOC_URGENCY[d.urgency] || d.urgency_name || ''];
  if (d.secrecy) marks.push(DOC_SECRECY[d.secrecy] || d.secrecy_name || d.secrecy);
  return marks.filter(Boolean).join(', ');
}

const docStatus = (d) => DOC_STATUS_NAMES[d.status] || d.status_title || d.status;

function docFacts(rows) {
  return rows.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .flatMap(([k, v]) => [element('dt', { textContent: k }), element('dd', { textContent: String(v) })]);
}

function docOptions(select, pairs, value) {
  select.replaceChildren(...pairs.map(([v, t]) => element('option', { value: v, textContent: t })));
  if (value !== undefined) select.value = value;
}

function docMarkSelects(urgency, secrecy) {
  docOptions($(urgency), Object.entries(DOC_URGENCY), 'thuong');
  docOptions($(secrecy), Object.entries(DOC_SECRECY), '');
}

function docTypeSelect(id, value) {
  if ($(id).options.length === 0) docOptions($(id), DOC_TYPES, value);
  else if (value) $(id).value = value;
}

// The units of the deployment, read once per page load.
let docUnitList = null;
async function docUnits() {
  if (!docUnitList) {
    const r = await api('GET', '/api/v1/units');
    if (r.status !== 200) return [];
    docUnitList = r.data.items || [];
  }
  return docUnitList;
}

// The commune (the root of the tree) a unit belongs to.
function docCommuneOf(units, code) {
  let u = units.find((x) => x.agency_code === code);
  while (u && u.parent_id !== null) {
    const parentId = u.parent_id;
    u = units.find((x) => x.id === parentId);
  }
  return u;
}

async function docMyCommune() {
  return docCommuneOf(await docUnits(), me.unit.agency_code);
}

// The units inside the caller's commune, the commune first.
async function docCommuneUnits() {
  const units = await docUnits();
  const commune = await docMyCommune();
  if (!commune) return units;
  return units.filter((u) => docCommuneOf(units, u.agency_code) === commune);
}

async function docUnitSelect(select, value) {
  const units = await docCommuneUnits();
  docOptions(select, units.map((u) => [u.agency_code, u.name]));
  select.value = value || units[0]?.agency_code || '';
}

const docUsernames = (text) => text.split(/[,;\s]+/).map((s) => s.trim()).filter(Boolean);

// Whom a document may name (GET /api/v1/documents/people): can is handle (the
// handler, in the lead unit), sign (the signer, of the issuing organ) or read
// (on a confidential one's list). An empty list when the server gives none.
async function docPeople(can, unit) {
  const q = new URLSearchParams({ can });
  if (unit) q.set('unit', unit);
  const r = await api('GET', `/api/v1/documents/people?${q}`);
  return r.status === 200 ? r.data.items || [] : [];
}

// "Họ tên — chức vụ (đơn vị)"; the username stays the option's value.
const docPersonLabel = (p) => `${p.full_name}${p.position ? ` — ${p.position}` : ''} (${p.unit_name})`;

// The people as a select's options, after an optional first choice of none;
// what was chosen stays chosen when it is still there.
function docPersonOptions(select, people, none) {
  const chosen = new Set([...select.selectedOptions].map((o) => o.value));
  const first = none === undefined ? [] : [element('option', { value: '', textContent: none })];
  select.replaceChildren(...first, ...people.map((p) => element('option', { value: p.username, textContent: docPersonLabel(p) })));
  for (const o of select.options) if (chosen.has(o.value)) o.selected = true;
}

// A confidential document's readers: a list to pick from (shown when it has
// anyone) and usernames typed beside it.
async function docAccessChoices(pickId, selectId) {
  const people = (await docPeople('read')).filter((p) => p.username !== me.username);
  docPersonOptions($(selectId), people);
  $(pickId).hidden = people.length === 0;
}

function docAccess(selectId, moreId) {
  const picked = [...$(selectId).selectedOptions].map((o) => o.value);
  return [...new Set([...picked, ...docUsernames($(moreId).value)])];
}

// One file to a document (POST /api/v1/documents/{id}/files): multipart, role content or attachment.
async function docUpload(id, file, role) {
  const form = new FormData();
  form.append('role', role);
  form.append('file', file, file.name);
  const res = await fetch(`/api/v1/documents/${id}/files`, { method: 'POST', body: form, headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' } });
  return { status: res.status, data: await res.json().catch(() => ({})) };
}

async function docUploadAll(id, files, role) {
  for (const f of files) {
    const r = await docUpload(id, f, role);
    if (r.status !== 201 && r.status !== 200) { say(`Không tải được tệp ${f.name}: ${errorText(r)}`); return false; }
  }
  return true;
}

function docFileItems(id, files) {
  return (files || []).map((f) => element('li', {},
    element('a', { href: `/api/v1/documents/${id}/files/${f.id}`, textContent: f.name, download: f.name }),
    ` (${f.role === 'content' ? 'văn bản' : 'đính kèm'})`));
}

function docEventItem(ev) {
  const what = DOC_EVENT_NAMES[ev.action] || ev.action;
  const note = ev.note;
  const code = ev.status_code ? ` · trạng thái ${ev.status_code}: ${DOC_EXCHANGE_STATUS[ev.status_code] || ''}` : '';
  const from = ev.from_status, to = ev.to_status;
  const status = to && to !== from ? ` → ${DOC_STATUS_NAMES[to] || to}` : '';
  return element('li', { textContent: `${docClock(ev.at)} · ${ev.actor_name || ev.actor} · ${what}${status}${code}${note ? ` · ${note}` : ''}` });
}

// The open work records of the caller's unit this year, for "Đưa vào hồ sơ".
async function docRecordChoices(boxId, selectId) {
  $(boxId).hidden = true;
  if (!hasRole('leader', 'specialist', 'clerk')) return;
  const r = await api('GET', `/api/v1/work-records?year=${docYear()}`);
  if (r.status !== 200) return;
  const open = (r.data.items || []).filter((w) => w.status === 'open');
  docOptions($(selectId), open.map((w) => [String(w.id), `${w.file_notation} — ${w.title}`]));
  $(boxId).hidden = open.length === 0;
}

async function docFileInto(selectId, documentId) {
  const record = $(selectId).value;
  const r = await api('POST', `/api/v1/work-records/${record}/documents`, { document_id: Number(documentId) });
  if (r.status !== 200 && r.status !== 201) { say(errorText(r)); return false; }
  say(`Đã đưa văn bản vào hồ sơ ${$(selectId).selectedOptions[0].textContent}.`, true);
  return true;
}
