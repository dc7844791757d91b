/* Indicators xaso measures itself, from the dossiers, the catalog and the
 * documents (văn bản đi, đến), for
 * the year of the plan: which text names which metric, and the count behind
 * each value, with its formula in words. The formulas are written against
 * the dossier model (migration 0009/0010), never against demo numbers. */
#include "plan/internal.h"

#include "core/civil_date.h"
#include "core/deadline.h"
#include "core/fold.h"
#include "core/timefmt.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *code;
    const char *keywords; /* '|'-separated phrases, folded before comparing */
    const char *formula;
    const char *numerator_sql, *denominator_sql; /* ?1, ?2: the period's bounds (ms) */
    bool iso_bounds; /* ?1, ?2 as UTC ISO 8601 text, for tables that keep instants so (documents) */
} metric;

/* Dossiers received in the period by the plan's unit and the units under it
 * (its competent unit in that subtree), as the store's kept facts (table
 * dossier_fact, migrations 0016 and 0019) count them: the same facts as the
 * QĐ 766 index; a plan without a unit is the whole deployment's. ?1, ?2:
 * the bounds in milliseconds; ?3: the plan. The yes/no facts are integers
 * (0, 1) and are compared, as PostgreSQL takes no integer for a condition. */
#define RECEIVED                                                                                                     \
    "FROM dossier_fact d WHERE d.received_ms >= ?1 AND d.received_ms < ?2"                                         \
    " AND ((SELECT unit_id FROM plan WHERE id = ?3) IS NULL OR d.competent_unit_id IN"                              \
    " (WITH RECURSIVE sub(id) AS (SELECT unit_id FROM plan WHERE id = ?3"                                           \
    " UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id) SELECT id FROM sub))"

/* Takes the three parameters without using them (typed, for PostgreSQL). */
#define ANY_PERIOD                                                                                                   \
    "AND CAST(?1 AS BIGINT) IS NOT NULL AND CAST(?2 AS BIGINT) IS NOT NULL AND CAST(?3 AS BIGINT) IS NOT NULL"

/* The plan's documents: those of its unit and the units under it (all of
 * them for a plan without a unit), confidential ones left out as the seed
 * plan leaves them out ("trừ văn bản mật theo quy định"). Incoming ones by
 * their arrival in the period, outgoing ones by their issue. ?1, ?2: the
 * period's bounds as ISO text; ?3: the plan. */
#define DOC_OF_PLAN                                                                                                  \
    " d.secrecy = '' AND ((SELECT unit_id FROM plan WHERE id = ?3) IS NULL OR d.unit_id IN"                         \
    " (WITH RECURSIVE sub(id) AS (SELECT unit_id FROM plan WHERE id = ?3"                                           \
    " UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id) SELECT id FROM sub))"
#define DOC_IN "FROM document d WHERE d.direction = 'in' AND d.arrival_date >= ?1 AND d.arrival_date < ?2 AND" DOC_OF_PLAN
#define DOC_OUT "FROM document d WHERE d.direction = 'out' AND d.issued_at >= ?1 AND d.issued_at < ?2 AND" DOC_OF_PLAN
/* Electronic as the document figures read it (src/document/stats.c): an
 * incoming one delivered directly or by edXML, an outgoing one signed
 * digitally and sent. */
#define DOC_IN_ELECTRONIC " AND d.received_via IN ('direct', 'edxml')"
#define DOC_SIGNED " AND EXISTS (SELECT 1 FROM document_signature s WHERE s.document_id = d.id)"

