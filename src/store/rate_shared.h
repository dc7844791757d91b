/* Request rate limits that every xaso process on one PostgreSQL database
 * shares: a province runs several behind nginx, and a client spread over them
 * must meet one limit, not one per process. */
#ifndef XASO_STORE_RATE_SHARED_H
#define XASO_STORE_RATE_SHARED_H

#include "store/store.h"

/* Takes one token from client's bucket (per_s refilled each second, at most
 * burst) in the database, on the calling thread's connection. Returns 1 when
 * the request may go on, 0 when it must wait *retry_after_s seconds, and -1
 * when the database cannot say (SQLite, where one process serves a file and
 * its own buckets are exact; or an error): the caller uses its own buckets. */
int store_rate_take(store *s, const char *client, double per_s, double burst, int *retry_after_s);

#endif
