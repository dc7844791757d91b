// The edXML exchange (QCVN 102:2016): a package from an outside system
// registered as văn bản đến with its files; every refused package stores
// nothing; an issued outgoing document exported and imported at a second
// unit; status messages both ways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, addUser, signInFully, bin } from './server.mjs';
import { dbExec, dbRows, dbValue, isPgDb } from './db.mjs';

const NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
const A = '000.00.01.H42'; // Xã Thượng Đức (the demo commune)
const B = '000.00.02.H42'; // Xã Bình Minh, added for these tests

let srv;
const s = {};
before(async () => {
  srv = await startServer({
    setup: (p) => {
      execFileSync(bin, ['unit', 'add', '--code', B, '--kind', 'commune', '--name', 'Ủy ban nhân dân xã Bình Minh',
        '--db', p.db, '--data-dir', p.data], { encoding: 'utf8' });
      addUser(p, 'vanthu', 'clerk', '000.01.01.H42');
      addUser(p, 'vanthub', 'clerk', B);
      addUser(p, 'chuyenvien', 'specialist', '000.03.01.H42');
    },
  });
  for (const u of ['vanthu', 'vanthub', 'chuyenvien']) s[u] = await signInFully(srv.base, u);
});
after(async () => { await srv.stop(); srv.cleanup(); });

const clock = '2026-12-04T09:00:00+07:00';
async function send(user, method, path, { body, type } = {}) {
  const headers = { 'X-Test-Now': clock, Cookie: s[user].cookie, 'X-CSRF-Token': s[user].csrf };
  if (type) headers['Content-Type'] = type;
  const res = await fetch(srv.base + path, { method, headers, body });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* XML */ }
  return { status: res.status, text, body: json, headers: res.headers };
}
const postXml = (user, path, xml) => send(user, 'POST', path, { body: xml, type: 'application/xml' });

const esc = (v) => String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const el = (name, v) => (v === undefined ? '' : `<edXML:${name}>${esc(v)}</edXML:${name}>`);

// A package as an outside system writes it.
function pkg({ to = A, from = '000.00.09.H42', fromName = 'Sở Y tế tỉnh Hà Tĩnh', number = '7', notation = 'SYT-NV',
  docId, subject = 'V/v kiểm tra công tác tiêm chủng mở rộng', files = [], ns = NS, prefix = '', omit = [] } = {}) {
  const id = docId ?? `${from},2026/12/01,${number}/${notation}`;
  const part = (name, xml) => (omit.includes(name) ? '' : xml);
  const att = files.map((f, i) => `<Attachment><ContentId>cid:a${i}</ContentId><ContentType>${f.type}</ContentType>`
    + `<AttachmentName>${esc(f.name)}</AttachmentName><ContentTransferEncoded>${f.b64 ?? f.data.toString('base64')}`
    + '</ContentTransferEncoded></Attachment>').join('');
  return `${prefix}<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="${ns}" xmlns:edXML="${ns}">`
    + '<edXML:edXMLEnvelope><edXML:edXMLHeader><edXML:MessageHeader>'
    + `<edXML:From>${el('OrganId', from)}${el('OrganName', fromName)}</edXML:From>`
    + part('To', `<edXML:To>${el('OrganId', to)}${el('OrganName', 'UBND xã')}</edXML:To>`)
    + `<edXML:Code>${el('CodeNumber', number)}${el('CodeNotation', notation)}</edXML:Code>`
    + `<edXML:PromulgationInfo>${el('Place', 'Hà Tĩnh')}${el('PromulgationDate', '2026/12/01')}</edXML:PromulgationInfo>`
    + `<edXML:DocumentType>${el('Type', 1)}${el('TypeName', 'Công văn')}</edXML:DocumentType>`
    + el('Subject', subject)
    + `<edXML:SignerInfo>${el('Competence', 'KT.')}${el('Position', 'Phó Giám đốc')}${el('FullName', 'Trần Văn Bình')}</edXML:SignerInfo>`
    + el('DueDate', '2026/12/15')
    + `<edXML:ToPlaces>${el('Place', 'UBND các xã;')}${el('Place', 'Lưu: VT, NV.')}</edXML:ToPlaces>`
    + `<edXML:OtherInfo>${el('Priority', 1)}${el('PageAmount', 2)}</edXML:OtherInfo>`
    + el('DocumentId', id)
    + '</edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope>'
    + (att ? `<AttachmentEncoded>${att}</AttachmentEncoded>` : '') + '</edXML>';
}

