/* Finding procedures: folded full-text search (core/fold.h) ranked with
 * code and exact-phrase matches first; the list of fields; the export. */
#include "catalog/internal.h"

#include "core/fold.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_TOKENS = 12, QUERY_MAX = 400 };

/* The FTS5 query for folded text: every word as a quoted prefix term, all
 * required ("dang" AND "ki"* ...). Quotes inside words are dropped, so the
 * user's text never becomes FTS syntax. With words_only, the same words
 * separated by spaces (PostgreSQL's statement); they hold no LIKE wildcard.
 * Returns false when no word. */
static bool fts_query(const char *folded, bool words_only, char *out, size_t cap)
{
    size_t used = 0;
    int tokens = 0;
    out[0] = '\0';
    const char *p = folded;
    while (*p && tokens < MAX_TOKENS) {
        while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                       (unsigned char)*p >= 0x80))
            p++;
        const char *start = p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80)
            p++;
        if (p == start)
            break;
        int n = words_only ? snprintf(out + used, cap - used, "%s%.*s", tokens ? " " : "",
                                      (int)(p - start), start)
                           : snprintf(out + used, cap - used, "%s\"%.*s\"*", tokens ? " AND " : "",
                                      (int)(p - start), start);
        if (n < 0 || (size_t)n >= cap - used)
            break;
        used += (size_t)n;
        tokens++;
    }
    return tokens > 0;
}

static bool looks_like_code(const char *q)
{
    bool dot = false;
    for (; *q; q++) {
        if (*q == '.')
            dot = true;
        else if (*q < '0' || *q > '9')
            return false;
    }
    return dot;
}

#define LIST_COLUMNS                                                                          \
    "p.code, p.name, p.field, p.level, p.time_unit, p.time_amount, p.online_level, "           \
    "p.status, p.review_status, p.result_name, COUNT(*) OVER ()"

#define LIST_FILTERS                                                                          \
    " (CAST(?2 AS TEXT) IS NULL OR p.field = ?2)"                                               \
    " AND (CAST(?3 AS TEXT) IS NULL OR p.online_level = ?3)"                                    \
    " AND (CAST(?4 AS BIGINT) = 1 OR p.status = 'active')"                                      \
    " AND (CAST(?5 AS TEXT) IS NULL OR p.review_status = ?5)"

static const char SQL_ALL[] =
    "SELECT " LIST_COLUMNS " FROM procedure p WHERE CAST(?1 AS TEXT) IS NULL AND" LIST_FILTERS
    " ORDER BY p.field, p.name LIMIT ?6 OFFSET ?7";

static const char SQL_CODE[] =
    "SELECT " LIST_COLUMNS " FROM procedure p WHERE p.code LIKE CAST(?1 AS TEXT) || '%' AND" LIST_FILTERS
    " ORDER BY p.code = ?1 DESC, p.code LIMIT ?6 OFFSET ?7";

/* ?8: the folded query as typed, to rank exact phrases first. bm25() must
 * run in the FTS scan itself, so the hits are materialized first. */
static const char SQL_TEXT[] =
    "WITH hits AS MATERIALIZED (SELECT rowid AS id, bm25(procedure_search, 10.0, 5.0, 1.0) AS rank,"
    " instr(name, ?8) AS phrase FROM procedure_search WHERE procedure_search MATCH ?1)"
    " SELECT " LIST_COLUMNS " FROM hits JOIN procedure p ON p.id = hits.id WHERE" LIST_FILTERS
    " ORDER BY hits.phrase = 0, hits.rank, length(p.name), p.name LIMIT ?6 OFFSET ?7";

/* PostgreSQL has no FTS5. There each folded word (?1, separated by spaces)
 * must begin a word of the code, the name or the field in procedure_search
 * (a plain table there, holding the same folded text), as FTS5's prefix
 * terms do; words are split where unicode61 splits folded text, at ASCII
 * characters other than letters and digits. The GIN index on the table's
 * tsvector (every word as a prefix term) finds the candidates, so only they
 * are split and compared. Ranked like the FTS5
 * statement: the query as typed in the name first, then more of the words
 * in the name, in the code, then shorter names (PG_UNPREFIXED). */
