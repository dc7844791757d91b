/* A commune's whole database, copied from its SQLite file into PostgreSQL:
 * how a commune that started on a small box joins its province's server. */
#ifndef XASO_STORE_COPY_H
#define XASO_STORE_COPY_H

#include <stdio.h>

/* Copies every row of every table of the SQLite file src_db into the
 * PostgreSQL database at pg_url, in one transaction: all or nothing. The
 * target gets the schema first; it must hold no commune yet (no unit). Row ids
 * are kept and the id sequences moved past them; the kept facts and the
 * audit log are copied as they are, so the audit chain still verifies.
 * Prints one line per table to out. Returns 0, or -1 with err filled and the
 * target as it was. */
int store_copy_to_postgres(const char *src_db, const char *pg_url, FILE *out, char *err,
                           size_t errlen);

#endif