function blobFiles() {
  const root = join(srv.data, 'files');
  const out = [];
  const walk = (d) => { for (const e of readdirSync(d, { withFileTypes: true })) (e.isDirectory() ? walk(join(d, e.name)) : out.push(e.name)); };
  if (existsSync(root)) walk(root);
  return out.filter((n) => /^[0-9a-f]{64}$/.test(n)).length;
}
function blobBytes(hash) {
  return readFileSync(join(srv.data, 'files', hash.slice(0, 2), hash.slice(2, 4), hash));
}
function counts() {
  return {
    documents: dbValue(srv.db, 'SELECT count(*) FROM document'),
    files: dbValue(srv.db, 'SELECT count(*) FROM document_file'),
    events: dbValue(srv.db, 'SELECT count(*) FROM document_event'),
    blobs: blobFiles(),
  };
}

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n% Văn bản ký số\n'), Buffer.from([0, 1, 2, 250, 251, 252, 13, 10])]);
const annex = Buffer.from('Phụ lục: danh sách 12 thôn, tổ dân phố\n'.repeat(50));
// The content scan the signed PDF names by its SHA-256.
const scan = Buffer.from('%PDF-1.4\n% Bản quét văn bản\n');

test('a package from an outside system is registered with its files', async (t) => {
  const r = await postXml('vanthu', '/api/v1/documents/incoming/edxml', pkg({
    files: [{ name: '7-SYT-NV.pdf', type: 'application/pdf', data: pdf }, { name: 'Phụ lục.txt', type: 'text/plain', data: annex }],
  }));
  t.assert.equal(r.status, 201, r.text);
  assert.equal(r.body.arrival_number, 1);
  assert.equal(r.body.unit, A);
  assert.equal(r.body.edxml_document_id, '000.00.09.H42,2026/12/01,7/SYT-NV');
  const [doc] = dbRows(srv.db, `SELECT direction, status, type_code, code_number, code_notation, issued_date, organ_name, organ_id,
    subject, urgency, due_date, page_amount, signer_full_name, to_places, edxml_document_id, file_name FROM document WHERE id = ${r.body.id}`);
  assert.deepEqual(doc, {
    direction: 'in', status: 'registered', type_code: 'cong_van', code_number: '7', code_notation: 'SYT-NV',
    issued_date: '2026-12-01', organ_name: 'Sở Y tế tỉnh Hà Tĩnh', organ_id: '000.00.09.H42',
    subject: 'V/v kiểm tra công tác tiêm chủng mở rộng', urgency: 'khan', due_date: '2026-12-15', page_amount: 2,
    signer_full_name: 'Trần Văn Bình', to_places: 'UBND các xã;\nLưu: VT, NV.',
    edxml_document_id: '000.00.09.H42,2026/12/01,7/SYT-NV', file_name: '7-SYT-NV.pdf',
  });
  const files = dbRows(srv.db, `SELECT role, name, content_type, sha256, size FROM document_file WHERE document_id = ${r.body.id} ORDER BY id`);
  assert.deepEqual(files.map((f) => [f.role, f.name, f.size]), [['content', '7-SYT-NV.pdf', pdf.length], ['attachment', 'Phụ lục.txt', annex.length]]);
  // The files are in the file store, byte for byte.
  assert.deepEqual(blobBytes(files[0].sha256), pdf);
  assert.deepEqual(blobBytes(files[1].sha256), annex);
  assert.equal(files[0].sha256, createHash('sha256').update(pdf).digest('hex'));
  const events = dbRows(srv.db, `SELECT action, status_code FROM document_event WHERE document_id = ${r.body.id} ORDER BY id`);
  assert.deepEqual(events.map((e) => e.action), ['register', 'edxml_import']);
  assert.ok(dbValue(srv.db, `SELECT count(*) FROM audit_log WHERE action = 'document.edxml_import'`) >= 1);
});

