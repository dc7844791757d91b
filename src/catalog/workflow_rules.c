/* See workflow_rules.h. */
#include "catalog/workflow_rules.h"

#include <string.h>

static const char *const ACTION_NAMES[WF_ACTION_COUNT] = {
    "forward", "send_back", "request_supplement", "refuse", "transfer", "approve", "issue_result",
};

unsigned workflow_action_from_name(const char *name)
{
    for (int i = 0; name && i < WF_ACTION_COUNT; i++)
        if (strcmp(name, ACTION_NAMES[i]) == 0)
            return 1u << i;
    return 0;
}

const char *workflow_action_name(unsigned action)
{
    for (int i = 0; i < WF_ACTION_COUNT; i++)
        if (action == 1u << i)
            return ACTION_NAMES[i];
    return NULL;
}

static bool problem(wf_problem *p, int step, const char *field, const char *message)
{
    *p = (wf_problem){step, field, message};
    return false;
}

static bool key_ok(const char *key)
{
    size_t n = key ? strlen(key) : 0;
    if (n == 0 || n > 32)
        return false;
    for (; *key; key++)
        if (!((*key >= 'a' && *key <= 'z') || (*key >= '0' && *key <= '9') || *key == '_'))
            return false;
    return true;
}

static bool check_step(const wf_step *steps, size_t i, bool (*role_valid)(const char *),
                       wf_problem *p)
{
    const wf_step *s = &steps[i];
    int at = (int)i;
    if (!key_ok(s->key))
        return problem(p, at, "key", "Mã bước chỉ gồm chữ thường không dấu, số và dấu gạch dưới (tối đa 32 ký tự).");
    for (size_t j = 0; j < i; j++)
        if (strcmp(steps[j].key, s->key) == 0)
            return problem(p, at, "key", "Hai bước trùng mã.");
    if (!s->name || !*s->name || strlen(s->name) > 600)
        return problem(p, at, "name", "Cần tên bước (tối đa 600 byte).");
    if (!s->role || !role_valid(s->role))
        return problem(p, at, "role", "Vai trò phải là một trong: admin, leader, specialist, reception, clerk.");
    if (s->share < 0 || s->share > 100)
        return problem(p, at, "share", "Tỷ lệ thời gian của một bước phải từ 0 đến 100%.");
    if (s->actions == 0 || s->actions >= 1u << WF_ACTION_COUNT)
        return problem(p, at, "actions", "Mỗi bước cần ít nhất một thao tác hợp lệ.");
    if (i == 0 && (s->actions & WF_SEND_BACK))
        return problem(p, at, "actions", "Bước đầu tiên không có bước trước để trả lại.");
    return true;
}

/* Following forward/approve from the first step must reach a step that
 * issues the result, and every step must lie on that path. */
static bool check_path(const wf_step *steps, size_t count, wf_problem *p)
{
    for (size_t i = 0; i < count; i++) {
        if (steps[i].actions & WF_ISSUE_RESULT) {
            if (i + 1 < count)
                return problem(p, (int)i + 1, "actions",
                               "Bước này nằm sau bước trả kết quả nên không bao giờ được thực hiện.");
            return true;
        }
        if (!(steps[i].actions & (WF_FORWARD | WF_APPROVE)))
            return problem(p, (int)i, "actions",
                           "Bước này không chuyển tiếp và không trả kết quả: hồ sơ sẽ dừng ở đây.");
    }
    return problem(p, (int)count - 1, "actions",
                   "Quy trình phải kết thúc bằng một bước trả kết quả (issue_result).");
}

bool workflow_check(const wf_step *steps, size_t count, bool (*role_valid)(const char *),
                    wf_problem *p)
{
    if (count == 0 || count > WF_MAX_STEPS)
        return problem(p, -1, NULL, "Quy trình phải có từ 1 đến 20 bước.");
    int total = 0;
    for (size_t i = 0; i < count; i++) {
        if (!check_step(steps, i, role_valid, p))
            return false;
        total += steps[i].share;
    }
    if (total != 100)
        return problem(p, -1, "share", "Tổng tỷ lệ thời gian của các bước phải bằng 100%.");
    return check_path(steps, count, p);
}

static const wf_step SAME_DAY[] = {
    {"receive_and_return", "Tiếp nhận, giải quyết và trả kết quả tại quầy", "reception", NULL, 100,
     WF_REQUEST_SUPPLEMENT | WF_REFUSE | WF_ISSUE_RESULT},
};

static const wf_step COUNTER_SPECIALIST_LEADER[] = {
    {"receive", "Tiếp nhận hồ sơ", "reception", NULL, 10,
     WF_FORWARD | WF_REQUEST_SUPPLEMENT | WF_REFUSE},
    {"process", "Thẩm định, xử lý hồ sơ", "specialist", NULL, 60,
     WF_FORWARD | WF_SEND_BACK | WF_REQUEST_SUPPLEMENT | WF_REFUSE | WF_TRANSFER},
    {"approve", "Phê duyệt, ký kết quả", "leader", NULL, 20, WF_APPROVE | WF_SEND_BACK | WF_REFUSE},
    {"return", "Trả kết quả", "reception", NULL, 10, WF_ISSUE_RESULT},
};

static const wf_step COUNTER_SPECIALIST_OTHER_LEVEL_LEADER[] = {
    {"receive", "Tiếp nhận hồ sơ", "reception", NULL, 10,
     WF_FORWARD | WF_REQUEST_SUPPLEMENT | WF_REFUSE},
    {"process", "Thẩm định, xử lý hồ sơ", "specialist", NULL, 30,
     WF_FORWARD | WF_SEND_BACK | WF_REQUEST_SUPPLEMENT | WF_REFUSE},
    {"other_level", "Liên thông cơ quan, cấp khác", "specialist", NULL, 40,
     WF_FORWARD | WF_SEND_BACK | WF_TRANSFER},
    {"approve", "Phê duyệt, ký kết quả", "leader", NULL, 10, WF_APPROVE | WF_SEND_BACK | WF_REFUSE},
    {"return", "Trả kết quả", "reception", NULL, 10, WF_ISSUE_RESULT},
};

size_t workflow_template(const char *name, const wf_step **steps)
{
    static const struct {
        const char *name;
        const wf_step *steps;
        size_t count;
    } templates[] = {
        {"same_day", SAME_DAY, 1},
        {"counter_specialist_leader", COUNTER_SPECIALIST_LEADER, 4},
        {"counter_specialist_other_level_leader", COUNTER_SPECIALIST_OTHER_LEVEL_LEADER, 5},
    };
    for (size_t i = 0; name && i < sizeof templates / sizeof templates[0]; i++) {
        if (strcmp(name, templates[i].name) == 0) {
            *steps = templates[i].steps;
            return templates[i].count;
        }
    }
    return 0;
}
