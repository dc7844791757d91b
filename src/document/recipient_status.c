/* What a receiving unit tells the sender of each step (NĐ 30/2020 Điều 21
 * khoản 2: the receiver confirms arrival the same day; QCVN 102:2016 status
 * messages 01–06). Inside one deployment the message is the sender's
 * document_recipient row itself; the edXML exchange sends the same codes to
 * senders outside. */
#include "document/internal.h"

#include <string.h>

const char *document_status_code(const char *status)
{
    static const char *const codes[][2] = {
        {"registered", "03"}, {"refused", "02"}, {"assigned", "04"}, {"in_progress", "05"}, {"done", "06"}};
    for (size_t i = 0; status && i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(status, codes[i][0]) == 0)
            return codes[i][1];
    return NULL;
}

/* What the sender is told of a step: the reason of a refusal, which the
 * sender must act on (Điều 21 khoản 2), and the outcome written at
 * completion; of assignment and handling only that they happened, since a
 * leader's instruction and the handlers' notes are the receiving unit's
 * own. */
static const char *told_to_sender(const char *code, const char *note)
{
    static const char *const said[][2] = {{"03", "Đã tiếp nhận, vào sổ"}, {"04", "Đã phân công xử lý"},
                                          {"05", "Đang xử lý"},           {"06", "Đã hoàn thành xử lý"}};
    if ((strcmp(code, "02") == 0 || strcmp(code, "06") == 0) && note && *note)
        return note;
    for (size_t i = 0; i < sizeof said / sizeof said[0]; i++)
        if (strcmp(code, said[i][0]) == 0)
            return said[i][1];
    return NULL;
}

int document_recipient_report(store_conn *c, int64_t delivered_id, const char *code, const char *note,
                              const char *at, const char *actor)
{
    note = told_to_sender(code, note);
    store_stmt *st = store_prepare(c, "UPDATE document_recipient SET status = ?, status_note = ?, status_at = ?"
                                      " WHERE delivered_id = ? RETURNING document_id");
    if (!st)
        return STORE_ERROR;
    store_bind_text(st, 1, code);
    store_bind_text(st, 2, note);
    store_bind_text(st, 3, at);
    store_bind_int64(st, 4, delivered_id);
    int64_t sender = 0;
    int rc;
    while ((rc = store_step(st)) == STORE_ROW)
        sender = store_col_int64(st, 0);
    store_reset(st);
    if (rc != STORE_DONE)
        return rc < 0 ? rc : STORE_ERROR;
    return sender > 0 ? document_event_add(c, sender, at, actor, "recipient_status", NULL, NULL, code, note) : 0;
}