test('a package sent as a multipart file is read the same way', async (t) => {
  const form = new FormData();
  form.append('file', new Blob([pkg({ number: '8', files: [{ name: 'a.pdf', type: 'application/pdf', data: pdf }] })]), '8.edxml');
  const r = await send('vanthu', 'POST', '/api/v1/documents/incoming/edxml', { body: form });
  t.assert.equal(r.status, 201, r.text);
  assert.equal(r.body.arrival_number, 2);
});

test('every refused package stores nothing', async (t) => {
  const bomb = '<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    + '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    + `<edXML xmlns="${NS}">&d;&d;&d;&d;</edXML>`;
  const big = Buffer.alloc(21 << 20, 7);
  const cases = [
    ['malformed', '<edXML><chưa đóng', 422, 'edxml_malformed'],
    ['billion laughs', bomb, 422, 'edxml_doctype'],
    ['external entity', `<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/passwd">]><edXML xmlns="${NS}">&x;</edXML>`, 422, 'edxml_doctype'],
    ['wrong namespace', pkg({ number: '20', ns: 'http://example.org/khac' }), 422, 'edxml_namespace'],
    ['missing To', pkg({ number: '21', omit: ['To'] }), 422, 'edxml_missing', 'To'],
    ['bad base64', pkg({ number: '22', files: [{ name: 'x.pdf', type: 'application/pdf', b64: 'không phải base64!' }] }), 422, 'edxml_attachment'],
    ['a file over 20 MB', pkg({ number: '23', files: [{ name: 'lớn.bin', type: 'application/octet-stream', data: big }] }), 413, 'edxml_too_large'],
    ['not addressed to the caller', pkg({ number: '24', to: '000.00.77.H42' }), 422, 'edxml_recipient', 'To'],
    ['a repeat of one received', pkg({ files: [{ name: 'lại.pdf', type: 'application/pdf', data: Buffer.from('khác hẳn') }] }), 409, 'duplicate_document'],
    ['a repeat under another DocumentId', pkg({ docId: 'uuid-123', files: [{ name: 'lại.pdf', type: 'application/pdf', data: Buffer.from('khác nữa') }] }), 409, 'duplicate_document'],
  ];
  for (const [what, xml, status, code, field] of cases) {
    const before = counts();
    const r = await postXml('vanthu', '/api/v1/documents/incoming/edxml', xml);
    t.assert.equal(r.status, status, `${what}: ${r.text.slice(0, 300)}`);
    t.assert.equal(r.body.error.code, code, what);
    t.assert.ok(r.body.error.message.length > 0, what);
    if (field) t.assert.equal(r.body.error.field, field, what);
    if (code === 'duplicate_document') t.assert.equal(r.body.error.duplicates[0].arrival_number, 1, what);
    t.assert.deepEqual(counts(), before, `${what} leaves no row and no file`);
  }
  // Not XML at all, and someone who is not the văn thư.
  const before = counts();
  const r1 = await send('vanthu', 'POST', '/api/v1/documents/incoming/edxml', { body: '{}', type: 'application/json' });
  assert.equal(r1.status, 415);
  const r2 = await postXml('chuyenvien', '/api/v1/documents/incoming/edxml', pkg({ number: '30' }));
  assert.equal(r2.status, 403);
  assert.deepEqual(counts(), before);
});

