/* The ten statuses of a dossier in the national public-service portal's
 * vocabulary, and the only moves allowed between them. Whatever internal
 * steps a workflow has, a dossier is always in exactly one of these, and
 * every change of status in the system goes through dossier_status_move_allowed.
 *
 *   1 Mới đăng ký                       submitted online, not yet accepted
 *   2 Được tiếp nhận                    accepted; the clock runs
 *   3 Không được tiếp nhận              refused at intake (final)
 *   4 Đang xử lý                        in the offices
 *   5 Yêu cầu bổ sung giấy tờ           waiting for the citizen; the clock is paused
 *   6 Yêu cầu thực hiện nghĩa vụ tài chính  waiting for a payment
 *   7 Công dân yêu cầu rút hồ sơ        withdrawn by the citizen (final)
 *   8 Dừng xử lý                        stopped, with a reason (final)
 *   9 Đã xử lý xong                     result ready, not yet returned
 *  10 Đã trả kết quả                    result returned (final) */
#ifndef XASO_CORE_DOSSIER_STATUS_H
#define XASO_CORE_DOSSIER_STATUS_H

#include <stdbool.h>

typedef enum dossier_status {
    DOSSIER_SUBMITTED = 1,
    DOSSIER_RECEIVED = 2,
    DOSSIER_NOT_RECEIVED = 3,
    DOSSIER_PROCESSING = 4,
    DOSSIER_SUPPLEMENT = 5,
    DOSSIER_PAYMENT = 6,
    DOSSIER_WITHDRAWN = 7,
    DOSSIER_STOPPED = 8,
    DOSSIER_DONE = 9,
    DOSSIER_RETURNED = 10,
} dossier_status;

enum { DOSSIER_STATUS_COUNT = 10 };

bool dossier_status_valid(int status);
/* No move leaves a final status. */
bool dossier_status_final(dossier_status status);
/* Whether the deadline clock runs in this status (not while waiting for the
 * citizen: supplement, payment; not before acceptance; not after the end). */
bool dossier_status_clock_runs(dossier_status status);
bool dossier_status_move_allowed(dossier_status from, dossier_status to);

/* "Đang xử lý", as the portal names it. */
const char *dossier_status_title(dossier_status status);

#endif
