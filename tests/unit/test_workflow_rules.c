/* Workflow definitions: what may be saved, and the shipped shapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "catalog/workflow_rules.h"

static bool role_valid(const char *role)
{
    static const char *const roles[] = {"admin", "leader", "specialist", "reception", "clerk"};
    for (size_t i = 0; i < 5; i++)
        if (strcmp(role, roles[i]) == 0)
            return true;
    return false;
}

static void templates_are_valid(void **state)
{
    (void)state;
    static const char *const names[] = {"same_day", "counter_specialist_leader",
                                        "counter_specialist_other_level_leader"};
    for (size_t i = 0; i < 3; i++) {
        const wf_step *steps;
        size_t n = workflow_template(names[i], &steps);
        assert_true(n > 0);
        wf_problem p;
        assert_true(workflow_check(steps, n, role_valid, &p));
        assert_true(steps[n - 1].actions & WF_ISSUE_RESULT);
    }
    const wf_step *steps;
    assert_int_equal(workflow_template("nhanh", &steps), 0);
    assert_int_equal(workflow_template(NULL, &steps), 0);
}

/* A valid three-step flow to break one way at a time. */
static void valid(wf_step s[3])
{
    s[0] = (wf_step){"receive", "Tiếp nhận", "reception", NULL, 20, WF_FORWARD | WF_REFUSE};
    s[1] = (wf_step){"process", "Xử lý", "specialist", NULL, 60, WF_FORWARD | WF_SEND_BACK};
    s[2] = (wf_step){"approve", "Ký và trả", "leader", NULL, 20, WF_APPROVE | WF_ISSUE_RESULT};
}

static void expect_problem(wf_step *s, size_t n, int step, const char *field)
{
    wf_problem p;
    assert_false(workflow_check(s, n, role_valid, &p));
    assert_int_equal(p.step, step);
    if (field)
        assert_string_equal(p.field, field);
    else
        assert_null(p.field);
    assert_non_null(p.message);
}

static void refusals(void **state)
{
    (void)state;
    wf_step s[3];
    wf_problem p;
    valid(s);
    assert_true(workflow_check(s, 3, role_valid, &p));

    valid(s);
    s[1].share = 50; /* 90 % in all */
    expect_problem(s, 3, -1, "share");
    valid(s);
    s[1].role = "giám đốc";
    expect_problem(s, 3, 1, "role");
    valid(s);
    s[2].key = "receive";
    expect_problem(s, 3, 2, "key");
    valid(s);
    s[0].key = "Tiếp nhận";
    expect_problem(s, 3, 0, "key");
    valid(s);
    s[0].actions |= WF_SEND_BACK;
    expect_problem(s, 3, 0, "actions");
    valid(s);
    s[1].actions = WF_SEND_BACK | WF_REQUEST_SUPPLEMENT; /* the dossier would stop here */
    expect_problem(s, 3, 1, "actions");
    valid(s);
    s[1].actions |= WF_ISSUE_RESULT; /* step 3 is never reached */
    expect_problem(s, 3, 2, "actions");
    valid(s);
    s[2].actions = WF_APPROVE; /* no end */
    expect_problem(s, 3, 2, "actions");
    valid(s);
    s[1].actions = 0;
    expect_problem(s, 3, 1, "actions");
    valid(s);
    s[1].name = "";
    expect_problem(s, 3, 1, "name");
    valid(s);
    s[0].share = -5;
    expect_problem(s, 3, 0, "share");
    expect_problem(s, 0, -1, NULL);
    wf_step many[WF_MAX_STEPS + 1];
    for (size_t i = 0; i <= WF_MAX_STEPS; i++)
        many[i] = s[2];
    expect_problem(many, WF_MAX_STEPS + 1, -1, NULL);
}

static void action_names(void **state)
{
    (void)state;
    for (unsigned bit = 1; bit < 1u << WF_ACTION_COUNT; bit <<= 1)
        assert_int_equal(workflow_action_from_name(workflow_action_name(bit)), bit);
    assert_int_equal(workflow_action_from_name("delete"), 0);
    assert_null(workflow_action_name(3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(templates_are_valid),
        cmocka_unit_test(refusals),
        cmocka_unit_test(action_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