// An issued outgoing document of xã Thượng Đức, as the outgoing flow leaves
// it: its signed PDF in the file store, an attachment, two recipients
// outside this unit (xã Bình Minh by its code, and an outside organ).
function issuedOutgoing(number = 15) {
  const hash = createHash('sha256').update(pdf).digest('hex');
  const annexHash = createHash('sha256').update(annex).digest('hex');
  const scanHash = createHash('sha256').update(scan).digest('hex');
  for (const [h, data] of [[hash, pdf], [annexHash, annex], [scanHash, scan]]) {
    const dir = join(srv.data, 'files', h.slice(0, 2), h.slice(2, 4));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, h), data);
  }
  const now = '2026-12-04T01:00:00.000Z';
  dbExec(srv.db, `INSERT INTO document (direction, unit_id, status, type_code, type_name, code_number, code_notation,
    issued_date, organ_name, subject, urgency, secrecy, register, year, seq, page_amount, issued_amount, signer_position,
    signer_full_name, file_sha256, file_name, issued_at, created_by, created_at, updated_at)
    VALUES ('out', (SELECT id FROM unit WHERE agency_code = '${A}'), 'issued', 'cong_van', 'Công văn', '${number}', 'UBND-VX',
    '2026-12-04', 'Ủy ban nhân dân xã Thượng Đức', 'V/v phối hợp tổ chức ngày hội đại đoàn kết', 'thuong_khan', '',
    'out', 2026, ${number}, 1, 3, 'Chủ tịch', 'Nguyễn Thị Hằng', '${hash}', '15-UBND-VX.pdf', '${now}', 'lanhdao', '${now}', '${now}')`);
  const id = dbValue(srv.db, "SELECT max(id) FROM document WHERE direction = 'out'");
  dbExec(srv.db, `INSERT INTO document_file (document_id, role, name, content_type, sha256, size, created_by, created_at)
    VALUES (${id}, 'content', 'Bản quét.pdf', 'application/pdf', '${scanHash}', ${scan.length}, 'lanhdao', '${now}');
    INSERT INTO document_file (document_id, role, name, content_type, sha256, size, created_by, created_at)
    VALUES (${id}, 'attachment', 'Phụ lục.txt', 'text/plain', '${annexHash}', ${annex.length}, 'lanhdao', '${now}');
    INSERT INTO document_recipient (document_id, organ_id, organ_name) VALUES (${id}, '${B}', 'Ủy ban nhân dân xã Bình Minh');
    INSERT INTO document_recipient (document_id, organ_id, organ_name) VALUES (${id}, 'G12.34', 'Sở Nội vụ tỉnh Hà Tĩnh')`);
  const recipients = dbRows(srv.db, `SELECT id, organ_id FROM document_recipient WHERE document_id = ${id} ORDER BY id`);
  return { id, toB: recipients[0].id, toOutside: recipients[1].id };
}

