/* The durable-write floor and ceiling without xaso: a plain SQLite loop with
 * the store's settings (WAL, synchronous=FULL), one row per commit and 100
 * rows per commit.   sqlite_commit DB SECONDS ROWS_PER_COMMIT */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s DB SECONDS ROWS_PER_COMMIT\n", argv[0]);
        return 2;
    }
    double seconds = atof(argv[2]);
    int per_commit = atoi(argv[3]);
    sqlite3 *db;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK ||
        sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     "CREATE TABLE IF NOT EXISTS note (id INTEGER PRIMARY KEY, note_key TEXT "
                     "NOT NULL UNIQUE, body TEXT NOT NULL, created_at TEXT NOT NULL);",
                     NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "INSERT INTO note (note_key, body, created_at) VALUES (?, ?, ?)", -1,
                       &st, NULL);
    long rows = 0, commits = 0;
    double start = now_s();
    while (now_s() - start < seconds) {
        sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
        for (int i = 0; i < per_commit; i++) {
            char key[48];
            snprintf(key, sizeof key, "k%d-%ld", per_commit, rows++);
            sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, "Đăng ký khai sinh cho trẻ em", -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 3, "2026-11-23T00:00:00.000Z", -1, SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_DONE)
                return 1;
            sqlite3_reset(st);
        }
        if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
            return 1;
        commits++;
    }
    double elapsed = now_s() - start;
    printf("%.0f %.0f\n", (double)rows / elapsed, (double)commits / elapsed);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return 0;
}
