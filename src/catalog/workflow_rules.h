/* What a workflow definition must be before it is saved, and the default
 * shapes shipped with the catalog. Pure: no SQL.
 *
 * A workflow is an ordered list of steps. A dossier enters at the first
 * step; "forward" (or "approve") moves it to the next, "send_back" to the
 * one before, "issue_result" ends it (the result is returned). The other
 * actions — request a supplement, refuse, transfer to another unit or
 * level — are allowed or not per step. Each step has a share (percent) of
 * the procedure's time limit; the shares add up to 100. */
#ifndef XASO_CATALOG_WORKFLOW_RULES_H
#define XASO_CATALOG_WORKFLOW_RULES_H

#include <stdbool.h>
#include <stddef.h>

enum workflow_action {
    WF_FORWARD = 1u << 0,
    WF_SEND_BACK = 1u << 1,
    WF_REQUEST_SUPPLEMENT = 1u << 2,
    WF_REFUSE = 1u << 3,
    WF_TRANSFER = 1u << 4,
    WF_APPROVE = 1u << 5,
    WF_ISSUE_RESULT = 1u << 6,
};
enum { WF_ACTION_COUNT = 7, WF_MAX_STEPS = 20 };

typedef struct wf_step {
    const char *key;       /* [a-z0-9_], unique in the workflow */
    const char *name;      /* shown to officials */
    const char *role;      /* an org role */
    const char *unit_code; /* NULL: the procedure's competent unit */
    int share;             /* percent of the time limit */
    unsigned actions;      /* workflow_action bits */
} wf_step;

typedef struct wf_problem {
    int step;              /* index of the step at fault, -1 for the whole */
    const char *field;     /* "key", "name", "role", "share", "actions" or NULL */
    const char *message;   /* Vietnamese */
} wf_problem;

/* true when the steps make a valid workflow; otherwise false with *problem
 * describing the first fault. role_valid says whether a role exists. */
bool workflow_check(const wf_step *steps, size_t count, bool (*role_valid)(const char *),
                    wf_problem *problem);

/* "forward" -> WF_FORWARD ...; 0 for an unknown name. */
unsigned workflow_action_from_name(const char *name);
const char *workflow_action_name(unsigned action);

/* The shipped shapes: "same_day" (at the counter), "counter_specialist_leader",
 * "counter_specialist_other_level_leader". Returns the number of steps and
 * sets *steps, or 0 for an unknown name. */
size_t workflow_template(const char *name, const wf_step **steps);

#endif
