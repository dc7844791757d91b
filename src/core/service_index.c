/* See service_index.h. The formulas are QĐ 766's as the national portal
 * applies them; the thresholds (0.80, 0.5, 0.90) are where a metric reaches
 * its maximum. */
#include "core/service_index.h"

static const struct {
    const char *title;
    double points;
} GROUPS[SI_GROUP_COUNT] = {
    {"Công khai, minh bạch", 18}, {"Tiến độ giải quyết", 20}, {"Dịch vụ công trực tuyến", 12},
    {"Thanh toán trực tuyến", 10}, {"Số hóa hồ sơ", 22},    {"Mức độ hài lòng", 18},
};

double si_group_points(si_group g) { return g >= 0 && g < SI_GROUP_COUNT ? GROUPS[g].points : 0; }
const char *si_group_title(si_group g) { return g >= 0 && g < SI_GROUP_COUNT ? GROUPS[g].title : ""; }

si_timeliness si_dossier_timeliness(const si_dossier *d, int64_t now_ms)
{
    bool late_by_rule = d->supplement_requests > 1 || d->apologized;
    if (d->end_ms > 0)
        return late_by_rule || (d->due_ms > 0 && d->end_ms > d->due_ms) ? SI_DONE_LATE : SI_DONE_ON_TIME;
    /* While the applicant is asked for papers the clock stands still. */
    int64_t clock = d->paused_since_ms > 0 && d->paused_since_ms < now_ms ? d->paused_since_ms : now_ms;
    return late_by_rule || (d->due_ms > 0 && clock > d->due_ms) ? SI_OPEN_LATE : SI_OPEN_WITHIN_DUE;
}

bool si_counts_on_time(si_timeliness t) { return t == SI_DONE_ON_TIME || t == SI_OPEN_WITHIN_DUE; }

/* points × min(1, ratio ÷ threshold); threshold 1 is a plain proportion. */
static si_score scaled(double num, double den, double points, double threshold, bool full_when_empty,
                       const char *formula)
{
    si_score s = {num, den, points, 0, den <= 0, formula};
    if (s.empty) {
        s.score = full_when_empty ? points : 0;
        return s;
    }
    double ratio = num / den;
    if (ratio < 0)
        ratio = 0;
    double v = points * ratio / threshold;
    s.score = v > points ? points : v;
    return s;
}

si_score si_on_time(double n, double d, bool e)
{
    return scaled(n, d, 20, 1, e, "20 × (đúng hạn + đang giải quyết trong hạn) ÷ tiếp nhận");
}
si_score si_electronic_result(double n, double d, bool e)
{
    return scaled(n, d, 6, 1, e, "6 × có kết quả điện tử ÷ đã giải quyết");
}
si_score si_digitized(double n, double d, bool e)
{
    return scaled(n, d, 4, 1, e, "4 × số hóa thành phần hồ sơ và kết quả ÷ tiếp nhận");
}
si_score si_data_reuse(double n, double d, bool e)
{
    return scaled(n, d, 2, 0.80, e, "min(2; 2 × tỷ lệ khai thác lại dữ liệu ÷ 0,80)");
}
si_score si_online_submission(double n, double d, bool e)
{
    return scaled(n, d, 6, 0.5, e, "min(6; 6 × tỷ lệ nộp trực tuyến ÷ 0,5)");
}
si_score si_satisfaction(double n, double d, bool e)
{
    return scaled(n, d, 6, 0.90, e, "min(6; 6 × tỷ lệ hài lòng ÷ 0,90)");
}
si_score si_online_payment(double n, double d, bool e)
{
    return scaled(n, d, 10, 1, e, "10 × hồ sơ có phí nộp qua Cổng DVC quốc gia hoặc cổng thanh toán của tỉnh ÷ hồ sơ có phí đã nộp");
}
si_score si_feedback_on_time(double n, double d, bool e)
{
    return scaled(n, d, 6, 1, e, "6 × phản ánh, kiến nghị xử lý đúng hạn ÷ tổng số (6 khi không có)");
}
