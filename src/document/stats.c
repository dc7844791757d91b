/* Số liệu văn bản: the figures a leader watches on a unit's documents of a
 * year — incoming ones received (how many electronically), handled on time
 * or late, still open in time or overdue; outgoing ones issued (how many
 * signed digitally and sent electronically, QĐ 28/2018/QĐ-TTg); month by
 * month. Confidential documents are counted, never listed: nothing here
 * names a document.
 *
 * "Electronic" is read as the rest of the part records it: an incoming
 * document arrived by direct delivery from a unit of this deployment or by
 * an edXML package (document.received_via, set at registration in
 * arrival.c); an outgoing one
 * carries a signature of its signed file and was sent (send delivers to
 * units directly and to outside organs by edXML). plan_metric.c counts the
 * same two things for the plan's indicators. */
#include "document/record.h"

#include "core/civil_date.h"
#include "core/deadline.h"
#include "core/timefmt.h"

#include <string.h>

/* The documents of a unit's year: issued or received by the unit or a unit
 * under it, or drafted or handled there. ?1 the unit, ?2 the year. */
static const char STATS_SQL[] =
    "WITH RECURSIVE sub(id) AS (SELECT CAST(?1 AS BIGINT) UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id ="
    " sub.id)"
    " SELECT d.direction, d.status, d.secrecy, d.arrival_date, d.due_at, d.due_date, d.completed_at, d.issued_date,"
    " d.issued_at, d.sent_at,"
    " CASE WHEN d.received_via IN ('direct', 'edxml') THEN 1 ELSE 0 END,"
    " CASE WHEN EXISTS (SELECT 1 FROM document_signature s WHERE s.document_id = d.id) THEN 1 ELSE 0 END"
    " FROM document d WHERE d.year = ?2 AND d.seq IS NOT NULL AND (d.unit_id IN (SELECT id FROM sub)"
    " OR d.handling_unit_id IN (SELECT id FROM sub) OR d.drafting_unit_id IN (SELECT id FROM sub))";

typedef struct {
    int64_t received, electronic, confidential, done_on_time, done_late, open_overdue, open_in_time, refused;
} incoming_figures;

typedef struct {
    int64_t issued, electronic, confidential, awaiting_issue;
} outgoing_figures;

/* The deadline of an incoming document: the working-day instant set when
 * it was assigned, else the end of its due date (field 18); 0: none. */
static int64_t due_of(const char *due_at, const char *due_date)
{
    int64_t ms;
    civil_date d;
    if (due_at && timefmt_parse_iso_utc(due_at, &ms))
        return ms;
    if (due_date && civil_date_parse(due_date, &d))
        return deadline_instant(civil_day_number(d) + 1, 0);
    return 0;
}

/* The local month (1–12) of an instant, or of a YYYY-MM-DD date; 0: none. */
static int month_of(const char *iso, const char *date)
{
    civil_date d;
    int64_t ms;
    if (date && civil_date_parse(date, &d))
        return d.month;
    if (iso && timefmt_parse_iso_utc(iso, &ms))
        return civil_from_day_number(deadline_local_day(ms)).month;
    return 0;
}

static void count_incoming(store_stmt *st, int64_t now, incoming_figures *f, int64_t *month)
{
    const char *status = store_col_text(st, 1);
    f->received++;
    f->confidential += store_col_text(st, 2) && store_col_text(st, 2)[0];
    f->electronic += store_col_int64(st, 10) != 0;
    int m = month_of(store_col_text(st, 3), NULL);
    if (m)
        month[m - 1]++;
    int64_t due = due_of(store_col_text(st, 4), store_col_text(st, 5)), done;
    if (strcmp(status, "refused") == 0)
        f->refused++;
    else if (strcmp(status, "done") == 0) {
        bool late = due && store_col_text(st, 6) && timefmt_parse_iso_utc(store_col_text(st, 6), &done) && done > due;
        if (late)
            f->done_late++;
        else
            f->done_on_time++;
    } else if (due && now > due)
        f->open_overdue++;
    else
        f->open_in_time++;
}

