/* A plan task's status is derived, never stored: from its progress, its due
 * day, the day it was completed and today, in the vocabulary of the
 * government's task tracking. And a parent's progress rolled up from its
 * children. */
#ifndef XASO_CORE_TASK_STATUS_H
#define XASO_CORE_TASK_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum task_status {
    TASK_NOT_STARTED,   /* Chưa thực hiện */
    TASK_ON_TIME,       /* Đang thực hiện, trong hạn */
    TASK_LATE,          /* Đang thực hiện, quá hạn */
    TASK_DONE_ON_TIME,  /* Hoàn thành đúng hạn */
    TASK_DONE_LATE,     /* Hoàn thành quá hạn */
} task_status;

typedef struct task_facts {
    int progress;          /* 0..100 */
    int32_t due_day;       /* day number; 0: no due day */
    int32_t completed_day; /* day number; 0: not completed */
} task_facts;

/* Complete means 100% or a completion day. A task not complete is late once
 * today is past its due day, whatever its progress; before that it is not
 * started at 0% and on time above. Completion on the due day is on time. */
task_status task_status_derive(const task_facts *t, int32_t today);
const char *task_status_title(task_status s);
const char *task_status_code(task_status s);

/* A child's part in its parent's progress. */
typedef struct task_share {
    double progress; /* 0..100 */
    double weight;   /* the task's weight; <= 0 counts as 1 */
    double budget;   /* million đồng; < 0 or unknown counts as 0 */
} task_share;

typedef enum { ROLLUP_AVERAGE, ROLLUP_BUDGET } task_rollup_mode;

/* The weighted average of the children's progress: by their weights, or by
 * their budgets — falling back to the weights when no child has a budget.
 * No children: 0. */
double task_rollup(const task_share *children, size_t n, task_rollup_mode mode);

/* A rolled-up progress as a whole percent: rounded, but never 100 while a
 * child is unfinished (99.5 shows 99) and never 0 once one has started. */
int task_progress_percent(double progress);

#endif
