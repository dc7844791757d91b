/* Inside the document part: what the files of văn bản đi share (drafts,
 * actions, reads, files, signing, verification, the units' settings). */
#ifndef XASO_DOCUMENT_OUTGOING_H
#define XASO_DOCUMENT_OUTGOING_H

#include "document/internal.h"
#include "org/account.h"
#include "core/timefmt.h"
#include "org/signing.h"

#include <stddef.h>

/* The route groups of văn bản đi besides outgoing.c's own. */
int document_settings_routes(web_server *w, org_state *st); /* settings.c */
int document_action_routes(web_server *w, org_state *st);   /* outgoing_action.c */
int document_read_routes(web_server *w, org_state *st);     /* outgoing_read.c */
int document_file_routes(web_server *w, org_state *st);     /* files.c */
int document_verify_routes(web_server *w, org_state *st);   /* verify.c */

/* Fills e and returns 1: a refusal inside a store_write callback (the
 * savepoint rolls back, the handler replies with e). */
int document_refuse(org_error *e, int status, const char *code, const char *field, const char *message);

/* Inside a write, for a document the account may not see: a confidential
 * one, or one that does not exist, is refused 404 not_found (it is not even
 * acknowledged); one of a unit outside the account's reach 403
 * out_of_scope, as every change outside reach is (docs/api.md, "Phạm vi
 * đơn vị"). Returns 1 with e filled. */
int document_refuse_unseen(store_conn *c, org_error *e, int64_t id);

/* The same before a change, on the reader: replies and returns false
 * unless the account may see the document. */
bool document_change_visible(web_request *req, store *s, const char *param, int64_t *id);

/* The reply after store_write returned rc: e's refusal for 1, else 503. */
void document_reply_failure(web_request *req, int rc, const org_error *e);

/* A unit's abbreviation for ký hiệu and whether it numbers per type
 * (document_unit); false when it has no row yet. */
bool document_unit_settings(store_conn *c, int64_t unit_id, char abbreviation[24], bool *per_type);

/* The whole outgoing document as the API shows it to the account viewer:
 * the row with its files, recipients (with their status), access list,
 * trace, signature and the steps viewer may take now (allowed_actions,
 * steps.c; scopes: its API token's, NULL for a session). NULL when there is
 * none or on a store error. */
json_t *document_out_json(store_conn *c, int64_t id, int64_t viewer, const char *scopes);

/* An outgoing document id from the path that the caller may see; else it
 * replies 404 (as for a missing one, Điều 15 khoản 2: a confidential one is
 * not even acknowledged) and returns false. */
bool document_out_visible_id(web_request *req, store *s, const char *param, int64_t *id);

/* --- the signed file: rendered and sealed in outgoing_seal.c, signed in
 * outgoing_sign.c ------------------------------------------------------------ */

/* What the signed PDF prints. */
typedef struct document_print {
    const char *authority, *organ;        /* the heading's two lines */
    const char *number;                   /* "15/QĐ-UBND" */
    const char *place_date;               /* "Thượng Đức, ngày 04 tháng 12 năm 2026" */
    const char *type_name, *subject;
    const char *urgency, *secrecy;        /* their names, "" for none */
    const char *content;                  /* paragraphs separated by newlines, or NULL */
    const char *content_file_name, *content_file_sha256; /* a scanned content, or NULL */
    const char *const *recipients;        /* Nơi nhận */
    int recipient_count;
    const char *signer_position, *signer_name, *signed_at_local;
    int64_t key_id;
    const char *verify_url;               /* the QR code's target */
} document_print;

/* Renders the document (malloc'd bytes, the caller frees); NULL with err. */
char *document_print_pdf(const document_print *p, size_t *len, char *err, size_t errlen);

