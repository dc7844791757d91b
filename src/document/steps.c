/* Who may take which step of a document now: the rules of NĐ 30/2020 as
 * xaso applies them, in one place. The handlers of the steps refuse with
 * them (403 for the actor, 409 invalid_state for the status, each in its
 * own order) and the page of a document lists with them the steps the
 * caller may take ("allowed_actions"), so the two cannot drift apart.
 *
 * Văn bản đi (Điều 12–19): the drafter submits a draft (trình ký); a leader
 * holding document.sign near the issuing organ returns or signs what is
 * submitted — only the signer named, when one is; the văn thư issues the
 * signed one and sends the issued one; the drafter or a signer withdraws a
 * draft or a submitted one; the drafter adds files to the draft.
 *
 * Văn bản đến (Điều 21–24): a leader holding document.assign near the
 * receiving unit assigns it until it is done; the handler named, or one
 * holding document.handle in the lead unit, starts, notes and completes it
 * (a supporting unit writes notes too); the văn thư returns a registered
 * one to its sender and adds files while it is being handled. */
#include "document/internal.h"

#include "org/permission.h"

#include <stdio.h>
#include <string.h>

typedef struct step_rule {
    const char *action;
    const char *from[4]; /* the statuses it starts from */
} step_rule;

/* In the order the pages show the buttons. */
static const step_rule OUT_STEPS[] = {
    {"submit", {"draft"}},  {"sign", {"review"}},  {"return", {"review"}},           {"issue", {"signed"}},
    {"send", {"issued"}},   {"withdraw", {"draft", "review"}}, {"attach", {"draft"}},
};
static const step_rule IN_STEPS[] = {
    {"assign", {"registered", "assigned", "in_progress"}}, {"start", {"assigned"}},
    {"note", {"assigned", "in_progress"}},                 {"complete", {"assigned", "in_progress"}},
    {"refuse", {"registered"}},                            {"attach", {"registered", "assigned", "in_progress"}},
};

static const step_rule *rule_of(const document_facts *d, const char *action)
{
    const step_rule *rules = d->out ? OUT_STEPS : IN_STEPS;
    size_t n = d->out ? sizeof OUT_STEPS / sizeof OUT_STEPS[0] : sizeof IN_STEPS / sizeof IN_STEPS[0];
    for (size_t i = 0; action && i < n; i++)
        if (strcmp(rules[i].action, action) == 0)
            return &rules[i];
    return NULL;
}

int document_facts_load(store_conn *c, int64_t id, document_facts *d)
{
    memset(d, 0, sizeof *d);
    store_stmt *st = store_prepare(c, "SELECT direction, status, unit_id, handling_unit_id, drafter_account_id,"
                                      " signer_account_id, handler_account_id FROM document WHERE id = ?");
    if (!st)
        return STORE_ERROR;
    store_bind_int64(st, 1, id);
    int rc = store_step(st);
    if (rc == STORE_ROW) {
        d->id = id;
        d->out = strcmp(store_col_text(st, 0), "out") == 0;
        snprintf(d->status, sizeof d->status, "%s", store_col_text(st, 1));
        int64_t *ids[] = {&d->unit_id, &d->handling_unit_id, &d->drafter_id, &d->signer_id, &d->handler_id};
        for (int i = 0; i < 5; i++)
            *ids[i] = store_col_is_null(st, 2 + i) ? 0 : store_col_int64(st, 2 + i);
    }
    store_reset(st);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc < 0 ? rc : STORE_ERROR;
}

bool document_step_from(const document_facts *d, const char *action)
{
    const step_rule *r = rule_of(d, action);
    for (size_t i = 0; r && i < sizeof r->from / sizeof r->from[0] && r->from[i]; i++)
        if (strcmp(r->from[i], d->status) == 0)
            return true;
    return false;
}