test('an issued document goes out as a package, comes in at a second unit, and its statuses come back', async (t) => {
  const out = issuedOutgoing();
  // Only the văn thư exports, only with a recipient of this document.
  assert.equal((await send('chuyenvien', 'GET', `/api/v1/documents/outgoing/${out.id}/edxml?recipient=${out.toB}`)).status, 403);
  assert.equal((await send('vanthu', 'GET', `/api/v1/documents/outgoing/${out.id}/edxml`)).status, 422);
  assert.equal((await send('vanthu', 'GET', `/api/v1/documents/outgoing/${out.id}/edxml?recipient=999999`)).status, 404);
  assert.equal((await send('vanthub', 'GET', `/api/v1/documents/outgoing/${out.id}/edxml?recipient=${out.toB}`)).status, 404);

  const exp = await send('vanthu', 'GET', `/api/v1/documents/outgoing/${out.id}/edxml?recipient=${out.toB}`);
  t.assert.equal(exp.status, 200, exp.text);
  assert.match(exp.headers.get('content-type'), /^application\/xml/);
  assert.match(exp.text, new RegExp(`xmlns:edXML="${NS}"`));
  assert.match(exp.text, /<edXML:DocumentId>000\.00\.01\.H42,2026\/12\/04,15\/UBND-VX<\/edXML:DocumentId>/);
  assert.match(exp.text, /<edXML:Priority>2<\/edXML:Priority>/);
  assert.match(exp.text, /Ủy ban nhân dân xã Thượng Đức/);
  const [row] = dbRows(srv.db, `SELECT status, status_note, status_at FROM document_recipient WHERE id = ${out.toB}`);
  assert.equal(row.status, null);
  assert.equal(row.status_note, 'Đã gửi gói tin edXML');
  assert.ok(row.status_at);
  assert.equal(dbValue(srv.db, `SELECT edxml_document_id FROM document WHERE id = ${out.id}`), '000.00.01.H42,2026/12/04,15/UBND-VX');
  assert.equal(dbValue(srv.db, `SELECT count(*) FROM document_event WHERE document_id = ${out.id} AND action = 'edxml_export'`), 1);

  // The package is addressed to xã Bình Minh: Thượng Đức's văn thư cannot take it in.
  const wrong = await postXml('vanthu', '/api/v1/documents/incoming/edxml', exp.text);
  assert.equal(wrong.status, 422);
  assert.equal(wrong.body.error.code, 'edxml_recipient');

  const imp = await postXml('vanthub', '/api/v1/documents/incoming/edxml', exp.text);
  t.assert.equal(imp.status, 201, imp.text);
  assert.equal(imp.body.unit, B);
  assert.equal(imp.body.arrival_number, 1);
  const [got] = dbRows(srv.db, `SELECT unit_id, subject, urgency, code_number, code_notation, issued_date, organ_id,
    source_document_id, signer_full_name, page_amount FROM document WHERE id = ${imp.body.id}`);
  assert.equal(got.subject, 'V/v phối hợp tổ chức ngày hội đại đoàn kết');
  assert.equal(got.urgency, 'thuong_khan');
  assert.deepEqual([got.code_number, got.code_notation, got.issued_date, got.organ_id], ['15', 'UBND-VX', '2026-12-04', A]);
  assert.equal(got.source_document_id, out.id);
  assert.equal(got.signer_full_name, 'Nguyễn Thị Hằng');
  const files = dbRows(srv.db, `SELECT name, sha256 FROM document_file WHERE document_id = ${imp.body.id} ORDER BY id`);
  // The signed PDF, then the content scan it names (as direct delivery sends it), then the attachment.
  assert.deepEqual(files.map((f) => f.name), ['15-UBND-VX.pdf', 'Bản quét.pdf', 'Phụ lục.txt']);
  assert.deepEqual(blobBytes(files[0].sha256), pdf);
  assert.deepEqual(blobBytes(files[1].sha256), scan);
  assert.deepEqual(blobBytes(files[2].sha256), annex);
  // The sender's recipient row learnt 03 (accepted) at once, both in this deployment.
  assert.equal(dbValue(srv.db, `SELECT status FROM document_recipient WHERE id = ${out.toB}`), '03');
  // A second upload of the same package is a repeat.
  const again = await postXml('vanthub', '/api/v1/documents/incoming/edxml', exp.text);
  assert.equal(again.status, 409);

  // Bình Minh's status package: 05, being handled.
  assert.equal((await send('vanthub', 'GET', `/api/v1/documents/incoming/${imp.body.id}/edxml-status?code=09`)).status, 422);
  assert.equal((await send('vanthu', 'GET', `/api/v1/documents/incoming/${imp.body.id}/edxml-status?code=05`)).status, 404);
  const st = await send('vanthub', 'GET', `/api/v1/documents/incoming/${imp.body.id}/edxml-status?code=05`);
  t.assert.equal(st.status, 200, st.text);
  assert.match(st.text, /<edXML:StatusCode>05<\/edXML:StatusCode>/);
  assert.match(st.text, /<edXML:DocumentId>000\.00\.01\.H42,2026\/12\/04,15\/UBND-VX<\/edXML:DocumentId>/);
  assert.equal(dbValue(srv.db, `SELECT count(*) FROM document_event WHERE document_id = ${imp.body.id} AND action = 'edxml_status_out' AND status_code = '05'`), 1);
  // Without a code, the package says where the document stands: registered, 03.
  const now = await send('vanthub', 'GET', `/api/v1/documents/incoming/${imp.body.id}/edxml-status`);
  assert.match(now.text, /<edXML:StatusCode>03<\/edXML:StatusCode>/);

  // Thượng Đức takes Bình Minh's status in: the recipient row and the trace say 05.
  const back = await postXml('vanthu', '/api/v1/documents/edxml-status', st.text);
  t.assert.equal(back.status, 200, back.text);
  assert.deepEqual([back.body.document_id, back.body.recipient_id, back.body.status], [out.id, out.toB, '05']);
  assert.equal(dbValue(srv.db, `SELECT status FROM document_recipient WHERE id = ${out.toB}`), '05');
  assert.equal(dbValue(srv.db, `SELECT count(*) FROM document_event WHERE document_id = ${out.id} AND action = 'edxml_status' AND status_code = '05'`), 1);

  // An outside organ's status about the same document, written by its own system.
  const outside = `<?xml version="1.0" encoding="UTF-8"?><edXML:Status xmlns:edXML="${NS}"><edXML:Header><edXML:MessageStatus>`
    + `<edXML:ResponseFor>${el('OrganId', A)}${el('Code', '15/UBND-VX')}${el('DocumentId', '000.00.01.H42,2026/12/04,15/UBND-VX')}</edXML:ResponseFor>`
    + `<edXML:From>${el('OrganId', 'G12.34')}${el('OrganName', 'Sở Nội vụ tỉnh Hà Tĩnh')}</edXML:From>`
    + `${el('StatusCode', '02')}${el('Description', 'Gửi nhầm cơ quan')}${el('Timestamp', '2026/12/04 10:00:00')}`
    + '</edXML:MessageStatus></edXML:Header></edXML:Status>';
  const refused = await postXml('vanthu', '/api/v1/documents/edxml-status', outside);
  t.assert.equal(refused.status, 200, refused.text);
  const [r2] = dbRows(srv.db, `SELECT status, status_note FROM document_recipient WHERE id = ${out.toOutside}`);
  assert.deepEqual(r2, { status: '02', status_note: 'Gửi nhầm cơ quan' });

  // Statuses refused: about no document of ours, from an organ it was not sent to, broken, a code outside 01–06.
  const before = counts();
  const cases = [
    [outside.replace('15/UBND-VX</edXML:DocumentId>', '99/UBND-VX</edXML:DocumentId>'), 404, 'not_found'],
    [outside.replace('G12.34', 'G99.99'), 404, 'not_found'],
    [outside.replace('<edXML:StatusCode>02', '<edXML:StatusCode>17'), 422, 'edxml_invalid'],
    [outside.replace(NS, 'urn:khac'), 422, 'edxml_namespace'],
    ['<!DOCTYPE x [<!ENTITY a "b">]><x/>', 422, 'edxml_doctype'],
  ];
  for (const [xml, status, code] of cases) {
    const r = await postXml('vanthu', '/api/v1/documents/edxml-status', xml);
    t.assert.equal(r.status, status, r.text);
    t.assert.equal(r.body.error.code, code);
  }
  // Bình Minh's văn thư cannot record statuses of Thượng Đức's document.
  assert.equal((await postXml('vanthub', '/api/v1/documents/edxml-status', outside)).status, 404);
  assert.deepEqual(counts(), before);
  assert.equal(dbValue(srv.db, `SELECT status FROM document_recipient WHERE id = ${out.toOutside}`), '02');
});

