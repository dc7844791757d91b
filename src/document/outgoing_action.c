/* The steps of a văn bản đi (NĐ 30/2020 Điều 12–19): the drafter submits
 * the draft (trình ký), the leader returns it with a note or signs it —
 * numbered in the same write (outgoing_sign.c) — the văn thư issues it
 * (phát hành, Điều 16) and sends it (Điều 17): a unit of this deployment
 * gets it at once as an incoming document, registered through the one
 * arrival function; an outside organ through the edXML exchange. A draft
 * or a submitted one may be withdrawn, with the reason. */
#include "document/outgoing.h"

#include "core/timefmt.h"
#include "org/audit.h"
#include "org/permission.h"

#include <stdio.h>
#include <string.h>

typedef struct act_job {
    int64_t id, account_id;
    const char *scopes; /* the caller's API token's (org_request_scopes); NULL: a session */
    const char *action, *note, *actor, *public_base;
    org_state *st;
    int64_t now;
    org_error e;
    document_sign_job sign;
    int delivered;
    arena *a;
} act_job;

/* The document as the step finds it, inside the write. */
static int load_state(store_conn *c, act_job *j, document_facts *s)
{
    int rc = document_facts_load(c, j->id, s);
    if (rc < 0)
        return rc;
    if (rc == 0 || !s->out)
        return document_refuse(&j->e, 404, "not_found", "id", "Không có văn bản đi này.");
    if (!document_visible(c, j->account_id, j->id))
        return document_refuse_unseen(c, &j->e, j->id);
    return 0;
}

static int wrong_state(act_job *j, const char *message)
{
    return document_refuse(&j->e, 409, "invalid_state", "status", message);
}

static bool has_content(store_conn *c, int64_t id)
{
    store_stmt *st = store_prepare(c, "SELECT 1 FROM document WHERE id = ? AND content IS NOT NULL AND content <> ''"
                                      " UNION ALL SELECT 1 FROM document_file WHERE document_id = ? AND role = 'content'");
    if (!st)
        return false;
    store_bind_int64(st, 1, id);
    store_bind_int64(st, 2, id);
    bool found = store_step(st) == STORE_ROW;
    store_reset(st);
    return found;
}

static int set_status(store_conn *c, act_job *j, const char *to, const char *stamp)
{
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    /* stamp names the column of the step's time; each statement is a
     * literal, never built from input. */
    const char *sql = !stamp ? "UPDATE document SET status = ?1, updated_at = ?2 WHERE id = ?3"
                      : strcmp(stamp, "issued_at") == 0
                          ? "UPDATE document SET status = ?1, updated_at = ?2, issued_at = ?2 WHERE id = ?3"
                          : "UPDATE document SET status = ?1, updated_at = ?2, sent_at = ?2 WHERE id = ?3";
    store_stmt *st = store_prepare(c, sql);
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, to);
    store_bind_text(st, 2, at);
    store_bind_int64(st, 3, j->id);
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

/* --- direct delivery (Điều 17, Điều 21 khoản 2) ------------------------------- */

typedef struct internal_recipient {
    int64_t id, unit_id;
    const char *name;
} internal_recipient;

