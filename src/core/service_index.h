/* The service-quality index of QĐ 766/QĐ-TTg (Bộ chỉ số phục vụ người dân,
 * doanh nghiệp), 100 points in six groups, as the national portal scores it:
 * the rule that classifies one dossier's timeliness, and each metric's
 * formula with its numerator, denominator and cap. Pure arithmetic: the
 * report part counts the dossiers and calls these. */
#ifndef XASO_CORE_SERVICE_INDEX_H
#define XASO_CORE_SERVICE_INDEX_H

#include <stdbool.h>
#include <stdint.h>

/* The six groups and their points. */
typedef enum {
    SI_TRANSPARENCY,  /* Công khai, minh bạch: 18 */
    SI_PROGRESS,      /* Tiến độ giải quyết: 20 */
    SI_ONLINE,        /* Dịch vụ công trực tuyến: 12 */
    SI_PAYMENT,       /* Thanh toán trực tuyến: 10 */
    SI_DIGITIZATION,  /* Số hóa hồ sơ: 22 */
    SI_SATISFACTION,  /* Mức độ hài lòng: 18 */
    SI_GROUP_COUNT
} si_group;
double si_group_points(si_group g);
const char *si_group_title(si_group g);

/* One dossier in a period, as the on-time metric sees it. */
typedef struct si_dossier {
    int64_t end_ms;          /* the first of finished, returned, stopped or refused, withdrawn; 0 while open */
    int64_t due_ms;          /* the due instant; a single supplement's time is already out of it */
    int64_t paused_since_ms; /* open and waiting for the applicant since then: the clock stands still; 0 if not */
    int supplement_requests; /* more than one makes the dossier late */
    bool apologized;         /* an approved apology (xin lỗi, hẹn lại): it was late, whatever the new date */
} si_dossier;
typedef enum {
    SI_DONE_ON_TIME,
    SI_DONE_LATE,
    SI_OPEN_WITHIN_DUE,
    SI_OPEN_LATE,
} si_timeliness;
si_timeliness si_dossier_timeliness(const si_dossier *d, int64_t now_ms);
/* Counts for the on-time metric: done on time and open within due. */
bool si_counts_on_time(si_timeliness t);

/* A metric's value: numerator ÷ denominator scaled to its points. */
typedef struct si_score {
    double numerator, denominator;
    double points;     /* the metric's maximum */
    double score;      /* 0..points */
    bool empty;        /* denominator 0: score is the empty rule's */
    const char *formula;
} si_score;

/* Each metric. When the denominator is 0, full_when_empty decides whether
 * the metric gives its maximum or nothing (for feedback, 6 when there was
 * none is the portal's rule, a setting here). */
si_score si_on_time(double on_time_or_within_due, double received, bool full_when_empty);      /* 20 × ratio */
si_score si_electronic_result(double with_e_result, double finished, bool full_when_empty);    /* 6 × ratio */
si_score si_digitized(double digitized, double received, bool full_when_empty);                /* 4 × ratio */
si_score si_data_reuse(double reused, double received, bool full_when_empty);                  /* min(2, 2 × r ÷ 0.80) */
si_score si_online_submission(double online, double received, bool full_when_empty);           /* min(6, 6 × r ÷ 0.5) */
si_score si_satisfaction(double satisfied, double rated, bool full_when_empty);                /* min(6, 6 × r ÷ 0.90) */
si_score si_online_payment(double paid_online, double paid, bool full_when_empty);            /* 10 × ratio */
si_score si_feedback_on_time(double on_time, double feedback, bool full_when_none);            /* 6 × ratio */

#endif
