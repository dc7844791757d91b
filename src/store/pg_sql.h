/* SQL text as PostgreSQL wants it from statements written once for both
 * databases. */
#ifndef XASO_STORE_PG_SQL_H
#define XASO_STORE_PG_SQL_H

#include <stddef.h>

/* Rewrites '?' placeholders as $1, $2, … in order (?NNN as $NNN), leaving string literals,
 * quoted identifiers, dollar-quoted bodies and comments as they are. Returns
 * a string the caller frees and sets *nparams, or NULL when out of memory. */
char *pg_sql_numbered(const char *sql, size_t len, int *nparams);

#endif