static int copy_files(store_conn *c, int64_t from, int64_t to, const char *actor, const char *at)
{
    store_stmt *st = store_prepare(c, "INSERT INTO document_file (document_id, role, name, content_type, sha256, size,"
                                      " created_by, created_at) SELECT ?, role, name, content_type, sha256, size, ?, ?"
                                      " FROM document_file WHERE document_id = ? ORDER BY id");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, to);
    store_bind_text(st, 2, actor);
    store_bind_text(st, 3, at);
    store_bind_int64(st, 4, from);
    int rc = store_step(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    /* Those named on a confidential document keep their access to its copy. */
    st = store_prepare(c, "INSERT INTO document_access (document_id, account_id, granted_by, granted_at)"
                          " SELECT ?, account_id, ?, ? FROM document_access WHERE document_id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, to);
    store_bind_text(st, 2, actor);
    store_bind_text(st, 3, at);
    store_bind_int64(st, 4, from);
    rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

enum { CLERK_PAGE = 100 };

/* The accounts (after the id after, in order, at most CLERK_PAGE) holding a
 * role of document.clerk somewhere in the commune: *n of them, read whole
 * before anything else runs on the connection. Returns 0 or a STORE_ code. */
static int clerk_page(store_conn *c, int64_t commune, int64_t after, int64_t clerks[CLERK_PAGE], int *n)
{
    store_stmt *st = store_prepare(
        c, "WITH RECURSIVE sub(id) AS (SELECT CAST(? AS BIGINT) UNION ALL SELECT u.id FROM unit u JOIN sub"
           " ON u.parent_id = sub.id) SELECT DISTINCT g.account_id FROM role_grant g JOIN account a ON a.id = g.account_id"
           " WHERE a.status = 'active' AND g.unit_id IN (SELECT id FROM sub)"
           " AND ',' || CAST(? AS TEXT) || ',' LIKE '%,' || g.role || ',%' AND g.account_id > CAST(? AS BIGINT)"
           " ORDER BY g.account_id LIMIT ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, commune);
    store_bind_text(st, 2, org_permission_roles("document.clerk"));
    store_bind_int64(st, 3, after);
    store_bind_int64(st, 4, CLERK_PAGE);
    int rc = STORE_DONE;
    *n = 0;
    while (*n < CLERK_PAGE && (rc = store_step(st)) == STORE_ROW)
        clerks[(*n)++] = store_col_int64(st, 0);
    store_reset(st);
    return rc < 0 ? rc : 0;
}

/* A confidential document reaches the receiving organ's văn thư, who
 * registers it in the secret register (Điều 22 khoản 4): besides those the
 * sender named, every account that acts as văn thư there sees the copy —
 * every one, page after page, not the first hundred. */
static int grant_receiving_clerks(store_conn *c, int64_t incoming, int64_t unit, const char *actor, const char *at)
{
    int64_t commune = document_commune_of(c, unit), after = 0, clerks[CLERK_PAGE];
    int n = CLERK_PAGE, rc = 0;
    while (rc == 0 && n == CLERK_PAGE && (rc = clerk_page(c, commune, after, clerks, &n)) == 0) {
        for (int i = 0; rc == 0 && i < n; i++)
            if (org_may_near(c, clerks[i], "document.clerk", unit))
                rc = document_grant_access(c, incoming, clerks[i], actor, at);
        after = n > 0 ? clerks[n - 1] : after;
    }
    return rc;
}

static int mark_recipient(store_conn *c, int64_t recipient, int64_t delivered, const char *at, int64_t number)
{
    char note[64];
    snprintf(note, sizeof note, "Đã vào sổ, số đến %lld", (long long)number);
    store_stmt *st = store_prepare(c, "UPDATE document_recipient SET delivered_id = ?, status = '03', status_note = ?,"
                                      " status_at = ? WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, delivered);
    store_bind_text(st, 2, note);
    store_bind_text(st, 3, at);
    store_bind_int64(st, 4, recipient);
    int rc = store_step(st);
    store_reset(st);
    return rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

/* The arrival at one unit: the same fields, the signed file, its
 * attachments; the sender's trace gets 01 (arrived) and 03 (registered). */
static int deliver_one(store_conn *c, act_job *j, const internal_recipient *r)
{
    store_stmt *st = store_prepare(c, "SELECT type_code, type_name, code_number, code_notation, issued_date, organ_name,"
                                      " organ_id, subject, language, page_amount, signer_position, signer_full_name,"
                                      " urgency, secrecy, due_date, file_sha256, file_name, description FROM document"
                                      " WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->id);
    if (store_step(st) != STORE_ROW) {
        store_reset(st);
        return STORE_ERROR;
    }
    const char *t[18];
    for (int i = 0; i < 18; i++)
        t[i] = store_col_is_null(st, i) || i == 9 ? NULL : arena_strdup(j->a, store_col_text(st, i));
    int64_t pages = store_col_int64(st, 9);
    store_reset(st);
    document_arrival in = {.unit_id = r->unit_id, .type_code = t[0], .type_name = t[1], .code_number = t[2],
                           .code_notation = t[3], .issued_date = t[4], .organ_name = t[5], .organ_id = t[6],
                           .subject = t[7], .language = t[8], .page_amount = pages, .signer_position = t[10],
                           .signer_full_name = t[11], .urgency = t[12], .secrecy = t[13], .due_date = t[14],
                           .file_sha256 = t[15], .file_name = t[16], .description = t[17],
                           .source_document_id = j->id, .via = "direct", .actor = j->actor, .now = j->now};
    int64_t id = 0, number = 0;
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    int rc = document_arrival_register(c, &in, &id, &number);
    if (rc == 0)
        rc = copy_files(c, j->id, id, j->actor, at);
    if (rc == 0 && in.secrecy && in.secrecy[0])
        rc = grant_receiving_clerks(c, id, r->unit_id, j->actor, at);
    const char *arrived = arena_printf(j->a, "Đã đến %s", r->name);
    const char *registered = arena_printf(j->a, "%s vào sổ, số đến %lld", r->name, (long long)number);
    if (rc == 0)
        rc = document_event_add(c, j->id, at, j->actor, "delivered", NULL, NULL, "01", arrived);
    if (rc == 0)
        rc = document_event_add(c, j->id, at, j->actor, "accepted", NULL, NULL, "03", registered);
    if (rc == 0)
        rc = mark_recipient(c, r->id, id, at, number);
    if (rc == 0)
        rc = audit_record(c, j->actor, "document.deliver", "document", j->id,
                          json_pack("{s:I, s:I, s:I}", "unit", (json_int_t)r->unit_id, "incoming", (json_int_t)id,
                                    "arrival_number", (json_int_t)number));
    return rc;
}

static int deliver_internal(store_conn *c, act_job *j)
{
    store_stmt *st = store_prepare(c, "SELECT id, unit_id, organ_name FROM document_recipient WHERE document_id = ?"
                                      " AND unit_id IS NOT NULL AND delivered_id IS NULL ORDER BY id");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, j->id);
    internal_recipient list[200];
    int n = 0, rc;
    while ((rc = store_step(st)) == STORE_ROW && n < 200)
        list[n++] = (internal_recipient){store_col_int64(st, 0), store_col_int64(st, 1),
                                         arena_strdup(j->a, store_col_text(st, 2))};
    store_reset(st);
    if (rc < 0)
        return rc;
    for (int i = 0; i < n; i++)
        if ((rc = deliver_one(c, j, &list[i])) != 0)
            return rc;
    j->delivered = n;
    return 0;
}

/* --- the steps ------------------------------------------------------------------- */

/* What each step says when the account may not take it, or not from the
 * document's status; who may take which step is in steps.c. */
static const struct {
    const char *action, *not_yours, *wrong_state;
} STEP_TEXT[] = {
    {"submit", "Chỉ người soạn thảo trình ký dự thảo.", "Chỉ trình ký được dự thảo (draft)."},
    {"return", "Chỉ lãnh đạo có thẩm quyền ký trả lại dự thảo.", "Chỉ trả lại được văn bản đang trình ký (review)."},
    {"sign", "Chỉ lãnh đạo có thẩm quyền của cơ quan ban hành ký văn bản.", "Chỉ ký văn bản đang trình ký (review)."},
    {"issue", "Chỉ văn thư của cơ quan phát hành, gửi văn bản.", "Chỉ phát hành được văn bản đã ký (signed)."},
    {"send", "Chỉ văn thư của cơ quan phát hành, gửi văn bản.", "Chỉ gửi được văn bản đã phát hành (issued)."},
    {"withdraw", "Chỉ người soạn thảo hoặc lãnh đạo có thẩm quyền ký thu hồi dự thảo.",
     "Chỉ thu hồi được dự thảo hoặc văn bản đang trình ký."},
};

/* steps.c's rule for this action: 0, or 1 with the refusal. */
static int may_take(store_conn *c, act_job *j, const document_facts *s)
{
    const char *a = j->action;
    size_t k = 0;
    while (k < sizeof STEP_TEXT / sizeof STEP_TEXT[0] && strcmp(STEP_TEXT[k].action, a) != 0)
        k++;
    if (k == sizeof STEP_TEXT / sizeof STEP_TEXT[0])
        return document_refuse(&j->e, 404, "not_found", "action",
                               "Thao tác: submit, return, sign, issue, send hoặc withdraw.");
    if (!document_step_actor(c, j->account_id, j->scopes, s, a)) {
        /* A leader who may sign, but the draft was submitted to another. */
        bool other_signer = strcmp(a, "sign") == 0 && org_scopes_allow(j->scopes, "document.sign") &&
                            org_may_near(c, j->account_id, "document.sign", s->unit_id);
        return document_refuse(&j->e, 403, "not_your_turn", NULL,
                               other_signer ? "Văn bản được trình cho lãnh đạo khác ký." : STEP_TEXT[k].not_yours);
    }
    if (!document_step_from(s, a))
        return wrong_state(j, STEP_TEXT[k].wrong_state);
    return 0;
}

static int step(store_conn *c, act_job *j, const document_facts *s, const char **to, json_t **summary)
{
    const char *a = j->action;
    int refused = may_take(c, j, s);
    if (refused)
        return refused;
    if (strcmp(a, "submit") == 0) {
        if (!has_content(c, j->id))
            return document_refuse(&j->e, 422, "missing_content", "content",
                                   "Dự thảo cần nội dung hoặc tệp nội dung trước khi trình ký.");
        *to = "review";
        return set_status(c, j, *to, NULL);
    }
    if (strcmp(a, "return") == 0) {
        *to = "draft";
        return set_status(c, j, *to, NULL);
    }
    if (strcmp(a, "sign") == 0) {
        *to = "signed";
        int rc = document_sign_now(c, &j->sign);
        *summary = j->sign.summary;
        j->sign.summary = NULL;
        return rc;
    }
    if (strcmp(a, "issue") == 0 || strcmp(a, "send") == 0) {
        bool issue = a[0] == 'i';
        *to = issue ? "issued" : "sent";
        int rc = set_status(c, j, *to, issue ? "issued_at" : "sent_at");
        if (rc == 0 && !issue && (rc = deliver_internal(c, j)) == 0)
            *summary = json_pack("{s:i}", "delivered", j->delivered);
        return rc;
    }
    *to = "withdrawn"; /* withdraw */
    return set_status(c, j, *to, NULL);
}

static int write_action(store_conn *c, void *ctx)
{
    act_job *j = ctx;
    document_facts s = {0};
    int rc = load_state(c, j, &s);
    const char *to = NULL;
    json_t *summary = NULL;
    if (rc == 0)
        rc = step(c, j, &s, &to, &summary);
    char at[TIMEFMT_ISO_LEN];
    timefmt_iso_utc(j->now, at);
    if (rc == 0)
        rc = document_event_add(c, j->id, at, j->actor, j->action, s.status, to, NULL, j->note);
    if (rc == 0) {
        if (!summary)
            summary = json_object();
        json_object_set_new(summary, "from", json_string(s.status));
        json_object_set_new(summary, "to", json_string(to));
        if (j->note)
            json_object_set_new(summary, "note", json_string(j->note));
        char action[40];
        snprintf(action, sizeof action, "document.%s", j->action);
        rc = audit_record(c, j->actor, arena_strdup(j->a, action), "document", j->id, summary);
        summary = NULL;
    }
    json_decref(summary);
    return rc;
}

/* The slow part of signing, before the write (outgoing_sign.c), after the
 * checks the write makes again: one who may not sign makes no file. */
static int prepare_signing(act_job *j)
{
    store_conn *c = store_reader(j->st->store);
    if (!c)
        return STORE_ERROR;
    document_facts s = {0};
    int rc = load_state(c, j, &s);
    if (rc == 0)
        rc = may_take(c, j, &s);
    if (rc == 0)
        rc = document_sign_prepare(c, &j->sign);
    if (rc == DOCUMENT_SIGN_NO_KEY && (rc = store_write(j->st->store, document_sign_key, &j->sign)) == 0)
        rc = document_sign_prepare(c, &j->sign);
    return rc;
}

/* The action's write; a signing whose number another signing took first
 * is made again for the next one (a few times: one unit's leaders rarely
 * sign at the same instant). */
static int run_action(act_job *j)
{
    bool signing = strcmp(j->action, "sign") == 0;
    int rc = 0;
    for (int tries = 0; tries < 8; tries++) {
        rc = signing ? prepare_signing(j) : 0;
        if (rc == 0)
            rc = store_write(j->st->store, write_action, j);
        document_sign_release(&j->sign);
        if (rc != DOCUMENT_SIGN_STALE)
            return rc;
        document_forget_blob(j->st->store, j->st->data_dir, j->sign.blob);
        j->sign.blob[0] = '\0';
    }
    return rc;
}

static const char *public_base(web_request *req, const org_state *st)
{
    if (st->public_url && *st->public_url)
        return st->public_url;
    const char *host = web_header(req, "Host");
    return arena_printf(&req->arena, "http://%s", host ? host : "localhost");
}

static void act(web_request *req, org_state *st, const char *action)
{
    act_job j = {.account_id = org_caller(req), .scopes = org_request_scopes(req), .action = action, .actor = req->who.subject,
                 .st = st, .now = req->now_ms, .a = &req->arena};
    if (!document_path_id(req, "id", &j.id)) {
        web_reply_error(req, 404, "not_found", "id", "Không có văn bản đi này.");
        return;
    }
    /* Điều 12 khoản 3 (returned with the leader's opinion); a withdrawal
     * says why. */
    bool needs_note = strcmp(j.action, "return") == 0 || strcmp(j.action, "withdraw") == 0;
    if (!web_json_string(req, req->json, "note", 1, 2000, needs_note, &j.note))
        return;
    j.sign = (document_sign_job){.id = j.id, .account_id = j.account_id, .signing_key = st->signing_key,
                                 .data_dir = st->data_dir, .public_base = public_base(req, st), .actor = j.actor,
                                 .now = j.now, .e = &j.e, .a = j.a};
    int rc = run_action(&j);
    json_decref(j.sign.summary);
    if (rc != 0) {
        document_forget_blob(st->store, st->data_dir, j.sign.blob);
        document_reply_failure(req, rc, &j.e);
        return;
    }
    store_conn *c = store_reader(st->store);
    json_t *out = c ? document_out_json(c, j.id, j.account_id, j.scopes) : NULL;
    if (out)
        web_reply_json(req, 200, out);
    else
        web_reply_error(req, 503, "unavailable", NULL, NULL);
}

/* One route per step, each with the permission the step needs, so an API
 * token holds exactly the steps its scopes name (the account's roles and
 * steps.c decide the rest). */
#define STEP_ROUTE(name)                                                                                        \
    static void act_##name(web_request *req, void *ctx) { act(req, ctx, #name); }
STEP_ROUTE(submit)
STEP_ROUTE(return)
STEP_ROUTE(sign)
STEP_ROUTE(issue)
STEP_ROUTE(send)
STEP_ROUTE(withdraw)
#undef STEP_ROUTE

int document_action_routes(web_server *w, org_state *st)
{
#define STEP(name, perm)                                                                                        \
    {.method = "POST", .pattern = "/api/v1/documents/outgoing/{id}/" #name, .handler = act_##name, .ctx = st,   \
     .permission = perm, .flags = WEB_JSON_BODY, .max_body = 8192}
    const web_route routes[] = {
        STEP(submit, "document.draft"), STEP(return, "document.sign"), STEP(sign, "document.sign"),
        STEP(issue, "document.clerk"),  STEP(send, "document.clerk"),  STEP(withdraw, "document.draft"),
    };
#undef STEP
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (web_server_route(w, &routes[i]) != 0)
            return -1;
    return 0;
}