test('a document not issued yet has no package', async () => {
  const out = issuedOutgoing(16);
  dbExec(srv.db, `UPDATE document SET status = 'signed' WHERE id = ${out.id}`);
  const r = await send('vanthu', 'GET', `/api/v1/documents/outgoing/${out.id}/edxml?recipient=${out.toOutside}`);
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'invalid_status');
});

test('a confidential document never goes out as an edXML package', async (t) => {
  for (const secrecy of ['mat', 'toi_mat', 'tuyet_mat']) {
    const out = issuedOutgoing(secrecy === 'mat' ? 17 : secrecy === 'toi_mat' ? 18 : 19);
    dbExec(srv.db, `UPDATE document SET secrecy = '${secrecy}' WHERE id = ${out.id};
      INSERT INTO document_access (document_id, account_id, granted_by, granted_at) SELECT ${out.id}, id, 'lanhdao', '2026-12-04T01:00:00.000Z' FROM account WHERE username = 'vanthu'`);
    const before = counts();
    const r = await send('vanthu', 'GET', `/api/v1/documents/outgoing/${out.id}/edxml?recipient=${out.toOutside}`);
    t.assert.equal(r.status, 409, r.text);
    assert.equal(r.body.error.code, 'confidential_not_exchangeable');
    assert.match(r.body.error.message, /bí mật nhà nước/);
    assert.deepEqual(counts(), before);
    assert.equal(dbValue(srv.db, `SELECT status_note FROM document_recipient WHERE id = ${out.toOutside}`), null);
    assert.equal(dbValue(srv.db, `SELECT edxml_document_id FROM document WHERE id = ${out.id}`), null);
  }
});