/* The signature travels inside the PDF as an incremental update (ISO
 * 32000-1 §7.5.6) appended to the rendered file: a new document
 * information dictionary whose keys /XasoSignedCode, /XasoCoveredLength,
 * /XasoCoveredSha256, /XasoSignedAt, /XasoKeyId and /XasoSignature say what
 * was signed; see docs/api.md, "Văn bản đi", for the scheme. */
typedef struct document_seal {
    const char *code;       /* the signed code: "document <id> <notation>" */
    size_t covered;         /* the bytes of the rendered file it covers */
    char covered_sha256[65];
    const char *signed_at;  /* UTC ISO instant */
    int64_t key_id;
    const char *signature;  /* hex */
} document_seal;

/* The update's bytes for the rendered file pdf[0..len) (malloc'd). */
char *document_seal_tail(const char *pdf, size_t len, const document_seal *s, size_t *tail_len);

/* Reads the seal back from a signed file: the covered prefix is hashed
 * again and the tail must be exactly the update document_seal_tail makes
 * for it, so no byte after the covered part can change unnoticed. Strings
 * point into arena memory. false when the file carries no intact seal. */
bool document_seal_read(arena *a, const char *pdf, size_t len, document_seal *out);

/* SHA-256 of bytes as hex. */
void document_sha256_hex(const void *data, size_t len, char out[65]);

/* Signing a văn bản đi, in two steps so that nothing slow runs on the
 * writer (store_write's callback must block on nothing but the database).
 *
 * Who may sign and from which status is steps.c's rule, which the caller
 * applies first (outgoing_action.c).
 *
 * document_sign_prepare, on the caller's reader: checks, then renders the
 * PDF for the number the document will take if no one else signs in its
 * register first, signs it, seals it and puts the file in the store
 * (j->blob). Returns 0, 1 with e (a refusal), 2 when the account has no
 * signing key yet (run document_sign_key in a write, then prepare again),
 * or a STORE_ code.
 *
 * document_sign_now, inside a write: takes the number; when it is the one
 * printed, saves the number, the file and the document_signature and
 * returns 0; when another signing took it first, returns
 * DOCUMENT_SIGN_STALE and the caller prepares again (and forgets the stale
 * file); so it does when the document changed since (returned, edited,
 * submitted again). 1 with e, or a STORE_ code, as above.
 *
 * Within one process, signings in one issuing unit take turns from
 * prepare to the end of the write (document_sign_release), so they do not
 * render for the same number and throw all but one away; between
 * processes on one database the write's check is what keeps numbers once. */
enum { DOCUMENT_SIGN_NO_KEY = 2, DOCUMENT_SIGN_STALE = 3 };

typedef struct document_sign_made {
    bool ready;
    document_register reg;
    int year;
    int64_t seq, key_id;
    const char *seq_type, *number, *notation, *text; /* in j->a */
    const char *signer_name, *signer_position;
    const char *updated_at; /* the row's, when the file was made */
    char date[11], at[TIMEFMT_ISO_LEN], file_name[160];
    char covered[65], file_sha[65], signature[SIGNATURE_HEX];
} document_sign_made;

typedef struct document_sign_job {
    int64_t id, account_id;
    const unsigned char *signing_key;
    const char *data_dir, *public_base, *actor;
    int64_t now;
    org_error *e;
    arena *a;                /* the strings of made */
    void *held;              /* the unit's turn, taken by prepare */
    char blob[65];
    document_sign_made made;
    json_t *summary; /* what the audit entry records (owned by the job) */
} document_sign_job;
int document_sign_prepare(store_conn *reader, document_sign_job *j);
int document_sign_key(store_conn *c, void *job); /* a store_write_fn */
int document_sign_now(store_conn *c, document_sign_job *j);
void document_sign_release(document_sign_job *j);

/* Both steps for a caller without a write of its own to join (tests,
 * benches): prepare, the write, again while stale. */
int document_sign(store *s, document_sign_job *j);

/* Removes a file this request wrote that no row refers to (a failed write). */
void document_forget_blob(store *s, const char *data_dir, const char *hash);

#endif
