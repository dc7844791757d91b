/* Inside the document part: what its files share. */
#ifndef XASO_DOCUMENT_INTERNAL_H
#define XASO_DOCUMENT_INTERNAL_H

#include "core/arena.h"
#include "document/document.h"
#include "org/account.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* The route groups, one per file. */
int document_out_routes(web_server *w, org_state *st);      /* outgoing.c: văn bản đi */
int document_in_routes(web_server *w, org_state *st);       /* incoming.c: văn bản đến */
int document_register_routes(web_server *w, org_state *st); /* register_book.c: sổ đăng ký, PDF/XLSX */
int document_record_routes(web_server *w, org_state *st);   /* work_record.c: hồ sơ công việc */
int document_exchange_routes(web_server *w, org_state *st); /* exchange.c: edXML */
int document_people_routes(web_server *w, org_state *st);   /* people.c: whom to name */

/* A path parameter that is a row id: digits only, positive. */
bool document_path_id(web_request *req, const char *name, int64_t *out);

/* The registers of Điều 15 and Điều 22, each numbered from 1 every year. */
typedef enum document_register {
    DOCUMENT_REGISTER_OUT,        /* văn bản đi */
    DOCUMENT_REGISTER_OUT_SECRET, /* văn bản mật đi: its own sequence (Điều 15 khoản 2) */
    DOCUMENT_REGISTER_IN,         /* văn bản đến: one số đến per year (Điều 22 khoản 2) */
    DOCUMENT_REGISTER_IN_SECRET,  /* văn bản mật đến, registered apart (Điều 22 khoản 4) */
} document_register;

/* "out", "out_secret", "in", "in_secret". */
const char *document_register_name(document_register r);

/* Inside a write: the next number of (unit, year, register, type_code; ""
 * for a sequence shared by all types). The row is advanced in the caller's
 * transaction, so a rolled-back caller gives its number back and the writer's
 * serialization makes two callers never take the same one. Returns 0 with
 * *number, or a negative STORE_ code. */
int document_sequence_next(store_conn *c, int64_t unit_id, int year, document_register r, const char *type_code,
                           int64_t *number);

/* Inside a write: one step of a document's trace (document_event). from and
 * to are statuses (NULL when the step changes none), status_code an edXML
 * status (01–06) or NULL, note free text or NULL. Returns 0 or a STORE_ code. */
int document_event_add(store_conn *c, int64_t document_id, const char *at, const char *actor, const char *action,
                       const char *from, const char *to, const char *status_code, const char *note);

/* An incoming document as it arrives, whichever way: typed in from paper,
 * delivered by a unit of this deployment, or read from an edXML package. */
typedef struct document_arrival {
    int64_t unit_id;             /* the receiving organ */
    const char *type_code;       /* core/doc_type.h key ("cong_van") */
    const char *type_name;       /* NULL: the type's name */
    const char *code_number, *code_notation, *issued_date; /* 4, 5, 6 */
    const char *organ_name, *organ_id;                     /* 7, and its agency code when known */
    const char *subject, *language, *description;          /* 8, 9 (NULL: Tiếng Việt), 11 */
    int64_t page_amount;                                    /* 10; 0: unknown */
    const char *signer_position, *signer_full_name;        /* 14 */
    const char *urgency, *secrecy;                          /* 15: "thuong"…, ""… */
    const char *to_places, *due_date;                       /* 16, 18 (may be NULL) */
    const char *file_sha256, *file_name;                    /* what arrived, or NULL */
    int64_t source_document_id;                             /* the outgoing one, same deployment; 0 */
    const char *edxml_document_id;                          /* as received, or NULL */
    const char *via;                                        /* "paper", "direct", "edxml" (received_via) */
    const char *actor;
    int64_t now;                                            /* UTC ms: the arrival date and its year */
} document_arrival;

/* Inside a write: registers it with the next số đến of its unit's year
 * (the secret register for a confidential one), status "registered", and
 * the trace's first step. Returns 0 with *id and *arrival_number, or a
 * negative STORE_ code. Validation is the caller's. */
int document_arrival_register(store_conn *c, const document_arrival *in, int64_t *id, int64_t *arrival_number);

/* Earlier documents of the unit with the same number, notation and issuing
 * organ (PL VI Phần I Mục III k 1 đ. h: warn of a repeat) that the account
 * may see (account 0: all, for the edXML import's refusal of a package
 * received twice, which no confidential document comes by), as [{id,
 * arrival_number, year, arrival_date}]; NULL on a store error. */
json_t *document_arrival_duplicates(store_conn *c, int64_t account_id, int64_t unit_id, const char *code_number,
                                    const char *code_notation, const char *organ_name);

/* The page of a document (detail_json.c): a column as JSON (null when
 * NULL); "15/QĐ-UBND" from its two parts (the number alone, or null); the
 * trace, files and access list, each an array (empty on a store error). */