test('imported files are served as a safe type, under a clean name', async (t) => {
  const long = 'Tờ trình về việc hỗ trợ kinh phí '.repeat(10) + '.pdf';
  const r = await postXml('vanthu', '/api/v1/documents/incoming/edxml', pkg({
    number: '50', files: [
      { name: long, type: 'application/pdf', data: pdf },
      { name: 'trang.html', type: 'text/html', data: Buffer.from('<script>alert(document.cookie)</script>') },
      { name: 'mã.js', type: 'application/javascript', data: Buffer.from('fetch("/api/v1/accounts")') },
      { name: '../../etc/\tbảng\u0085\u202Egpj.xlsx', type: 'image/png', data: Buffer.from('PK\x03\x04 bảng tính') },
      { name: 'giả.pdf', type: 'application/pdf', data: Buffer.from('<html>không phải PDF</html>') },
    ],
  }));
  t.assert.equal(r.status, 201, r.text);
  const files = dbRows(srv.db, `SELECT id, name, content_type FROM document_file WHERE document_id = ${r.body.id} ORDER BY id`);
  assert.deepEqual(files.map((f) => f.content_type), ['application/pdf', 'application/octet-stream',
    'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream']);
  // 200 bytes at most, cut at a character, the ending kept.
  assert.ok(Buffer.byteLength(files[0].name) <= 200);
  assert.ok(files[0].name.endsWith('.pdf'));
  assert.ok(long.startsWith(files[0].name.slice(0, -4)));
  assert.equal(files[3].name, '....etcbảnggpj.xlsx');
  assert.equal(dbValue(srv.db, `SELECT file_name FROM document WHERE id = ${r.body.id}`), files[0].name);
  for (const i of [1, 2, 4]) {
    const got = await send('vanthu', 'GET', `/api/v1/documents/${r.body.id}/files/${files[i].id}`);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type').split(';')[0], 'application/octet-stream');
  }
});

