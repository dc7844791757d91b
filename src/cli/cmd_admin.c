/* init, migrate, backup, restore: the commands that do not serve. */
#include "cli/commands.h"

#include "core/log.h"
#include "ops/ops.h"
#include "core/base32.h"
#include "document/document.h"
#include "org/account.h"
#include "org/audit.h"
#include "org/org.h"
#include "store/blob.h"

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

int cli_lock_database(const char *db_path)
{
    /* Several processes serve one PostgreSQL database on purpose; PostgreSQL
     * itself keeps their writes apart. */
    if (store_path_is_postgres(db_path))
        return CLI_NO_LOCK;
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

void cli_unlock_database(int lock)
{
    if (lock >= 0)
        close(lock);
}

int cli_prepare_dirs(const cli_config *cfg)
{
    if (store_path_is_postgres(cfg->db))
        return blob_mkdirs(cfg->data_dir);
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

/* The demo commune's officials, one per role. Their passwords are random and
 * printed once, so no demo database has a password anyone else knows. */
static const struct {
    const char *username, *full_name, *position, *unit, *role;
} demo_accounts[] = {
    {"quantri", "Nguyễn Văn An", "Công chức Văn phòng", "000.01.01.H42", "admin"},
    {"lanhdao", "Lê Thị Bình", "Phó Chủ tịch UBND xã", "000.00.01.H42", "leader"},
    {"motcua", "Trần Thị Lan", "Công chức một cửa", "000.04.01.H42", "reception"},
    {"chuyenvien", "Phạm Văn Cường", "Chuyên viên Phòng Văn hóa – Xã hội", "000.03.01.H42",
     "specialist"},
    {"vanthu", "Hoàng Thị Dung", "Văn thư", "000.01.01.H42", "clerk"},
};

static int create_demo_accounts(store *s)
{
    printf("\nTài khoản mẫu (mật khẩu chỉ in một lần) / demo logins (passwords shown once):\n");
    for (size_t i = 0; i < sizeof demo_accounts / sizeof demo_accounts[0]; i++) {
        unsigned char raw[10];
        char b32[20], password[32];
        randombytes_buf(raw, sizeof raw);
        base32_encode(raw, sizeof raw, b32);
        snprintf(password, sizeof password, "%.5s-%.5s-%.6s", b32, b32 + 5, b32 + 10);
        org_account_input in = {demo_accounts[i].username, demo_accounts[i].full_name,
                                demo_accounts[i].position, demo_accounts[i].unit,
                                demo_accounts[i].role, NULL, NULL, password};
        org_error e;
        int64_t id;
        if (org_account_add(s, &in, "cli", &id, &e) != 0) {
            fprintf(stderr, "xaso: %s: %s\n", demo_accounts[i].username, e.message);
            return -1;
        }
        printf("  %-11s %-11s %s\n", demo_accounts[i].role, demo_accounts[i].username, password);
        sodium_memzero(password, sizeof password);
    }
    printf("Lãnh đạo và quản trị đăng ký xác thực hai lớp ở lần đăng nhập đầu.\n"
           "Leaders and admins enrol a second factor at first sign-in: http://127.0.0.1:8080/staff/\n");
    return 0;
}

int cmd_init(const cli_config *cfg)
{
    if (cfg->empty && cfg->demo_logins) {
        fprintf(stderr, "xaso init: --empty và --demo-logins không đi cùng nhau / "
                        "--empty and --demo-logins exclude each other\n");
        return 2;
    }
    store *s = open_store(cfg);
    if (!s)
        return 1;
    if (cfg->empty) {
        store_close(s);
        printf("Đã tạo cơ sở dữ liệu, chưa có đơn vị; thêm bằng / database ready, no units yet; add them with: "
               "xaso unit add\n");
        return 0;
    }
    int created = org_create_demo(s);
    if (created == 1 && document_demo_settings(s) != 0)
        created = -1;
    if (created == 1 && cfg->demo_logins && create_demo_accounts(s) != 0)
        created = -1;
    store_close(s);
    if (created < 0) {
        fprintf(stderr, "xaso: không tạo được xã mẫu / cannot create the demo commune\n");
        return 1;
    }
    if (created)
        printf("Đã tạo xã mẫu Thượng Đức (Hà Tĩnh) / demo commune created: %s\n", cfg->db);
    else
        printf("Cơ sở dữ liệu đã có dữ liệu / database already initialised: %s\n"
               "Mật khẩu mẫu đã in khi tạo; đặt lại bằng / reset with: xaso user passwd TÊN\n",
               cfg->db);
    return 0;
}

/* Backups of a PostgreSQL database are PostgreSQL's own tools' job (the
 * files under DATA_DIR are copied beside them): docs/operations.md. */
static bool refuse_postgres(const cli_config *cfg, const char *command, const char *tool)
{
    if (!store_path_is_postgres(cfg->db))
        return false;
    fprintf(stderr,
            "xaso %s: cơ sở dữ liệu PostgreSQL được sao lưu, khôi phục bằng %s (xem docs/operations.md) / "
            "a PostgreSQL database is backed up and restored with %s\n",
            command, tool, tool);
    return true;
}

int cmd_backup(const cli_config *cfg)
{
    if (!cfg->arg) {
        fprintf(stderr, "xaso backup: thiếu thư mục đích / missing DEST\n");
        return 2;
    }
    if (refuse_postgres(cfg, "backup", "pg_dump"))
        return 1;
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
    if (refuse_postgres(cfg, "restore", "pg_restore") || cli_prepare_dirs(cfg) != 0)
        return 1;
    int lock = cli_lock_database(cfg->db);
    if (lock == -1) {
        fprintf(stderr, "xaso restore: máy chủ đang chạy trên %s; hãy dừng trước / "
                        "the server is running on this database; stop it first\n",
                cfg->db);
        return 1;
    }
    char err[512];
    int rc = ops_restore(cfg->arg, cfg->db, cfg->data_dir, err, sizeof err);
    cli_unlock_database(lock);
    if (rc != 0) {
        fprintf(stderr, "xaso restore: %s — không thay đổi gì / nothing changed\n", err);
        return 1;
    }
    printf("Đã khôi phục / restored %s from %s\n", cfg->db, cfg->arg);
    /* Later backups, beside the one restored and in the server's folder,
     * belong to the history the restore undid. */
    char parent[4096];
    snprintf(parent, sizeof parent, "%s", cfg->arg);
    char *slash = strrchr(parent, '/');
    if (slash)
        *slash = '\0';
    int moved = ops_supersede_after_restore(slash ? parent : ".", cfg->arg, cfg->db);
    if (cfg->backup_dir && (!slash || strcmp(cfg->backup_dir, parent) != 0))
        moved += ops_supersede_after_restore(cfg->backup_dir, cfg->arg, cfg->db);
    if (moved)
        printf("%d bản sao lưu mới hơn được đổi tên thành *.superseded / "
               "%d later backups renamed *.superseded\n", moved, moved);
    return 0;
}

int cmd_verify(const cli_config *cfg)
{
    if (!store_path_is_postgres(cfg->db) && access(cfg->db, F_OK) != 0) {
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
    /* The chain cannot show entries cut off its end; the backups' anchors can. */
    int anchors = 0, anchored = rc == 0 && (cfg->arg || cfg->backup_dir)
                                   ? ops_audit_anchor_check(c, cfg->arg, cfg->backup_dir, true, stdout, &anchors)
                                   : 0;
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
    if (anchored == 1) {
        printf("Nhật ký kiểm toán bị cắt bớt hoặc viết lại so với bản sao lưu / "
               "audit log cut back or rewritten since a backup\n");
        return 1;
    }
    if (anchored < 0) {
        fprintf(stderr, "xaso verify: không đọc được một bản sao lưu / cannot read a backup's manifest\n");
        return 1;
    }
    printf("Nhật ký kiểm toán nguyên vẹn / audit log intact: %lld entries", (long long)r.entries);
    if (anchors > 0)
        printf(", %d backup anchor(s) held", anchors);
    printf("\n");
    return 0;
}
