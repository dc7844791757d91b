#include "org/audit.h"

#include "core/timefmt.h"

#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const char genesis[] = "0000000000000000000000000000000000000000000000000000000000000000";

static void hash_field(crypto_hash_sha256_state *st, const char *s)
{
    /* "<length>:" then the bytes; NULL is "-:" so it differs from "". */
    char prefix[32];
    if (!s) {
        crypto_hash_sha256_update(st, (const unsigned char *)"-:", 2);
        return;
    }
    size_t len = strlen(s);
    int n = snprintf(prefix, sizeof prefix, "%zu:", len);
    crypto_hash_sha256_update(st, (const unsigned char *)prefix, (unsigned long long)n);
    crypto_hash_sha256_update(st, (const unsigned char *)s, len);
}

static void entry_hash(int64_t id, const char *at, const audit_entry *e, const char *prev,
                       char out[65])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    const char *fields[] = {idtext, at, e->actor, e->action, e->object_type, e->object_id,
                            e->summary, prev};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        hash_field(&st, fields[i]);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, digest);
    sodium_bin2hex(out, 65, digest, sizeof digest);
}

int audit_append(store_conn *c, const audit_entry *e, const char *at)
{
    store_stmt *last = store_prepare(c, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
    if (!last)
        return STORE_ERROR;
    int rc = store_step(last);
    if (rc != STORE_ROW && rc != STORE_DONE)
        return rc;
    int64_t id = rc == STORE_ROW ? store_col_int64(last, 0) + 1 : 1;
    char prev[65];
    snprintf(prev, sizeof prev, "%s", rc == STORE_ROW ? store_col_text(last, 1) : genesis);
    store_reset(last);

    char hash[65];
    entry_hash(id, at, e, prev, hash);
    store_stmt *ins = store_prepare(c, "INSERT INTO audit_log (id, at, actor, action, object_type, "
                                       "object_id, summary, prev_hash, hash) "
                                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!ins)
        return STORE_ERROR;
    store_bind_int64(ins, 1, id);
    store_bind_text(ins, 2, at);
    store_bind_text(ins, 3, e->actor);
    store_bind_text(ins, 4, e->action);
    store_bind_text(ins, 5, e->object_type);
    store_bind_text(ins, 6, e->object_id);
    store_bind_text(ins, 7, e->summary);
    store_bind_text(ins, 8, prev);
    store_bind_text(ins, 9, hash);
    rc = store_step(ins);
    return rc == STORE_DONE ? 0 : rc;
}

/* code is stable for programs; why is for people, Vietnamese then English. */
static int broken(audit_report *r, int64_t id, const char *code, const char *why)
{
    r->broken_id = id;
    r->code = code;
    snprintf(r->reason, sizeof r->reason, "%s", why);
    return 1;
}

/* Checks the rows st yields, in id order from expected_id, against prev (the
 * hash of the entry before the first). 0 intact, 1 broken, <0 STORE_ code. */
static int walk(store_stmt *st, char prev[65], int64_t expected_id, audit_report *r)
{
    int rc, verdict = 0;
    while ((rc = store_step(st)) == STORE_ROW) {
        int64_t id = store_col_int64(st, 0);
        audit_entry e = {store_col_text(st, 2), store_col_text(st, 3), store_col_text(st, 4),
                         store_col_text(st, 5), store_col_text(st, 6)};
        const char *at = store_col_text(st, 1), *stored_prev = store_col_text(st, 7),
                   *stored = store_col_text(st, 8);
        char want[65];
        if (id != expected_id) {
            verdict = id > expected_id
                          ? broken(r, id, "entry_missing", "thiếu một mục trước mục này / an entry before it is missing")
                          : broken(r, id, "out_of_order", "các mục không theo thứ tự / entries are out of order");
            break;
        }
        if (!stored_prev || strcmp(stored_prev, prev) != 0) {
            verdict = broken(r, id, "bad_link", "không nối với mục trước nó / it does not chain to the entry before it");
            break;
        }
        entry_hash(id, at ? at : "", &e, prev, want);
        if (!stored || strcmp(stored, want) != 0) {
            verdict = broken(r, id, "bad_hash", "nội dung không khớp mã băm / its content does not match its hash");
            break;
        }
        memcpy(prev, want, 65);
        expected_id++;
        r->entries++;
    }
    store_reset(st);
    if (rc != STORE_ROW && rc != STORE_DONE)
        return rc;
    return verdict;
}

#define ENTRY_COLUMNS "id, at, actor, action, object_type, object_id, summary, prev_hash, hash"

int audit_verify(store_conn *c, audit_report *r)
{
    memset(r, 0, sizeof *r);
    store_stmt *st = store_prepare(c, "SELECT " ENTRY_COLUMNS " FROM audit_log ORDER BY id");
    if (!st)
        return STORE_ERROR;
    char prev[65];
    memcpy(prev, genesis, sizeof genesis);
    return walk(st, prev, 1, r);
}

/* The stored hash of entry id into out; 0, 1 when there is none, or a STORE_ code. */
static int stored_hash(store_conn *c, int64_t id, char out[65])
{
    store_stmt *st = store_prepare(c, "SELECT hash FROM audit_log WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW)
        snprintf(out, 65, "%s", store_col_text(st, 0) ? store_col_text(st, 0) : "");
    store_reset(st);
    return rc == STORE_ROW ? 0 : rc == STORE_DONE ? 1 : rc;
}

int audit_verify_range(store_conn *c, int64_t first, int64_t last, audit_report *r)
{
    memset(r, 0, sizeof *r);
    char prev[65];
    if (first < 1)
        first = 1;
    if (first == 1) {
        memcpy(prev, genesis, sizeof genesis);
    } else {
        int rc = stored_hash(c, first - 1, prev);
        if (rc == 1)
            return broken(r, first, "entry_missing", "thiếu một mục trước mục này / an entry before it is missing");
        if (rc != 0)
            return rc;
    }
    store_stmt *st = store_prepare(c, "SELECT " ENTRY_COLUMNS " FROM audit_log "
                                      "WHERE id BETWEEN ? AND ? ORDER BY id");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, first);
    store_bind_int64(st, 2, last);
    return walk(st, prev, first, r);
}

int audit_record(store_conn *c, const char *actor, const char *action, const char *type,
                 int64_t id, json_t *summary)
{
    char ts[TIMEFMT_ISO_LEN], idtext[24];
    timefmt_iso_utc(timefmt_now_ms(), ts);
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    char *text = json_dumps(summary, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(summary);
    if (!text)
        return STORE_ERROR;
    audit_entry e = {actor, action, type, idtext, text};
    int rc = audit_append(c, &e, ts);
    free(text);
    return rc;
}

int audit_head(store_conn *c, int64_t *id, char hash[65])
{
    *id = 0;
    memcpy(hash, genesis, 65);
    store_stmt *st = store_prepare(c, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
    if (!st)
        return STORE_ERROR;
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        *id = store_col_int64(st, 0);
        snprintf(hash, 65, "%s", store_col_text(st, 1));
    }
    store_reset(st);
    return rc == STORE_ROW || rc == STORE_DONE ? 0 : rc;
}

int audit_holds(store_conn *c, int64_t id, const char *hash, audit_report *r)
{
    memset(r, 0, sizeof *r);
    if (id == 0)
        return 0; /* anchored on an empty log: anything holds it */
    store_stmt *st = store_prepare(c, "SELECT hash FROM audit_log WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, id);
    int rc = store_step(st);
    int verdict = 0;
    if (rc == STORE_DONE)
        verdict = broken(r, id, "cut_back", "nhật ký kết thúc trước mục mốc này: đã bị cắt bớt / the log ends before this anchored entry: it was cut back");
    else if (rc == STORE_ROW && strcmp(store_col_text(st, 0), hash) != 0)
        verdict = broken(r, id, "replaced", "mục mốc này đã bị thay / this anchored entry was replaced");
    store_reset(st);
    return rc == STORE_ROW || rc == STORE_DONE ? verdict : rc;
}