#define PG_WORDS(col) "' ' || regexp_replace(" col ", '[\\x01-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f]+', ' ', 'g')"
#define PG_HAS(col) col " LIKE '% ' || w || '%'"
/* Most names begin "Thủ tục" ("the procedure of"), which says nothing: among
 * equal matches the shorter rest is the more general procedure ("đăng ký
 * khai tử" before "đăng ký lại khai tử"), the order bm25 gives on SQLite. */
#define PG_UNPREFIXED(col) "regexp_replace(" col ", '^Thủ tục ', '')"
static const char SQL_TEXT_PG[] =
    "WITH words AS (SELECT DISTINCT w FROM unnest(string_to_array(CAST(?1 AS TEXT), ' ')) AS w"
    " WHERE w <> ''),"
    " query AS (SELECT to_tsquery('simple', string_agg(quote_literal(w) || ':*', ' & ')) AS q FROM words),"
    " docs AS (SELECT s.rowid AS id, strpos(s.name, CAST(?8 AS TEXT)) AS phrase,"
    " " PG_WORDS("s.code") " AS code_words, " PG_WORDS("s.name") " AS name_words,"
    " " PG_WORDS("s.field") " AS field_words FROM procedure_search s, query"
    " WHERE s.search_terms @@ query.q),"
    " hits AS (SELECT d.id, d.phrase,"
    " (SELECT COUNT(*) FROM words WHERE " PG_HAS("d.name_words") ") AS in_name,"
    " (SELECT COUNT(*) FROM words WHERE " PG_HAS("d.code_words") ") AS in_code"
    " FROM docs d WHERE NOT EXISTS (SELECT 1 FROM words WHERE NOT " PG_HAS("d.code_words")
    " AND NOT " PG_HAS("d.name_words") " AND NOT " PG_HAS("d.field_words") "))"
    " SELECT " LIST_COLUMNS " FROM hits JOIN procedure p ON p.id = hits.id WHERE" LIST_FILTERS
    " ORDER BY hits.phrase = 0, hits.in_name DESC, hits.in_code DESC,"
    " length(" PG_UNPREFIXED("p.name") "), p.name LIMIT ?6 OFFSET ?7";

static json_t *list_item(store_stmt *st, bool staff)
{
    const char *unit = store_col_text(st, 4);
    char text[64] = "";
    if (unit && strcmp(unit, "same_day") == 0)
        snprintf(text, sizeof text, "Trong ngày");
    else if (unit)
        snprintf(text, sizeof text, "%lld %s", (long long)store_col_int64(st, 5),
                 strcmp(unit, "working_days") == 0    ? "ngày làm việc"
                 : strcmp(unit, "working_hours") == 0 ? "giờ làm việc"
                                                      : "ngày");
    json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s, s:s}", "code", store_col_text(st, 0),
                             "name", store_col_text(st, 1), "field", store_col_text(st, 2),
                             "level", store_col_text(st, 3), "time_text", unit ? text : NULL,
                             "online_level", store_col_text(st, 6), "result_name",
                             store_col_text(st, 9));
    if (staff) {
        json_object_set_new(item, "status", json_string(store_col_text(st, 7)));
        json_object_set_new(item, "review_status", json_string(store_col_text(st, 8)));
    }
    return item;
}

