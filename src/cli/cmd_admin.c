/* init, migrate, backup, restore: the commands that do not serve. */
#include "cli/commands.h"

#include "core/log.h"
#include "ops/ops.h"
#include "org/audit.h"
#include "org/org.h"
#include "store/blob.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

int cli_lock_database(const char *db_path)
{
    char path[4096];
    snprintf(path, sizeof path, "%s.lock", db_path);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0)
        return -1;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int cli_prepare_dirs(const cli_config *cfg)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", cfg->db);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        if (*dir && blob_mkdirs(dir) != 0)
            return -1;
    }
    return blob_mkdirs(cfg->data_dir);
}

static store *open_store(const cli_config *cfg)
{
    char err[512];
    if (cli_prepare_dirs(cfg) != 0) {
        fprintf(stderr, "xaso: không tạo được thư mục dữ liệu / cannot create data folders\n");
        return NULL;
    }
    store_config sc = {.db_path = cfg->db, .sync_full = !cfg->sync_normal};
    store *s = store_open(&sc, err, sizeof err);
    if (!s)
        fprintf(stderr, "xaso: %s\n", err);
    return s;
}

int cmd_migrate(const cli_config *cfg)
{
    store *s = open_store(cfg);
    if (!s)
        return 1;
    printf("Lược đồ cơ sở dữ liệu ở phiên bản %d / schema at version %d\n",
           store_schema_latest(), store_schema_latest());
    store_close(s);
    return 0;
}

int cmd_init(const cli_config *cfg)
{
    store *s = open_store(cfg);
    if (!s)
        return 1;
    int created = org_create_demo(s);
    store_close(s);
    if (created < 0) {
        fprintf(stderr, "xaso: không tạo được xã mẫu / cannot create the demo commune\n");
        return 1;
    }
    printf("%s: %s\n",
           created ? "Đã tạo xã mẫu Thượng Đức (Hà Tĩnh) / demo commune created"
                   : "Cơ sở dữ liệu đã có dữ liệu / database already initialised",
           cfg->db);
    printf("Tài khoản mẫu: chưa có — đăng nhập sẽ có khi phần tài khoản được xây dựng.\n"
           "Demo logins: none yet — accounts arrive with sign-in.\n");
    return 0;
}

int cmd_backup(const cli_config *cfg)
{
    if (!cfg->arg) {
        fprintf(stderr, "xaso backup: thiếu thư mục đích / missing DEST\n");
        return 2;
    }
    char err[512];
    if (ops_backup(cfg->db, cfg->data_dir, cfg->arg, err, sizeof err) != 0) {
        fprintf(stderr, "xaso backup: %s\n", err);
        return 1;
    }
    printf("Đã sao lưu và kiểm tra / backup taken and verified: %s\n", cfg->arg);
    return 0;
}

int cmd_restore(const cli_config *cfg)
{
    if (!cfg->arg) {
        fprintf(stderr, "xaso restore: thiếu thư mục nguồn / missing SRC\n");
        return 2;
    }
    if (cli_prepare_dirs(cfg) != 0)
        return 1;
    int lock = cli_lock_database(cfg->db);
    if (lock < 0) {
        fprintf(stderr, "xaso restore: máy chủ đang chạy trên %s; hãy dừng trước / "
                        "the server is running on this database; stop it first\n",
                cfg->db);
        return 1;
    }
    char err[512];
    int rc = ops_restore(cfg->arg, cfg->db, cfg->data_dir, err, sizeof err);
    close(lock);
    if (rc != 0) {
        fprintf(stderr, "xaso restore: %s — không thay đổi gì / nothing changed\n", err);
        return 1;
    }
    printf("Đã khôi phục / restored %s from %s\n", cfg->db, cfg->arg);
    return 0;
}

int cmd_verify(const cli_config *cfg)
{
    if (access(cfg->db, F_OK) != 0) {
        fprintf(stderr, "xaso verify: không có cơ sở dữ liệu / no database at %s\n", cfg->db);
        return 1;
    }
    char err[512];
    store_config sc = {.db_path = cfg->db, .sync_full = true, .read_only = true};
    store *s = store_open(&sc, err, sizeof err);
    if (!s) {
        fprintf(stderr, "xaso verify: %s\n", err);
        return 1;
    }
    audit_report r;
    store_conn *c = store_reader(s);
    int rc = c ? audit_verify(c, &r) : STORE_ERROR;
    store_close(s);
    if (rc < 0) {
        fprintf(stderr, "xaso verify: không đọc được nhật ký / cannot read the audit log\n");
        return 1;
    }
    if (rc == 1) {
        printf("Nhật ký kiểm toán bị sửa đổi tại mục %lld / audit log broken at entry %lld: %s\n",
               (long long)r.broken_id, (long long)r.broken_id, r.reason);
        return 1;
    }
    printf("Nhật ký kiểm toán nguyên vẹn / audit log intact: %lld entries\n",
           (long long)r.entries);
    return 0;
}
