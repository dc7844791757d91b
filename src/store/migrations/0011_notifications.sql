-- 0011: notifications to applicants and the national portal sync record,
-- both written as outbox rows in the same transaction as the event they
-- announce, and delivered afterwards by a worker: a failed delivery never
-- blocks or rolls back the dossier.

-- Vietnamese templates the administrator edits; {placeholders} as in
-- core/template.h.
CREATE TABLE notification_template (
    event      TEXT PRIMARY KEY CHECK (event IN ('received', 'supplement', 'result_ready', 'apology')),
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO notification_template (event, subject, body, updated_by, updated_at) VALUES
    ('received', 'Hồ sơ {code} đã được tiếp nhận',
     'Kính gửi Ông/Bà {applicant_name},\n\n{receiving_unit} đã tiếp nhận hồ sơ {code} ({procedure_name}). Thời hạn trả kết quả: {due_text}.\nTra cứu: {lookup_url}\n', 'system', '2026-11-23T00:00:00.000Z'),
    ('supplement', 'Hồ sơ {code} cần bổ sung',
     'Kính gửi Ông/Bà {applicant_name},\n\nHồ sơ {code} ({procedure_name}) cần bổ sung: {note}\nThời hạn giải quyết tạm dừng cho đến khi nhận đủ phần bổ sung.\nTra cứu: {lookup_url}\n', 'system', '2026-11-23T00:00:00.000Z'),
    ('result_ready', 'Hồ sơ {code} đã có kết quả',
     'Kính gửi Ông/Bà {applicant_name},\n\nHồ sơ {code} ({procedure_name}) đã có kết quả. Mời Ông/Bà nhận kết quả tại {receiving_unit} hoặc tra cứu: {lookup_url}\n', 'system', '2026-11-23T00:00:00.000Z'),
    ('apology', 'Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {code}',
     'Kính gửi Ông/Bà {applicant_name},\n\n{competent_unit} xin lỗi vì hồ sơ {code} ({procedure_name}) chưa giải quyết xong đúng hẹn. Lý do: {note}\nNgày hẹn trả kết quả mới: {due_text}.\n', 'system', '2026-11-23T00:00:00.000Z');

CREATE TABLE notification_outbox (
    id              INTEGER PRIMARY KEY,
    dossier_id      INTEGER NOT NULL REFERENCES dossier(id),
    event           TEXT NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX notification_outbox_due ON notification_outbox(status, next_attempt_at);

-- Each status change in the national portal's vocabulary, for the portal
-- and for QĐ 766's "synced in real time" ratio.
CREATE TABLE portal_sync (
    id           INTEGER PRIMARY KEY,
    dossier_id   INTEGER NOT NULL REFERENCES dossier(id),
    payload      TEXT NOT NULL,   -- JSON
    status       TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    created_at   TEXT NOT NULL,
    delivered_at TEXT
);
CREATE INDEX portal_sync_status ON portal_sync(status, id);