json_t *catalog_search(store_conn *c, const catalog_query *query)
{
    char folded[QUERY_MAX + 1], match[QUERY_MAX * 3];
    const char *q = query->q && *query->q ? query->q : NULL;
    if (q)
        text_fold(q, folded, sizeof folded);
    bool by_code = q && looks_like_code(folded);
    bool pg = store_conn_dialect(c) == STORE_POSTGRES;
    bool by_text = q && !by_code && fts_query(folded, pg, match, sizeof match);
    const char *sql = by_code ? SQL_CODE : by_text ? (pg ? SQL_TEXT_PG : SQL_TEXT) : SQL_ALL;
    store_stmt *st = store_prepare(c, sql);
    if (!st)
        return NULL;
    if (by_code)
        store_bind_text(st, 1, folded);
    else if (by_text)
        store_bind_text(st, 1, match);
    else if (q)
        store_bind_text(st, 1, "never"); /* punctuation only: nothing matches */
    else
        store_bind_null(st, 1);
    if (query->field)
        store_bind_text(st, 2, query->field);
    else
        store_bind_null(st, 2);
    if (query->online)
        store_bind_text(st, 3, query->online);
    else
        store_bind_null(st, 3);
    store_bind_int64(st, 4, query->include_inactive ? 1 : 0);
    if (query->review)
        store_bind_text(st, 5, query->review);
    else
        store_bind_null(st, 5);
    store_bind_int64(st, 6, query->limit);
    store_bind_int64(st, 7, query->offset);
    if (by_text)
        store_bind_text(st, 8, folded);
    json_t *items = json_array();
    int64_t total = 0;
    int rc;
    bool staff = query->include_inactive || query->review;
    while ((rc = store_step(st)) == STORE_ROW) {
        total = store_col_int64(st, 10);
        json_array_append_new(items, list_item(st, staff));
    }
    store_reset(st);
    if (rc != STORE_DONE) {
        json_decref(items);
        return NULL;
    }
    return json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total);
}

json_t *catalog_fields(store_conn *c)
{
    store_stmt *st = store_prepare(c, "SELECT field, COUNT(*) FROM procedure WHERE status = 'active' "
                                      "GROUP BY field ORDER BY COUNT(*) DESC, field");
    if (!st)
        return NULL;
    json_t *items = json_array();
    int rc;
    while ((rc = store_step(st)) == STORE_ROW)
        json_array_append_new(items, json_pack("{s:s, s:I}", "field", store_col_text(st, 0),
                                               "procedures", (json_int_t)store_col_int64(st, 1)));
    store_reset(st);
    if (rc != STORE_DONE) {
        json_decref(items);
        return NULL;
    }
    return json_pack("{s:o}", "items", items);
}

/* The export drops what only this database knows (document ids are kept so
 * a re-import into the same database updates rather than duplicates). */
json_t *catalog_export(store_conn *c)
{
    store_stmt *st = store_prepare(c, "SELECT code FROM procedure ORDER BY code");
    if (!st)
        return NULL;
    json_t *codes = json_array();
    int rc;
    while ((rc = store_step(st)) == STORE_ROW)
        json_array_append_new(codes, json_string(store_col_text(st, 0)));
    store_reset(st);
    json_t *out = rc == STORE_DONE ? json_array() : NULL;
    size_t i;
    json_t *code;
    json_array_foreach(codes, i, code) {
        bool failed;
        json_t *p = out ? catalog_procedure_json(c, json_string_value(code), true, &failed) : NULL;
        if (!p) {
            json_decref(out);
            out = NULL;
            break;
        }
        json_object_del(p, "accepts_dossiers");
        json_object_del(p, "updated_at");
        json_t *time = json_object_get(p, "time");
        if (json_is_object(time))
            json_object_del(time, "text");
        json_t *competent = json_object_get(p, "competent_unit");
        json_object_set(p, "competent_unit",
                        json_is_object(competent) ? json_object_get(competent, "agency_code")
                                                  : json_null());
        json_t *wf = json_object_get(p, "workflow");
        if (json_is_object(wf))
            json_object_set_new(p, "workflow", json_pack("{s:O}", "steps", json_object_get(wf, "steps")));
        json_array_append_new(out, p);
    }
    json_decref(codes);
    return out;
}
