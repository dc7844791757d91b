/* See dossier_status.h. The move table is the one place the rules live. */
#include "core/dossier_status.h"

#include <stddef.h>

static const char *const TITLES[DOSSIER_STATUS_COUNT + 1] = {
    "",
    "Mới đăng ký",
    "Được tiếp nhận",
    "Không được tiếp nhận",
    "Đang xử lý",
    "Yêu cầu bổ sung giấy tờ",
    "Yêu cầu thực hiện nghĩa vụ tài chính",
    "Công dân yêu cầu rút hồ sơ",
    "Dừng xử lý",
    "Đã xử lý xong",
    "Đã trả kết quả",
};

/* MOVES[from] lists the statuses a dossier may move to from `from`. */
static const dossier_status MOVES[DOSSIER_STATUS_COUNT + 1][6] = {
    [DOSSIER_SUBMITTED] = {DOSSIER_RECEIVED, DOSSIER_NOT_RECEIVED, DOSSIER_SUPPLEMENT,
                           DOSSIER_WITHDRAWN},
    [DOSSIER_RECEIVED] = {DOSSIER_PROCESSING, DOSSIER_SUPPLEMENT, DOSSIER_PAYMENT,
                          DOSSIER_WITHDRAWN, DOSSIER_STOPPED, DOSSIER_DONE},
    [DOSSIER_PROCESSING] = {DOSSIER_SUPPLEMENT, DOSSIER_PAYMENT, DOSSIER_WITHDRAWN,
                            DOSSIER_STOPPED, DOSSIER_DONE},
    /* After a supplement a dossier goes back where it was: to intake when it
     * had not been accepted yet, else into processing. */
    [DOSSIER_SUPPLEMENT] = {DOSSIER_SUBMITTED, DOSSIER_RECEIVED, DOSSIER_PROCESSING,
                            DOSSIER_WITHDRAWN, DOSSIER_STOPPED, DOSSIER_NOT_RECEIVED},
    [DOSSIER_PAYMENT] = {DOSSIER_PROCESSING, DOSSIER_DONE, DOSSIER_WITHDRAWN, DOSSIER_STOPPED},
    [DOSSIER_DONE] = {DOSSIER_RETURNED},
};

bool dossier_status_valid(int status)
{
    return status >= 1 && status <= DOSSIER_STATUS_COUNT;
}

bool dossier_status_final(dossier_status status)
{
    return status == DOSSIER_NOT_RECEIVED || status == DOSSIER_WITHDRAWN ||
           status == DOSSIER_STOPPED || status == DOSSIER_RETURNED;
}

bool dossier_status_clock_runs(dossier_status status)
{
    return status == DOSSIER_RECEIVED || status == DOSSIER_PROCESSING;
}

bool dossier_status_move_allowed(dossier_status from, dossier_status to)
{
    if (!dossier_status_valid((int)from) || !dossier_status_valid((int)to))
        return false;
    for (size_t i = 0; i < sizeof MOVES[0] / sizeof MOVES[0][0]; i++)
        if (MOVES[from][i] == to)
            return true;
    return false;
}

const char *dossier_status_title(dossier_status status)
{
    return dossier_status_valid((int)status) ? TITLES[status] : "";
}
