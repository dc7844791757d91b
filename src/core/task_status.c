/* See task_status.h. */
#include "core/task_status.h"

static const char *const TITLES[] = {"Chưa thực hiện", "Đang thực hiện, trong hạn", "Đang thực hiện, quá hạn",
                                     "Hoàn thành đúng hạn", "Hoàn thành quá hạn"};
static const char *const CODES[] = {"not_started", "on_time", "late", "done_on_time", "done_late"};

task_status task_status_derive(const task_facts *t, int32_t today)
{
    bool complete = t->progress >= 100 || t->completed_day > 0;
    if (complete) {
        int32_t done = t->completed_day > 0 ? t->completed_day : today;
        return t->due_day > 0 && done > t->due_day ? TASK_DONE_LATE : TASK_DONE_ON_TIME;
    }
    if (t->due_day > 0 && today > t->due_day)
        return TASK_LATE;
    return t->progress <= 0 ? TASK_NOT_STARTED : TASK_ON_TIME;
}

const char *task_status_title(task_status s)
{
    return s >= TASK_NOT_STARTED && s <= TASK_DONE_LATE ? TITLES[s] : "";
}

const char *task_status_code(task_status s)
{
    return s >= TASK_NOT_STARTED && s <= TASK_DONE_LATE ? CODES[s] : "";
}

static double weighted(const task_share *c, size_t n, bool by_budget)
{
    double sum = 0, total = 0;
    for (size_t i = 0; i < n; i++) {
        double w = by_budget ? (c[i].budget > 0 ? c[i].budget : 0) : (c[i].weight > 0 ? c[i].weight : 1);
        sum += w * c[i].progress;
        total += w;
    }
    return total > 0 ? sum / total : -1;
}

double task_rollup(const task_share *children, size_t n, task_rollup_mode mode)
{
    if (n == 0)
        return 0;
    double r = mode == ROLLUP_BUDGET ? weighted(children, n, true) : -1;
    return r >= 0 ? r : weighted(children, n, false);
}

int task_progress_percent(double progress)
{
    if (progress >= 100)
        return 100;
    if (progress <= 0)
        return 0;
    int p = (int)(progress + 0.5);
    return p >= 100 ? 99 : p < 1 ? 1 : p;
}
