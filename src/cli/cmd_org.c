/* xaso unit ... and xaso user ...: setting up units and accounts without a
 * browser. Changes are audited with actor "cli". */
#include "cli/commands.h"

#include "org/account.h"
#include "org/token.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const char actor[] = "cli";

store *cli_open_existing(const cli_config *cfg)
{
    if (!store_path_is_postgres(cfg->db) && access(cfg->db, F_OK) != 0) {
        fprintf(stderr, "xaso: chưa có cơ sở dữ liệu %s (chạy xaso init) / no database\n", cfg->db);
        return NULL;
    }
    char err[512];
    store_config sc = {.db_path = cfg->db, .sync_full = !cfg->sync_normal};
    store *s = store_open(&sc, err, sizeof err);
    if (!s)
        fprintf(stderr, "xaso: %s\n", err);
    return s;
}

static int report(int rc, const org_error *e, const char *done)
{
    if (rc == 0) {
        printf("%s\n", done);
        return 0;
    }
    fprintf(stderr, "xaso: %s%s%s (%s)\n", e->field ? e->field : "", e->field ? ": " : "",
            e->message, e->code);
    return 1;
}

/* One line from standard input, without echo on a terminal. */
static int read_password(char *buf, size_t len)
{
    struct termios old, quiet;
    bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        fprintf(stderr, "Mật khẩu / password: ");
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    char *line = fgets(buf, (int)len, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        fputc('\n', stderr);
    }
    if (!line)
        return -1;
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

static int list(store *s, const char *sql, int columns)
{
    store_conn *c = store_reader(s);
    store_stmt *st = c ? store_prepare(c, sql) : NULL;
    if (!st)
        return 1;
    while (store_step(st) == STORE_ROW) {
        for (int i = 0; i < columns; i++)
            printf("%s%s", i ? "\t" : "", store_col_is_null(st, i) ? "-" : store_col_text(st, i));
        putchar('\n');
    }
    store_reset(st);
    return 0;
}

static int unit_command(const cli_config *cfg, store *s)
{
    if (cfg->arg && strcmp(cfg->arg, "list") == 0)
        return list(s, "SELECT u.agency_code, u.kind, u.name, COALESCE(p.agency_code, '-') "
                       "FROM unit u LEFT JOIN unit p ON p.id = u.parent_id ORDER BY u.agency_code",
                    4);
    if (cfg->arg && strcmp(cfg->arg, "add") == 0) {
        org_unit_input in = {cfg->code, cfg->parent, cfg->kind, cfg->name};
        org_error e;
        int64_t id;
        return report(org_unit_add(s, &in, actor, &id, &e), &e, "Đã thêm đơn vị / unit added");
    }
    fprintf(stderr, "xaso unit add|list\n");
    return 2;
}

/* An account's roles in one text, in the order of SQLite's index on
 * (account_id, role, unit_id); PostgreSQL names the aggregate otherwise. */
#define USERS_SQL(ROLES)                                                                         \
    "SELECT a.username, a.full_name, a.status, u.agency_code, "                                  \
    "(SELECT " ROLES " FROM role_grant g WHERE g.account_id = a.id) "                            \
    "FROM account a JOIN unit u ON u.id = a.unit_id ORDER BY a.username"
static const char USERS_SQLITE[] = USERS_SQL("group_concat(role, ',')");
static const char USERS_PG[] = USERS_SQL("string_agg(role, ',' ORDER BY role, unit_id)");

static int user_command(const cli_config *cfg, store *s)
{
    const char *sub = cfg->arg ? cfg->arg : "";
    org_error e;
    if (strcmp(sub, "list") == 0) {
        store_conn *c = store_reader(s);
        return list(s, c && store_conn_dialect(c) == STORE_POSTGRES ? USERS_PG : USERS_SQLITE, 5);
    }
    if (!cfg->arg2) {
        fprintf(stderr, "xaso user add|passwd|grant|lock|unlock TÊN_ĐĂNG_NHẬP / USERNAME\n");
        return 2;
    }
    if (strcmp(sub, "grant") == 0)
        return report(org_account_grant(s, cfg->arg2, cfg->role, cfg->unit, actor, &e), &e,
                      "Đã cấp vai trò / role granted");
    if (strcmp(sub, "lock") == 0 || strcmp(sub, "unlock") == 0)
        return report(org_account_set_status(s, cfg->arg2, sub[0] == 'l' ? "locked" : "active",
                                             actor, &e),
                      &e, sub[0] == 'l' ? "Đã khóa / locked" : "Đã mở khóa / unlocked");
    char password[512];
    if (strcmp(sub, "add") != 0 && strcmp(sub, "passwd") != 0) {
        fprintf(stderr, "xaso user add|passwd|lock|unlock|list\n");
        return 2;
    }
    if (read_password(password, sizeof password) != 0) {
        fprintf(stderr, "xaso: cần mật khẩu trên đầu vào chuẩn / password expected on stdin\n");
        return 2;
    }
    int rc;
    if (strcmp(sub, "passwd") == 0) {
        rc = report(org_account_set_password(s, cfg->arg2, password, actor, &e), &e,
                    "Đã đổi mật khẩu / password changed");
    } else {
        org_account_input in = {cfg->arg2, cfg->name,  cfg->position, cfg->unit,
                                cfg->role, cfg->phone, cfg->email,    password};
        int64_t id;
        rc = report(org_account_add(s, &in, actor, &id, &e), &e, "Đã tạo tài khoản / account created");
    }
    memset(password, 0, sizeof password);
    return rc;
}

int cmd_unit(const cli_config *cfg)
{
    store *s = cli_open_existing(cfg);
    if (!s)
        return 1;
    int rc = unit_command(cfg, s);
    store_close(s);
    return rc;
}

int cmd_user(const cli_config *cfg)
{
    store *s = cli_open_existing(cfg);
    if (!s)
        return 1;
    int rc = user_command(cfg, s);
    store_close(s);
    return rc;
}

int cmd_token(const cli_config *cfg)
{
    const char *sub = cfg->arg ? cfg->arg : "";
    if ((strcmp(sub, "add") != 0 && strcmp(sub, "revoke") != 0) || !cfg->arg2) {
        fprintf(stderr, "xaso token add|revoke TÊN_ĐĂNG_NHẬP / USERNAME --name NAME ...\n");
        return 2;
    }
    store *s = cli_open_existing(cfg);
    if (!s)
        return 1;
    org_error e;
    int rc;
    if (strcmp(sub, "revoke") == 0) {
        rc = report(token_revoke(s, cfg->name, cfg->arg2, actor, &e), &e,
                    "Đã thu hồi khóa API / token revoked");
    } else {
        char token[API_TOKEN_LEN + 1];
        rc = token_create(s, cfg->arg2, cfg->name, cfg->scopes, (int)cfg->days, actor, token, &e);
        if (rc == 0)
            printf("%s\n", token); /* shown once: only its hash is kept */
        else
            rc = report(rc, &e, "");
    }
    store_close(s);
    return rc;
}