/* A supporting unit of the document where the account holds document.handle. */
static bool handles_in_support(store_conn *c, int64_t account_id, int64_t id)
{
    store_stmt *st = store_prepare(c, "SELECT unit_id FROM document_assignee WHERE document_id = ?");
    if (!st)
        return false;
    store_bind_int64(st, 1, id);
    bool ok = false;
    while (!ok && store_step(st) == STORE_ROW)
        ok = org_may(c, account_id, "document.handle", store_col_int64(st, 0));
    store_reset(st);
    return ok;
}

/* Who asks: the account, and its API token's scopes (NULL: a session). A
 * token takes a step only when its scopes name the permission the step
 * needs, whatever the route declared: the withdrawing signer needs
 * document.sign, the văn thư adding a scan to an incoming one
 * document.clerk, though their routes ask for document.draft. */
typedef struct asker {
    store_conn *c;
    int64_t id;
    const char *scopes;
} asker;

static bool scoped(const asker *w, const char *permission) { return org_scopes_allow(w->scopes, permission); }

static bool holds_near(const asker *w, const char *permission, int64_t unit_id)
{
    return scoped(w, permission) && org_may_near(w->c, w->id, permission, unit_id);
}

static bool out_actor(const asker *w, const document_facts *d, const char *a)
{
    bool drafter = d->drafter_id == w->id && scoped(w, "document.draft");
    if (strcmp(a, "submit") == 0 || strcmp(a, "attach") == 0)
        return drafter;
    if (strcmp(a, "sign") == 0)
        return holds_near(w, "document.sign", d->unit_id) && (d->signer_id == 0 || d->signer_id == w->id);
    if (strcmp(a, "return") == 0)
        return holds_near(w, "document.sign", d->unit_id);
    if (strcmp(a, "issue") == 0 || strcmp(a, "send") == 0)
        return holds_near(w, "document.clerk", d->unit_id);
    if (strcmp(a, "withdraw") == 0)
        return drafter || holds_near(w, "document.sign", d->unit_id);
    return false;
}

static bool in_actor(const asker *w, const document_facts *d, const char *a)
{
    if (strcmp(a, "assign") == 0)
        return holds_near(w, "document.assign", d->unit_id);
    if (strcmp(a, "refuse") == 0 || strcmp(a, "attach") == 0)
        return holds_near(w, "document.clerk", d->unit_id);
    if (!scoped(w, "document.handle"))
        return false;
    bool handles = d->handler_id == w->id ||
                   (d->handling_unit_id > 0 && org_may(w->c, w->id, "document.handle", d->handling_unit_id));
    if (strcmp(a, "start") == 0 || strcmp(a, "complete") == 0)
        return handles;
    if (strcmp(a, "note") == 0)
        return handles || handles_in_support(w->c, w->id, d->id);
    return false;
}

bool document_step_actor(store_conn *c, int64_t account_id, const char *scopes, const document_facts *d,
                         const char *action)
{
    if (!rule_of(d, action) || account_id <= 0)
        return false;
    const asker w = {c, account_id, scopes};
    return d->out ? out_actor(&w, d, action) : in_actor(&w, d, action);
}

bool document_may_be(store_conn *c, int64_t account_id, const char *part, int64_t unit_id)
{
    if (strcmp(part, "handle") == 0)
        return org_may(c, account_id, "document.handle", unit_id);
    if (strcmp(part, "sign") == 0)
        return org_may_near(c, account_id, "document.sign", unit_id);
    if (strcmp(part, "read") == 0)
        return org_may_near(c, account_id, "document.read", unit_id);
    return false;
}

json_t *document_allowed_json(store_conn *c, int64_t account_id, const char *scopes, int64_t id)
{
    json_t *out = json_array();
    document_facts d;
    if (document_facts_load(c, id, &d) != 1)
        return out;
    const step_rule *rules = d.out ? OUT_STEPS : IN_STEPS;
    size_t n = d.out ? sizeof OUT_STEPS / sizeof OUT_STEPS[0] : sizeof IN_STEPS / sizeof IN_STEPS[0];
    for (size_t i = 0; i < n; i++)
        if (document_step_from(&d, rules[i].action) && document_step_actor(c, account_id, scopes, &d, rules[i].action))
            json_array_append_new(out, json_string(rules[i].action));
    return out;
}