static const metric METRICS[] = {
    {"e_result", "ket qua giai quyet thu tuc hanh chinh dien tu|ket qua dien tu",
     "hồ sơ có kết quả điện tử ÷ hồ sơ đã giải quyết",
     "SELECT COUNT(*) " RECEIVED " AND d.e_result <> 0", "SELECT COUNT(*) " RECEIVED " AND d.finished_at IS NOT NULL", false},
    {"reuse", "khai thac, su dung lai|su dung lai thong tin",
     "hồ sơ có giấy tờ khai thác lại từ dữ liệu sẵn có ÷ hồ sơ tiếp nhận", "SELECT COUNT(*) " RECEIVED " AND d.reused <> 0",
     "SELECT COUNT(*) " RECEIVED, false},
    {"online_payment", "thanh toan truc tuyen",
     "hồ sơ có phí nộp qua Cổng DVC quốc gia hoặc cổng thanh toán của tỉnh ÷ hồ sơ có phí đã nộp",
     "SELECT COUNT(*) " RECEIVED " AND d.paid_online <> 0", "SELECT COUNT(*) " RECEIVED " AND d.fee_paid <> 0", false},
    {"digitized", "duoc so hoa|so hoa ho so",
     "hồ sơ mà mọi giấy tờ và kết quả đều có bản điện tử (hoặc khai thác lại) ÷ hồ sơ tiếp nhận",
     "SELECT COUNT(*) " RECEIVED " AND d.digitized <> 0", "SELECT COUNT(*) " RECEIVED, false},
    {"online", "xu li truc tuyen|phi tiep xuc|nop truc tuyen", "hồ sơ nộp trực tuyến ÷ hồ sơ tiếp nhận",
     "SELECT COUNT(*) " RECEIVED " AND d.channel = 2", "SELECT COUNT(*) " RECEIVED, false},
    {"any_location", "phi dia gioi", "hồ sơ tiếp nhận tại xã khác xã có thẩm quyền ÷ hồ sơ tiếp nhận",
     "SELECT COUNT(*) " RECEIVED " AND d.any_location <> 0", "SELECT COUNT(*) " RECEIVED, false},
    /* Ended dossiers, by the QĐ 766 rule: by the due instant, at most one
     * supplement request, no apology. */
    {"on_time", "dung han", "hồ sơ giải quyết đúng hạn ÷ hồ sơ đã kết thúc (giải quyết, trả, dừng, từ chối, rút)",
     "SELECT COUNT(*) " RECEIVED " AND d.ended_ms IS NOT NULL AND d.ended_ms <= d.due_ms AND d.supplements <= 1"
     " AND d.apologized = 0",
     "SELECT COUNT(*) " RECEIVED " AND d.ended_at IS NOT NULL", false},
    {"satisfaction", "hai long", "đánh giá rất hài lòng hoặc hài lòng ÷ đánh giá",
     "SELECT COUNT(*) " RECEIVED " AND d.satisfied <> 0", "SELECT COUNT(*) " RECEIVED " AND d.rated <> 0", false},
    {"full_online_procedures", "dich vu cong truc tuyen toan trinh|truc tuyen toan trinh",
     "thủ tục cung cấp dịch vụ công trực tuyến toàn trình ÷ thủ tục đang áp dụng",
     /* The catalog is the deployment's, not a unit's. */
     "SELECT COUNT(*) FROM procedure WHERE status = 'active' AND online_level = 'full' " ANY_PERIOD,
     "SELECT COUNT(*) FROM procedure WHERE status = 'active' " ANY_PERIOD, false},
    /* Documents. Signing before the wider "electronic", whose phrases the
     * signing ones contain ("văn bản điện tử có ký số"); every phrase names
     * văn bản, so "người dân có chữ ký số" (a citizens' figure) is not one. */
    {"doc_signed", "van ban dien tu co ky so|van ban di duoc thuc hien ky so|van ban di duoc ky so|ky so van ban"
                   "|van ban di - den su dung ky so|van ban di – den su dung ky so|van ban di, den su dung ky so",
     "văn bản đi đã phát hành có chữ ký số ÷ văn bản đi đã phát hành (trừ văn bản mật)",
     "SELECT COUNT(*) " DOC_OUT DOC_SIGNED, "SELECT COUNT(*) " DOC_OUT, true},
    {"doc_electronic", "van ban, ho so cong viec toan trinh tren moi truong dien tu|van ban dien tu"
                       "|gui, nhan van ban|van ban di - den|van ban di – den|van ban di, den"
                       "|van ban trao doi giua cac co quan",
     "(văn bản đến nhận trực tiếp giữa các đơn vị hoặc qua edXML + văn bản đi có chữ ký số đã gửi điện tử)"
     " ÷ (văn bản đến đã vào sổ + văn bản đi đã phát hành), trừ văn bản mật",
     "SELECT (SELECT COUNT(*) " DOC_IN DOC_IN_ELECTRONIC ") + (SELECT COUNT(*) " DOC_OUT DOC_SIGNED
     " AND d.sent_at IS NOT NULL)",
     "SELECT (SELECT COUNT(*) " DOC_IN ") + (SELECT COUNT(*) " DOC_OUT ")", true},
};