static void count_outgoing(store_stmt *st, outgoing_figures *f, int64_t *month)
{
    f->confidential += store_col_text(st, 2) && store_col_text(st, 2)[0];
    if (!store_col_text(st, 8)) { /* signed (numbered), not yet issued (Điều 16: phát hành) */
        f->awaiting_issue++;
        return;
    }
    f->issued++;
    f->electronic += store_col_int64(st, 11) != 0 && store_col_text(st, 9) != NULL;
    int m = month_of(store_col_text(st, 8), store_col_text(st, 7));
    if (m)
        month[m - 1]++;
}

static json_t *rate(int64_t part, int64_t whole)
{
    return whole > 0 ? json_real(100.0 * (double)part / (double)whole) : json_null();
}

/* GET /api/v1/documents/stats?unit=&year= */
static void document_stats(web_request *req, void *ctx)
{
    org_state *st = ctx;
    int64_t unit_id;
    const char *unit = web_query(req, "unit");
    long year = civil_from_day_number(deadline_local_day(req->now_ms)).year;
    if (!web_query_int(req, "year", 1000, 9999, "Năm là một số có bốn chữ số.", &year) ||
        !org_resolve_unit(req, st->store, "document.read", ORG_REACH_NEAR, unit, &unit_id, &unit))
        return;
    store_stmt *q = org_read_stmt(req, st->store, STATS_SQL);
    if (!q)
        return;
    store_bind_int64(q, 1, unit_id);
    store_bind_int64(q, 2, year);
    incoming_figures in = {0};
    outgoing_figures out = {0};
    int64_t in_month[12] = {0}, out_month[12] = {0};
    int rc;
    while ((rc = store_step(q)) == STORE_ROW) {
        if (strcmp(store_col_text(q, 0), "in") == 0)
            count_incoming(q, req->now_ms, &in, in_month);
        else
            count_outgoing(q, &out, out_month);
    }
    store_reset(q);
    if (rc != STORE_DONE) {
        web_reply_error(req, 503, "unavailable", NULL, NULL);
        return;
    }
    json_t *months = json_array();
    for (int m = 0; m < 12; m++)
        json_array_append_new(months, json_pack("{s:i, s:I, s:I}", "month", m + 1, "incoming",
                                                (json_int_t)in_month[m], "outgoing", (json_int_t)out_month[m]));
    json_t *incoming = json_pack("{s:I, s:I, s:o, s:I, s:I, s:I, s:I, s:I, s:I}", "received", (json_int_t)in.received,
                                 "electronic", (json_int_t)in.electronic, "electronic_rate",
                                 rate(in.electronic, in.received), "done_on_time", (json_int_t)in.done_on_time,
                                 "done_late", (json_int_t)in.done_late, "open_overdue", (json_int_t)in.open_overdue,
                                 "open_in_time", (json_int_t)in.open_in_time, "refused", (json_int_t)in.refused,
                                 "confidential", (json_int_t)in.confidential);
    json_t *outgoing = json_pack("{s:I, s:I, s:o, s:I, s:I}", "issued", (json_int_t)out.issued, "electronic",
                                 (json_int_t)out.electronic, "electronic_rate", rate(out.electronic, out.issued),
                                 "awaiting_issue", (json_int_t)out.awaiting_issue, "confidential",
                                 (json_int_t)out.confidential);
    web_reply_json(req, 200, json_pack("{s:s, s:i, s:o, s:o, s:o}", "unit", unit, "year", (int)year, "incoming",
                                       incoming, "outgoing", outgoing, "by_month", months));
}

int document_stats_routes(web_server *w, org_state *st)
{
    const web_route route = {.method = "GET", .pattern = "/api/v1/documents/stats", .handler = document_stats,
                             .ctx = st, .permission = "document.read"};
    return web_server_route(w, &route);
}