test('a long Vietnamese organ name or status description stays whole in the trace', async (t) => {
  const name = 'Ủ'.repeat(230); // 690 bytes: a fixed 700-byte buffer cut inside a character
  const r = await postXml('vanthu', '/api/v1/documents/incoming/edxml', pkg({ number: '51', fromName: name }));
  t.assert.equal(r.status, 201, r.text);
  const note = dbValue(srv.db, `SELECT note FROM document_event WHERE document_id = ${r.body.id} AND action = 'edxml_import'`);
  assert.equal(note, `Gói tin edXML từ ${name} (000.00.09.H42), DocumentId 000.00.09.H42,2026/12/01,51/SYT-NV`);

  const out = issuedOutgoing(20);
  const exp = await send('vanthu', 'GET', `/api/v1/documents/outgoing/${out.id}/edxml?recipient=${out.toOutside}`);
  t.assert.equal(exp.status, 200, exp.text);
  const description = 'Đã nhận, đang trình lãnh đạo xem xét. '.repeat(4) + 'Ủ'.repeat(200);
  const status = `<?xml version="1.0" encoding="UTF-8"?><edXML:Status xmlns:edXML="${NS}"><edXML:Header><edXML:MessageStatus>`
    + `<edXML:ResponseFor>${el('OrganId', A)}${el('DocumentId', '000.00.01.H42,2026/12/04,20/UBND-VX')}</edXML:ResponseFor>`
    + `<edXML:From>${el('OrganId', 'G12.34')}${el('OrganName', 'Sở Nội vụ tỉnh Hà Tĩnh')}</edXML:From>`
    + `${el('StatusCode', '05')}${el('Description', description)}</edXML:MessageStatus></edXML:Header></edXML:Status>`;
  const back = await postXml('vanthu', '/api/v1/documents/edxml-status', status);
  t.assert.equal(back.status, 200, back.text);
  const text = dbValue(srv.db, `SELECT note FROM document_event WHERE document_id = ${out.id} AND action = 'edxml_status'`);
  assert.equal(text, `G12.34: Đang xử lý — ${description}`);
});

const sha = (data) => createHash('sha256').update(data).digest('hex');
const blobThere = (hash) => existsSync(join(srv.data, 'files', hash.slice(0, 2), hash.slice(2, 4), hash));

test('a failed import takes back only the files no document refers to', async (t) => {
  const fresh = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048)]);
  const shared = pdf; // the first document's main file
  assert.ok(blobThere(sha(shared)));
  const pg = isPgDb(srv.db);
  dbExec(srv.db, pg
    ? `CREATE FUNCTION edxml_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
         IF NEW.action = 'edxml_import' THEN RAISE EXCEPTION 'thử ghi hỏng'; END IF; RETURN NEW; END $$;
       CREATE TRIGGER edxml_fail BEFORE INSERT ON document_event FOR EACH ROW EXECUTE FUNCTION edxml_fail()`
    : `CREATE TRIGGER edxml_fail BEFORE INSERT ON document_event WHEN NEW.action = 'edxml_import'
         BEGIN SELECT RAISE(ABORT, 'thử ghi hỏng'); END`);
  try {
    const before = counts();
    const r = await postXml('vanthu', '/api/v1/documents/incoming/edxml', pkg({ number: '52', files: [
      { name: 'mới.pdf', type: 'application/pdf', data: fresh }, { name: 'cũ.pdf', type: 'application/pdf', data: shared }] }));
    t.assert.equal(r.status, 503, r.text);
    assert.deepEqual(counts(), before);
    assert.equal(blobThere(sha(fresh)), false);
    assert.ok(blobThere(sha(shared)));
  } finally {
    dbExec(srv.db, pg ? 'DROP TRIGGER edxml_fail ON document_event; DROP FUNCTION edxml_fail()' : 'DROP TRIGGER edxml_fail');
  }
});

test('imports of one package at once: those refused leave the files of the one registered', async (t) => {
  for (let round = 0; round < 6; round++) {
    const data = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3 << 20)]);
    const xml = pkg({ number: `${60 + round}`, files: [{ name: 'cùng.pdf', type: 'application/pdf', data }] });
    const rs = await Promise.all(Array.from({ length: 4 }, () => postXml('vanthu', '/api/v1/documents/incoming/edxml', xml)));
    const ok = rs.filter((r) => r.status === 201);
    t.assert.equal(ok.length, 1, rs.map((r) => r.status).join(' '));
    assert.ok(rs.every((r) => r.status === 201 || r.status === 409), rs.map((r) => r.text.slice(0, 200)).join(' '));
    assert.ok(blobThere(sha(data)), `round ${round}: the registered document's file is still in the file store`);
    const got = await send('vanthu', 'GET', `/api/v1/documents/${ok[0].body.id}/pdf`);
    assert.equal(got.status, 200);
  }
});