const char *plan_metric_for(const char *text)
{
    char folded[1024];
    text_fold(text ? text : "", folded, sizeof folded);
    for (size_t i = 0; i < sizeof METRICS / sizeof METRICS[0]; i++) {
        char phrases[256];
        snprintf(phrases, sizeof phrases, "%s", METRICS[i].keywords);
        char *save = NULL;
        for (char *p = strtok_r(phrases, "|", &save); p; p = strtok_r(NULL, "|", &save)) {
            char phrase[128];
            text_fold(p, phrase, sizeof phrase); /* folding turns y into i: "tuyến" -> "tuien" */
            if (strstr(folded, phrase))
                return METRICS[i].code;
        }
    }
    return NULL;
}

static int64_t count(store_conn *c, const metric *m, const char *sql, int64_t plan_id, int64_t from, int64_t to)
{
    store_stmt *st = store_prepare(c, sql);
    if (!st)
        return -1;
    if (m->iso_bounds) {
        char a[TIMEFMT_ISO_LEN], b[TIMEFMT_ISO_LEN];
        timefmt_iso_utc(from, a);
        timefmt_iso_utc(to, b);
        store_bind_text(st, 1, a);
        store_bind_text(st, 2, b);
    } else {
        store_bind_int64(st, 1, from);
        store_bind_int64(st, 2, to);
    }
    store_bind_int64(st, 3, plan_id);
    int64_t n = store_step(st) == STORE_ROW ? store_col_int64(st, 0) : -1;
    store_reset(st);
    return n;
}

json_t *plan_metric_range(store_conn *c, const char *code, int64_t plan_id, int64_t from_ms, int64_t to_ms)
{
    for (size_t i = 0; code && i < sizeof METRICS / sizeof METRICS[0]; i++) {
        if (strcmp(METRICS[i].code, code) != 0)
            continue;
        int64_t num = count(c, &METRICS[i], METRICS[i].numerator_sql, plan_id, from_ms, to_ms);
        int64_t den = count(c, &METRICS[i], METRICS[i].denominator_sql, plan_id, from_ms, to_ms);
        if (num < 0 || den < 0)
            return NULL;
        json_t *out = json_pack("{s:s, s:s, s:I, s:I}", "metric", code, "formula", METRICS[i].formula, "numerator",
                                (json_int_t)num, "denominator", (json_int_t)den);
        json_object_set_new(out, "value", den > 0 ? json_real(100.0 * (double)num / (double)den) : json_null());
        return out;
    }
    return NULL;
}

json_t *plan_metric_month(store_conn *c, const char *code, int64_t plan_id, int year, int month)
{
    int32_t first = civil_day_number((civil_date){year, month, 1});
    json_t *out = plan_metric_range(c, code, plan_id, deadline_instant(first, 0),
                                    deadline_instant(first + civil_days_in_month(year, month), 0));
    if (out)
        json_object_set_new(out, "period", json_sprintf("%04d-%02d", year, month));
    return out;
}

json_t *plan_metric_value(store_conn *c, const char *code, int64_t plan_id, int year)
{
    return plan_metric_range(c, code, plan_id, deadline_instant(civil_day_number((civil_date){year, 1, 1}), 0),
                             deadline_instant(civil_day_number((civil_date){year + 1, 1, 1}), 0));
}