json_t *document_col_text(store_stmt *st, int col);
json_t *document_col_int(store_stmt *st, int col);
json_t *document_number_json(const char *number, const char *notation);
json_t *document_events_json(store_conn *c, int64_t id);
json_t *document_files_json(store_conn *c, int64_t id);
json_t *document_access_json(store_conn *c, int64_t id);

/* The commune a unit belongs to (itself for a commune; the top of its
 * branch when there is none); 0 when the unit does not exist. */
int64_t document_commune_of(store_conn *c, int64_t unit_id);

/* The unit of an account; 0 when none. */
int64_t document_account_unit(store_conn *c, int64_t account_id);

/* The local (UTC+7) year and date (YYYY-MM-DD) of an instant: registers
 * restart on 1 January Vietnam time (Điều 15 khoản 1 điểm a, Điều 22). */
int document_local_year(int64_t now);
void document_local_date(int64_t now, char out[11]);

/* Inside a write: the account may see the (confidential) document from
 * now; a grant it already has stays. 0 or a STORE_ code. */
int document_grant_access(store_conn *c, int64_t document_id, int64_t account_id, const char *actor, const char *at);

/* May the account see the document: a role holding document.read near the
 * document's unit, or its handling unit; and, for a confidential one, being
 * named in document_access or its drafter, signer or handler. */
bool document_visible(store_conn *c, int64_t account_id, int64_t document_id);

/* Is secrecy one of "", "mat", "toi_mat", "tuyet_mat" / urgency one of
 * "thuong", "khan", "thuong_khan", "hoa_toc"? Their Vietnamese names. */
const char *document_secrecy_name(const char *code);  /* NULL: unknown; "" for "" */
const char *document_urgency_name(const char *code);  /* NULL: unknown */

/* The edXML status code (QCVN 102:2016, 01–06) an incoming document's
 * status is for its sender: registered 03, refused 02, assigned 04,
 * in_progress 05, done 06; NULL for any other. */
const char *document_status_code(const char *status);

/* Inside a write: tells the sender, when the incoming document delivered_id
 * came from a unit of this deployment, of a step: its document_recipient
 * row (delivered_id = this document) takes status code, note and the
 * instant at, and the outgoing document's trace gets the step. A document
 * from outside has no such row: nothing changes. Returns 0 or a STORE_ code. */
int document_recipient_report(store_conn *c, int64_t delivered_id, const char *code, const char *note,
                              const char *at, const char *actor);

/* The type a document's file is served as (files.c): a PDF, a JPEG or PNG
 * scan, a DOCX, ODT or XLSX, when its first bytes and its name's ending
 * agree; NULL for anything else. */
const char *document_file_type(const char *name, const void *data, size_t len);

/* --- who may take which step now (steps.c) ---------------------------------
 * The one place that says which step a document may take from its status
 * and who may take it, asked by every step's handler and by the page of a
 * document (its "allowed_actions"), so the buttons a page shows are the
 * steps the routes accept. Văn bản đi: submit, return, sign, issue, send,
 * withdraw (outgoing_action.c) and attach (files.c); văn bản đến: assign,
 * start, note, complete, refuse (incoming_action.c) and attach. */
typedef struct document_facts {
    int64_t id, unit_id, handling_unit_id, drafter_id, signer_id, handler_id;
    bool out;           /* direction 'out' */
    char status[16];
} document_facts;

/* The facts of the document id (either direction): 1, 0 when there is
 * none, or a negative STORE_ code. */
int document_facts_load(store_conn *c, int64_t id, document_facts *d);

/* Does the step start from the document's status? Unknown steps: false. */
bool document_step_from(const document_facts *d, const char *action);

/* May the account take the step on this document, whatever its status?
 * (The caller has already made sure the account sees the document.)
 * scopes: those of the caller's API token (org_request_scopes), which must
 * name the permission the step needs; NULL for a session. */
bool document_step_actor(store_conn *c, int64_t account_id, const char *scopes, const document_facts *d,
                         const char *action);

/* May the account be named for a part on the documents of unit_id:
 * "handle", the handler of an incoming one whose lead unit it is (it holds
 * document.handle there); "sign", the signer of an outgoing one that organ
 * issues (document.sign near it); "read", one who will see a confidential
 * one of it (document.read near it)? The assignment, the draft and the
 * list of people to pick from (people.c) all ask this. */
bool document_may_be(store_conn *c, int64_t account_id, const char *part, int64_t unit_id);

/* The steps the account (with its token's scopes, NULL for a session) may
 * take now, in the order the pages show them: both of the above hold. An
 * empty array on a store error. */
json_t *document_allowed_json(store_conn *c, int64_t account_id, const char *scopes, int64_t id);

#endif
