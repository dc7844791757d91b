-- 0022: documents (văn bản đi, văn bản đến) under Nghị định 30/2020, their
-- yearly registers, work records (hồ sơ công việc) and the edXML exchange
-- (QCVN 102:2016). docs/reference/nd30-edxml.md says which rule each column
-- keeps; the numbered comments are the fields of Phụ lục VI Phần II.

-- How a unit writes and numbers its documents, as its head decides
-- (Điều 15 khoản 1 điểm c): its abbreviation in a ký hiệu ("UBND", "VX"), and
-- whether outgoing administrative documents share one yearly sequence or
-- take one per type. A unit without a row shares one sequence and has no
-- abbreviation yet, so it cannot issue.
CREATE TABLE document_unit (
    unit_id      INTEGER PRIMARY KEY REFERENCES unit(id),
    abbreviation TEXT NOT NULL,
    per_type     INTEGER NOT NULL DEFAULT 0 CHECK (per_type IN (0, 1)),
    updated_by   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

-- The yearly sequences, advanced inside the transaction that uses a number, so
-- a rolled-back issue gives its number back: no gaps, no twins. register:
-- 'out' (văn bản đi, Điều 15 khoản 1), 'out_secret' (văn bản mật, Điều 15
-- khoản 2), 'in' (số đến, Điều 22 khoản 2), 'in_secret' (mật đến, registered
-- apart under the law on state secrets, Điều 22 khoản 4). type_code is the
-- type's key when the unit numbers per type, '' otherwise.
CREATE TABLE document_sequence (
    unit_id   INTEGER NOT NULL REFERENCES unit(id),
    year      INTEGER NOT NULL,
    register  TEXT NOT NULL CHECK (register IN ('out', 'out_secret', 'in', 'in_secret')),
    type_code TEXT NOT NULL DEFAULT '',
    last      INTEGER NOT NULL,
    PRIMARY KEY (unit_id, year, register, type_code)
) WITHOUT ROWID;

-- A unit's yearly catalog of work records (danh mục hồ sơ, Điều 28) and the
-- records themselves (Phụ lục VI Phần II Mục III). FileCode is the unit's
-- agency code, the year and the notation (file_notation), as 1.1–1.3 say.
CREATE TABLE work_record (
    id              INTEGER PRIMARY KEY,
    unit_id         INTEGER NOT NULL REFERENCES unit(id),          -- 1.1 OrganId
    year            INTEGER NOT NULL,                               -- 1.2 FileCatalog
    file_notation   TEXT NOT NULL,                                  -- 1.3 "01.VP"
    title           TEXT NOT NULL,                                  -- 2
    maintenance     TEXT NOT NULL,                                  -- 3 thời hạn bảo quản
    rights          TEXT NOT NULL,                                  -- 4 chế độ sử dụng
    creator_account_id INTEGER REFERENCES account(id),              -- 5 người lập hồ sơ
    language        TEXT NOT NULL DEFAULT 'Tiếng Việt',             -- 6
    start_date      TEXT,                                           -- 7 (YYYY-MM-DD)
    end_date        TEXT,                                           -- 8
    description     TEXT,                                           -- 11 (9, 10 are counted)
    status          TEXT NOT NULL CHECK (status IN ('open', 'closed', 'archived')),
    closed_at       TEXT,
    closed_by       TEXT,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    UNIQUE (unit_id, year, file_notation)
);

-- One row per document, either way. An outgoing one is drafted, reviewed,
-- signed (and numbered in the same step: the signed file carries its
-- number), issued and sent; an incoming one is registered, assigned,
-- handled and done, or refused back to its sender.
CREATE TABLE document (
    id               INTEGER PRIMARY KEY,
    direction        TEXT NOT NULL CHECK (direction IN ('out', 'in')),
    unit_id          INTEGER NOT NULL REFERENCES unit(id),  -- out: the issuing organ; in: the receiving one
    status           TEXT NOT NULL CHECK (status IN ('draft', 'review', 'signed', 'issued', 'sent', 'withdrawn',
                                                      'registered', 'assigned', 'in_progress', 'done', 'refused')),
    type_code        TEXT NOT NULL,                 -- core/doc_type.h key
    type_name        TEXT NOT NULL,                 -- 3 Tên loại văn bản
    code_number      TEXT,                          -- 4 Số ("05"); an outgoing one's once signed
    code_notation    TEXT,                          -- 5 Ký hiệu ("QĐ-UBND")
    issued_date      TEXT,                          -- 6 (YYYY-MM-DD)
    organ_name       TEXT NOT NULL,                 -- 7 the issuing organ
    organ_id         TEXT,                          -- its agency code, when known (edXML From)
    subject          TEXT NOT NULL,                 -- 8 Trích yếu
    language         TEXT NOT NULL DEFAULT 'Tiếng Việt', -- 9
    page_amount      INTEGER,                       -- 10
    description      TEXT,                          -- 11 Ghi chú
    signer_position  TEXT,                          -- out 12 / in 14
    signer_full_name TEXT,
    urgency          TEXT NOT NULL DEFAULT 'thuong'  -- with secrecy: out 14 / in 15
                     CHECK (urgency IN ('thuong', 'khan', 'thuong_khan', 'hoa_toc')),
    secrecy          TEXT NOT NULL DEFAULT '' CHECK (secrecy IN ('', 'mat', 'toi_mat', 'tuyet_mat')),
    issued_amount    INTEGER,                       -- out 15 Số lượng bản phát hành
    due_date         TEXT,                          -- out 16 hạn trả lời / in 18 thời hạn giải quyết (YYYY-MM-DD)
    register         TEXT CHECK (register IN ('out', 'out_secret', 'in', 'in_secret')),
    year             INTEGER,                       -- the year of its register
    seq              INTEGER,                       -- its place in the register: the number, or the số đến
    seq_type         TEXT NOT NULL DEFAULT '',      -- the sequence seq counts in: '' shared, else the type_code (per-type numbering)
    arrival_date     TEXT,                          -- in 12 (UTC instant)
    received_via     TEXT CHECK (received_via IN ('paper', 'direct', 'edxml')), -- in: typed in from paper (or a
                                                    -- scan or e-mail), delivered by a unit of this deployment, or an edXML package
    to_places        TEXT,                          -- in 16 Đơn vị hoặc người nhận, as written
    instruction      TEXT,                          -- in 17 ý kiến chỉ đạo (the trace is in document_event)
    handling_unit_id INTEGER REFERENCES unit(id),   -- in: the lead unit (Điều 23 khoản 2)
    handler_account_id INTEGER REFERENCES account(id),
    due_at           TEXT,                          -- in: the working-day deadline (UTC instant)
    completed_at     TEXT,
    content          TEXT,                          -- out: the body xaso prints, when not an uploaded file
    drafting_unit_id INTEGER REFERENCES unit(id),   -- out: the office that drafted it ("VX" in UBND-VX)
    drafter_account_id INTEGER REFERENCES account(id),
    signer_account_id INTEGER REFERENCES account(id),
    signed_at        TEXT,
    issued_at        TEXT,
    sent_at          TEXT,
    file_sha256      TEXT,                          -- the main file: out, the signed PDF; in, what arrived
    file_name        TEXT,
    source_document_id INTEGER REFERENCES document(id), -- in: the outgoing one it came from (same deployment)
    reply_to_id      INTEGER REFERENCES document(id),   -- out: the incoming one it answers
    edxml_document_id TEXT,                         -- edXML DocumentId, kept as written
    record_id        INTEGER REFERENCES work_record(id), -- 1 FileCode, the record it is filed into
    doc_ordinal      INTEGER,                       -- 2 its place in that record
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (unit_id, register, year, seq_type, seq),
    UNIQUE (record_id, doc_ordinal)
);
CREATE INDEX document_unit_status ON document(unit_id, direction, status);
CREATE INDEX document_handler ON document(handler_account_id, status);
CREATE INDEX document_handling_unit ON document(handling_unit_id, status);
-- The duplicate warning for incoming documents (PL VI Phần I Mục III k 1 đ. h).
CREATE INDEX document_identity ON document(code_number, code_notation, organ_name);
CREATE INDEX document_source ON document(source_document_id);

-- Attachments and scans. role: 'content' (the draft or the scan), 'attachment'.
CREATE TABLE document_file (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES document(id),
    role         TEXT NOT NULL CHECK (role IN ('content', 'attachment')),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX document_file_document ON document_file(document_id);

-- Who may see a confidential document (mật, tối mật, tuyệt mật): the named
-- accounts only, besides the drafter and signer.
CREATE TABLE document_access (
    document_id INTEGER NOT NULL REFERENCES document(id),
    account_id  INTEGER NOT NULL REFERENCES account(id),
    granted_by  TEXT NOT NULL,
    granted_at  TEXT NOT NULL,
    PRIMARY KEY (document_id, account_id)
) WITHOUT ROWID;

-- Nơi nhận of an outgoing document: a unit of this deployment (delivered
-- directly, delivered_id is the incoming document made for it) or an outside
-- organ (an edXML package). status is the newest edXML status code (01–06)
-- that came back.
CREATE TABLE document_recipient (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES document(id),
    unit_id      INTEGER REFERENCES unit(id),
    organ_id     TEXT,
    organ_name   TEXT NOT NULL,
    delivered_id INTEGER REFERENCES document(id),
    status       TEXT,
    status_note  TEXT,
    status_at    TEXT
);
CREATE INDEX document_recipient_document ON document_recipient(document_id);

-- Supporting units of an incoming document (Điều 23 khoản 2); the lead one
-- is on the document.
CREATE TABLE document_assignee (
    document_id INTEGER NOT NULL REFERENCES document(id),
    unit_id     INTEGER NOT NULL REFERENCES unit(id),
    PRIMARY KEY (document_id, unit_id)
) WITHOUT ROWID;

-- The signature of an outgoing document's signed file (org/signing.h, the
-- key service of electronic results).
CREATE TABLE document_signature (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES document(id),
    key_id      INTEGER NOT NULL REFERENCES signing_key(id),
    file_sha256 TEXT NOT NULL,
    signed_at   TEXT NOT NULL,
    signature   TEXT NOT NULL
);
CREATE INDEX document_signature_document ON document_signature(document_id);

-- Every step of a document: state changes, the leader's instruction, the
-- handlers' notes, edXML status messages sent and received. This is the
-- trace (TraceHeaderList, in 17) and the page's history.
CREATE TABLE document_event (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES document(id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    status_code TEXT,                 -- the edXML status (01–06) this step is, if any
    note        TEXT
);
CREATE INDEX document_event_document ON document_event(document_id, id);
